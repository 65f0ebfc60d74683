// Shared set-up for end-to-end files: one fresh app per file, and tests that
// leave a screenshot behind when they fail, to show what a person would have seen.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startDriver } from "./webdriver.mjs";

export const artifacts = join(dirname(fileURLToPath(import.meta.url)), "..", "artifacts");

/**
 * Starts the app before the file's tests and stops it after; returns a `step` to declare tests with. `size`: "1024x700"
 * for another window size; `db`: the database to open (a file or a team URL, or a function giving one when the tests
 * start; a new file by default — team.mjs's teamAppSession gives a fresh team database).
 */
export function appSession({ size, db } = {}) {
  const session = { d: null, stop: null };
  before(async () => {
    assert.ok(process.env.TIERDESK_APP, "TIERDESK_APP must point at the built app binary");
    mkdirSync(artifacts, { recursive: true });
    const started = await startDriver({ app: process.env.TIERDESK_APP, size, db: typeof db === "function" ? await db() : db });
    session.d = started.driver;
    session.stop = started.stop;
  });
  after(async () => {
    await session.d?.quit();
    session.stop?.();
  });
  const step = (name, fn) =>
    test(name, async () => {
      try {
        await fn(session.d);
      } catch (e) {
        await session.d?.screenshot(join(artifacts, `failed-${name.replace(/\s+/g, "-")}.png`)).catch(() => {});
        throw e;
      }
    });
  return step;
}

/** Opens an Ant Design select and picks an option, opening it again if a click landed while it was still animating. */
export async function pick(d, selectCss, optionCss, tries = 5) {
  for (let i = 0; ; i++) {
    await d.click(selectCss);
    try {
      await d.find(optionCss, { timeout: 3000 });
      await d.click(optionCss);
      return;
    } catch (e) {
      if (i + 1 >= tries) throw e;
    }
  }
}

/** Calls a Tauri command from the page, as the UI does; an error comes back as `{ error }`. */
export const invoke = (d, cmd, args) =>
  d.exec(
    "return window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then((r) => JSON.stringify(r), (e) => JSON.stringify({ error: e }));",
    [cmd, args],
  ).then((text) => JSON.parse(text));

/** Clicks `css`, trying again while a message or a closing dialog still covers it (a busy machine). */
export async function clickFree(d, css, tries = 20) {
  for (let i = 0; ; i++) {
    try {
      return await d.click(css);
    } catch (e) {
      if (i + 1 >= tries || !String(e.message ?? e).includes("intercepted")) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Opens the detail drawer of the listed customer whose name contains `name`; returns its id. */
export async function openCustomer(d, name) {
  await d.waitText('[data-testid="customer-list"]', (t) => t.includes(name), 30000);
  const id = await d.exec(
    "const r=[...document.querySelectorAll('[data-testid^=open-]')].find(e=>e.textContent.includes(arguments[0]));return r&&r.getAttribute('data-testid');",
    [name],
  );
  assert.ok(id, `name link of ${name} present`);
  await clickFree(d, `[data-testid="${id}"]`);
  await d.waitText('[data-testid="customer-detail"]', (t) => t.includes(name), 30000);
  await drawerSettled(d);
  return Number(id.replace("open-", ""));
}

/**
 * Waits until the open drawer has finished sliding in: a click computed while
 * it moves lands beside the button (on the mask, which closes the drawer).
 */
export async function drawerSettled(d, timeout = 5000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const moving = await d.exec(
      "const w=document.querySelector('.ant-drawer-open .ant-drawer-content-wrapper');return !w||w.getAnimations().length>0;",
    );
    if (!moving) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Fills an empty archive with the 200 demo customers and rates them once with the active scheme (batch #1). */
export async function rateDemoCustomers(d) {
  await d.click('[data-testid="fill-demo"]', 30000);
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 200 位客户"));
  await d.click('[data-testid="nav-evaluate"]');
  await d.click('[data-testid="run-preview"]');
  await d.click('[data-testid="apply-evaluation"]');
  await d.click('[data-testid="confirm-apply"]');
  await d.waitText('[data-testid="batches"]', (t) => t.includes("#1"));
}

/**
 * The harness's rateDemoCustomers, with the demo loaded through its command and the window reloaded (written
 * when a late early answer could leave 共 0 位客户 after 填充演示数据; the list now shows only its newest answer).
 */
export async function rateDemoByCommand(d) {
  await d.find('[data-testid="total"]', { timeout: 30000 });
  const filled = await invoke(d, "fill_demo", { customers: 200 });
  assert.equal(filled, 200, JSON.stringify(filled));
  await d.exec("location.reload();");
  await new Promise((r) => setTimeout(r, 3000));
  await clickFree(d, '[data-testid="nav-customers"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 200 位客户"), 30000);
  await clickFree(d, '[data-testid="nav-evaluate"]');
  await clickFree(d, '[data-testid="run-preview"]');
  await clickFree(d, '[data-testid="apply-evaluation"]');
  await clickFree(d, '[data-testid="confirm-apply"]');
  await d.waitText('[data-testid="batches"]', (t) => t.includes("#1"), 30000);
}

/**
 * Leaves a picture in tests/artifacts. Under a loaded machine the webview
 * may take over 30 s to answer for a page that is not changing, so a change
 * is drawn first and the wait is bounded: what a test checks is in its
 * assertions, not in the picture.
 */
export async function shot(d, name) {
  await d.exec("const s=document.body.style;s.opacity=s.opacity==='0.999'?'1':'0.999';");
  const late = new Promise((_, no) => setTimeout(() => no(new Error("no picture within 10 s")), 10000));
  try {
    await Promise.race([d.screenshot(join(artifacts, name)), late]);
  } catch (e) {
    console.error(`${name}: ${e.message}`);
  }
}

/** `YYYY-MM-DD` of a date (UTC). */
export const isoDay = (d) => d.toISOString().slice(0, 10);

/** Noon (UTC) `n` days before today: order sheets dated relative to the day the test runs. */
export const daysAgo = (n) => {
  const d = new Date();
  d.setUTCHours(12, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() - n);
  return d;
};
