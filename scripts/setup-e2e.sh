#!/usr/bin/env bash
# Creates .venv (gitignored) with the independent LSP client the end-to-end
# tests of `irislint server` use: pytest-lsp and its pinned dependencies from
# tests/e2e/requirements.txt. Idempotent: reinstalls only when that file changes.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv
requirements=tests/e2e/requirements.txt
stamp=$venv/.requirements.sha256
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
want=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  echo "$want" > "$stamp"
fi
"$venv/bin/python" -c "import pytest_lsp, pygls, lsprotocol" || { echo "setup-e2e: the LSP client is not importable" >&2; exit 1; }
