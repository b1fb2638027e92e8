// Which documents the server sees. Kept free of the vscode module so that
// the selector is unit-tested under plain node.

export interface DocumentFilter {
  scheme: string;
  language?: string;
  pattern?: string;
}

export const CPF_LANGUAGE = "iris-cpf";
export const CSPINI_LANGUAGE = "iris-cspini";

/**
 * CPF files and CSP.ini by language; XML by language, since an %Installer
 * manifest can have any name (the server tells manifests and module.xml from
 * other XML by their root element and ignores the rest); class files by name,
 * whatever extension gives them a language, for their installer XData blocks.
 */
export const documentSelector: DocumentFilter[] = [
  { scheme: "file", language: CPF_LANGUAGE },
  { scheme: "file", language: CSPINI_LANGUAGE },
  { scheme: "file", language: "xml" },
  { scheme: "file", pattern: "**/*.cls" },
];

/** Settings whose change needs a new server process. */
export const RESTART_SETTINGS = ["irislint.path", "irislint.profile"];

/** The files whose change the server is told about (its configuration). */
export const CONFIG_FILES_GLOB = "**/{irislint.toml,.irislint.toml}";

export const FIX_ALL_KIND = "source.fixAll.irislint";
