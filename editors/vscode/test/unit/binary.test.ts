import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { bundledBinary, resolveBinary, isExecutableFile } from "../../src/binary";

/** A fake file system: the set of executable files. */
function lookup(executables: string[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform = "linux", baseDir?: string, bundled?: string) {
  const set = new Set(executables);
  return { env, platform, baseDir, bundled, isExecutable: (f: string) => set.has(f) };
}

const BUNDLED = "/ext/irislint.irislint-0.1.0-linux-x64/bin/irislint";

test("the package's binary lives in its bin/ folder, irislint.exe on Windows", () => {
  assert.equal(bundledBinary("/ext", "linux"), path.join("/ext", "bin", "irislint"));
  assert.equal(bundledBinary("/ext", "win32"), path.join("/ext", "bin", "irislint.exe"));
});

test("an empty setting takes the bundled binary, even with irislint on PATH", () => {
  const r = resolveBinary("", lookup([BUNDLED, "/usr/bin/irislint"], { PATH: "/usr/bin" }, "linux", undefined, BUNDLED));
  assert.deepEqual(r, { kind: "found", path: BUNDLED, origin: "bundled" });
});

test("irislint.path overrides the bundled binary", () => {
  const look = lookup([BUNDLED, "/opt/irislint"], { PATH: "" }, "linux", undefined, BUNDLED);
  assert.deepEqual(resolveBinary("/opt/irislint", look), { kind: "found", path: "/opt/irislint", origin: "setting" });
});

test("a package without a runnable binary falls back to PATH, and says what it tried when that fails", () => {
  assert.deepEqual(resolveBinary("", lookup(["/b/irislint"], { PATH: "/b" }, "linux", undefined, BUNDLED)), {
    kind: "found",
    path: "/b/irislint",
    origin: "PATH",
  });
  const r = resolveBinary("", lookup([], { PATH: "/b" }, "linux", undefined, BUNDLED));
  assert.equal(r.kind, "missing");
  assert.match(r.kind === "missing" ? r.message : "", new RegExp(`no executable ${BUNDLED}.*not found on PATH.*irislint\\.path`));
});

test("an empty setting finds irislint on PATH, first directory first", () => {
  const r = resolveBinary("", lookup(["/b/irislint", "/c/irislint"], { PATH: "/a:/b:/c" }));
  assert.deepEqual(r, { kind: "found", path: "/b/irislint", origin: "PATH" });
});

test("a missing binary gives a message naming the setting", () => {
  const r = resolveBinary("", lookup([], { PATH: "/a:/b" }));
  assert.equal(r.kind, "missing");
  assert.match(r.kind === "missing" ? r.message : "", /"irislint" was not found on PATH.*irislint\.path/);
});

test("a bare name in the setting is looked up on PATH", () => {
  const r = resolveBinary("irislint-dev", lookup(["/opt/bin/irislint-dev"], { PATH: "/usr/bin:/opt/bin" }));
  assert.deepEqual(r, { kind: "found", path: "/opt/bin/irislint-dev", origin: "setting" });
});

test("a relative path is taken from the workspace folder, not from PATH", () => {
  const look = lookup(["/ws/target/debug/irislint"], { PATH: "/usr/bin" }, "linux", "/ws");
  assert.deepEqual(resolveBinary("./target/debug/irislint", look), { kind: "found", path: "/ws/target/debug/irislint", origin: "setting" });
  const missing = resolveBinary("target/release/irislint", look);
  assert.equal(missing.kind, "missing");
  assert.match(missing.kind === "missing" ? missing.message : "", /\/ws\/target\/release\/irislint, which is not an executable/);
});

test("~ in the setting is the home directory", () => {
  const home = path.join(os.homedir(), ".cargo/bin/irislint");
  assert.deepEqual(resolveBinary("~/.cargo/bin/irislint", lookup([home], {})), { kind: "found", path: home, origin: "setting" });
});

test("Windows: PATHEXT suffixes and ; separators", () => {
  const look = lookup([path.join("C:\\tools", "irislint.exe")], { Path: "C:\\nothing;C:\\tools", PATHEXT: ".COM;.EXE" }, "win32");
  assert.deepEqual(resolveBinary("", look), { kind: "found", path: path.join("C:\\tools", "irislint.exe"), origin: "PATH" });
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
