#!/usr/bin/env bash
# The project's test suite: everything a change must pass. Installs what the
# tests need (nothing beyond the Rust toolchain for the engine's tests).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --all-targets "$@"
# Doc tests are run separately: --all-targets skips them.
cargo test --doc
