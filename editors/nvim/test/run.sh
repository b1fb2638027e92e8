#!/usr/bin/env bash
# Runs the headless-Neovim tests: filetypes.lua (which files the plugin
# claims), health.lua (:checkhealth irislint: which binary, its version, why
# it would not start), rule.lua (:IrislintRule CODE), then quickfix.lua (the real server on a scratch copy of
# the insecure examples/docker/merge.cpf). Usage: run.sh [IRISLINT_BINARY];
# NVIM_BIN chooses the Neovim (default: nvim on PATH).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
bin=${1:-$root/target/debug/irislint}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/examples/docker/merge.cpf" "$work/merge.cpf"
# The root marker the plugin looks for, so the server's root is this folder.
touch "$work/irislint.toml"
nvim=${NVIM_BIN:-nvim}
echo "# $("$nvim" --version | head -1)"
export IRISLINT_BIN=$bin IRISLINT_FILE=$work/merge.cpf IRISLINT_CACHE=$work/parser
# -u NONE: no user configuration; the plugin is put on the runtimepath by hand,
# as a plugin manager would.
mkdir "$work/filetypes"
status=0
IRISLINT_WORK=$work/filetypes "$nvim" --headless -u NONE -i NONE -n \
  --cmd "set runtimepath^=$root/editors/nvim" -c "luafile $here/filetypes.lua" || status=1
mkdir "$work/health"
IRISLINT_WORK=$work/health "$nvim" --headless -u NONE -i NONE -n \
  --cmd "set runtimepath^=$root/editors/nvim" -c "luafile $here/health.lua" || status=1
"$nvim" --headless -u NONE -i NONE -n \
  --cmd "set runtimepath^=$root/editors/nvim" -c "luafile $here/rule.lua" || status=1
"$nvim" --headless -u NONE -i NONE -n \
  --cmd "set runtimepath^=$root/editors/nvim" -c "luafile $here/quickfix.lua" || status=1
exit $status
