// Checks the packaged .vsix (run after `npm run package`): what VS Code reads
// from it is what a user installs, so the manifest is read from the archive,
// and the binary it carries is run.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { hostTarget, vsixPath } from "../support/paths";
import { readZip } from "../support/zip";

const zip = readZip(vsixPath);
const files = [...zip.keys()];
const manifest = JSON.parse(zip.get("extension/package.json")!.read().toString("utf8"));
const readJson = (name: string) => {
  const entry = zip.get(`extension/${name.replace(/^\.\//, "")}`);
  assert.ok(entry, `${name} is in the .vsix`);
  return JSON.parse(entry.read().toString("utf8"));
};

test("the .vsix is a VS Code extension package for a VS Code that code-server 4.100 satisfies", () => {
  assert.ok(files.includes("extension.vsixmanifest"));
  assert.match(zip.get("extension.vsixmanifest")!.read().toString("utf8"), /Microsoft\.VisualStudio\.Code/);
  assert.equal(manifest.engines.vscode, "^1.91.0");
});

test(`the .vsix is the ${hostTarget} package`, () => {
  assert.match(zip.get("extension.vsixmanifest")!.read().toString("utf8"), new RegExp(`TargetPlatform="${hostTarget}"`));
});

test("it carries an executable irislint of the extension's version, which runs", () => {
  const entry = zip.get("extension/bin/irislint");
  assert.ok(entry, "extension/bin/irislint is in the .vsix");
  assert.equal(entry.mode & 0o111, 0o111, `executable (mode ${entry.mode.toString(8)})`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "irislint-vsix-"));
  try {
    const bin = path.join(dir, "irislint");
    fs.writeFileSync(bin, entry.read(), { mode: 0o755 });
    const text = execFileSync(bin, ["--version"], { encoding: "utf8" });
    assert.match(text, new RegExp(`^irislint ${manifest.version.replace(/\./g, "\\.")} \\(rule catalogue [0-9a-f]{8}, \\d+ rules\\)`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("activation: the IRIS languages, XML, class files, and workspaces holding them", () => {
  for (const event of [
    "onLanguage:iris-cpf",
    "onLanguage:iris-cspini",
    "onLanguage:xml",
    "workspaceContains:**/*.cpf",
    "workspaceContains:**/module.xml",
    "workspaceContains:**/*.cls",
  ]) {
    assert.ok(manifest.activationEvents.includes(event), event);
  }
});

test("languages: *.cpf and CSP.ini, each with its language configuration", () => {
  const byId = new Map(manifest.contributes.languages.map((l: { id: string }) => [l.id, l]));
  const cpf = byId.get("iris-cpf") as { extensions: string[]; configuration: string };
  const cspini = byId.get("iris-cspini") as { filenames: string[]; configuration: string };
  assert.deepEqual(cpf.extensions, [".cpf"]);
  assert.deepEqual(cspini.filenames, ["CSP.ini"]);
  assert.equal(readJson(cpf.configuration).comments.lineComment, "#");
  assert.equal(readJson(cspini.configuration).comments.lineComment, ";");
});

test("grammars: each contributed grammar is packaged, valid, and has the scope it is registered under", () => {
  assert.equal(manifest.contributes.grammars.length, 2);
  for (const g of manifest.contributes.grammars) {
    const grammar = readJson(g.path);
    assert.equal(grammar.scopeName, g.scopeName);
    assert.ok(grammar.patterns.length > 0);
  }
});

test("commands and settings: restart, output, fix all, rule documentation; path, profile, trace", () => {
  const commands = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(commands, ["irislint.fixAll", "irislint.restartServer", "irislint.showOutput", "irislint.showRule"]);
  const props = manifest.contributes.configuration.properties;
  assert.equal(props["irislint.path"].default, "");
  assert.deepEqual(props["irislint.profile"].enum, [null, "production", "development"]);
  assert.deepEqual(props["irislint.trace.server"].enum, ["off", "messages", "verbose"]);
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ["irislint.path"]);
});

test("the bundled entry point is packaged and carries the language client", () => {
  const main = zip.get(`extension/${manifest.main.replace(/^\.\//, "")}`);
  assert.ok(main, manifest.main);
  const code = main.read().toString("utf8");
  assert.match(code, /source\.fixAll\.irislint/);
  assert.match(code, /textDocument\/publishDiagnostics/);
  assert.ok(!code.includes('require("vscode-languageclient'), "vscode-languageclient is bundled, not required");
});

test("nothing but the runtime files: no sources, tests, node_modules or test tooling", () => {
  const allowed = [
    /^extension\.vsixmanifest$/,
    /^\[Content_Types\]\.xml$/,
    /^extension\/(package\.json|readme\.md|LICENSE\.txt|changelog\.md)$/,
    /^extension\/dist\/extension\.js$/,
    /^extension\/bin\/irislint$/,
    /^extension\/syntaxes\/[\w-]+\.tmLanguage\.json$/,
    /^extension\/language-configuration\/\w+\.json$/,
  ];
  const stray = files.filter((f) => !allowed.some((re) => re.test(f)));
  assert.deepEqual(stray, []);
  // Beside the binary, the package stays small.
  const rest = [...zip.values()].filter((e) => e.name !== "extension/bin/irislint");
  assert.ok(rest.reduce((sum, e) => sum + e.compressedSize, 0) < 1024 * 1024, "all but the binary under 1 MiB");
});
