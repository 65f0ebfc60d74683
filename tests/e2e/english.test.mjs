// End to end: the app in English shows no Chinese the program wrote. The
// demo archive is loaded and rated (in Chinese, as a person starts), the UI
// is switched to English, and every page, the customer drawer, each tab of
// the customer record, the import wizard's steps, the scheme editor and the
// rating preview are read: a visible text (or placeholder) with a Chinese
// character fails unless that Chinese is data the test loaded (customers'
// names and values, the scheme's own names, custom field labels, the
// record's notes). A Rust error (a customer code already in use) must come
// out in English too. The report's A4 preview (an iframe) is the report's
// own document and is not read.
import assert from "node:assert/strict";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { appSession, artifacts, clickFree, drawerSettled, invoke, rateDemoByCommand, shot } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const sheetName = "星级客户管理表_示例.xlsx";
const sheet = join(here, "..", "fixtures", sheetName);
const step = appSession();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Data the test loaded: every text a person or the demo put in, never a word the program writes. */
const data = new Set([sheetName, sheetName.replace(/\.xlsx$/, "")]);
// The import fixture's own headers and cells (tests/fixtures/星级客户管理表_示例.xlsx).
for (const cell of ["序号", "客户名称", "联系方式", "消费金额（万元）", "购买频次", "使用年限", "影响力评分", "当前等级", "上次评级日期", "满意度",
  "华信科技有限公司", "华信科技（有限公司）", "李四", "王五", "十万", "每月2次", "10次", "5次/年", "3年6个月", "18个月", "2年", "4分",
  "2023年3月1日", "合计", "备注：金额单位为万元；频次按年计"]) data.add(cell);
const PROGRAM_KEYS = /^(kind|status|channel|level|title|label|period|period_label|reason|source_kind|rule_key|method|cycle|rule)$/;
function collect(value, key = "") {
  if (typeof value === "string") {
    if (!PROGRAM_KEYS.test(key) && /[\u3400-\u9fff]/.test(value)) data.add(value.trim());
  } else if (Array.isArray(value)) value.forEach((v) => collect(v, key));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) collect(v, k);
}

/** Visible text nodes and placeholders with Chinese left once the known data is taken out. */
async function chineseOnScreen(d) {
  const known = [...data].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  return d.exec(
    `const known = arguments[0];
     const CJK = /[\\u3400-\\u9fff\\uf900-\\ufaff]/;
     const left = (t) => { for (const s of known) if (t.includes(s)) t = t.split(s).join(" "); return CJK.test(t); };
     const shown = (el) => el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
     const out = new Set();
     const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
     while (w.nextNode()) {
       const n = w.currentNode, el = n.parentElement;
       // The language switch names the other language in its own script (中文), as switches do.
       if (!el || el.closest('script,style,iframe,[data-testid="language"]') || !CJK.test(n.textContent) || !shown(el)) continue;
       if (left(n.textContent)) out.add(n.textContent.trim().slice(0, 120));
     }
     for (const el of document.querySelectorAll("[placeholder],[title],[aria-label]")) {
       if (!shown(el)) continue;
       for (const a of ["placeholder", "title", "aria-label"]) {
         const v = el.getAttribute(a);
         if (v && CJK.test(v) && left(v)) out.add(a + ": " + v.slice(0, 120));
       }
     }
     return [...out];`,
    [known],
  );
}

/**
 * Program-written Chinese not yet rendered from a key, each an exact pattern of
 * a whole text (a `title:`/`placeholder:` attribute is matched without its
 * prefix) and why it is still Chinese. docs/i18n.md "Still Chinese in English
 * mode" lists the same. Anything else Chinese fails the last step; an entry no
 * text matched is printed, so a fixed gap can be taken out.
 */
const KNOWN_GAPS = [
  // To-dos store the Chinese their rule wrote; the UI draws them again from the catalogue (todo/storedText.ts),
  // holes carried over: what stays Chinese is data the test does not read for every customer.
  [/^Follow up: .+$/, "a follow-up's next step, the person's own words (the test reads one customer's follow-ups)"],
  [/^Birthday of contact .+ \(\d{1,2}\/\d{1,2}\)$/, "a contact's name (the test reads no contacts)"],
  [/^[^\x00-\x7f]{1,20} \(\d{1,2}\/\d{1,2}\)$/, "a customer's own date label, e.g. 开业日 (the test reads one customer's dates)"],
];
const gapsHit = new Set();
/** Whether a found text is a known gap (and notes which). */
function knownGap(found) {
  const text = found.replace(/^(title|placeholder|aria-label): /, "");
  const i = KNOWN_GAPS.findIndex(([re]) => re.test(text));
  if (i >= 0) gapsHit.add(i);
  return i >= 0;
}

const seen = new Map();
/** Reads the screen (after it settles) and remembers what Chinese it found, by where. */
async function check(d, where, settle = 1500) {
  await sleep(settle);
  const found = (await chineseOnScreen(d)).filter((t) => !knownGap(t));
  if (found.length > 0) {
    seen.set(where, found);
    await shot(d, `english-${where}.png`);
  }
}

/** The scheme's own names (schemes, tiers, benefits), custom field labels and the audit log's stored entries. */
async function collectArchive(d) {
  const schemes = await invoke(d, "schemes");
  for (const s of schemes) {
    collect({ name: s.name, description: s.description });
    for (const t of s.tiers) collect({ name: t.name });
    // The benefits a scheme gives are its own words (names, notes).
    const toml = s.toml ?? "";
    for (const m of toml.matchAll(/^(?:name|description|note|notes)\s*=\s*"([^"]*)"/gm)) collect(m[1]);
  }
  collect(await invoke(d, "field_defs"));
  // Survey answers' comments are what customers wrote.
  const now = new Date();
  const quarter = `${now.getFullYear()}Q${Math.floor(now.getMonth() / 3) + 1}`;
  const years = [now.getFullYear(), now.getFullYear() - 1];
  for (const period of [null, quarter, ...years.flatMap((y) => [String(y), ...[1, 2, 3, 4].map((q) => `${y}Q${q}`)])]) {
    const answers = await invoke(d, "survey_answers", { period });
    if (Array.isArray(answers)) for (const a of answers) collect(a.answer?.comment ?? a.comment);
  }
  // The 操作日志 keeps each entry's summary as written (Chinese, hash-chained, never rewritten):
  // a stored record, read as data here; see the I18N report for this gap.
  const log = await invoke(d, "audit_list", { filter: { action: null, actor: null, customer_id: null, since: null, until: null, limit: 500, offset: 0 } });
  if (!log?.error) for (const e of log.items ?? []) collect(e.summary);
}

step("demo customers loaded and rated, in Chinese", async (d) => {
  await rateDemoByCommand(d);
  await d.click('[data-testid="nav-customers"]');
  const page = await invoke(d, "list_customers", {
    query: { search: null, tier: null, manager: null, sort: "name", descending: false, limit: 1000, offset: 0 },
  });
  assert.ok(!page.error, JSON.stringify(page.error));
  assert.ok(page.items.length >= 200, `${page.items.length} customers`);
  collect(page.items);
  await collectArchive(d);
});

step("the whole UI switches to English", async (d) => {
  await d.click('[data-testid="language"]');
  await d.waitText('[data-testid="nav-customers"]', (t) => /[A-Za-z]/.test(t) && !/[\u3400-\u9fff]/.test(t));
});

const PAGES = ["dashboard", "today", "customers", "import", "imports", "evaluate", "schemes", "benefits", "points", "cases", "surveys", "churn", "analysis", "report", "recycle", "fields", "audit"];

step("every page", async (d) => {
  await collectArchive(d);
  for (const p of PAGES) {
    const nav = `[data-testid="nav-${p}"]`;
    const there = await d.exec("return !!document.querySelector(arguments[0]);", [nav]);
    if (!there) continue;
    if (p === "audit") await collectArchive(d);
    await clickFree(d, nav);
    await check(d, `page-${p}`, 2500);
  }
});

step("the customer drawer and every tab of the record", async (d) => {
  await clickFree(d, '[data-testid="nav-customers"]');
  await d.find('[data-testid^="open-"]', { timeout: 30000 });
  const id = await d.exec("return document.querySelector('[data-testid^=open-]').getAttribute('data-testid').slice(5);");
  for (const [cmd, args] of [
    ["customer_followups", { customerId: Number(id) }],
    ["record_contacts", { id: Number(id) }],
    ["record_dates", { id: Number(id) }],
  ]) {
    const r = await invoke(d, cmd, args);
    if (!r?.error) collect(r);
  }
  await clickFree(d, `[data-testid="open-${id}"]`);
  await d.find('[data-testid="customer-detail"]');
  await drawerSettled(d);
  await check(d, "customer-drawer");
  await clickFree(d, '[data-testid="drawer-record"]');
  await d.find('[data-testid="record-title"]', { timeout: 30000 });
  const tabs = await d.exec("return [...document.querySelectorAll('[data-testid^=record-tab-]')].map(e=>e.getAttribute('data-testid'));");
  assert.ok(tabs.length >= 5, tabs.join());
  for (const tab of tabs) {
    await clickFree(d, `[data-testid="${tab}"]`);
    await check(d, tab);
  }
  await clickFree(d, '[data-testid="record-back"]');
});

step("a Rust refusal comes out in English: a customer code already in use", async (d) => {
  const page = await invoke(d, "list_customers", {
    query: { search: null, tier: null, manager: null, sort: "name", descending: false, limit: 1, offset: 0 },
  });
  const taken = page.items.find((c) => c.code)?.code ?? page.items[0].code;
  assert.ok(taken, "a demo customer has a code");
  await clickFree(d, '[data-testid="nav-customers"]');
  await clickFree(d, '[data-testid="new-customer"]');
  await d.type('[data-testid="field-name"]', "E2E English");
  await d.type('[data-testid="field-code"]', taken);
  await clickFree(d, '[data-testid="customer-save"]');
  const text = await d.waitText("body", (t) => t.includes(`Customer code “${taken}” is already used by`), 15000);
  assert.ok(!/已被客户/.test(text));
  await check(d, "customer-form-error", 300);
  await clickFree(d, '[data-testid="customer-cancel"]');
});

step("the import wizard's steps", async (d) => {
  await clickFree(d, '[data-testid="nav-import"]');
  await d.type('[data-testid="import-path"]', sheet);
  await clickFree(d, '[data-testid="import-open"]');
  await d.waitText('[data-testid="import-page"]', (t) => t.includes(sheetName), 30000);
  // The sheet's own headers and cells are data.
  const read = await invoke(d, "inspect_import_file", { path: sheet });
  if (!read?.error) collect(read);
  await check(d, "import-sheet");
  await clickFree(d, '[data-testid="import-next"]');
  await d.find('[data-testid="mapping-table"]', { timeout: 30000 });
  await check(d, "import-columns");
  await clickFree(d, '[data-testid="import-next"]');
  await d.find('[data-testid="import-counts"]', { timeout: 30000 });
  await check(d, "import-preview");
});

step("the scheme editor and the rating preview", async (d) => {
  await clickFree(d, '[data-testid="nav-schemes"]');
  await clickFree(d, '[data-testid="edit-star4"]');
  await check(d, "scheme-editor", 2500);
  await clickFree(d, '.ant-modal-close');
  await d.gone('[data-testid="scheme-editor"]', 15000).catch(() => undefined);
  await clickFree(d, '[data-testid="nav-evaluate"]');
  await clickFree(d, '[data-testid="run-preview"]');
  await check(d, "rating-preview", 3000);
});

step("no Chinese the program wrote was on screen", async () => {
  const unused = KNOWN_GAPS.filter((_, i) => !gapsHit.has(i)).map(([re, why]) => `${re} (${why})`);
  console.log(`known gaps met: ${gapsHit.size} of ${KNOWN_GAPS.length}`);
  if (unused.length > 0) console.log(`known gaps not met this run:\n  ${unused.join("\n  ")}`);
  const report = [...seen].map(([where, found]) => `${where}:\n  ${found.join("\n  ")}`).join("\n");
  assert.equal(seen.size, 0, `Chinese in the English UI (pictures in ${artifacts}/english-*.png):\n${report}`);
});
