#!/usr/bin/env python3
"""`check --fix --unsafe-fixes` on a copy of a folder adds no finding.

Usage: fix-adds-nothing.py IRISLINT FOLDER [KNOWN]

Copies FOLDER, records its findings as a baseline, fixes the copy with every
fix (safe and unsafe), records the findings again and compares the two by
baseline key (file, rule, object — no line numbers), counted. Prints the
findings before, fixed, after and new, and every new one; exit 1 if there
is one. The folder itself is never written.

KNOWN lists new findings already understood and not yet solved, one
`<file name>\t<code> <object>` a line with the reason in a comment above it:
they are reported but do not fail the run, and one that no longer appears
fails it (the list must shrink with the fix).
"""
import collections
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile


def baseline(irislint, folder, out):
    run = subprocess.run([irislint, "check", "--no-progress", "--write-baseline", out, folder],
                         capture_output=True, text=True)
    if run.returncode > 1 and not os.path.exists(out):
        sys.exit(f"irislint failed (exit {run.returncode}): {run.stderr}")
    entries = json.load(open(out))["entries"]
    return collections.Counter({(e["path"], e["code"], e["object"]): e["count"] for e in entries})


def main():
    irislint, folder = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    known = set()
    if len(sys.argv) > 3:
        known = {l for l in open(sys.argv[3]).read().splitlines() if l.strip() and not l.startswith("#")}
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "copy")
        shutil.copytree(folder, copy)
        # The copy is ours to fix, whatever the permissions of the originals.
        for root, _, names in os.walk(copy):
            for name in names:
                p = os.path.join(root, name)
                os.chmod(p, os.stat(p).st_mode | stat.S_IWUSR)
        os.chdir(tmp)
        before = baseline(irislint, "copy", "before.json")
        fixed = subprocess.run([irislint, "check", "--no-progress", "--fix", "--unsafe-fixes", "copy"],
                               capture_output=True, text=True)
        if fixed.returncode > 1:
            sys.exit(f"--fix failed (exit {fixed.returncode}): {fixed.stderr}")
        after = baseline(irislint, "copy", "after.json")
    new = after - before
    closed = before - after
    seen, failed = set(), False
    for (path, code, obj), n in sorted(new.items()):
        line = f"{path.split('/')[-1]}\t{code} {obj}"
        seen.add(line)
        what = "known, not yet solved" if line in known else "new"
        failed |= line not in known
        print(f"{what} after --fix: {path} {code} {obj}" + (f" (x{n})" if n > 1 else ""))
    for line in sorted(known - seen):
        print(f"listed as known but no longer new (remove it from the list): {line}")
        failed = True
    print(f"{sum(before.values())} findings before --fix --unsafe-fixes, {sum(closed.values())} fixed, "
          f"{sum(after.values())} after, {sum(new.values())} new")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
