// Loads the extension's TextMate grammars with the same engine VS Code uses
// (vscode-textmate + the oniguruma WebAssembly build) and tokenizes text.
import * as fs from "node:fs";
import * as path from "node:path";
import * as oniguruma from "vscode-oniguruma";
import * as textmate from "vscode-textmate";
import { extensionDir } from "./paths";

export interface Token {
  text: string;
  scopes: string[];
}

let registry: textmate.Registry | undefined;

async function getRegistry(): Promise<textmate.Registry> {
  if (registry) return registry;
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionDir, "package.json"), "utf8"));
  const paths = new Map<string, string>(
    manifest.contributes.grammars.map((g: { scopeName: string; path: string }) => [g.scopeName, g.path]),
  );
  registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      const file = paths.get(scopeName);
      if (!file) return null;
      const full = path.join(extensionDir, file);
      return textmate.parseRawGrammar(fs.readFileSync(full, "utf8"), full);
    },
  });
  return registry;
}

/** Tokenizes `text` line by line, carrying the grammar's state across lines. */
export async function tokenize(scopeName: string, text: string): Promise<Token[][]> {
  const grammar = await (await getRegistry()).loadGrammar(scopeName);
  if (!grammar) throw new Error(`no grammar ${scopeName}`);
  let state = textmate.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The scopes at the first occurrence of `needle` on a line (0-based). */
export function scopesAt(lines: Token[][], line: number, needle: string): string[] {
  const text = lines[line].map((t) => t.text).join("");
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`no "${needle}" on line ${line + 1}: ${text}`);
  let start = 0;
  for (const token of lines[line]) {
    if (at < start + token.text.length) return token.scopes;
    start += token.text.length;
  }
  throw new Error("unreachable");
}
