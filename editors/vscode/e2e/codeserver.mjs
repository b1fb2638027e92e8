// Runs code-server (the VS Code workbench in a browser) on a loopback port,
// with a throw-away user-data and extensions directory, and with no irislint
// on its PATH: the extension must bring its own.
import { spawn, execFile } from "node:child_process";
import { once } from "node:events";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { promisify } from "node:util";

const here = path.dirname(new URL(import.meta.url).pathname);
const bin = path.join(here, "node_modules", ".bin", "code-server");

/** PATH without the folders that hold an executable `name`. */
export function pathWithout(name, pathVar = process.env.PATH ?? "") {
  return pathVar
    .split(path.delimiter)
    .filter((dir) => dir !== "" && !isExecutable(path.join(dir, name)))
    .join(path.delimiter);
}

/** The folders of a PATH holding an executable `name` (none, for the test). */
export function foldersWith(name, pathVar) {
  return pathVar.split(path.delimiter).filter((dir) => dir !== "" && isExecutable(path.join(dir, name)));
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** What code-server, its extension host and the language server run with. */
export const serverEnv = { ...process.env, PATH: pathWithout("irislint") };

/** Settings that keep the workbench quiet and predictable for a test. */
export function testSettings() {
  return {
    // No irislint.path: the extension runs the binary it carries.
    // Not the default, so that the test sees the setting reach the server.
    "irislint.profile": "development",
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
    "workbench.welcomePage.walkthroughs.openOnInstall": false,
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "extensions.ignoreRecommendations": true,
    "window.restoreWindows": "none",
    "files.autoSave": "off",
    "editor.minimap.enabled": false,
    "chat.commandCenter.enabled": false,
  };
}

export function makeDirs(root) {
  const dirs = {
    userData: path.join(root, "user-data"),
    extensions: path.join(root, "extensions"),
    workspace: path.join(root, "workspace"),
    config: path.join(root, "config.yaml"),
  };
  for (const d of [dirs.userData, dirs.extensions, dirs.workspace]) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, "User"), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, "User", "settings.json"), JSON.stringify(testSettings(), null, 2));
  // An explicit config file: otherwise code-server writes one under ~/.config.
  fs.writeFileSync(dirs.config, "auth: none\n");
  return dirs;
}

const common = (dirs) => ["--config", dirs.config, "--user-data-dir", dirs.userData, "--extensions-dir", dirs.extensions];

export async function installExtension(dirs, vsix) {
  const { stdout } = await promisify(execFile)(bin, [...common(dirs), "--install-extension", vsix], {
    timeout: 120_000,
    env: serverEnv,
  });
  return stdout;
}

async function freePort() {
  const server = net.createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  return port;
}

/** Starts code-server and resolves once it answers HTTP; `stop()` ends it. */
export async function start(dirs, logFile) {
  const port = await freePort();
  const log = fs.openSync(logFile, "a");
  const child = spawn(
    bin,
    [
      ...common(dirs),
      "--bind-addr", `127.0.0.1:${port}`,
      "--auth", "none",
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      dirs.workspace,
    ],
    { stdio: ["ignore", log, log], detached: true, env: serverEnv },
  );
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}); see ${logFile}`);
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url}; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    /** Ends the process group: code-server, its extension host, our server. */
    async stop() {
      const signal = (sig) => {
        try {
          process.kill(-child.pid, sig);
          return true;
        } catch {
          return false; // the group is gone
        }
      };
      signal("SIGTERM");
      // The extension host outlives SIGTERM (it waits for the client to come
      // back): give the group a moment, then kill what is left.
      for (let i = 0; i < 20 && signal(0); i++) await new Promise((r) => setTimeout(r, 100));
      signal("SIGKILL");
    },
    /** For a signal handler, which cannot wait. */
    kill() {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    },
  };
}
