import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, test } from "node:test";
import { parseVersion, probeBinary, programSystem, versionMismatch } from "../../src/probe";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "irislint-probe-"));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A scratch executable with the given contents. */
function program(name: string, text: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(scratch, "bin-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text, { mode: 0o755 });
  return file;
}

test("parseVersion reads irislint's --version line", () => {
  assert.equal(parseVersion("irislint 0.1.0 (rule catalogue 1a2b3c4d, 44 rules)\n"), "0.1.0");
  assert.equal(parseVersion("irislint 1.2.3-beta.1"), "1.2.3-beta.1");
  assert.equal(parseVersion("ruff 0.6.0"), undefined);
});

test("programSystem tells Linux, Windows and macOS programs, and scripts, by their first bytes", () => {
  assert.equal(programSystem(Buffer.from([0x7f, 0x45, 0x4c, 0x46])), "linux");
  assert.equal(programSystem(Buffer.from("MZ\x90\x00", "latin1")), "win32");
  assert.equal(programSystem(Buffer.from([0xcf, 0xfa, 0xed, 0xfe])), "darwin");
  assert.equal(programSystem(Buffer.from("#!/b")), undefined);
});

test("a binary that answers --version runs, with its version and its words", async () => {
  const bin = program("irislint", '#!/bin/sh\necho "irislint 0.1.0 (rule catalogue 1a2b3c4d, 44 rules)"\n');
  assert.deepEqual(await probeBinary(bin), { kind: "runs", version: "0.1.0", text: "irislint 0.1.0 (rule catalogue 1a2b3c4d, 44 rules)" });
});

test("a binary that fails says its path, its exit status and its first error line", async () => {
  const bin = program("irislint", "#!/bin/sh\necho 'error while loading shared libraries: libfoo.so' >&2\nexit 127\n");
  const probe = await probeBinary(bin);
  assert.equal(probe.kind, "fails");
  const message = probe.kind === "fails" ? probe.message : "";
  assert.ok(message.includes(bin), message);
  assert.match(message, /does not run \(exit status 127: error while loading shared libraries: libfoo\.so\)/);
});

test("a file that is not a program for this system is named as such", async () => {
  const bin = program("irislint", Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00])); // a Windows .exe's first bytes
  const probe = await probeBinary(bin);
  assert.equal(probe.kind, "fails");
  const message = probe.kind === "fails" ? probe.message : "";
  assert.ok(message.includes(bin), message);
  assert.match(message, /does not run \(it is a program for Windows, not for Linux: install the extension built for this platform\)/);
});

test("a program that hangs is given up on, with the reason", async () => {
  const bin = program("irislint", "#!/bin/sh\nexec sleep 5\n");
  const probe = await probeBinary(bin, 300);
  assert.match(probe.kind === "fails" ? probe.message : "", /did not answer --version within 0\.3 s/);
});

test("another program under the name is not taken for irislint", async () => {
  const bin = program("irislint", "#!/bin/sh\necho 'usage: something else'\n");
  const probe = await probeBinary(bin);
  assert.match(probe.kind === "fails" ? probe.message : "", /does not look like irislint \(its --version said: usage: something else\)/);
});

test("a version other than the extension's is a warning saying both, and what to do", () => {
  assert.equal(versionMismatch("/b/irislint", "PATH", "0.1.0", "0.1.0"), undefined);
  const fromSetting = versionMismatch("/opt/irislint", "setting", "0.0.9", "0.1.0") ?? "";
  assert.match(fromSetting, /\/opt\/irislint is version 0\.0\.9, this extension is 0\.1\.0/);
  assert.match(fromSetting, /Clear "irislint\.path"/);
  assert.match(versionMismatch("/usr/bin/irislint", "PATH", "0.2.0", "0.1.0") ?? "", /Install irislint 0\.1\.0/);
});
