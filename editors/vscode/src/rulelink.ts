// The link behind a diagnostic's code: a command that opens the rule's page,
// as `irislint rule CODE` prints it, in a Markdown preview. It works offline
// and with the binary the extension runs, whatever the server's own link is.

/** The command that shows a rule's documentation. */
export const RULE_COMMAND = "irislint.showRule";

/** Whether `code` names an irislint rule. */
export function isRuleCode(code: unknown): code is string {
  return typeof code === "string" && /^IRIS\d{3}$/.test(code);
}

/** `command:irislint.showRule?["IRIS401"]`, the form VS Code's links run. */
export function ruleCommandUri(code: string): string {
  return `command:${RULE_COMMAND}?${encodeURIComponent(JSON.stringify([code]))}`;
}
