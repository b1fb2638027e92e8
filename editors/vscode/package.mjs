// `npm run package`: one platform-specific .vsix per binary, each carrying its
// irislint in bin/ (the extension runs that one unless irislint.path names
// another). The host's binary is built with `cargo build --release`, or taken
// from IRISLINT_BINARY; other targets are packaged when their binaries are
// given as IRISLINT_BINARY_<TARGET> (IRISLINT_BINARY_DARWIN_ARM64=…).
// Writes out/irislint-<target>.vsix (IRISLINT_VSIX_DIR: another folder).
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const here = path.dirname(new URL(import.meta.url).pathname);
const repo = path.resolve(here, "../..");
const manifest = JSON.parse(fs.readFileSync(path.join(here, "package.json"), "utf8"));
const TARGETS = ["linux-x64", "linux-arm64", "linux-armhf", "alpine-x64", "alpine-arm64", "darwin-x64", "darwin-arm64", "win32-x64", "win32-arm64"];

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

function hostTarget() {
  const arch = { x64: "x64", arm64: "arm64", arm: "armhf" }[process.arch];
  const musl = process.platform === "linux" && !process.report.getReport().header.glibcVersionRuntime;
  const target = `${musl ? "alpine" : process.platform}-${arch}`;
  if (!TARGETS.includes(target)) fail(`no VS Code target for this machine (${process.platform}-${process.arch})`);
  return target;
}

const envName = (target) => `IRISLINT_BINARY_${target.toUpperCase().replace("-", "_")}`;

/** A path from the environment, relative to where npm was run (INIT_CWD). */
const given = (file) => path.resolve(process.env.INIT_CWD ?? process.cwd(), file);

/** target -> binary: the host's (given or built), then any others given. */
function binaries(host) {
  const found = new Map();
  if (process.env.IRISLINT_BINARY) {
    found.set(host, given(process.env.IRISLINT_BINARY));
  } else {
    console.log("package: cargo build --release --locked (IRISLINT_BINARY names a binary instead)");
    try {
      execFileSync("cargo", ["build", "--release", "--locked", "--quiet"], { cwd: repo, stdio: "inherit" });
    } catch (err) {
      fail(`cargo build --release failed in ${repo} (${err.code ?? `exit status ${err.status}`}); or name a binary with IRISLINT_BINARY`);
    }
    found.set(host, path.join(repo, "target", "release", process.platform === "win32" ? "irislint.exe" : "irislint"));
  }
  for (const target of TARGETS) {
    const named = process.env[envName(target)];
    if (named) found.set(target, given(named));
  }
  return found;
}

/** The host's binary must run and be this extension's version. */
function checkVersion(binary) {
  let text;
  try {
    text = execFileSync(binary, ["--version"], { encoding: "utf8", timeout: 10_000 }).trim();
  } catch (err) {
    fail(`${binary} --version failed: ${err.message.split("\n")[0]}`);
  }
  const version = /^irislint (\S+)/.exec(text)?.[1];
  if (version !== manifest.version) fail(`${binary} says "${text}"; the extension is ${manifest.version}`);
  console.log(`package: ${binary}: ${text}`);
}

function hasStrip() {
  try {
    execFileSync("strip", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Copies the binary to bin/; symbols are stripped from the host's (a debug build halves). */
function stage(target, binary, host) {
  const bin = path.join(here, "bin");
  fs.rmSync(bin, { recursive: true, force: true });
  fs.mkdirSync(bin);
  const staged = path.join(bin, target.startsWith("win32") ? "irislint.exe" : "irislint");
  fs.copyFileSync(binary, staged);
  fs.chmodSync(staged, 0o755);
  if (target === host && process.platform === "linux" && hasStrip()) execFileSync("strip", [staged]);
}

const host = hostTarget();
const found = binaries(host);
for (const [target, binary] of found) {
  if (!fs.statSync(binary, { throwIfNoEntry: false })?.isFile()) fail(`no binary at ${binary} (for ${target})`);
}
checkVersion(found.get(host));
const outDir = process.env.IRISLINT_VSIX_DIR ? given(process.env.IRISLINT_VSIX_DIR) : path.join(here, "out");
fs.mkdirSync(outDir, { recursive: true });
const vsce = path.join(here, "node_modules", ".bin", "vsce");
try {
  for (const [target, binary] of found) {
    stage(target, binary, host);
    const out = path.join(outDir, `irislint-${target}.vsix`);
    execFileSync(vsce, ["package", "--target", target, "--no-dependencies", "--allow-missing-repository", "--out", out], {
      cwd: here,
      stdio: ["ignore", "ignore", "inherit"],
    });
    console.log(`package: ${path.relative(here, out)} (${target}, ${fs.statSync(out).size} bytes, binary from ${binary})`);
  }
} finally {
  fs.rmSync(path.join(here, "bin"), { recursive: true, force: true });
}
