// Drive VS Code (code-server) in headless Chromium: open the example,
// wait for the Problems panel to list uncited-fact, check the status bar
// score, hover a fact key, edit a fact and see the score follow, and keep a
// screenshot. Then author a small dossier as an analyst would: hover a
// source's `kind`, fix a typo through its quick fix, type a new source
// with completion, insert the missing questions, compare the result with
// git's HEAD in the Markdown preview and watch the preview follow an edit.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

// playwright-core lives in the cache, not in this package's node_modules.
const require = createRequire(path.join(process.env.PW_DIR || ".", "node_modules", "x.js"));
const { chromium } = require("playwright-core");

const [url, out] = process.argv.slice(2);
const lines = fs.readFileSync(path.join(process.env.WS || "", "alibaba-cloud.dossier.yaml"), "utf8").split("\n");
const acme = fs.readFileSync(path.join(process.env.WS || "", "acme.dossier.yaml"), "utf8").split("\n");
const step = (m) => console.log(`ok - ${m}`);

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
let failed = false;

// Put the cursor at line:column (1-based) with Go to Line.
async function goTo(line, col) {
  await page.keyboard.press("Control+G");
  await page.waitForSelector(".quick-input-widget input", { timeout: 10000 });
  await page.keyboard.type(`${line}:${col}`);
  await page.keyboard.press("Enter");
  // Keys typed next must reach the editor, not the closing quick input.
  await page.waitForSelector(".quick-input-widget", { state: "hidden", timeout: 10000 });
}
const lineOf = (text, needle) => text.findIndex((l) => l.includes(needle)) + 1;
// Run a command by its title from the Command Palette.
async function command(title) {
  await page.keyboard.press("Control+Shift+P");
  await page.waitForSelector(".quick-input-widget input", { timeout: 10000 });
  await page.keyboard.type(title);
  await page.locator(".quick-input-widget .monaco-list-row", { hasText: title }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press("Enter");
  await page.waitForSelector(".quick-input-widget", { state: "hidden", timeout: 10000 });
}
// How often `query` occurs in the active editor's text (the find widget's
// count: it searches the whole document, not only the lines on screen).
async function occurrences(query) {
  await page.keyboard.press("Control+F");
  const input = page.locator(".editor-group-container.active .find-widget textarea, .editor-group-container.active .find-widget input").first();
  await input.waitFor({ timeout: 10000 });
  await input.fill(query);
  const count = page.locator(".editor-group-container.active .find-widget .matchesCount");
  await page.waitForTimeout(200);
  const text = (await count.textContent()) || "";
  await page.keyboard.press("Escape");
  const m = /of (\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}
async function waitOccurrences(query, n, what) {
  const deadline = Date.now() + 15000;
  let found = -1;
  while (Date.now() < deadline) {
    found = await occurrences(query);
    if (found === n) return;
    await page.waitForTimeout(300);
  }
  throw new Error(`${what}: ${JSON.stringify(query)} occurs ${found} times, expected ${n}`);
}
// Open the quick-fix menu at the cursor and pick the entry matching `title`.
async function quickFix(title) {
  await page.keyboard.press("Control+.");
  const row = page.locator(".action-widget .monaco-list-row", { hasText: title }).first();
  await row.waitFor({ timeout: 20000 });
  const first = (await page.locator(".action-widget .monaco-list-row.action").first().textContent()) || "";
  await row.click();
  return first;
}
// The text of the webviews (the Markdown preview is one: nested iframes),
// not of the workbench, whose editors show the same words.
async function frameText() {
  const frames = page.frames().filter((f) => f !== page.mainFrame());
  const texts = await Promise.all(frames.map((f) => f.evaluate(() => document.body?.innerText || "").catch(() => "")));
  return texts.join("\n");
}
async function waitFrameText(re, what) {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    const t = await frameText();
    if (re.test(t)) return t;
    await page.waitForTimeout(300);
  }
  throw new Error(`${what}: no frame shows ${re}`);
}

try {
  await page.goto(url);
  await page.waitForSelector(".monaco-workbench", { timeout: 60000 });
  step("workbench loaded");
  // Open the example from the Explorer, as a user would.
  const row = page.locator(".explorer-folders-view .monaco-list-row", { hasText: "alibaba-cloud.dossier.yaml" });
  await row.waitFor({ timeout: 30000 });
  await row.dblclick();
  await page.waitForSelector('.tabs-container .tab[aria-label*="alibaba-cloud.dossier.yaml"], .tabs-container .tab:has-text("alibaba-cloud.dossier.yaml")', { timeout: 30000 });
  await page.waitForSelector(".editor-group-container .monaco-editor .view-lines", { timeout: 20000 });
  step("example opened");
  // Language mode shows our language.
  await page.waitForFunction(() => [...document.querySelectorAll(".statusbar-item")].some((e) => /Vendor dossier/.test(e.textContent || "")), null, { timeout: 30000 });
  step("language mode is Vendor dossier");
  // Status bar score from dossier/score.
  const score = await page.waitForFunction(
    () => [...document.querySelectorAll(".statusbar-item")].map((e) => e.textContent || "").find((t) => /\d+\.\d (low|moderate|elevated|high|critical)/.test(t)),
    null,
    { timeout: 60000 },
  );
  const scoreText = await score.jsonValue();
  assert.match(scoreText, /52\.1 elevated · 4\.9 on 12 uncited claims/);
  step(`status bar shows the score: ${scoreText.trim()}`);
  // Problems panel lists the uncited-fact warning.
  await page.keyboard.press("Control+Shift+M");
  await page.waitForFunction(
    () => [...document.querySelectorAll(".markers-panel .monaco-list-row")].some((r) => /uncited-fact|cites no source/.test(r.textContent || "")),
    null,
    { timeout: 60000 },
  );
  step("Problems panel lists uncited-fact");
  // Hover a fact key: put the cursor on it with Go to Line, then Show Hover.
  await page.click(".editor-group-container .monaco-editor .view-lines");
  await page.keyboard.press("Control+G");
  await page.waitForSelector(".quick-input-widget input", { timeout: 10000 });
  const line = lines.findIndex((l) => l.includes("gdpr_compliant:")) + 1;
  await page.keyboard.type(`${line}:7`);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Control+K");
  await page.keyboard.press("Control+I");
  // The hover widget shows the warning at the cursor first; the server's
  // hover arrives as another part of the same widget.
  const hover = await page.waitForFunction(
    () => [...document.querySelectorAll(".monaco-hover")].map((e) => e.textContent || "").find((t) => /OWASP/.test(t)),
    null,
    { timeout: 30000 },
  );
  const hoverText = await hover.jsonValue();
  assert.match(hoverText || "", /GDPR compliant/);
  assert.match(hoverText || "", /LLM0\d/);
  assert.match(hoverText || "", /NIST AI RMF/);
  step("hover on a fact key explains it");
  await page.screenshot({ path: path.join(out, "vscode.png") });
  step(`screenshot: ${path.join(out, "vscode.png")}`);
  // Edit a fact: the status bar follows the unsaved text (52.0 is what
  // `dossier score` gives the example with hipaa_baa_available: yes).
  await page.keyboard.press("Escape");
  const baaLine = lines.findIndex((l) => l.startsWith("    hipaa_baa_available: not_disclosed")) + 1;
  await page.keyboard.press("Control+G");
  await page.waitForSelector(".quick-input-widget input", { timeout: 10000 });
  await page.keyboard.type(`${baaLine}:${"    hipaa_baa_available: ".length + 1}`);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Shift+End");
  await page.keyboard.type("yes");
  await page.keyboard.press("Escape");
  const edited = await page.waitForFunction(
    () => [...document.querySelectorAll(".statusbar-item")].map((e) => e.textContent || "").find((t) => /52 elevated/.test(t)),
    null,
    { timeout: 30000 },
  );
  step(`status bar follows an edit: ${(await edited.jsonValue()).trim()}`);
  // Clicking it runs Show Score Explanation: it explains the unsaved text
  // (the file on disk still scores 52.1).
  await page.locator(".statusbar-item", { hasText: "52 elevated" }).first().click();
  await page.waitForFunction(
    () => [...document.querySelectorAll(".monaco-editor .view-lines")].map((e) => e.textContent || "").find((t) => /Composite\s+risk\s+52\.0/.test(t)),
    null,
    { timeout: 30000 },
  );
  step("Show Score Explanation explains the unsaved text");

  // Authoring: a small dossier, committed in the workspace's git repository.
  const authoringStart = Date.now();
  await page.keyboard.press("Control+1");
  const acmeRow = page.locator(".explorer-folders-view .monaco-list-row", { hasText: "acme.dossier.yaml" });
  await acmeRow.dblclick();
  await page.waitForSelector('.tabs-container .tab.active:has-text("acme.dossier.yaml")', { timeout: 30000 });
  // The source's `kind` key explains the key and lists its values.
  await goTo(lineOf(acme, "kind: vendor_disclosure"), 6);
  await page.keyboard.press("Control+K");
  await page.keyboard.press("Control+I");
  const kindHover = await page.waitForFunction(
    () => [...document.querySelectorAll(".monaco-hover")].map((e) => e.textContent || "").find((t) => /third_party_audit/.test(t)),
    null,
    { timeout: 30000 },
  );
  assert.match((await kindHover.jsonValue()) || "", /What kind of document/);
  await page.keyboard.press("Escape");
  step("hover on a source's kind lists the kinds of document");
  // The typo `yse`: its quick fix is the first entry of the menu.
  await goTo(lineOf(acme, "value: yse"), acme[lineOf(acme, "value: yse") - 1].indexOf("yse") + 2);
  const firstFix = await quickFix("Change to `yes`");
  assert.match(firstFix, /Change to `yes`/, "the fix comes before any suppression");
  await waitOccurrences("value: yes", 1, "quick fix applied");
  step("a typo fixed through its quick fix");
  // A new source, typed with completion: the snippet's tab stops take the
  // id, the URL and the title; the kind and date keep their defaults.
  await goTo(lineOf(acme, "retrieved: 2026-10-15"), 1);
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Control+Space");
  // (The test's settings turn off suggestions while typing, so that Tab
  // moves between the snippet's tab stops rather than accepting a popup.)
  const newSource = page.locator(".suggest-widget .monaco-list-row", { hasText: "new source" }).first();
  await newSource.waitFor({ timeout: 20000 });
  await newSource.click();
  await page.keyboard.type("investor-relations");
  await page.keyboard.press("Tab");
  await page.keyboard.type("https://example.com/ir");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Acme AI investor relations");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await waitOccurrences("  investor-relations:", 1, "new source");
  await waitOccurrences("url: https://example.com/ir", 1, "new source's url");
  await waitOccurrences("kind: vendor_disclosure", 2, "new source's kind");
  step("a new source typed with completion");
  // The missing baseline questions, inserted by the quick fix on `dossier`.
  await goTo(1, 2);
  await quickFix("missing questions");
  await waitOccurrences("- id: Q01", 1, "questions inserted");
  await waitOccurrences("- id: Q12", 1, "questions inserted");
  step("missing questions inserted");
  // Compare with HEAD: the preview shows the changes of the unsaved text.
  await command("Dossier: Compare with HEAD");
  let preview = await waitFrameText(/HEAD → editor/, "Compare with HEAD preview");
  assert.match(preview, /investor-relations/);
  step("Compare with HEAD shows the unsaved changes in a Markdown preview");
  // ...and follows an edit of the dossier (the preview has the focus:
  // go back to the dossier's tab).
  await page.locator(".editor-group-container").first().locator(".tab", { hasText: "acme.dossier.yaml" }).click();
  await page.waitForFunction(() => document.activeElement?.closest(".monaco-editor") != null, null, { timeout: 10000 });
  const nameLine = lineOf(acme, "name: Acme AI");
  await goTo(nameLine, acme[nameLine - 1].length + 1);
  await page.keyboard.type(" Labs");
  preview = await waitFrameText(/Acme AI Labs/, "the preview after an edit");
  assert.match(preview, /HEAD → editor/);
  await page.screenshot({ path: path.join(out, "vscode-compare.png") });
  step("the preview follows an edit");
  // New Dossier: asks for the vendor, opens `<vendor-slug>.dossier.yaml`.
  await page.keyboard.press("Control+Shift+P");
  await page.waitForSelector(".quick-input-widget input", { timeout: 10000 });
  await page.keyboard.type("Dossier: New Dossier");
  await page.locator(".quick-input-widget .monaco-list-row", { hasText: "Dossier: New Dossier" }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press("Enter");
  await page.locator(".quick-input-widget", { hasText: "Vendor name" }).waitFor({ timeout: 10000 });
  await page.keyboard.type("Société Générale AI");
  await page.keyboard.press("Enter");
  await page.waitForSelector('.tabs-container .tab.active:has-text("societe-generale-ai.dossier.yaml")', { timeout: 30000 });
  await page.waitForFunction(
    () => [...document.querySelectorAll(".statusbar-item")].some((e) => /Vendor dossier/.test(e.textContent || "")),
    null,
    { timeout: 10000 },
  );
  assert.equal(await occurrences("name: Société Générale AI"), 1);
  step(`New Dossier opens societe-generale-ai.dossier.yaml (authoring took ${Math.round((Date.now() - authoringStart) / 1000)} s)`);
} catch (e) {
  failed = true;
  console.error(`FAIL: ${e.message}`);
  await page.screenshot({ path: path.join(out, "vscode-failure.png") }).catch(() => {});
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
