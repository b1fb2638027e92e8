#!/usr/bin/env python3
"""A folder run reports everything checking each file alone reports.

Usage: folder-vs-alone.py IRISLINT FOLDER

Checks FOLDER as a whole, then each file in it alone, and lists every
per-file finding (cross-file rules aside) the folder run does not report.
Exit 1 if there is one: a file hid another file's finding.
"""
import json
import os
import subprocess
import sys

CROSS_FILE = {"IRIS108", "IRIS701", "IRIS702", "IRIS703"}


def findings(irislint, path):
    out = subprocess.run([irislint, "check", "--format", "json", "--no-progress", path],
                         capture_output=True, text=True)
    if out.returncode > 1 and "not a file irislint reads" in out.stderr:
        return set()
    if out.returncode > 1:
        sys.exit(f"{path}: irislint failed (exit {out.returncode}): {out.stderr}")
    return {
        (os.path.normpath(f["path"]), f["code"], f["range"]["start"]["line"], f["range"]["start"]["column"], f["message"])
        for f in json.loads(out.stdout or "[]")
        if f["code"] not in CROSS_FILE
    }


def main():
    irislint, folder = sys.argv[1], sys.argv[2]
    together = findings(irislint, folder)
    alone = set()
    for dirpath, _, names in os.walk(folder):
        for name in sorted(names):
            alone |= findings(irislint, os.path.join(dirpath, name))
    missing = sorted(alone - together)
    for m in missing:
        print("hidden in the folder run:", *m)
    print(f"{len(alone)} per-file findings, {len(missing)} hidden in the folder run of {folder}")
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
