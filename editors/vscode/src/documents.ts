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
/** Setup code the server reads (scripts, routines, containers, shell). */
export const SETUP_PATTERNS = [
  "**/*.{script,mac,int,os}",
  "**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,dockerfile}",
  "**/{docker-compose,compose}*.{yml,yaml}",
  "**/*.{sh,bash}",
  "**/{.env,*.env}",
];

export const documentSelector: DocumentFilter[] = [
  { scheme: "file", language: CPF_LANGUAGE },
  { scheme: "file", language: CSPINI_LANGUAGE },
  { scheme: "file", language: "xml" },
  { scheme: "file", pattern: "**/*.cls" },
  // Setup code, by name only: the Dockerfile, YAML and shell languages stay
  // the user's; the server reads these files for their IRIS parts.
  ...SETUP_PATTERNS.map((pattern) => ({ scheme: "file", pattern })),
];

/** Settings whose change needs a new server process. */
export const RESTART_SETTINGS = ["irislint.path", "irislint.profile"];

/** The files whose change the server is told about (its configuration). */
export const CONFIG_FILES_GLOB = "**/{irislint.toml,.irislint.toml}";

export const FIX_ALL_KIND = "source.fixAll.irislint";
