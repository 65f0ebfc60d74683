// Screenshots of every page, in Chinese, at the app's default window
// (1280×800) and at a small laptop's (1024×700), into docs/screens/<size>/
// for a person to look at and for the README. Run on demand only
// (TIERDESK_SCREENS=1): the pictures are committed, and CI does not redraw
// them (a picture differs from run to run by its dates and fonts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startDriver } from "./webdriver.mjs";
import { clickFree, drawerSettled, rateDemoByCommand } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const docs = join(here, "..", "..", "docs", "screens");
const run = process.env.TIERDESK_SCREENS === "1";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const PAGES = ["dashboard", "today", "customers", "import", "imports", "evaluate", "schemes", "benefits", "points", "cases", "surveys", "churn", "analysis", "report", "recycle", "fields", "audit"];

/**
 * A picture of the whole window, its native menu included, taken from the X display (ImageMagick's `import`,
 * trimmed to the window): WebKit's own screenshot missed the driver's 30 s on the chart pages of a loaded
 * machine. Without a display, or without ImageMagick, WebKit's screenshot, asked up to three times.
 */
async function picture(d, file) {
  if (process.env.DISPLAY) {
    const raw = join(tmpdir(), `tierdesk-screen-${process.pid}.png`);
    try {
      execFileSync("import", ["-window", "root", raw]);
      execFileSync("convert", [raw, "-trim", "+repage", "-colors", "256", file]);
      return true;
    } catch (e) {
      console.error(`${file}: ${e.message}`);
    } finally {
      rmSync(raw, { force: true });
    }
  }
  for (let i = 0; i < 3; i++) {
    try {
      await d.exec("const s=document.body.style;s.opacity=s.opacity==='0.999'?'1':'0.999';");
      await sleep(300);
      await d.screenshot(file);
      return true;
    } catch (e) {
      console.error(`${file}: ${e.message}`);
    }
  }
  return false;
}

for (const size of ["1280x800", "1024x700"]) {
  test(`every page at ${size}`, { skip: run ? false : "TIERDESK_SCREENS=1 to redraw docs/screens" }, async () => {
    assert.ok(process.env.TIERDESK_APP, "TIERDESK_APP must point at the built app binary");
    const out = join(docs, size);
    mkdirSync(out, { recursive: true });
    const { driver: d, stop } = await startDriver({ app: process.env.TIERDESK_APP, size });
    try {
      const [w, h] = size.split("x").map(Number);
      const inner = await d.exec("return [window.innerWidth, window.innerHeight];");
      assert.ok(Math.abs(inner[0] - w) <= 2 && Math.abs(inner[1] - h) <= 40, `window ${inner} for ${size}`);
      await rateDemoByCommand(d);
      // The first-run question (我的名字) answered "later", so the pages show as people use them.
      await d.exec("const b=document.querySelector('[data-testid=my-name-later]'); if (b) b.click();");
      for (const p of PAGES) {
        const nav = `[data-testid="nav-${p}"]`;
        if (!(await d.exec("return !!document.querySelector(arguments[0]);", [nav]))) continue;
        await clickFree(d, nav);
        await sleep(p === "report" || p === "analysis" || p === "dashboard" ? 5000 : 2500);
        await picture(d, join(out, `${p}.png`));
      }
      await clickFree(d, '[data-testid="nav-customers"]');
      await d.find('[data-testid^="open-"]', { timeout: 30000 });
      await clickFree(d, '[data-testid^="open-"]');
      await d.find('[data-testid="customer-detail"]');
      await drawerSettled(d);
      await sleep(1500);
      await picture(d, join(out, "customer-drawer.png"));
      await clickFree(d, '[data-testid="drawer-record"]');
      await d.find('[data-testid="record-title"]', { timeout: 30000 });
      await sleep(2500);
      await picture(d, join(out, "customer-record.png"));
      await clickFree(d, '[data-testid="nav-schemes"]');
      await clickFree(d, '[data-testid="edit-star4"]');
      await sleep(2500);
      await picture(d, join(out, "scheme-editor.png"));
    } finally {
      await d.quit();
      stop();
    }
  });
}
