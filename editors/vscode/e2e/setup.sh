#!/usr/bin/env bash
# Installs code-server (a real VS Code workbench) and playwright-core for the
# real-VS Code test. code-server's postinstall downloads ripgrep from GitHub,
# which this machine cannot reach, so its steps are run here by hand, with the
# system `rg` (apt ripgrep) in place of the download. Idempotent: a stamp file
# records a finished install of the locked versions.
set -euo pipefail
cd "$(dirname "$0")"
stamp=node_modules/.irislint-e2e-installed
if [ -f "$stamp" ] && [ "$stamp" -nt package-lock.json ]; then
  exit 0
fi
rg=$(command -v rg) || { echo "setup: ripgrep (rg) is needed: apt-get install ripgrep" >&2; exit 1; }

quiet_npm() { # npm with output only on failure
  local log
  log=$(mktemp)
  if ! npm "$@" --no-audit --no-fund >"$log" 2>&1; then
    tail -40 "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

echo "setup: installing code-server and playwright-core (one-time, a few minutes)"
quiet_npm ci --ignore-scripts
# argon2 is loaded at start-up; its prebuilt download fails, so it builds from source.
quiet_npm rebuild argon2

vscode=node_modules/code-server/lib/vscode
(
  cd "$vscode"
  quiet_npm install --ignore-scripts --omit=dev
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp "$rg" node_modules/@vscode/ripgrep/bin/rg
  # Native modules (node-pty, spdlog, …) build against the machine's node;
  # @vscode/ripgrep's install script skips its download once bin/ exists.
  # node-pty's install step runs `npx node-gyp`: let npx fetch it without asking.
  npm_config_yes=true quiet_npm rebuild
  # What postinstall.sh does after its npm install.
  rm -rf node_modules.asar && ln -s node_modules node_modules.asar
  (cd bin/remote-cli && rm -f code-server && ln -s code-linux.sh code-server)
  (cd bin/helpers && rm -f browser.sh && ln -s browser-linux.sh browser.sh)
  cd extensions
  quiet_npm install --omit=dev
)
touch "$stamp"
echo "setup: code-server ready"
