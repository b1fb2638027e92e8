#!/usr/bin/env bash
# Checks the plugin's ABI-15 -> ABI-14 derivation of the cpf parser against
# the tree-sitter CLI itself: both parsers are generated from grammar.js, and
# the plugin's conversion of the first must equal the second byte for byte.
# Needs the `tree-sitter` CLI (cargo install tree-sitter-cli); without it the
# check is reported as skipped.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
if ! command -v tree-sitter >/dev/null; then
  echo "skipped: no tree-sitter CLI to compare the ABI-14 parser with"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/grammars/tree-sitter-cpf/grammar.js" "$root/grammars/tree-sitter-cpf/package.json" "$work/"
(
  cd "$work"
  tree-sitter generate --abi 14 --js-runtime native >/dev/null && cp src/parser.c abi14.c
  tree-sitter generate --js-runtime native >/dev/null && cp src/parser.c abi15.c
)
nvim --headless -u NONE -i NONE --cmd "set runtimepath^=$root/editors/nvim" \
  -c "lua local t = require('irislint.treesitter')
      local src = io.open('$work/abi15.c', 'rb'):read('*a')
      local out = assert(t.to_abi14(src))
      local f = io.open('$work/derived.c', 'wb'); f:write(out); f:close()" \
  -c "qall!" 2>&1
if cmp -s "$work/derived.c" "$work/abi14.c"; then
  echo "ok - the plugin's ABI-14 parser equals tree-sitter generate --abi 14"
  echo "abi14: 1 passed, 0 failed"
else
  echo "not ok - the plugin's ABI-14 parser differs from tree-sitter generate --abi 14:"
  diff "$work/derived.c" "$work/abi14.c" | head -20
  echo "abi14: 0 passed, 1 failed"
  exit 1
fi
