#!/usr/bin/env bash
# The project's test suite: everything a change must pass. It installs what
# the tests need itself (Python tools into .venv-tools and .venv, editors'
# packages through scripts/setup-editors.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --all-targets "$@"
# Doc tests are run separately: --all-targets skips them.
cargo test --doc
# Real third-party tools: the SARIF schema and pre-commit.
bash scripts/integration.sh
# The language server driven by an independent LSP client (pytest-lsp).
bash scripts/e2e.sh
# The editor clients: the VS Code extension (unit, package, real code-server)
# and the Neovim plugin (headless Neovim), installing what they need.
bash scripts/editors-test.sh
