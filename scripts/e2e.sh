#!/usr/bin/env bash
# End-to-end tests of the language server: sets up the client (setup-e2e.sh),
# builds irislint, runs pytest over tests/e2e. Exits non-zero on any failure,
# including pytest's exit 5 (no tests collected).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bash scripts/setup-e2e.sh || { echo "e2e: setup failed" >&2; exit 1; }
cargo build --quiet || { echo "e2e: cargo build failed" >&2; exit 1; }
export IRISLINT_BIN="${CARGO_TARGET_DIR:-$root/target}/debug/irislint"
[ -x "$IRISLINT_BIN" ] || { echo "e2e: no binary at $IRISLINT_BIN" >&2; exit 1; }
(cd tests/e2e && "$root/.venv/bin/python" -m pytest -v -W error::pytest_lsp.LspSpecificationWarning "$@")
rc=$?
if [ "$rc" -eq 5 ]; then
  echo "e2e: pytest collected no tests" >&2
  exit 1
fi
exit "$rc"
