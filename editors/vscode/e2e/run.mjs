// The real-VS Code test: installs the packaged .vsix into code-server, opens
// an insecure merge.cpf in Debian's chromium through Playwright, checks the
// Problems panel, applies the IRIS401 quick fix from the editor's own Ctrl+.
// menu and the safe fixes with the "Fix All" command, saves, and checks the
// file on disk; last, points irislint.path at nothing and reads the error
// the user gets. Screenshots go to ../test-output/ (kept by CI).
//
// Usage: node run.mjs IRISLINT_BINARY VSIX
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium } from "playwright-core";
import * as codeServer from "./codeserver.mjs";
import * as wb from "./workbench.mjs";

const [binary, vsix] = process.argv.slice(2).map((p) => path.resolve(p));
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
const dirs = codeServer.makeDirs(tmp, binary);
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
