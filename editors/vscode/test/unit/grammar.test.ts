// The TextMate grammars on the repository's example files, through the same
// engine VS Code uses: each construct gets the scope themes colour it by.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { examples } from "../support/paths";
import { scopesAt, tokenize } from "../support/textmate";

const hasScope = (scopes: string[], prefix: string) => scopes.some((s) => s.startsWith(prefix));
const mergeCpf = fs.readFileSync(path.join(examples, "docker/merge.cpf"), "utf8");
const lineOf = (text: string, needle: string) => text.split(/\r?\n/).findIndex((l) => l.includes(needle));

test("CPF: section headers, settings, numbers and comments", async () => {
  const lines = await tokenize("source.iris-cpf", mergeCpf);
  assert.ok(hasScope(scopesAt(lines, 0, "Merge file"), "comment.line"));
  assert.ok(hasScope(scopesAt(lines, 1, "Startup"), "entity.name.section"));
  assert.ok(hasScope(scopesAt(lines, 1, "["), "punctuation.definition.section.begin"));
  assert.ok(hasScope(scopesAt(lines, 2, "WebServer"), "support.type.property-name"));
  assert.ok(hasScope(scopesAt(lines, 2, "="), "keyword.operator.assignment"));
  assert.ok(hasScope(scopesAt(lines, 2, "1"), "constant.numeric"));
  const globals = lineOf(mergeCpf, "globals=");
  assert.ok(hasScope(scopesAt(lines, globals, "256"), "constant.numeric"));
});

test("CPF: [Actions] verbs, properties, quoted values and comments", async () => {
  const lines = await tokenize("source.iris-cpf", mergeCpf);
  const app = lineOf(mergeCpf, "CreateApplication:");
  assert.ok(hasScope(scopesAt(lines, app, "CreateApplication"), "entity.name.function.action"));
  assert.ok(hasScope(scopesAt(lines, app, "AutheEnabled"), "variable.parameter.property"));
  assert.ok(hasScope(scopesAt(lines, app, "96"), "constant.numeric"));
  assert.ok(hasScope(scopesAt(lines, app, "/api/app"), "string.unquoted.value"));
  const resource = lineOf(mergeCpf, "CreateResource:");
  assert.ok(hasScope(scopesAt(lines, resource, '"Application data"'), "string.quoted.double"));
  const comment = lineOf(mergeCpf, "# Embedded Python");
  assert.ok(hasScope(scopesAt(lines, comment, "Embedded Python"), "comment.line"));
});

test("CPF: an operation continued after a trailing comma, then a new section ends [Actions]", async () => {
  const text = [
    "[actions]",
    "ModifyUser:Name=Admin,",
    "  PasswordHash=abc,salt,10000,SHA512",
    "[Startup]",
    "WebServer=0",
  ].join("\n");
  const lines = await tokenize("source.iris-cpf", text);
  assert.ok(hasScope(scopesAt(lines, 0, "actions"), "entity.name.section"));
  assert.ok(hasScope(scopesAt(lines, 2, "PasswordHash"), "variable.parameter.property"));
  assert.ok(hasScope(scopesAt(lines, 2, "salt"), "string.unquoted.value"));
  assert.ok(hasScope(scopesAt(lines, 3, "Startup"), "entity.name.section"));
  // Back to settings: the key is a setting name, not an action verb.
  const key = scopesAt(lines, 4, "WebServer");
  assert.ok(hasScope(key, "support.type.property-name"));
  assert.ok(!hasScope(key, "entity.name.function"));
});

test("CPF: a Key=Value line outside [Actions] is never read as an operation", async () => {
  const lines = await tokenize("source.iris-cpf", "[Startup]\nDefaultPort:x=1");
  assert.ok(hasScope(scopesAt(lines, 1, "DefaultPort:x"), "support.type.property-name"));
});

test("CSP.ini: path sections, settings and ; comments", async () => {
  const text = fs.readFileSync(path.join(examples, "webgateway/CSP.ini"), "utf8") + "\n; gateway notes\n";
  const lines = await tokenize("source.iris-cspini", text);
  const appPath = lineOf(text, "[APP_PATH:/csp]");
  assert.ok(hasScope(scopesAt(lines, appPath, "APP_PATH"), "entity.name.section"));
  assert.ok(hasScope(scopesAt(lines, appPath, "/csp"), "string.unquoted.path"));
  const port = lineOf(text, "TCP_Port=");
  assert.ok(hasScope(scopesAt(lines, port, "TCP_Port"), "support.type.property-name"));
  assert.ok(hasScope(scopesAt(lines, port, "1972"), "constant.numeric"));
  const manager = lineOf(text, "System_Manager=");
  assert.ok(hasScope(scopesAt(lines, manager, "*.*.*.*"), "string.unquoted.value"));
  const comment = lineOf(text, "; gateway notes");
  assert.ok(hasScope(scopesAt(lines, comment, "gateway notes"), "comment.line"));
});
