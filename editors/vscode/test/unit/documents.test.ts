import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { documentSelector, CPF_LANGUAGE, CSPINI_LANGUAGE, FIX_ALL_KIND, SETUP_PATTERNS } from "../../src/documents";
import { extensionDir } from "../support/paths";

const manifest = JSON.parse(fs.readFileSync(path.join(extensionDir, "package.json"), "utf8"));

test("the selector covers both contributed languages, XML and class files, on disk only", () => {
  const languages = documentSelector.map((f) => f.language).filter(Boolean);
  assert.deepEqual(languages.sort(), [CPF_LANGUAGE, CSPINI_LANGUAGE, "xml"].sort());
  assert.ok(documentSelector.some((f) => f.pattern === "**/*.cls"));
  assert.ok(documentSelector.every((f) => f.scheme === "file"));
});

test("setup code is selected by name, without taking over the Dockerfile, YAML or shell languages", () => {
  for (const p of SETUP_PATTERNS) assert.ok(documentSelector.some((f) => f.pattern === p && !f.language), p);
  assert.ok(!documentSelector.some((f) => ["dockerfile", "yaml", "shellscript"].includes(f.language ?? "")));
});

test("every language the selector names is contributed by the manifest or built in", () => {
  const contributed = manifest.contributes.languages.map((l: { id: string }) => l.id);
  for (const f of documentSelector) {
    if (f.language && f.language !== "xml") assert.ok(contributed.includes(f.language), f.language);
  }
});

test("the fix-all kind is under source.fixAll, so editor.codeActionsOnSave can name it", () => {
  assert.ok(FIX_ALL_KIND.startsWith("source.fixAll."));
});
