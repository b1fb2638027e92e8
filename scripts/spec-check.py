#!/usr/bin/env python3
"""Compare the rule catalogue in the code (`irislint rules --format json`)
with the shared contract's `rules.md`, when one is given. Run by .ci/run
when ../shared/spec is beside the checkout; the tests never need it.

A rule the code declares under another name than the contract is an error;
a code the contract lists that the code lacks yet is reported, not fatal
(the contract runs ahead of the code), and so is a code the contract lacks."""
import json, re, subprocess, sys

binary, spec = sys.argv[1], sys.argv[2]
rules = {r["code"]: r["name"] for r in json.loads(subprocess.check_output([binary, "rules", "--format", "json"]))}
listed = {}
for line in open(spec, encoding="utf-8"):
    m = re.match(r"\|\s*(IRIS\d{3})\s*\|\s*([^|]+?)\s*\|", line)
    if m:
        listed[m.group(1)] = m.group(2)
errors = 0
for code, name in sorted(listed.items()):
    if code not in rules:
        print(f"{code} ({name}) is in the contract, not in the code yet")
    elif rules[code] != name:
        print(f"error: {code} is {rules[code]!r} in the code and {name!r} in the contract")
        errors += 1
for code in sorted(set(rules) - set(listed)):
    print(f"{code} ({rules[code]}) is in the code, not in the contract")
print(f"{len(rules)} rules in the code, {len(listed)} in the contract, {errors} disagreeing")
sys.exit(1 if errors else 0)
