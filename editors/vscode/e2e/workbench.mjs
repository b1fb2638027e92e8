// What a user does in the VS Code workbench, as Playwright steps: open a file
// with Quick Open, move the cursor, open the quick-fix menu, run a command.
// The selectors are VS Code's own (checked against VS Code 1.100).

const TIMEOUT = 30_000;

export async function waitForWorkbench(page) {
  await page.waitForSelector(".monaco-workbench .part.editor", { timeout: 60_000 });
  // The status bar is the last part to be filled in.
  await page.waitForSelector(".statusbar-item", { timeout: TIMEOUT });
}

/** Opens a workspace file through Quick Open (Ctrl+P). */
export async function openFile(page, name) {
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: TIMEOUT });
  await input.fill(name);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press("Enter");
  await page.locator(`.tab.active`, { hasText: name }).waitFor({ timeout: TIMEOUT });
  await page.locator(".monaco-editor .view-lines").first().waitFor({ timeout: TIMEOUT });
}

export async function statusBarText(page) {
  return (await page.locator(".statusbar").innerText()).replace(/\s+/g, " ");
}

/** Moves the cursor with Go to Line (Ctrl+G), "line:column", 1-based. */
export async function goTo(page, line, column) {
  await page.locator(".monaco-editor textarea").first().focus();
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: TIMEOUT });
  // Go to Line is Quick Open with a ":" prefix; fill() replaces the prefix too.
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press("Enter");
  await input.waitFor({ state: "hidden", timeout: TIMEOUT });
}

/** The Problems panel's rows (Ctrl+Shift+M opens it), as their visible text. */
export async function problems(page) {
  const panel = page.locator(".markers-panel");
  if (!(await panel.isVisible())) await page.keyboard.press("Control+Shift+M");
  await panel.waitFor({ state: "visible", timeout: TIMEOUT });
  return page.locator(".markers-panel .monaco-list-row").allInnerTexts();
}

/** Waits until a Problems row matches `re` (or, with `absent`, none does). */
export async function waitForProblem(page, re, { absent = false } = {}) {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const rows = (await problems(page)).map((r) => r.replace(/\s+/g, " "));
    const hit = rows.some((r) => re.test(r));
    if (hit !== absent) return rows;
    if (Date.now() > deadline) throw new Error(`Problems panel ${absent ? "still has" : "lacks"} ${re}: ${JSON.stringify(rows)}`);
    await page.waitForTimeout(250);
  }
}

/**
 * Opens the quick-fix menu at the cursor (Ctrl+.) and clicks the action whose
 * title starts with `title`; returns the menu's entries as shown.
 */
export async function applyQuickFix(page, title) {
  await page.locator(".monaco-editor textarea").first().focus();
  await page.keyboard.press("Control+.");
  const menu = page.locator(".action-widget");
  await menu.waitFor({ state: "visible", timeout: TIMEOUT });
  const entries = await menu.locator(".monaco-list-row.action").allInnerTexts();
  // Chosen with the keyboard, as the menu's own hint says ("Enter to Apply"):
  // a mouse click on it races with the widget's layout in headless chromium.
  const focused = menu.locator(".monaco-list-row.action.focused");
  for (let i = 0; i < entries.length; i++) {
    if ((await focused.getAttribute("aria-label"))?.startsWith(title)) {
      await page.keyboard.press("Enter");
      break;
    }
    await page.keyboard.press("ArrowDown");
  }
  await menu.waitFor({ state: "hidden", timeout: TIMEOUT });
  return entries;
}

/** Runs a command by its title from the Command Palette (F1). */
export async function runCommand(page, title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: TIMEOUT });
  await input.fill(`>${title}`);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press("Enter");
  await input.waitFor({ state: "hidden", timeout: TIMEOUT });
}

export async function save(page) {
  await page.locator(".monaco-editor textarea").first().focus();
  await page.keyboard.press("Control+S");
  await page.locator(".tab.active.dirty").waitFor({ state: "detached", timeout: TIMEOUT });
}

/**
 * Shows the hover at the cursor (Show or Focus Hover, Ctrl+K Ctrl+I) and
 * returns its text once it holds `expected`.
 */
export async function hoverAtCursor(page, expected) {
  await page.locator(".monaco-editor textarea").first().focus();
  await page.keyboard.press("Control+K");
  await page.keyboard.press("Control+I");
  const hover = page.locator(".monaco-hover", { hasText: expected }).first();
  await hover.waitFor({ state: "visible", timeout: TIMEOUT });
  return (await hover.innerText()).replace(/\s+/g, " ");
}
