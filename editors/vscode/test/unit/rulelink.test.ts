import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { isRuleCode, RULE_COMMAND, ruleCommandUri } from "../../src/rulelink";
import { extensionDir } from "../support/paths";

const manifest = JSON.parse(fs.readFileSync(path.join(extensionDir, "package.json"), "utf8"));

test("a rule code links to the command with the code as its one argument", () => {
  const uri = ruleCommandUri("IRIS401");
  assert.ok(uri.startsWith(`command:${RULE_COMMAND}?`));
  assert.deepEqual(JSON.parse(decodeURIComponent(uri.slice(uri.indexOf("?") + 1))), ["IRIS401"]);
});

test("only irislint codes are links", () => {
  assert.ok(isRuleCode("IRIS905"));
  assert.ok(!isRuleCode("E501"));
  assert.ok(!isRuleCode(401));
});

test("the manifest contributes the command", () => {
  const commands = manifest.contributes.commands.map((c: { command: string }) => c.command);
  assert.ok(commands.includes(RULE_COMMAND));
});
