"""Validates irislint's GitLab Code Quality report against the documented format
(gitlab-codequality.schema.json beside this file) and checks that fingerprints are
unique, as GitLab requires to tell issues apart."""
import json
import pathlib
import sys

import jsonschema

schema = json.loads((pathlib.Path(__file__).parent / "gitlab-codequality.schema.json").read_text())
report = json.load(open(sys.argv[1]))
errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(report), key=lambda e: list(e.path))
for e in errors[:20]:
    print("Code Quality format error at", "/".join(map(str, e.path)), ":", e.message)
if not report:
    print("the Code Quality report has no issues to validate")
    sys.exit(1)
fingerprints = [issue["fingerprint"] for issue in report]
duplicates = len(fingerprints) - len(set(fingerprints))
if duplicates:
    print(f"{duplicates} fingerprints are not unique")
print(f"Code Quality report with {len(report)} issues is valid: {not errors and not duplicates}")
sys.exit(1 if errors or duplicates else 0)
