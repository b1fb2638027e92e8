#!/bin/sh
# Parses every file of a directory (recursively) with the cpf grammar and
# fails if any tree contains an ERROR or MISSING node.
#
#   test/parse-corpus.sh DIR [DIR...]
#
# Needs the tree-sitter CLI (`cargo install tree-sitter-cli`), found on PATH,
# in $TREE_SITTER, or in ~/.cargo/bin. Run from anywhere.
set -eu

if [ "$#" -lt 1 ]; then
  echo "usage: $0 DIR [DIR...]" >&2
  exit 2
fi

here=$(cd "$(dirname "$0")/.." && pwd)
ts=${TREE_SITTER:-$(command -v tree-sitter || echo "$HOME/.cargo/bin/tree-sitter")}

list=$(mktemp)
trap 'rm -f "$list"' EXIT
for dir in "$@"; do
  if [ ! -d "$dir" ]; then
    echo "not a directory: $dir" >&2
    exit 2
  fi
  find "$dir" -type f ! -name '*.md' ! -name '*.tsv' | sort >>"$list"
done

count=$(wc -l <"$list" | tr -d ' ')
if [ "$count" -eq 0 ]; then
  echo "no files in $*" >&2
  exit 2
fi

# `parse --quiet` prints only the files whose tree has an ERROR or MISSING node
# and exits with a non-zero status when there is one.
status=0
"$ts" parse --grammar-path "$here" --quiet --paths "$list" || status=$?
if [ "$status" -eq 0 ]; then
  echo "ok: $count files parsed without errors"
else
  echo "FAILED: some of $count files have syntax errors (listed above)" >&2
fi
exit "$status"
