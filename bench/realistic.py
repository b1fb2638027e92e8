#!/usr/bin/env python3
"""Builds the realistic benchmark tree: real public files, laid out as their
repositories hold them, copied into many project folders.

    realistic.py DIR [--copies 50] [--corpus ../shared/corpus] [--config-only]

With the corpus beside the checkout (`../shared/corpus`, listed by its
`sources.tsv`), each file goes to `DIR/pNN/<owner>__<repo>/<path in the
repository>`, so setup code is found under its real name (`Dockerfile`,
`docker-compose.yml`, `iris.script`). Without it, the test fixtures
(`tests/fixtures/*/*`) stand in. `--config-only` leaves out setup code (the
configuration files alone: iris.cpf, merge files, CSP.ini, manifests,
module.xml). The same input gives the same bytes every run.
"""

import argparse
import csv
import os
import shutil
import sys

CONFIG_KINDS = {"cpf", "merge", "cspini", "installer", "module"}


def corpus_files(corpus, config_only):
    """(source file, relative destination) for each corpus file."""
    listing = os.path.join(corpus, "sources.tsv")
    with open(listing, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if config_only and row["kind"] not in CONFIG_KINDS:
                continue
            source = os.path.join(corpus, row["saved_file"])
            if not os.path.isfile(source):
                continue
            repo = row["repo"].replace("/", "__")
            yield source, os.path.join(repo, row["path"])


def fixture_files(root, config_only):
    fixtures = os.path.join(root, "tests", "fixtures")
    for rule in sorted(os.listdir(fixtures)):
        folder = os.path.join(fixtures, rule)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            source = os.path.join(folder, name)
            if not os.path.isfile(source):
                continue
            if config_only and not name.endswith((".cpf", ".ini", ".xml")):
                continue
            yield source, os.path.join(rule, name)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir")
    p.add_argument("--copies", type=int, default=50)
    p.add_argument("--corpus", default=None)
    p.add_argument("--config-only", action="store_true")
    a = p.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    corpus = a.corpus or os.path.join(os.path.dirname(root), "shared", "corpus")
    if os.path.isfile(os.path.join(corpus, "sources.tsv")):
        files, origin = list(corpus_files(corpus, a.config_only)), "corpus " + corpus
    else:
        files, origin = list(fixture_files(root, a.config_only)), "tests/fixtures (no corpus beside the checkout)"
    if not files:
        sys.exit("realistic.py: no input files found")
    for i in range(1, a.copies + 1):
        project = os.path.join(a.dir, "p%02d" % i)
        for source, rel in files:
            dest = os.path.join(project, rel)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copyfile(source, dest)
    print("%d files × %d folders from %s" % (len(files), a.copies, origin), file=sys.stderr)


if __name__ == "__main__":
    main()
