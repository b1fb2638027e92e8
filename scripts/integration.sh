#!/usr/bin/env bash
# Integration tests with real third-party tools: the SARIF output against the
# official schema, GitLab Code Quality against its documented fields, rdjson
# through a validator of reviewdog's format, and the pre-commit hooks through
# the real pre-commit tool.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
venv=$(bash scripts/python-tools.sh) || { echo "could not set up the Python tools"; exit 1; }
cargo build --quiet || exit 1
bin=$root/target/debug/irislint
passed=0
failed=0
check() { # name, command…
  local name=$1; shift
  if "$@"; then echo "ok: $name"; passed=$((passed + 1)); else echo "FAILED: $name"; failed=$((failed + 1)); fi
}

sarif_valid() {
  local out
  out=$(mktemp)
  "$bin" check --format sarif examples > "$out"
  [ $? -le 1 ] && "$venv/bin/python" tests/integration/validate_sarif.py "$out"
}

gitlab_valid() {
  local out
  out=$(mktemp)
  "$bin" check --format gitlab examples > "$out"
  [ $? -le 1 ] && "$venv/bin/python" tests/integration/validate_gitlab.py "$out"
}

rdjson_valid() {
  # reviewdog's diagnostic format, checked by a validator of that format; the
  # validator must also reject a broken report, or the check proves nothing.
  local out bad tools
  tools=$(bash scripts/node-tools.sh) || return 1
  out=$(mktemp --suffix=.json)
  bad=$(mktemp --suffix=.json)
  "$bin" check --format rdjson examples > "$out"
  [ $? -le 1 ] || return 1
  grep -q '"suggestions"' "$out" || { echo "no suggestions in the rdjson report"; return 1; }
  "$tools/rdformat-validator" --strict "$out" || return 1
  sed 's/"severity": "ERROR"/"severity": "FATAL"/' "$out" > "$bad"
  ! "$tools/rdformat-validator" --strict --silent "$bad" >/dev/null
}

precommit_hook() {
  # A sample repository using the hooks as users do, through try-repo on this
  # checkout (which builds irislint with cargo, as pre-commit's rust language does).
  local repo
  repo=$(mktemp -d)
  git -C "$repo" init --quiet
  git -C "$repo" config user.email ci@example.invalid
  git -C "$repo" config user.name ci
  printf '[Startup]\nWebServer=1\n' > "$repo/merge.cpf"
  printf '[Startup]\nWebServer=0\n' > "$repo/safe.cpf"
  git -C "$repo" add . && git -C "$repo" commit --quiet -m sample
  export PRE_COMMIT_HOME=$root/target/pre-commit-home
  export CARGO_TARGET_DIR=$root/target/pre-commit-build CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
  local out rc
  out=$(cd "$repo" && "$venv/bin/pre-commit" try-repo "$root" irislint --all-files 2>&1); rc=$?
  echo "$out" | tail -15
  # The insecure file must fail the hook, naming the finding.
  [ $rc -ne 0 ] && echo "$out" | grep -q "merge.cpf:2:1: IRIS501" || return 1
  # The fixing hook rewrites the file, then passes on the next run.
  (cd "$repo" && "$venv/bin/pre-commit" try-repo "$root" irislint-fix --all-files >/dev/null 2>&1)
  grep -q '^WebServer=0$' "$repo/merge.cpf" || return 1
  (cd "$repo" && "$venv/bin/pre-commit" try-repo "$root" irislint --all-files >/dev/null 2>&1)
}

check "SARIF output validates against the SARIF 2.1.0 schema" sarif_valid
check "GitLab Code Quality output has every documented field" gitlab_valid
check "rdjson output validates as reviewdog's diagnostic format" rdjson_valid
if [ "${IRISLINT_SKIP_PRECOMMIT:-}" = 1 ]; then
  echo "skipped: pre-commit hooks (IRISLINT_SKIP_PRECOMMIT=1)"
else
  check "pre-commit hooks run through the real pre-commit tool" precommit_hook
fi
echo "integration: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
