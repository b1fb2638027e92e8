#!/usr/bin/env bash
# irislint benchmarks: batch (against ripgrep), single file, scaling, 100 MB,
# server latency. Prints a table; inputs and raw figures go to bench/out/.
#
#   bash bench/run.sh            # everything (about 5 minutes on 2 cores)
#   QUICK=1 bash bench/run.sh    # 1,000 files and up to 100k lines, for a smoke run
#
# Needs python3 (the input generator); installs ripgrep and hyperfine with
# apt-get when they are missing and it can.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/bench/out
mkdir -p "$OUT"
QUICK=${QUICK:-}
FILES=${FILES:-10000}
MB=${MB:-52}
if [ -n "$QUICK" ]; then FILES=1000; MB=5.2; fi

need() {
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get install -y "$1" >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y "$1" >/dev/null 2>&1; }) || true
  fi
  command -v "$1" >/dev/null
}
need rg || { echo "ripgrep (rg) is needed: apt-get install -y ripgrep"; exit 1; }
HAVE_HYPERFINE=0
need hyperfine && HAVE_HYPERFINE=1

echo "building the release binary…" >&2
cargo build --release --quiet
BIN=$ROOT/target/release/irislint

# Wall seconds and peak RSS (kB) of a command, from GNU time or getrusage.
TIMEFMT='%e %M'
measure() { # measure LABEL -- command…
  local label=$1; shift; shift
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "$TIMEFMT" -o "$OUT/$label.time" "$@" >"$OUT/$label.stdout" 2>"$OUT/$label.stderr" || true
  else
    python3 - "$OUT/$label" "$@" <<'PY'
import resource, subprocess, sys, time
base = sys.argv[1]
t = time.perf_counter()
with open(base + ".stdout", "w") as o, open(base + ".stderr", "w") as e:
    subprocess.run(sys.argv[2:], stdout=o, stderr=e)
wall = time.perf_counter() - t
open(base + ".time", "w").write("%.2f %d\n" % (wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
PY
  fi
  tail -n 1 "$OUT/$label.time"
}

# ---------------------------------------------------------------- batch
TREE=$OUT/tree-$FILES
if [ ! -f "$TREE/.done" ]; then
  rm -rf "$TREE"
  python3 bench/gen.py tree "$TREE" --files "$FILES" --mb "$MB" >&2
  touch "$TREE/.done"
fi
BYTES=$(find "$TREE" -type f \( -name '*.cpf' -o -name '*.ini' -o -name '*.xml' -o -name '*.cls' \) -printf '%s\n' | awk '{s+=$1} END {print s}')
NFILES=$(find "$TREE" -type f \( -name '*.cpf' -o -name '*.ini' -o -name '*.xml' -o -name '*.cls' \) | wc -l)
# The risky settings the rules look for, as one regular expression.
PATTERN='AutheEnabled=(0|64|96)|Password=|PasswordHash=|UnauthenticatedEnabled="1"|AuthenticationMethods="(64|96)"|WebServer=1|%All|System_Manager=\*|Resource=""?,|PublicPermissions?="?RW|Enabled=0'
# Warm the page cache for both tools alike.
cat $(find "$TREE" -type f | head -20000) >/dev/null 2>&1 || true
read -r RG_S RG_KB < <(measure rg -- rg -c -i "$PATTERN" "$TREE")
read -r IL_S IL_KB < <(measure batch -- "$BIN" check --no-progress --format json --exit-zero "$TREE")
FINDINGS=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$OUT/batch.stdout" 2>/dev/null || echo "?")
RG_HITS=$(awk -F: '{s+=$NF} END {print s}' "$OUT/rg.stdout")

# ---------------------------------------------------------------- realistic trees
# Real public files (../shared/corpus, else the test fixtures) under their
# repositories' paths, copied into 50 project folders: the configuration
# files alone, then with the setup code beside them. ripgrep reads the same
# bytes for the same risky settings.
REAL_ROWS=()
for kind in config all; do
  RT=$OUT/realistic-$kind
  if [ ! -f "$RT/.done" ]; then
    rm -rf "$RT"
    if [ "$kind" = config ]; then python3 bench/realistic.py "$RT" --config-only; else python3 bench/realistic.py "$RT"; fi
    touch "$RT/.done"
  fi
  rbytes=$(find "$RT" -type f ! -name .done -printf '%s\n' | awk '{s+=$1} END {print s}')
  rfiles=$(find "$RT" -type f ! -name .done | wc -l)
  cat $(find "$RT" -type f | head -20000) >/dev/null 2>&1 || true
  read -r rrg_s rrg_kb < <(measure "real-$kind-rg" -- rg -c -i "$PATTERN|Security\.|UnExpireUserPasswords" "$RT")
  read -r ril_s ril_kb < <(measure "real-$kind" -- "$BIN" check --no-progress --format json --exit-zero "$RT")
  rfind=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$OUT/real-$kind.stdout" 2>/dev/null || echo "?")
  REAL_ROWS+=("$kind|$rfiles|$rbytes|$ril_s|$ril_kb|$rrg_s|$rrg_kb|$rfind")
  if [ "$kind" = config ]; then
    # The same files each named on the command line, as pre-commit runs a hook.
    mapfile -t named < <(find "$RT" -type f ! -name .done | sort)
    read -r rrg_s rrg_kb < <(measure "real-named-rg" -- rg -c -i "$PATTERN|Security\.|UnExpireUserPasswords" "${named[@]}")
    read -r ril_s ril_kb < <(measure "real-named" -- "$BIN" check --no-progress --format json --exit-zero "${named[@]}")
    rfind=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$OUT/real-named.stdout" 2>/dev/null || echo "?")
    REAL_ROWS+=("named|$rfiles|$rbytes|$ril_s|$ril_kb|$rrg_s|$rrg_kb|$rfind")
  fi
done

# ---------------------------------------------------------------- salt-varied tree
# Every merge file's users carry their own salt, as real ones do: each hash
# is checked against the default passwords once.
SALT_ROW=""
if python3 bench/gen.py tree --help 2>/dev/null | grep -q -- --vary-salts; then
  STREE=$OUT/tree-salts-$FILES
  if [ ! -f "$STREE/.done" ]; then
    rm -rf "$STREE"
    python3 bench/gen.py tree "$STREE" --files "$FILES" --mb "$MB" --vary-salts >&2
    touch "$STREE/.done"
  fi
  read -r SRG_S SRG_KB < <(measure salts-rg -- rg -c -i "$PATTERN" "$STREE")
  read -r SIL_S SIL_KB < <(measure salts -- "$BIN" check --no-progress --format json --exit-zero "$STREE")
  SALT_ROW="$SIL_S|$SIL_KB|$SRG_S"
fi

# ---------------------------------------------------------------- application classes
# An application's 5,000 classes, 2 % of them with setup code: only those are
# parsed (the literal prefilter), the rest are read and skipped.
CLASSES=${CLASSES:-5000}
[ -n "$QUICK" ] && CLASSES=500
CTREE=$OUT/classes-$CLASSES
if [ ! -f "$CTREE/.done" ]; then
  rm -rf "$CTREE"
  python3 bench/gen.py classes "$CTREE" --count "$CLASSES" >&2
  touch "$CTREE/.done"
fi
CBYTES=$(find "$CTREE" -name '*.cls' -printf '%s\n' | awk '{s+=$1} END {print s}')
CSETUP=$(grep -l -r 'Security\.' "$CTREE" | wc -l)
read -r CRG_S CRG_KB < <(measure classes-rg -- rg -c 'Security\.|AutheEnabled|UnExpireUserPasswords' "$CTREE")
read -r CIL_S CIL_KB < <(measure classes -- "$BIN" check --no-progress --format json --exit-zero "$CTREE")
CFINDINGS=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$OUT/classes.stdout" 2>/dev/null || echo "?")

# ---------------------------------------------------------------- single file
SINGLE=$OUT/single/merge.cpf
mkdir -p "$OUT/single"
python3 bench/gen.py big "$SINGLE" --lines 60 --format merge
SINGLE_CPF=$OUT/single/iris.cpf
python3 bench/gen.py big "$SINGLE_CPF" --lines 400 --format cpf
single_ms() { # median wall ms of `irislint check FILE`, process start to exit
  local f=$1
  if [ "$HAVE_HYPERFINE" = 1 ]; then
    hyperfine -N --warmup 5 --runs 50 -i --export-json "$OUT/hyperfine.json" "$BIN check --no-progress $f" >/dev/null 2>&1
    python3 -c "import json; r=json.load(open('$OUT/hyperfine.json'))['results'][0]; print('%.1f' % (r['median']*1000))"
  else
    python3 - "$BIN" "$f" <<'PY'
import subprocess, sys, time, statistics
ts = []
for i in range(55):
    t = time.perf_counter()
    subprocess.run([sys.argv[1], "check", "--no-progress", sys.argv[2]], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if i >= 5:
        ts.append(time.perf_counter() - t)
print("%.1f" % (statistics.median(ts) * 1000))
PY
  fi
}
SINGLE_MS=$(single_ms "$SINGLE")
SINGLE_CPF_MS=$(single_ms "$SINGLE_CPF")

# ---------------------------------------------------------------- scaling
SIZES="1000 10000 100000 1000000"
[ -n "$QUICK" ] && SIZES="1000 10000 100000"
SCALE_ROWS=()
for fmt in merge cpf installer; do
  prev=""
  for n in $SIZES; do
    f=$OUT/scale/$fmt-$n
    mkdir -p "$f"
    case $fmt in merge | cpf) name=$fmt.cpf ;; installer) name=Installer.xml ;; esac
    [ "$fmt" = cpf ] && name=iris.cpf
    [ -f "$f/$name" ] || python3 bench/gen.py big "$f/$name" --lines "$n" --format "$fmt"
    lines=$(wc -l <"$f/$name")
    size=$(stat -c %s "$f/$name")
    read -r s kb < <(measure "scale-$fmt-$n" -- "$BIN" check --no-progress --format json --exit-zero --max-file-size 1000000000 "$f/$name")
    ratio="-"
    if [ -n "$prev" ]; then ratio=$(python3 -c "print('%.1f×' % (max($s,0.01)/max($prev,0.01)))"); fi
    SCALE_ROWS+=("$fmt|$lines|$size|$s|$kb|$ratio")
    prev=$s
  done
done

# ---------------------------------------------------------------- 100 MB file
BIG=$OUT/big100/merge.cpf
mkdir -p "$OUT/big100"
[ -f "$BIG" ] || python3 bench/gen.py big "$BIG" --lines 1000000 --format merge --target-mb 100
read -r REF_S REF_KB < <(measure big-refused -- "$BIN" check --no-progress "$BIG")
REF_MSG=$(grep -o 'over the limit[^(]*(--max-file-size)' "$OUT/big-refused.stderr" | head -1 || true)
read -r BIG_S BIG_KB < <(measure big-checked -- "$BIN" check --no-progress --format json --exit-zero --max-file-size 200000000 "$BIG")
BIG_BYTES=$(stat -c %s "$BIG")

# ---------------------------------------------------------------- server
SERVER="server bench: not available"
if "$BIN" server --help >/dev/null 2>&1; then
  for s in bench/lsp*.sh benches/lsp*.sh; do
    if [ -f "$s" ]; then
      SERVER=$(bash "$s" 2>&1 | tail -n 30) || SERVER="server bench ($s) failed: $SERVER"
      break
    fi
  done
  if [ "$SERVER" = "server bench: not available" ] && ls benches/lsp*.rs >/dev/null 2>&1; then
    SERVER=$(cargo bench --quiet --bench "$(basename "$(ls benches/lsp*.rs | head -1)" .rs)" 2>&1 | tail -n 30) || true
  fi
fi

# ---------------------------------------------------------------- table
mbps() { python3 -c "print('%.1f' % ($1/1e6/max($2,0.01)))"; }
fps() { python3 -c "print('%.0f' % ($1/max($2,0.01)))"; }
{
  echo "irislint $("$BIN" --version | awk '{print $2}') — $(date -u +%Y-%m-%d) — $(nproc) cores, $(uname -m)"
  echo
  echo "## Batch: $NFILES files, $(python3 -c "print('%.1f' % ($BYTES/1e6))") MB, all five formats"
  echo
  echo "| tool | wall s | MB/s | files/s | peak RSS MB | output |"
  echo "|---|---:|---:|---:|---:|---|"
  echo "| irislint check (all rules) | $IL_S | $(mbps "$BYTES" "$IL_S") | $(fps "$NFILES" "$IL_S") | $((IL_KB / 1024)) | $FINDINGS findings |"
  echo "| rg -c (risky patterns) | $RG_S | $(mbps "$BYTES" "$RG_S") | $(fps "$NFILES" "$RG_S") | $((RG_KB / 1024)) | $RG_HITS matching lines |"
  echo "| ratio irislint / rg | $(python3 -c "print('%.1f×' % (max($IL_S,0.01)/max($RG_S,0.01)))") | | | | goal ≤ 10× (stress tree) |"
  if [ -n "$SALT_ROW" ]; then
    IFS='|' read -r s kb rgs <<<"$SALT_ROW"
    echo "| irislint, same tree with a salt per user | $s | $(mbps "$BYTES" "$s") | $(fps "$NFILES" "$s") | $((kb / 1024)) | ratio to rg $(python3 -c "print('%.1f×' % (max($s,0.01)/max($rgs,0.01)))") |"
  fi
  echo
  echo "## Realistic trees: real public files in 50 project folders"
  echo
  echo "| tree | files | MB | irislint s | MB/s | files/s | peak RSS MB | rg s | ratio | findings |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for row in "${REAL_ROWS[@]}"; do
    IFS='|' read -r kind rfiles rbytes s kb rgs rgkb rfind <<<"$row"
    label="configuration files"; [ "$kind" = all ] && label="with setup code"
    [ "$kind" = named ] && label="configuration files, each named (as pre-commit runs it)"
    echo "| $label | $rfiles | $(python3 -c "print('%.1f' % ($rbytes/1e6))") | $s | $(mbps "$rbytes" "$s") | $(fps "$rfiles" "$s") | $((kb / 1024)) | $rgs | $(python3 -c "print('%.1f×' % (max($s,0.01)/max($rgs,0.01)))") | $rfind |"
  done
  echo "| goal | | | | | | < 200 | | ≤ 3× | |"
  echo
  echo "## Application classes: $CLASSES classes, $(python3 -c "print('%.1f' % ($CBYTES/1e6))") MB, $CSETUP with setup code"
  echo
  echo "| tool | wall s | MB/s | peak RSS MB | output |"
  echo "|---|---:|---:|---:|---|"
  echo "| irislint check | $CIL_S | $(mbps "$CBYTES" "$CIL_S") | $((CIL_KB / 1024)) | $CFINDINGS findings |"
  echo "| rg -c | $CRG_S | $(mbps "$CBYTES" "$CRG_S") | $((CRG_KB / 1024)) | |"
  echo
  echo "## Single file (process start to exit, median of 50)"
  echo
  echo "| file | ms | goal |"
  echo "|---|---:|---|"
  echo "| merge.cpf, $(wc -l <"$SINGLE") lines | $SINGLE_MS | < 5 ms |"
  echo "| iris.cpf, $(wc -l <"$SINGLE_CPF") lines | $SINGLE_CPF_MS | < 5 ms |"
  echo
  echo "## Scaling (one file; ratio = time / time of the 10× smaller file, linear ≈ 10×)"
  echo
  echo "| format | lines | bytes | wall s | peak RSS MB | ratio per 10× |"
  echo "|---|---:|---:|---:|---:|---:|"
  for row in "${SCALE_ROWS[@]}"; do
    IFS='|' read -r fmt lines size s kb ratio <<<"$row"
    echo "| $fmt | $lines | $size | $s | $((kb / 1024)) | $ratio |"
  done
  echo
  echo "## 100 MB file"
  echo
  echo "| case | wall s | peak RSS MB | result |"
  echo "|---|---:|---:|---|"
  echo "| default --max-file-size | $REF_S | $((REF_KB / 1024)) | refused: ${REF_MSG:-?} |"
  echo "| --max-file-size 200000000 | $BIG_S | $((BIG_KB / 1024)) | checked, $(python3 -c "print('%.1f MB/s' % ($BIG_BYTES/1e6/max($BIG_S,0.01)))") |"
  echo
  echo "## Server latency"
  echo
  echo "$SERVER"
} | tee "$OUT/results.md"
echo
echo "command: bash bench/run.sh   (tables also in bench/out/results.md)"
