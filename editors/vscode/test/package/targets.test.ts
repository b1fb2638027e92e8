// Runs package.mjs as a release would: the host's binary and one built for
// another target give one platform .vsix each, carrying its own binary; a
// binary of another version is refused. The host's binary is the one in the
// .vsix `npm run package` made (so no build is needed here).
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, test } from "node:test";
import { extensionDir, hostTarget, vsixPath } from "../support/paths";
import { readZip } from "../support/zip";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "irislint-targets-"));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

const hostBinary = path.join(scratch, "irislint");
fs.writeFileSync(hostBinary, readZip(vsixPath).get("extension/bin/irislint")!.read(), { mode: 0o755 });

function packageWith(env: Record<string, string>, outDir: string) {
  const run = spawnSync(process.execPath, ["package.mjs"], {
    cwd: extensionDir,
    env: { ...process.env, INIT_CWD: extensionDir, IRISLINT_VSIX_DIR: outDir, ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: run.status, output: run.stdout + run.stderr };
}

test("a binary given for another target makes that target's .vsix, beside the host's", () => {
  // Not a program for this machine: only its bytes are packaged.
  const windows = path.join(scratch, "irislint.exe");
  fs.writeFileSync(windows, Buffer.concat([Buffer.from("MZ"), Buffer.alloc(64, 7)]));
  const out = path.join(scratch, "out-two");
  const run = packageWith({ IRISLINT_BINARY: hostBinary, IRISLINT_BINARY_WIN32_X64: windows }, out);
  assert.equal(run.status, 0, run.output);
  assert.deepEqual(fs.readdirSync(out).sort(), [`irislint-${hostTarget}.vsix`, "irislint-win32-x64.vsix"].sort());

  const win = readZip(path.join(out, "irislint-win32-x64.vsix"));
  assert.match(win.get("extension.vsixmanifest")!.read().toString("utf8"), /TargetPlatform="win32-x64"/);
  assert.deepEqual(win.get("extension/bin/irislint.exe")?.read(), fs.readFileSync(windows));
  assert.equal(win.get("extension/bin/irislint"), undefined, "no Linux binary in the Windows package");

  const host = readZip(path.join(out, `irislint-${hostTarget}.vsix`));
  assert.ok(host.get("extension/bin/irislint"), "the host's package carries its binary");
  assert.ok(!fs.existsSync(path.join(extensionDir, "bin")), "the staging folder is removed");
});

test("a binary whose version is not the extension's is not packaged", () => {
  const other = path.join(scratch, "irislint-0.0.9");
  fs.writeFileSync(other, '#!/bin/sh\necho "irislint 0.0.9 (rule catalogue 00000000, 1 rules)"\n', { mode: 0o755 });
  const out = path.join(scratch, "out-refused");
  const run = packageWith({ IRISLINT_BINARY: other }, out);
  assert.notEqual(run.status, 0);
  assert.match(run.output, /says "irislint 0\.0\.9 .*"; the extension is \d+\.\d+\.\d+/);
  assert.ok(!fs.existsSync(out) || fs.readdirSync(out).length === 0, "no .vsix written");
});

test("a binary that is not there is named", () => {
  const run = packageWith({ IRISLINT_BINARY: path.join(scratch, "nothing") }, path.join(scratch, "out-missing"));
  assert.notEqual(run.status, 0);
  assert.match(run.output, new RegExp(`no binary at ${path.join(scratch, "nothing").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
});
