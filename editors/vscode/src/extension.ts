// VS Code entry point: starts `irislint server` for IRIS configuration files
// and wires the settings and commands to it. The logic that does not need VS
// Code (finding the binary, the selector, the options) lives beside this file.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";
import { bundledBinary, resolveBinary } from "./binary";
import { CONFIG_FILES_GLOB, documentSelector, FIX_ALL_KIND, RESTART_SETTINGS } from "./documents";
import { initializationOptions, serverArgs } from "./options";
import { probeBinary, versionMismatch } from "./probe";
import { isRuleCode, RULE_COMMAND, ruleCommandUri } from "./rulelink";
import { execFile } from "node:child_process";

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let extension: vscode.Extension<unknown>;
let storage: vscode.Uri;
/** The binary the running server is (for `irislint rule CODE`). */
let binary: string | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extension = context.extension;
  storage = context.globalStorageUri;
  output = vscode.window.createOutputChannel("irislint", { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("irislint.restartServer", restart),
    vscode.commands.registerCommand("irislint.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("irislint.fixAll", fixAll),
    vscode.commands.registerCommand(RULE_COMMAND, showRule),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RESTART_SETTINGS.some((s) => e.affectsConfiguration(s))) void restart();
    }),
  );
  await serially(start);
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration("irislint");
  const resolution = resolveBinary(config.get<string>("path") ?? "", {
    env: process.env,
    platform: process.platform,
    baseDir: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    bundled: bundledBinary(extension.extensionPath, process.platform),
  });
  if (resolution.kind === "missing") return reportError(resolution.message);
  const probe = await probeBinary(resolution.path);
  if (probe.kind === "fails") return reportError(probe.message);
  output.info(`${resolution.origin} binary ${resolution.path}: ${probe.text}`);
  const extensionVersion = String((extension.packageJSON as { version?: unknown }).version);
  const mismatch = versionMismatch(resolution.path, resolution.origin, probe.version, extensionVersion);
  if (mismatch) {
    output.warn(mismatch);
    void vscode.window.showWarningMessage(mismatch);
  }
  binary = resolution.path;
  output.info(`starting ${resolution.path} ${serverArgs().join(" ")}`);
  // No `transport` on purpose: the client would then add a `--stdio` argument.
  const serverOptions: ServerOptions = { command: resolution.path, args: serverArgs() };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    initializationOptions: initializationOptions(config.get("profile")),
    // A code links to its rule's page, opened by this extension (pushed and pulled diagnostics alike).
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => next(uri, diagnostics.map(linkRule)),
      provideDiagnostics: async (document, previousResultId, token, next) => {
        const report = await next(document, previousResultId, token);
        if (report && "items" in report) report.items = report.items.map(linkRule);
        return report;
      },
    },
    synchronize: {
      configurationSection: "irislint",
      fileEvents: vscode.workspace.createFileSystemWatcher(CONFIG_FILES_GLOB),
    },
  };
  client = new LanguageClient("irislint", "irislint", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    const message = `irislint: the language server did not start (${resolution.path}): ${String(err)}`;
    output.error(message);
    void vscode.window.showErrorMessage(message);
  }
}

function linkRule(d: vscode.Diagnostic): vscode.Diagnostic {
  const code = typeof d.code === "object" ? d.code.value : d.code;
  if (isRuleCode(code)) d.code = { value: code, target: vscode.Uri.parse(ruleCommandUri(code)) };
  return d;
}

/** Opens `irislint rule CODE` in a Markdown preview. */
async function showRule(code?: unknown): Promise<void> {
  const rule = isRuleCode(code) ? code : await vscode.window.showInputBox({ prompt: "Rule code (IRIS401)", validateInput: (v) => (isRuleCode(v) ? undefined : "a code such as IRIS401") });
  if (!rule) return;
  if (!binary) return reportError("irislint: no binary to read the rule's documentation from (see irislint.path)");
  const text = await new Promise<string>((resolve, reject) =>
    execFile(binary as string, ["rule", rule], (err, stdout, stderr) => (err ? reject(new Error(stderr || String(err))) : resolve(stdout))),
  ).catch((err) => {
    reportError(`irislint: ${binary} rule ${rule} failed: ${String(err?.message ?? err)}`);
    return undefined;
  });
  if (text === undefined) return;
  const dir = vscode.Uri.joinPath(storage, "rules");
  await vscode.workspace.fs.createDirectory(dir);
  const page = vscode.Uri.joinPath(dir, `${rule}.md`);
  await vscode.workspace.fs.writeFile(page, Buffer.from(text, "utf8"));
  await vscode.commands.executeCommand("markdown.showPreview", page);
}

/** In the output and in a notification that offers the setting. */
function reportError(message: string): void {
  output.error(message);
  // Not awaited: activation must not wait for the user to dismiss it.
  void vscode.window.showErrorMessage(message, "Open Settings").then((choice) => {
    if (choice) void vscode.commands.executeCommand("workbench.action.openSettings", "irislint.path");
  });
}

async function stop(): Promise<void> {
  const old = client;
  client = undefined;
  if (old?.isRunning()) await old.stop();
}

// Starts and restarts run one after the other: settings can change again
// while a start is still probing the binary, and two starts would run two
// servers. A failed step is logged and does not stop the next.
let lifecycle: Promise<void> = Promise.resolve();

function serially(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step).catch((err) => output.error(`irislint: ${String(err)}`));
  return lifecycle;
}

function restart(): Promise<void> {
  return serially(async () => {
    await stop();
    await start();
  });
}

/** Applies the server's `source.fixAll.irislint` action to the active file. */
async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const doc = editor.document;
  const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      "vscode.executeCodeActionProvider",
      doc.uri,
      whole,
      FIX_ALL_KIND,
      1, // resolve the edit of one action, if the server defers it
    )) ?? [];
  const action = actions.find((a) => a.kind?.value === FIX_ALL_KIND);
  if (!action) {
    void vscode.window.showInformationMessage("irislint: no safe fixes for this file.");
    return;
  }
  if (action.edit) await vscode.workspace.applyEdit(action.edit);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}
