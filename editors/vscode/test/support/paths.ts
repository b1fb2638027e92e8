// Paths the tests use, from the compiled location out/test/<suite>/.
import * as path from "node:path";

export const extensionDir = path.resolve(__dirname, "../../..");
export const repoRoot = path.resolve(extensionDir, "../..");
export const examples = path.join(repoRoot, "examples");
/** The VS Code target of this machine, as package.mjs names its .vsix. */
export const hostTarget = `${process.platform}-${process.arch === "arm" ? "armhf" : process.arch}`;
export const vsixPath = process.env.IRISLINT_VSIX ?? path.join(extensionDir, "out", `irislint-${hostTarget}.vsix`);
