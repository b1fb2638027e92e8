// Finds the irislint binary: the one named by `irislint.path`, else the one
// bundled in the extension's platform package, else `irislint` on PATH (for a
// package built without one). A missing binary is reported in words, with the
// paths tried, before the language client would fail with a spawn error.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Where the binary came from: the setting, the extension's package, or PATH. */
export type Origin = "setting" | "bundled" | "PATH";

export type Resolution = { kind: "found"; path: string; origin: Origin } | { kind: "missing"; message: string };

export interface LookupEnv {
  /** The PATH-like variables of the environment the server will run in. */
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Where a relative `irislint.path` is taken from: the first workspace folder. */
  baseDir?: string;
  isExecutable?: (file: string) => boolean;
  /** The binary in the extension's package (see bundledBinary), if it carries one. */
  bundled?: string;
}

export const BINARY_NAME = "irislint";

/** Where a platform package carries its binary (npm run package puts it there). */
export function bundledBinary(extensionDir: string, platform: NodeJS.Platform): string {
  return path.join(extensionDir, "bin", platform === "win32" ? `${BINARY_NAME}.exe` : BINARY_NAME);
}

export function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform === "win32") return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The names a command is found under: Windows adds the PATHEXT suffixes. */
function candidates(name: string, look: LookupEnv): string[] {
  if (look.platform !== "win32" || path.extname(name) !== "") return [name];
  const exts = (look.env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";").filter(Boolean);
  return [name, ...exts.map((ext) => name + ext.toLowerCase())];
}

function searchPath(name: string, look: LookupEnv, isExec: (f: string) => boolean): string | undefined {
  const pathVar = look.env.PATH ?? look.env.Path ?? "";
  const sep = look.platform === "win32" ? ";" : ":";
  for (const dir of pathVar.split(sep)) {
    if (dir === "") continue;
    for (const candidate of candidates(name, look)) {
      const full = path.join(dir, candidate);
      if (isExec(full)) return full;
    }
  }
  return undefined;
}

function expandHome(p: string): string {
  return p === "~" || p.startsWith("~/") ? path.join(os.homedir(), p.slice(1)) : p;
}

/**
 * Resolves the `irislint.path` setting: empty means the bundled binary, else
 * `irislint` on PATH; a bare name is looked up on PATH; anything with a slash
 * is a file (relative to the first workspace folder).
 */
export function resolveBinary(setting: string, look: LookupEnv): Resolution {
  const isExec = look.isExecutable ?? isExecutableFile;
  const wanted = setting.trim();
  if (wanted === "" && look.bundled && isExec(look.bundled)) return { kind: "found", path: look.bundled, origin: "bundled" };
  if (wanted === "" || !/[\\/]/.test(wanted)) {
    const name = wanted === "" ? BINARY_NAME : wanted;
    const found = searchPath(name, look, isExec);
    if (found) return { kind: "found", path: found, origin: wanted === "" ? "PATH" : "setting" };
    return { kind: "missing", message: missingOnPathMessage(name, wanted === "" ? look.bundled : undefined) };
  }
  const expanded = expandHome(wanted);
  const full = path.isAbsolute(expanded) ? expanded : path.resolve(look.baseDir ?? process.cwd(), expanded);
  if (isExec(full)) return { kind: "found", path: full, origin: "setting" };
  return { kind: "missing", message: missingFileMessage(full) };
}

/** `bundled`: the package's binary, tried first and not found (or not executable). */
export function missingOnPathMessage(name: string, bundled?: string): string {
  const where = bundled ? `is not in this extension (no executable ${bundled}) and ` : "";
  return (
    `irislint: the language server binary "${name}" ${where}was not found on PATH. ` +
    `Install the irislint extension built for this platform, or irislint itself (cargo install --path . in its checkout), ` +
    `or set "irislint.path" to the binary.`
  );
}

export function missingFileMessage(file: string): string {
  return `irislint: "irislint.path" is set to ${file}, which is not an executable file. Fix the setting, or clear it to use the binary bundled with the extension.`;
}
