// Runs `irislint --version` before the server is started: a binary that does
// not run is reported with its path and the reason (the language client would
// only say that the server crashed), and one whose version differs from the
// extension's brings a warning (its rules, fixes and settings may differ).
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import type { Origin } from "./binary";

export type Probe = { kind: "runs"; version: string; text: string } | { kind: "fails"; message: string };

/** The first line irislint prints for --version: `irislint 0.1.0 (rule catalogue …, 44 rules)`. */
export function parseVersion(text: string): string | undefined {
  return /^irislint (\d+\.\d+\.\d+\S*)/.exec(text.trim())?.[1];
}

export function probeBinary(file: string, timeoutMs = 10_000): Promise<Probe> {
  return new Promise((resolve) => {
    execFile(file, ["--version"], { timeout: timeoutMs, windowsHide: true }, (err, stdout, stderr) => {
      const text = String(stdout).trim();
      if (!err) {
        const version = parseVersion(text);
        if (version) resolve({ kind: "runs", version, text });
        else resolve({ kind: "fails", message: notIrislintMessage(file, text) });
        return;
      }
      const foreign = foreignProgram(file, process.platform);
      resolve({ kind: "fails", message: doesNotRunMessage(file, foreign ?? why(err, String(stderr), timeoutMs)) });
    });
  });
}

/** The system a program file is for, from its first bytes (ELF, PE, Mach-O). */
export function programSystem(head: Buffer): NodeJS.Platform | undefined {
  if (head.length >= 4 && head.readUInt32BE(0) === 0x7f454c46) return "linux";
  if (head.length >= 2 && head.toString("latin1", 0, 2) === "MZ") return "win32";
  if (head.length >= 4 && [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(head.readUInt32BE(0))) return "darwin";
  return undefined;
}

/** Why a binary for another system fails, or undefined when it is not one. */
function foreignProgram(file: string, platform: NodeJS.Platform): string | undefined {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, "r");
    head = Buffer.alloc(4);
    fs.readSync(fd, head, 0, 4, 0);
    fs.closeSync(fd);
  } catch {
    return undefined;
  }
  const system = programSystem(head);
  const names: Partial<Record<NodeJS.Platform, string>> = { linux: "Linux", win32: "Windows", darwin: "macOS" };
  if (!system || system === platform) return undefined;
  return `it is a program for ${names[system]}, not for ${names[platform] ?? platform}: install the extension built for this platform`;
}

type ExecError = Error & { code?: string | number | null; killed?: boolean; signal?: NodeJS.Signals | null };

function why(err: ExecError, stderr: string, timeoutMs: number): string {
  if (err.killed || err.signal === "SIGTERM") return `it did not answer --version within ${timeoutMs / 1000} s`;
  if (err.signal) return `it was ended by ${err.signal}`;
  const firstLine = stderr.trim().split("\n")[0];
  if (typeof err.code === "number") return `exit status ${err.code}${firstLine ? `: ${firstLine}` : ""}`;
  switch (err.code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
      return "permission denied (not executable)";
    case "ENOEXEC":
      return "not a program for this system (wrong platform?)";
    default:
      return err.message;
  }
}

export function doesNotRunMessage(file: string, reason: string): string {
  return `irislint: the language server binary ${file} does not run (${reason}). Set "irislint.path" to a working irislint, or reinstall the extension.`;
}

function notIrislintMessage(file: string, text: string): string {
  const said = text.split("\n")[0] || "nothing";
  return `irislint: ${file} does not look like irislint (its --version said: ${said}). Set "irislint.path" to the irislint binary.`;
}

/** A warning when the binary's version is not the extension's, else undefined. */
export function versionMismatch(file: string, origin: Origin, binaryVersion: string, extensionVersion: string): string | undefined {
  if (binaryVersion === extensionVersion) return undefined;
  const remedy = {
    bundled: "Reinstall the extension.",
    setting: `Clear "irislint.path" to use the binary bundled with the extension, or point it at irislint ${extensionVersion}.`,
    PATH: `Install irislint ${extensionVersion}, or the extension built for this platform (it carries its own).`,
  }[origin];
  return (
    `irislint: the language server ${file} is version ${binaryVersion}, this extension is ${extensionVersion}; ` +
    `findings, fixes and settings may not match. ${remedy}`
  );
}
