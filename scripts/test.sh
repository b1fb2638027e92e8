#!/usr/bin/env bash
# The project's test suite: everything a change must pass. It installs what
# the tests need itself (Python tools into .venv-tools).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --all-targets "$@"
# Doc tests are run separately: --all-targets skips them.
cargo test --doc
bash scripts/integration.sh
