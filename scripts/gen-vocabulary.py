#!/usr/bin/env python3
"""Rebuilds src/catalog/module-ipm.toml: the module.xml vocabulary the package
manager (IPM) itself defines, read from its source.

Usage: gen-vocabulary.py IPM_REPOSITORY [--url URL] [--out FILE]

IPM_REPOSITORY is a clone of https://github.com/intersystems/ipm (a work
tree or a bare git directory); its HEAD commit is read. The module document
is the XML projection (%XML.Adaptor) of %IPM.Storage.Module and the classes
it holds; each resource processor in %IPM.ResourceProcessor is also an
element of <Module> (<CPF>, <FileCopy>, <WebApplication>, …) taking the
<Resource> attributes and the processor's ATTRIBUTES. The generated file
names the source and the commit; irislint merges it with the hand-written
module.toml (which keeps its documentation).
"""
import argparse
import re
import subprocess
import sys

STORAGE = "src/cls/IPM/Storage/"
PROCESSORS = "src/cls/IPM/ResourceProcessor/"


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True, check=True).stdout


class ClassDef:
    def __init__(self, name, text):
        self.name = name
        self.text = text
        header = re.search(r"^Class\s+(\S+)(?:\s+Extends\s+(\([^)]*\)|\S+))?(.*)$", text, re.M)
        extends = (header.group(2) or "").strip("()") if header else ""
        self.supers = [s.strip() for s in extends.split(",") if s.strip()]
        self.abstract = bool(header and re.search(r"\[\s*[^]]*\bAbstract\b", header.group(3) or ""))
        self.params = dict(re.findall(r'^Parameter\s+(\w+)(?:\s+As\s+\w+)?\s*=\s*"([^"]*)"\s*;', text, re.M))
        self.properties = []
        for kind, name, type_, params, flags in re.findall(
            r"^(Property|Relationship)\s+(\w+)\s+As\s+((?:(?:list|array)\s+Of\s+)?[%\w.]+)(?:\((.*?)\))?\s*(?:\[(.*?)\])?\s*;",
            text,
            re.M,
        ):
            p = dict(re.findall(r'(\w+)\s*=\s*"?([^",]*)"?', params))
            self.properties.append({"name": name, "type": type_, "params": p, "flags": flags})


def load(repo):
    files = git(repo, "ls-tree", "-r", "--name-only", "HEAD", "--", STORAGE, PROCESSORS, "src/cls/IPM/General/").split()
    classes = {}
    for path in files:
        if not path.endswith(".cls"):
            continue
        text = git(repo, "show", f"HEAD:{path}")
        m = re.search(r"^Class\s+(\S+)", text, re.M)
        if m:
            classes[m.group(1)] = ClassDef(m.group(1), text)
    return classes


def properties(classes, name, seen=None):
    """The class's properties with those of its superclasses in the repository."""
    seen = seen or set()
    if name in seen or name not in classes:
        return []
    seen.add(name)
    c = classes[name]
    own = {p["name"] for p in c.properties}
    inherited = [p for s in c.supers for p in properties(classes, s, seen) if p["name"] not in own]
    return inherited + c.properties


def short(name):
    return name.rsplit(".", 1)[-1]


class Vocabulary:
    def __init__(self):
        self.elements = {}  # name -> {"parents": set, "attributes": {name: source}}

    def element(self, name, parent, source):
        e = self.elements.setdefault(name, {"parents": set(), "attributes": {}, "source": source})
        if parent:
            e["parents"].add(parent)
        return e

    def attribute(self, element, name, source):
        self.elements[element]["attributes"].setdefault(name, source)


def project(vocab, classes, cls, element, done):
    """Adds the XML projection of class `cls` as the content of `element`."""
    if (cls, element) in done:
        return
    done.add((cls, element))
    for p in properties(classes, cls):
        params, flags = p["params"], p["flags"]
        item_type = re.sub(r"^(list|array)\s+Of\s+", "", p["type"], flags=re.I)
        collection = item_type != p["type"] or "Cardinality = children" in flags
        # A collection is wrapped unless it says otherwise (%XML.Adaptor).
        projection = params.get("XMLPROJECTION", "WRAPPED" if collection else "ELEMENT").upper()
        if projection == "NONE" or params.get("XMLIO", "").upper() == "OUT" or "Private" in flags:
            continue
        name = params.get("XMLNAME", p["name"])
        source = f"{cls}:{p['name']}"
        if projection == "ATTRIBUTE":
            vocab.attribute(element, name, source)
            continue
        if projection == "CONTENT":
            continue
        if projection == "WRAPPED" and collection:
            vocab.element(name, element, source)
            item_class = classes.get(item_type)
            item = params.get("XMLITEMNAME") or (item_class.params.get("XMLNAME") if item_class else None)
            item = item or short(item_type)
            if params.get("XMLTYPECONSTRAINT", "").upper() == "SUBSTITUTIONGROUP":
                # Each concrete subclass is an item, named after itself.
                for sub in sorted(classes):
                    if sub != item_type and item_type in ancestors(classes, sub) and not classes[sub].abstract:
                        sub_name = classes[sub].params.get("XMLNAME", short(sub))
                        vocab.element(sub_name, name, sub)
                        vocab.element(sub_name, element, sub)
                        project(vocab, classes, sub, sub_name, done)
                continue
            vocab.element(item, name, source)
            if item_type in classes:
                project(vocab, classes, item_type, item, done)
            continue
        vocab.element(name, element, source)
        if item_type in classes:
            project(vocab, classes, item_type, name, done)


def ancestors(classes, name, seen=None):
    seen = seen or set()
    if name in seen or name not in classes:
        return set()
    seen.add(name)
    out = set(classes[name].supers)
    for s in classes[name].supers:
        out |= ancestors(classes, s, seen)
    return out


def processors(vocab, classes):
    """Each resource processor is an element of <Module> with the <Resource>
    attributes and the ones its ATTRIBUTES parameter names."""
    resource = vocab.elements.get("Resource", {}).get("attributes", {})
    for name in sorted(classes):
        c = classes[name]
        if not name.startswith("%IPM.ResourceProcessor.") or name.count(".") != 2 or c.abstract:
            continue
        if "%IPM.ResourceProcessor.Abstract" not in ancestors(classes, name) | {name}:
            continue
        element = short(name)
        vocab.element(element, "Module", name)
        for a, source in resource.items():
            vocab.attribute(element, a, source)
        for a in filter(None, (x.strip() for x in c.params.get("ATTRIBUTES", "").split(","))):
            vocab.attribute(element, a, f"{name}:ATTRIBUTES")


def toml_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(vocab, url, commit):
    out = [
        "# GENERATED by scripts/gen-vocabulary.py: do not edit; run it again instead.",
        f"# Source: {url} at commit {commit}",
        "# The module.xml vocabulary IPM defines: the XML projection of %IPM.Storage.Module and the",
        "# classes it holds, and each %IPM.ResourceProcessor class as an element of <Module>.",
        "# irislint merges it with module.toml, whose documentation it keeps.",
        "",
        f"source = {toml_string(url)}",
        f"commit = {toml_string(commit)}",
        "",
    ]
    for name in sorted(vocab.elements):
        e = vocab.elements[name]
        out.append("[[element]]")
        out.append(f"name = {toml_string(name)}")
        out.append(f"doc = {toml_string('From IPM ' + e['source'] + '.')}")
        if e["parents"]:
            out.append("parents = [" + ", ".join(toml_string(p) for p in sorted(e["parents"])) + "]")
        out.append("")
        for a in sorted(e["attributes"]):
            out.append("[[element.attribute]]")
            out.append(f"name = {toml_string(a)}")
            out.append('type = "string"')
            out.append(f"doc = {toml_string('From IPM ' + e['attributes'][a] + '.')}")
            out.append("")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("repository")
    ap.add_argument("--url", default="https://github.com/intersystems/ipm")
    ap.add_argument("--out", default="src/catalog/module-ipm.toml")
    args = ap.parse_args()
    classes = load(args.repository)
    if "%IPM.Storage.Module" not in classes:
        sys.exit(f"{args.repository}: no %IPM.Storage.Module in {STORAGE}: not an IPM repository")
    commit = git(args.repository, "rev-parse", "HEAD").strip()
    vocab = Vocabulary()
    vocab.element("Module", None, "%IPM.Storage.Module")
    project(vocab, classes, "%IPM.Storage.Module", "Module", set())
    processors(vocab, classes)
    with open(args.out, "w") as f:
        f.write(render(vocab, args.url, commit))
    print(f"{args.out}: {len(vocab.elements)} elements from {args.url} at {commit}")


if __name__ == "__main__":
    main()
