#!/usr/bin/env bash
# The editor clients' tests, end to end: installs what they need, builds the
# binary and the extension, packages the platform .vsix with its own irislint
# (a release build; IRISLINT_BINARY=target/debug/irislint packages the debug
# build instead, for quick iterations), runs the extension's unit and package
# tests, the headless-Neovim test and the real-VS Code (code-server) test,
# which installs that .vsix with no irislint on PATH. Every step has a time
# limit. Closes with "editors: N passed, N failed, N skipped", counting the test
# cases of every suite (a step that is not a test suite counts as one).
set -uo pipefail
# A binary named from the caller's folder, before leaving it.
[ -n "${IRISLINT_BINARY:-}" ] && export IRISLINT_BINARY=$(realpath -- "$IRISLINT_BINARY")
cd "$(dirname "$0")/.."
root=$PWD
bin=$root/target/debug/irislint
passed=0
failed=0
skipped=0
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# run NAME SECONDS COMMAND…: runs a step, shows its output, adds its counts.
# Counts come from the step's own closing lines (node's "ℹ pass N"/"ℹ fail N",
# or "word: N passed, N failed"); a step without them counts as one test.
run() {
  local name=$1 limit=$2
  shift 2
  local log="$logs/$name.log" start rc p f
  echo "== $name"
  start=$SECONDS
  timeout --kill-after=10 "$limit" "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  [ "$rc" -eq 124 ] && echo "$name: timed out after ${limit}s"
  p=$(sed -n -E 's/^(# |ℹ )pass ([0-9]+)$/\2/p; s/^[a-z0-9-]+: ([0-9]+) passed, [0-9]+ failed$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
  f=$(sed -n -E 's/^(# |ℹ )fail ([0-9]+)$/\2/p; s/^[a-z0-9-]+: [0-9]+ passed, ([0-9]+) failed$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
  if [ $((p + f)) -eq 0 ] && [ "$rc" -eq 0 ] && grep -q '^skipped:' "$log"; then
    skipped=$((skipped + 1)) # a check that says it cannot run here
  elif [ $((p + f)) -eq 0 ]; then
    if [ "$rc" -eq 0 ]; then p=1; else f=1; fi
  elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1 # it said all passed, then failed: count the failure
  fi
  passed=$((passed + p))
  failed=$((failed + f))
  echo "-- $name: exit $rc, $p passed, $f failed, $((SECONDS - start))s"
  return "$rc"
}

# skip NAME WHY: a step that could not run counts as failed.
skip() {
  echo "== $1"
  echo "-- $1: not run: $2"
  failed=$((failed + 1))
}

ext=editors/vscode
# The VS Code target of this machine, as editors/vscode/package.mjs names it.
target=$(node -p 'process.platform + "-" + (process.arch === "arm" ? "armhf" : process.arch)')
vsix=$root/$ext/out/irislint-$target.vsix
if run setup 1200 bash scripts/setup-editors.sh; then
  run cargo-build 900 cargo build --quiet
  built=$?
  run extension-build 180 bash -c "cd $ext && npm run --silent build"
  run extension-unit-tests 180 bash -c "cd $ext && npm test --silent"
  # The release build takes a few minutes on 2 cores (unless IRISLINT_BINARY is set).
  if run extension-package 900 bash -c "cd $ext && rm -f out/irislint-*.vsix && npm run --silent package && test -f $vsix"; then
    run extension-package-tests 120 bash -c "cd $ext && npm run --silent test:package"
  else
    skip extension-package-tests "no .vsix"
  fi
  run nvim-abi14-parser 120 bash editors/nvim/test/abi14.sh
  if [ "$built" -ne 0 ]; then
    skip nvim-lsp "cargo build failed"
    skip nvim-0.11-lsp "cargo build failed"
    skip vscode-e2e "cargo build failed"
  elif ! run server-answers-initialize 30 python3 editors/tools/server_ready.py "$bin"; then
    skip nvim-lsp "$bin server does not answer an LSP initialize"
    skip nvim-0.11-lsp "$bin server does not answer an LSP initialize"
    skip vscode-e2e "$bin server does not answer an LSP initialize"
  else
    run nvim-lsp 180 bash editors/nvim/test/run.sh "$bin"
    run nvim-0.11-lsp 180 env NVIM_BIN="$root/.venv-editors/bin/nvim" bash editors/nvim/test/run.sh "$bin"
    if [ -f "$vsix" ]; then
      run vscode-e2e 420 node "$ext/e2e/run.mjs" "$vsix"
    else
      skip vscode-e2e "no .vsix"
    fi
  fi
else
  skip "editor tests" "setup failed"
fi

echo "screenshots: $ext/test-output/"
echo "editors: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
