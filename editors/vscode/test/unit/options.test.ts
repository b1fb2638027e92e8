import * as assert from "node:assert/strict";
import { test } from "node:test";
import { initializationOptions, serverArgs } from "../../src/options";

test("a known profile is sent to the server", () => {
  assert.deepEqual(initializationOptions("development"), { profile: "development" });
  assert.deepEqual(initializationOptions("production"), { profile: "production" });
});

test("an unset or unknown profile is left to irislint.toml", () => {
  assert.deepEqual(initializationOptions(null), {});
  assert.deepEqual(initializationOptions(undefined), {});
  assert.deepEqual(initializationOptions("lax"), {});
});

test("the server runs as `irislint server`, with no --stdio the server does not know", () => {
  assert.deepEqual(serverArgs(), ["server"]);
});
