import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { resolveBinary, isExecutableFile } from "../../src/binary";

/** A fake file system: the set of executable files. */
function lookup(executables: string[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform = "linux", baseDir?: string) {
  const set = new Set(executables);
  return { env, platform, baseDir, isExecutable: (f: string) => set.has(f) };
}

test("an empty setting finds irislint on PATH, first directory first", () => {
  const r = resolveBinary("", lookup(["/b/irislint", "/c/irislint"], { PATH: "/a:/b:/c" }));
  assert.deepEqual(r, { kind: "found", path: "/b/irislint" });
});

test("a missing binary gives a message naming the setting", () => {
  const r = resolveBinary("", lookup([], { PATH: "/a:/b" }));
  assert.equal(r.kind, "missing");
  assert.match(r.kind === "missing" ? r.message : "", /"irislint" was not found on PATH.*irislint\.path/);
});

test("a bare name in the setting is looked up on PATH", () => {
  const r = resolveBinary("irislint-dev", lookup(["/opt/bin/irislint-dev"], { PATH: "/usr/bin:/opt/bin" }));
  assert.deepEqual(r, { kind: "found", path: "/opt/bin/irislint-dev" });
});

test("a relative path is taken from the workspace folder, not from PATH", () => {
  const look = lookup(["/ws/target/debug/irislint"], { PATH: "/usr/bin" }, "linux", "/ws");
  assert.deepEqual(resolveBinary("./target/debug/irislint", look), { kind: "found", path: "/ws/target/debug/irislint" });
  const missing = resolveBinary("target/release/irislint", look);
  assert.equal(missing.kind, "missing");
  assert.match(missing.kind === "missing" ? missing.message : "", /\/ws\/target\/release\/irislint, which is not an executable/);
});

test("~ in the setting is the home directory", () => {
  const home = path.join(os.homedir(), ".cargo/bin/irislint");
  assert.deepEqual(resolveBinary("~/.cargo/bin/irislint", lookup([home], {})), { kind: "found", path: home });
});

test("Windows: PATHEXT suffixes and ; separators", () => {
  const look = lookup([path.join("C:\\tools", "irislint.exe")], { Path: "C:\\nothing;C:\\tools", PATHEXT: ".COM;.EXE" }, "win32");
  assert.deepEqual(resolveBinary("", look), { kind: "found", path: path.join("C:\\tools", "irislint.exe") });
});

test("isExecutableFile: a directory or a plain file is not a server binary", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "irislint-bin-"));
  const file = path.join(dir, "irislint");
  fs.writeFileSync(file, "#!/bin/sh\n");
  fs.chmodSync(file, 0o644);
  assert.equal(isExecutableFile(dir), false);
  assert.equal(isExecutableFile(file), false);
  fs.chmodSync(file, 0o755);
  assert.equal(isExecutableFile(file), true);
  fs.rmSync(dir, { recursive: true });
});
