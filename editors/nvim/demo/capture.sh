#!/usr/bin/env bash
# Records the terminal capture in quickfix-capture.md: Neovim (in tmux) with
# the plugin opens the insecure examples/docker/merge.cpf, shows the
# diagnostics, opens the code-action menu on the IRIS401 finding, applies the
# fix and saves. Usage: capture.sh [IRISLINT_BINARY]  (needs tmux and nvim)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
bin=${1:-$root/target/debug/irislint}
work=$(mktemp -d)
session=irislint-demo-$$
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$work"' EXIT
cp "$root/examples/docker/merge.cpf" "$work/"
touch "$work/irislint.toml"
cat >"$work/init.lua" <<LUA
vim.opt.runtimepath:prepend("$root/editors/nvim")
vim.opt.number = true
vim.opt.signcolumn = "yes"
vim.opt.wrap = false
require("irislint").setup({ cmd = { "$bin", "server" }, parser_dir = "$work/parser" })
LUA
tmux new-session -d -s "$session" -x 150 -y 24 -c "$work" "nvim -u $work/init.lua -i NONE -n merge.cpf"
snap() { # title: append the screen to the capture
  printf '\n### %s\n\n```text\n' "$1"
  tmux capture-pane -p -t "$session" | sed -e 's/[[:space:]]*$//'
  printf '```\n'
}
out=$here/quickfix-capture.md
{
  echo "# irislint in Neovim $(nvim --version | head -1 | cut -d' ' -f2): a recorded terminal (tmux capture-pane)"
  echo "# Regenerate with editors/nvim/demo/capture.sh"
  sleep 5
  snap "1. merge.cpf opened: diagnostics from irislint (signs and virtual text)"
  tmux send-keys -t "$session" ':call cursor(16, 70)' Enter
  sleep 0.5
  tmux send-keys -t "$session" ':lua vim.lsp.buf.code_action()' Enter
  sleep 2
  snap "2. cursor on IRIS401 (line 16, AutheEnabled=96), :lua vim.lsp.buf.code_action()"
  tmux send-keys -t "$session" '1' Enter
  sleep 1.5
  tmux send-keys -t "$session" ':w' Enter
  sleep 1.5
  snap "3. fix 1 applied and saved: line 16 now reads AutheEnabled=32, IRIS401 is gone"
  printf '\nThe file on disk, line 16:\n\n    %s\n' "$(sed -n 16p "$work/merge.cpf")"
} >"$out"
echo "wrote $out"
