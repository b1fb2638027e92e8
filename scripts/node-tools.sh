#!/usr/bin/env bash
# Installs the npm tools the integration tests use (reviewdog's diagnostic
# format validator) into tests/integration/node/node_modules. Idempotent and
# quiet; prints the folder of their executables.
set -euo pipefail
cd "$(dirname "$0")/../tests/integration/node"
if [ ! -x node_modules/.bin/rdformat-validator ]; then
  npm install --silent --no-audit --no-fund --no-package-lock >/dev/null
fi
echo "$PWD/node_modules/.bin"
