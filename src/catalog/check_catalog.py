#!/usr/bin/env python3
"""Checks the irislint settings catalogue.

1. Parses every catalogue .toml with tomllib and validates the schema the Rust
   loader (src/catalog/mod.rs) expects: required fields, known field names,
   value types, enum values, min/max, defaults, no duplicate names.
2. Lists every section/key/action/property (CPF, merge files, CSP.ini) and every
   element/attribute (%Installer manifests, module.xml) of the corpus in
   /work/shared/corpus that the catalogue does not know. Names are matched the
   way the loader matches them (case-insensitively). Leftovers that are
   explained in SOURCES.md are listed in EXPLAINED below; the script checks that
   each of them is mentioned there.

Exit status 0 when the schema is valid and every leftover is explained.
Usage: python3 check_catalog.py [corpus-dir]
"""

import glob
import os
import re
import sys
import tomllib
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/corpus"

TYPES = {"bool", "int", "string", "enum", "path", "list", "authmask", "permission", "expr"}
INI_TYPES = TYPES - {"expr"}
OBJECTS = {"user", "role", "resource", "service", "application", "database", "namespace",
           "mapping", "sslconfig", "ldapconfig", "other"}
ITEM_FIELDS = {"name", "type", "values", "min", "max", "default", "doc", "security",
               "verified", "required", "invalid_for"}
SECTION_FIELDS = {"name", "doc", "keys", "prefix", "value_type", "key"}
ACTION_FIELDS = {"name", "doc", "class", "object", "verified"}
CLASS_FIELDS = {"name", "property"}
ELEMENT_FIELDS = {"name", "doc", "parents", "any_property_of", "attribute"}

# Corpus names the catalogue deliberately does not know, with the reason.
# Every key must appear (as written) in SOURCES.md.
EXPLAINED = {
    ("cpf", "section", "Security"):
        "kokonut121/medsim merge file: [Security] is not a CPF section in any reference version; auditing is set with ModifySystem:AuditEnabled=1 in [Actions].",
    ("cpf", "key", "ConfigFile/DefaultGlobals"):
        "kokonut121/medsim merge file: not a [ConfigFile] parameter (that section only holds Product and Version).",
    ("module", "attribute", "WEBApplication/SourcePath"):
        "MakarovS96/iris-web-swagger-ui: SourcePath/DeployPath/PasswordAuthEnabled/UnauthenticatedEnabled are CSPApplication-processor attributes, not Security.Applications properties, so WebApplication rejects them; the element is spelled WEBApplication, which IPM (case-sensitive class lookup) probably does not map to the WebApplication processor at all.",
    ("module", "attribute", "WEBApplication/DeployPath"): "see WEBApplication/SourcePath",
    ("module", "attribute", "WEBApplication/PasswordAuthEnabled"): "see WEBApplication/SourcePath",
    ("module", "attribute", "WEBApplication/UnauthenticatedEnabled"): "see WEBApplication/SourcePath",
}

errors = []


def err(msg):
    errors.append(msg)


def check_item(where, it, allowed_types):
    for f in it:
        if f not in ITEM_FIELDS:
            err(f"{where}: unknown field '{f}'")
    for f in ("name", "type", "doc"):
        if f not in it or it[f] in ("", None):
            err(f"{where}: missing '{f}'")
    t = it.get("type")
    if t not in allowed_types:
        err(f"{where}: type '{t}' not allowed")
    vals = it.get("values", [])
    if not isinstance(vals, list) or not all(isinstance(v, str) for v in vals):
        err(f"{where}: values must be a list of strings")
    if t == "enum" and not vals:
        err(f"{where}: enum without values")
    for f in ("min", "max"):
        if f in it:
            if not isinstance(it[f], int):
                err(f"{where}: {f} must be an integer")
            if t != "int":
                err(f"{where}: {f} only allowed on int")
    if isinstance(it.get("min"), int) and isinstance(it.get("max"), int) and it["min"] > it["max"]:
        err(f"{where}: min > max")
    for f in ("doc", "security", "default"):
        if f in it and not isinstance(it[f], str):
            err(f"{where}: {f} must be a string")
    for f in ("verified", "required"):
        if f in it and not isinstance(it[f], bool):
            err(f"{where}: {f} must be a boolean")
    if "invalid_for" in it and not (isinstance(it["invalid_for"], list) and all(isinstance(v, str) for v in it["invalid_for"])):
        err(f"{where}: invalid_for must be a list of strings")
    d = it.get("default")
    if isinstance(d, str) and d != "":
        if t in ("enum", "bool") and vals and d not in vals:
            err(f"{where}: default '{d}' not in values")
        if t == "bool" and not vals and d not in ("0", "1"):
            err(f"{where}: bool default '{d}' not 0/1")
        if t == "int":
            try:
                n = int(d)
                if "min" in it and n < it["min"]:
                    err(f"{where}: default below min")
                if "max" in it and n > it["max"]:
                    err(f"{where}: default above max")
            except ValueError:
                err(f"{where}: int default '{d}' is not an integer")


def check_unique(where, names):
    seen = {}
    for n in names:
        k = n.lower()
        if k in seen:
            err(f"{where}: duplicate name '{n}'")
        seen[k] = n


def load(name):
    with open(os.path.join(HERE, name), "rb") as f:
        return tomllib.load(f)


def check_ini_catalog(fname):
    cat = load(fname)
    for top in cat:
        if top != "section":
            err(f"{fname}: unknown top-level table '{top}'")
    secs = cat.get("section", [])
    check_unique(fname, [s.get("name", "") for s in secs])
    for s in secs:
        where = f"{fname}[{s.get('name')}]"
        for f in s:
            if f not in SECTION_FIELDS:
                err(f"{where}: unknown field '{f}'")
        if not s.get("name"):
            err(f"{where}: missing name")
        if not s.get("doc"):
            err(f"{where}: missing doc")
        if s.get("keys", "fixed") not in ("fixed", "open"):
            err(f"{where}: keys must be fixed or open")
        if "prefix" in s and not isinstance(s["prefix"], bool):
            err(f"{where}: prefix must be a boolean")
        if "value_type" in s:
            if s.get("keys") != "open":
                err(f"{where}: value_type only for open sections")
            if s["value_type"] not in INI_TYPES:
                err(f"{where}: bad value_type")
        if s.get("keys", "fixed") == "fixed" and not s.get("key"):
            err(f"{where}: fixed section without keys")
        check_unique(where, [k.get("name", "") for k in s.get("key", [])])
        for k in s.get("key", []):
            check_item(f"{where}.{k.get('name')}", k, INI_TYPES)
    return cat


def check_actions():
    cat = load("actions.toml")
    for top in cat:
        if top not in ("action", "class"):
            err(f"actions.toml: unknown top-level table '{top}'")
    check_unique("actions.toml actions", [a.get("name", "") for a in cat.get("action", [])])
    check_unique("actions.toml classes", [c.get("name", "") for c in cat.get("class", [])])
    classes = {c["name"].lower() for c in cat.get("class", [])}
    uncatalogued = set()
    for a in cat.get("action", []):
        where = f"actions.toml action {a.get('name')}"
        for f in a:
            if f not in ACTION_FIELDS:
                err(f"{where}: unknown field '{f}'")
        for f in ("name", "doc", "object"):
            if not a.get(f):
                err(f"{where}: missing {f}")
        if a.get("object") not in OBJECTS:
            err(f"{where}: object '{a.get('object')}' not allowed")
        if a.get("class") and a["class"].lower() not in classes:
            uncatalogued.add(a["class"])
    for c in cat.get("class", []):
        where = f"actions.toml class {c.get('name')}"
        for f in c:
            if f not in CLASS_FIELDS:
                err(f"{where}: unknown field '{f}'")
        check_unique(where, [p.get("name", "") for p in c.get("property", [])])
        for p in c.get("property", []):
            check_item(f"{where}.{p.get('name')}", p, INI_TYPES)
            for op in p.get("invalid_for", []):
                if op.lower() not in {x["name"].lower() for x in cat.get("action", [])}:
                    err(f"{where}.{p.get('name')}: invalid_for names unknown action {op}")
    return cat, sorted(uncatalogued)


def check_xml_catalog(fname, actions):
    cat = load(fname)
    for top in cat:
        if top != "element":
            err(f"{fname}: unknown top-level table '{top}'")
    els = cat.get("element", [])
    check_unique(fname, [e.get("name", "") for e in els])
    names = {e.get("name", "").lower() for e in els}
    classes = {c["name"].lower() for c in actions.get("class", [])}
    for e in els:
        where = f"{fname} <{e.get('name')}>"
        for f in e:
            if f not in ELEMENT_FIELDS:
                err(f"{where}: unknown field '{f}'")
        if not e.get("name") or not e.get("doc"):
            err(f"{where}: missing name or doc")
        for p in e.get("parents", []):
            if p.lower() not in names:
                err(f"{where}: parent {p} is not a catalogued element")
        if e.get("any_property_of") and e["any_property_of"].lower() not in classes:
            err(f"{where}: any_property_of names uncatalogued class")
        check_unique(where, [a.get("name", "") for a in e.get("attribute", [])])
        for a in e.get("attribute", []):
            check_item(f"{where}@{a.get('name')}", a, TYPES)
    return cat


# ---------------------------------------------------------------- corpus scan

def read_text(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def ini_lines(text):
    """(kind, name, value, section) for every meaningful line of a CPF/INI."""
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in ";#" or line.startswith("//"):
            continue
        if line.startswith("[") and "]" in line:
            section = line[1:line.index("]")].strip()
            yield ("section", section, None, None)
            continue
        if section is None:
            continue
        if section.lower() == "actions":
            yield ("action", line, None, section)
        elif "=" in line:
            k, v = line.split("=", 1)
            yield ("key", k.strip(), v, section)


def split_props(s):
    """Comma split respecting double quotes; items without '=' join the previous one."""
    parts, cur, quote = [], "", False
    for ch in s:
        if ch == '"':
            quote = not quote
        if ch == "," and not quote:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    props = []
    for p in parts:
        if "=" in p or not props:
            props.append(p)
        else:
            props[-1] += "," + p
    return [p.split("=", 1)[0].strip() for p in props if p.strip()]


def find_section(cat, name):
    secs = cat.get("section", [])
    low = name.lower()
    for s in secs:
        if not s.get("prefix") and s["name"] != "*" and s["name"].lower() == low:
            return s
    for s in secs:
        if s.get("prefix") and low.startswith(s["name"].lower()):
            return s
    for s in secs:
        if s["name"] == "*":
            return s
    return None


def scan_ini(cat, actions, files, fmt, missing):
    acts = {a["name"].lower(): a for a in actions.get("action", [])}
    classes = {c["name"].lower(): c for c in actions.get("class", [])}
    for path in files:
        base = os.path.basename(path)
        for kind, name, _value, section in ini_lines(read_text(path)):
            if kind == "section":
                if find_section(cat, name) is None:
                    missing.append((fmt, "section", name, base))
            elif kind == "key":
                s = find_section(cat, section)
                if s is None or s.get("keys", "fixed") == "open":
                    continue
                if name.lower() not in {k["name"].lower() for k in s.get("key", [])}:
                    missing.append((fmt, "key", f"{section}/{name}", base))
            elif kind == "action":
                if ":" not in name:
                    missing.append((fmt, "action", name, base))
                    continue
                op, rest = name.split(":", 1)
                a = acts.get(op.strip().lower())
                if a is None:
                    missing.append((fmt, "action", op.strip(), base))
                    continue
                c = classes.get((a.get("class") or "").lower())
                if c is None:
                    continue
                props = {p["name"].lower() for p in c.get("property", [])}
                for prop in split_props(rest):
                    if op.strip().lower() == "execute" and prop.lower().startswith("arg"):
                        continue
                    if prop.lower() not in props:
                        missing.append((fmt, "property", f"{op.strip()}/{prop}", base))


def xml_roots(path):
    text = read_text(path)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    return ET.fromstring(text)


def scan_xml(cat, actions, files, fmt, missing):
    els = {e["name"].lower(): e for e in cat.get("element", [])}
    classes = {c["name"].lower(): c for c in actions.get("class", [])}
    for path in files:
        base = os.path.basename(path)
        root = xml_roots(path)
        for node in root.iter():
            tag = node.tag.split("}", 1)[-1] if isinstance(node.tag, str) else None
            if tag is None:
                continue
            e = els.get(tag.lower())
            if e is None:
                missing.append((fmt, "element", tag, base))
                continue
            attrs = {a["name"].lower() for a in e.get("attribute", [])}
            extra = classes.get((e.get("any_property_of") or "").lower())
            if extra:
                attrs |= {p["name"].lower() for p in extra.get("property", [])}
            for attr in node.attrib:
                a = attr.split("}", 1)[-1]
                if a.startswith("xmlns") or ":" in a:
                    continue
                if a.lower() not in attrs:
                    missing.append((fmt, "attribute", f"{tag}/{a}", base))


def main():
    cpf = check_ini_catalog("cpf.toml")
    cspini = check_ini_catalog("cspini.toml")
    actions, uncatalogued = check_actions()
    installer = check_xml_catalog("installer.toml", actions)
    module = check_xml_catalog("module.toml", actions)

    missing = []
    cpf_files = sorted(glob.glob(os.path.join(CORPUS, "cpf", "*")) + glob.glob(os.path.join(CORPUS, "merge", "*")))
    scan_ini(cpf, actions, cpf_files, "cpf", missing)
    scan_ini(cspini, actions, sorted(glob.glob(os.path.join(CORPUS, "cspini", "*"))), "cspini", missing)
    scan_xml(installer, actions, sorted(glob.glob(os.path.join(CORPUS, "installer", "*"))), "installer", missing)
    scan_xml(module, actions, sorted(glob.glob(os.path.join(CORPUS, "module", "*"))), "module", missing)

    sources = read_text(os.path.join(HERE, "SOURCES.md")) if os.path.exists(os.path.join(HERE, "SOURCES.md")) else ""
    for key in EXPLAINED:
        if key[2] not in sources:
            err(f"EXPLAINED entry {key[2]} is not mentioned in SOURCES.md")

    # counts
    n_sec = len(cpf.get("section", [])) + len(cspini.get("section", []))
    n_key = sum(len(s.get("key", [])) for s in cpf.get("section", []) + cspini.get("section", []))
    n_cls = len(actions.get("class", []))
    n_prop = sum(len(c.get("property", [])) for c in actions.get("class", []))
    n_el = len(installer.get("element", [])) + len(module.get("element", []))
    n_attr = sum(len(e.get("attribute", [])) for e in installer.get("element", []) + module.get("element", []))
    print(f"catalogue: {n_sec} sections, {n_key} keys, {len(actions.get('action', []))} actions, "
          f"{n_cls} classes / {n_prop} properties, {n_el} elements, {n_attr} attributes")
    print(f"classes named by actions but not catalogued (properties unchecked): {', '.join(uncatalogued)}")

    unexplained = []
    seen = set()
    for fmt, kind, name, f in missing:
        key = (fmt, kind, name)
        if key in seen:
            continue
        seen.add(key)
        if key in EXPLAINED:
            print(f"explained: {fmt} {kind} {name} ({f}) - {EXPLAINED[key][:80]}")
        else:
            unexplained.append(f"{fmt} {kind} {name} (first seen in {f})")
    for u in unexplained:
        print(f"NOT IN CATALOGUE: {u}")
    for e in errors:
        print(f"SCHEMA: {e}")
    if errors or unexplained:
        print(f"FAILED: {len(errors)} schema problems, {len(unexplained)} unexplained corpus names")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
