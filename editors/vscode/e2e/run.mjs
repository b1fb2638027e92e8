// The real-VS Code test: installs the packaged platform .vsix into
// code-server, with no irislint on its PATH, so that the server is the one
// the package carries; opens an insecure merge.cpf in Debian's chromium
// through Playwright, checks the Problems panel and a hover, applies the
// IRIS401 quick fix from the editor's own Ctrl+. menu and the safe fixes with
// the "Fix All" command, saves, and checks the file on disk; last, points
// irislint.path at a binary of another version and at nothing, and reads what
// the user is told. Screenshots go to ../test-output/ (kept by CI).
//
// Usage: node run.mjs VSIX
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium } from "playwright-core";
import * as codeServer from "./codeserver.mjs";
import * as wb from "./workbench.mjs";

const vsix = path.resolve(process.argv[2] ?? "");
if (!process.argv[2] || !fs.existsSync(vsix)) {
  console.error(`usage: node run.mjs VSIX (no such file: ${vsix})`);
  process.exit(2);
}
const here = path.dirname(new URL(import.meta.url).pathname);
const repo = path.resolve(here, "../../..");
const outDir = path.resolve(here, "../test-output");
fs.mkdirSync(outDir, { recursive: true });
// Screenshots of an earlier run would pass for this one's.
for (const f of fs.readdirSync(outDir)) if (/\.(png|html)$/.test(f)) fs.rmSync(path.join(outDir, f));

// As the machine's notes say: no sandbox as root, and no background traffic
// (this machine's network is closed; chromium would retry for ever).
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok" : "not ok"} - ${name}${ok || detail === undefined ? "" : `: ${detail}`}`);
  return ok;
}

/** The files under `dir`, recursively. */
function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The extension's output channel, as VS Code writes it to its logs folder. */
function extensionLog() {
  const logs = path.join(dirs.userData, "logs");
  if (!fs.existsSync(logs)) return "";
  return walk(logs)
    .filter((f) => /irislint.*\.log$/.test(path.basename(f)) || f.includes(`${path.sep}irislint.irislint${path.sep}`))
    .map((f) => fs.readFileSync(f, "utf8"))
    .join("\n");
}

/** The environment of the running `BINARY server` processes (Linux /proc). */
function serverProcessEnvs(binary) {
  const envs = [];
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (argv[0] !== binary || argv[1] !== "server") continue;
      const vars = fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      envs.push(Object.fromEntries(vars.filter(Boolean).map((v) => [v.slice(0, v.indexOf("=")), v.slice(v.indexOf("=") + 1)])));
    } catch {
      // gone, or not ours to read
    }
  }
  return envs;
}

/** The catalogue's description of a CPF setting (what the server's hover shows). */
function catalogueDoc(section, key) {
  const toml = fs.readFileSync(path.join(repo, "src/catalog/cpf.toml"), "utf8");
  const at = toml.indexOf(`name = "${section}"`);
  const entry = new RegExp(`\\[\\[section\\.key\\]\\]\\nname = "${key}"\\n(?:[^\\[].*\\n)*?doc = "([^"]+)"`).exec(toml.slice(at));
  if (at < 0 || !entry) throw new Error(`no catalogue entry for [${section}] ${key}`);
  return entry[1];
}

/** Polls the file on disk until `pred` holds for its lines. */
async function waitForDisk(file, pred) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const lines = fs.readFileSync(file, "utf8").split("\n");
    if (pred(lines) || Date.now() > deadline) return lines;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "irislint-vscode-"));
const dirs = codeServer.makeDirs(tmp);
const file = path.join(dirs.workspace, "merge.cpf");
fs.copyFileSync(path.join(repo, "examples/docker/merge.cpf"), file);
const original = fs.readFileSync(file, "utf8").split("\n");
const appLine = original.findIndex((l) => l.startsWith("CreateApplication:")) + 1;
const webLine = original.indexOf("WebServer=1") + 1;
const appColumn = original[appLine - 1].indexOf("AutheEnabled=96") + 1;
const logFile = path.join(outDir, "code-server.log");
fs.rmSync(logFile, { force: true });

let server;
let browser;
let page;
// A time limit (timeout(1)) ends this script with SIGTERM: take code-server's
// process group, with the extension host and the language server, along.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    server?.kill();
    process.exit(1);
  });
}
/** The first file named `name` below `dir`, or undefined. */
function findFile(dir, name) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && entry.name === name) return full;
    if (entry.isDirectory()) {
      const found = findFile(full, name);
      if (found) return found;
    }
  }
  return undefined;
}

async function step(name, fn) {
  try {
    await fn();
  } catch (err) {
    check(name, false, String(err?.message ?? err).split("\n")[0]);
    if (page && process.env.E2E_DEBUG) fs.writeFileSync(path.join(outDir, "failure.html"), await page.content());
    if (page) await page.screenshot({ path: path.join(outDir, "vscode-failure.png") }).catch(() => {});
    throw err;
  }
}

try {
  await step("no irislint on PATH", async () => {
    // The helper drops a folder holding an irislint, and code-server's PATH has none.
    const decoy = path.join(tmp, "decoy-bin");
    fs.mkdirSync(decoy);
    fs.writeFileSync(path.join(decoy, "irislint"), "#!/bin/sh\nexit 1\n", { mode: 0o755 });
    const stripped = codeServer.pathWithout("irislint", [decoy, process.env.PATH].join(path.delimiter));
    check("PATH is stripped of folders holding an irislint", !stripped.split(path.delimiter).includes(decoy), stripped);
    const found = codeServer.foldersWith("irislint", codeServer.serverEnv.PATH);
    check("code-server runs with no irislint on its PATH", found.length === 0, JSON.stringify(found));
  });
  await step("install the .vsix", async () => {
    const out = await codeServer.installExtension(dirs, vsix);
    check("the .vsix installs into code-server", /successfully installed/.test(out), out.trim());
  });
  server = await codeServer.start(dirs, logFile);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

  await step("open merge.cpf", async () => {
    await page.goto(server.url);
    await wb.waitForWorkbench(page);
    await wb.openFile(page, "merge.cpf");
    // The status bar names the language the extension contributed.
    await page.locator(".statusbar-item", { hasText: "IRIS CPF" }).waitFor({ timeout: 30_000 });
    check("merge.cpf opens as IRIS CPF", (await wb.statusBarText(page)).includes("IRIS CPF"));
  });

  await step("diagnostics", async () => {
    await page.locator(".monaco-editor .squiggly-error").first().waitFor({ timeout: 60_000 });
    check("the editor underlines the findings", (await page.locator(".monaco-editor .squiggly-error").count()) > 0);
    const rows = await wb.waitForProblem(page, /IRIS401.*\[Ln \d+, Col \d+\]/);
    // A row reads "message irislint(IRIS401) [Ln 16, Col 70]" (source and code in separate elements).
    const has = (code, line, col) =>
      rows.some((r) => new RegExp(`irislint\\W*${code}\\b`).test(r) && r.includes(`[Ln ${line}, Col ${col}]`));
    check(`Problems: IRIS401 from irislint at line ${appLine}, column ${appColumn}`, has("IRIS401", appLine, appColumn), JSON.stringify(rows));
    check(`Problems: IRIS501 from irislint at line ${webLine}`, has("IRIS501", webLine, 1), JSON.stringify(rows));
    // IRIS501 is a warning under the default production profile, info under development.
    const web = page.locator(".markers-panel .monaco-list-row", { hasText: "WebServer=1" }).first();
    const label = (await web.getAttribute("aria-label")) ?? "";
    check("irislint.profile reaches the server (IRIS501 is info under development)", label.startsWith("Info:"), label);
    await page.screenshot({ path: path.join(outDir, "vscode-problems.png") });
    const log = extensionLog();
    const started = /starting (\S+) server/.exec(log)?.[1] ?? "";
    check(
      "the server is the binary the .vsix carries",
      started.startsWith(dirs.extensions + path.sep) && started.endsWith(`${path.sep}bin${path.sep}irislint`),
      started || log.slice(0, 500),
    );
    // What the extension host really gave the server (VS Code may rebuild the
    // environment from a login shell): no irislint on its PATH either.
    const envs = serverProcessEnvs(started);
    const onPath = envs.flatMap((env) => codeServer.foldersWith("irislint", env.PATH ?? ""));
    check("the running server's PATH has no irislint", envs.length > 0 && onPath.length === 0, `${envs.length} processes; ${JSON.stringify(onPath)}`);
    check("the extension logged the bundled binary's version", /bundled binary \S+: irislint \d+\.\d+\.\d+ \(rule catalogue/.test(log), log.slice(0, 500));
  });

  await step("rule documentation", async () => {
    // The code in the Problems panel is a link: it opens the rule's page (what
    // `irislint rule CODE` prints) in a Markdown preview.
    const row = page.locator(".markers-panel .monaco-list-row", { hasText: "IRIS401" }).first();
    await row.locator("a.monaco-link").first().click();
    const tab = page.locator(".tabs-container .tab", { hasText: "IRIS401.md" });
    await tab.first().waitFor({ timeout: 30_000 });
    check("clicking IRIS401 in the Problems panel opens its page in a preview", (await tab.first().textContent())?.includes("Preview") === true, await tab.first().textContent());
    const written = findFile(dirs.userData, "IRIS401.md");
    const text = written ? fs.readFileSync(written, "utf8") : "";
    check("the page is the rule's documentation", text.startsWith("# IRIS401 unauthenticated-application") && text.includes("## Example"), text.slice(0, 200));
    await page.waitForTimeout(1_000);
    await page.screenshot({ path: path.join(outDir, "vscode-rule-page.png") });
    // Back to merge.cpf: closing the preview leaves it the active tab; give its
    // text the focus again (the preview's webview had it).
    await page.keyboard.press("Control+w");
    await page.locator(".tab.active", { hasText: "merge.cpf" }).waitFor({ timeout: 30_000 });
    await page.locator(".monaco-editor .view-lines").first().click();
  });

  await step("hover", async () => {
    // On the setting's name: the server's hover shows the catalogue entry.
    await wb.goTo(page, webLine, 2);
    const doc = catalogueDoc("Startup", "WebServer");
    const text = await wb.hoverAtCursor(page, doc.slice(0, 40));
    check("hover on WebServer shows the catalogue's description", text.includes(doc), text);
    check("hover on WebServer names the rule it breaks", text.includes("IRIS501"), text);
    await page.screenshot({ path: path.join(outDir, "vscode-hover.png") });
    await page.keyboard.press("Escape");
  });

  await step("quick fix", async () => {
    await wb.goTo(page, appLine, appColumn);
    const entries = await wb.applyQuickFix(page, "require password authentication (AutheEnabled=32)");
    check("Ctrl+. offers the IRIS401 fix", entries.some((e) => e.includes("require password authentication (AutheEnabled=32)")), JSON.stringify(entries));
    await wb.save(page);
    const lines = await waitForDisk(file, (l) => l[appLine - 1] !== original[appLine - 1]);
    const want = [...original];
    want[appLine - 1] = original[appLine - 1].replace("AutheEnabled=96", "AutheEnabled=32");
    check(`line ${appLine} on disk now requires password authentication`, lines[appLine - 1] === want[appLine - 1], lines[appLine - 1]);
    check("no other line changed", JSON.stringify(lines) === JSON.stringify(want));
    const gone = await wb.waitForProblem(page, /IRIS401/, { absent: true }).then(() => true, (e) => e.message);
    check("IRIS401 leaves the Problems panel", gone === true, gone);
    await page.screenshot({ path: path.join(outDir, "vscode-after-quickfix.png") });
  });

  await step("fix all", async () => {
    await wb.runCommand(page, "irislint: Fix All Safe Problems");
    await page.locator(".tab.active.dirty").waitFor({ timeout: 15_000 });
    await wb.save(page);
    const lines = await waitForDisk(file, (l) => l[webLine - 1] === "WebServer=0");
    check(`"irislint: Fix All Safe Problems" turns the web server off (line ${webLine})`, lines[webLine - 1] === "WebServer=0", lines[webLine - 1]);
    const gone = await wb.waitForProblem(page, /IRIS501/, { absent: true }).then(() => true, (e) => e.message);
    check("IRIS501 leaves the Problems panel", gone === true, gone);
  });

  await step("version mismatch", async () => {
    // A binary of another version named by irislint.path: the server starts,
    // and the user is warned with both versions.
    const bundled = walk(dirs.extensions).find((f) => f.endsWith(`${path.sep}bin${path.sep}irislint`));
    const other = path.join(tmp, "irislint-0.0.9");
    fs.writeFileSync(
      other,
      `#!/bin/sh\nif [ "$1" = --version ]; then echo "irislint 0.0.9 (rule catalogue 00000000, 1 rules)"; exit 0; fi\nexec "${bundled}" "$@"\n`,
      { mode: 0o755 },
    );
    fs.mkdirSync(path.join(dirs.workspace, ".vscode"), { recursive: true });
    fs.writeFileSync(path.join(dirs.workspace, ".vscode", "settings.json"), JSON.stringify({ "irislint.path": other }));
    const toast = page.locator(".notification-toast", { hasText: "is version 0.0.9" });
    await toast.waitFor({ timeout: 30_000 });
    const text = (await toast.innerText()).replace(/\s+/g, " ");
    const version = JSON.parse(fs.readFileSync(path.join(here, "..", "package.json"), "utf8")).version;
    check("a binary of another version brings a warning naming it and both versions", text.includes(other) && text.includes(`this extension is ${version}`), text);
    const back = await wb.waitForProblem(page, /irislint\W*IRIS104/).then(() => true, (e) => e.message);
    check("the server of the other version runs all the same (its findings come back)", back === true, back);
    await page.screenshot({ path: path.join(outDir, "vscode-version-mismatch.png") });
    await toast.locator(".codicon-notifications-clear, .codicon-close").first().click().catch(() => {});
  });

  await step("missing binary", async () => {
    // What a user sees after pointing irislint.path at nothing (here in the
    // workspace's settings): the extension restarts the server and says why not.
    const bad = path.join(tmp, "no-such-dir", "irislint");
    fs.mkdirSync(path.join(dirs.workspace, ".vscode"), { recursive: true });
    fs.writeFileSync(path.join(dirs.workspace, ".vscode", "settings.json"), JSON.stringify({ "irislint.path": bad }));
    const toast = page.locator(".notification-toast", { hasText: "not an executable file" });
    await toast.waitFor({ timeout: 30_000 });
    const text = (await toast.innerText()).replace(/\s+/g, " ");
    check("a missing binary is reported in a notification naming the path and the setting", text.includes(bad) && text.includes("irislint.path"), text);
    check("the notification offers to open the setting", await toast.locator(".monaco-button", { hasText: "Open Settings" }).isVisible());
    await page.screenshot({ path: path.join(outDir, "vscode-missing-binary.png") });
  });
} catch {
  // Reported by step(); the summary below counts it.
} finally {
  await browser?.close().catch(() => {});
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`vscode: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
