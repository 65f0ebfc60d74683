// End to end: after a rating, a 金牌 customer's drawer lists the tier's
// benefits; recording a use lowers what is left, the statement shows it,
// the 权益 page counts it, and the 校准 panel compares a scheme with an
// imported old sheet and saves a copy with the suggested cut points.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appSession, artifacts, rateDemoCustomers } from "./harness.mjs";

const step = appSession();
const out = mkdtempSync(join(tmpdir(), "tierdesk-benefits-"));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function remaining(d, i) {
  return d.exec(`return document.querySelector('[data-testid="benefit-remaining-${i}"]').dataset.remaining;`);
}

step("demo customers, rated with the active scheme", async (d) => {
  await rateDemoCustomers(d);
});

step("the archive finds customers by pinyin initials and shows their phones masked", async (d) => {
  await d.click('[data-testid="nav-customers"]');
  await d.type('[data-testid="search"]', "zs");
  const total = await d.waitText('[data-testid="total"]', (t) => !t.includes("共 200 位客户"));
  const shown = Number(total.match(/共 (\d+) 位客户/)[1]);
  assert.ok(shown > 0 && shown < 200, total);
  const phones = await d.exec(
    "return [...document.querySelectorAll('.ant-table-row')].map((r) => r.innerText).filter((t) => /1[3-9]\\d/.test(t));",
  );
  assert.ok(phones.length > 0);
  for (const row of phones) assert.doesNotMatch(row, /1[3-9]\d{9}/, row);
  await sleep(400);
  await d.screenshot(join(artifacts, "archive.png"));
  await d.clear('[data-testid="search"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 200 位客户"));
});

step("a 金牌 customer's drawer lists the tier's benefits", async (d) => {
  await d.click('[data-testid="nav-customers"]');
  await d.click('[data-testid="tier-filter"]');
  await d.click('.ant-select-item-option[title="金牌"]');
  await d.waitText('[data-testid="total"]', (t) => !t.includes("共 200 位客户"));
  await sleep(300);
  const id = await d.exec(`return document.querySelector('[data-testid^="open-"]').dataset.testid;`);
  await d.click(`[data-testid="${id}"]`);
  const text = await d.waitText('[data-testid="benefits-section"]', (t) => t.includes("免费配送"));
  assert.match(text, /生日礼品/);
  assert.equal(await remaining(d, 1), "12");
  await sleep(600);
});

async function openUse(d, i) {
  // Wait for the drawer to finish sliding in and bring the row into view, so
  // the click lands on the button and not where it was a moment ago.
  await d.exec(`document.querySelector('[data-testid="benefit-use-${i}"]').scrollIntoView({ block: "center" }); return true;`);
  await sleep(600);
  await d.click(`[data-testid="benefit-use-${i}"]`);
}

async function confirmUse(d) {
  // The dialog zooms in; click its button once it has settled.
  await d.find("#benefit-use-ok");
  await sleep(400);
  await d.click("#benefit-use-ok");
}

step("recording a use lowers the remaining quota", async (d) => {
  await openUse(d, 1);
  await d.type('[data-testid="benefit-note"]', "门店自提订单");
  await confirmUse(d);
  const end = Date.now() + 15000;
  let left = "";
  while (Date.now() < end) {
    left = await remaining(d, 1);
    if (left === "11") break;
    await sleep(200);
  }
  assert.equal(left, "11");
  await d.waitText('[data-testid="benefit-uses"]', (t) => t.includes("门店自提订单") && t.includes("免费配送"));
  await d.exec("document.querySelector('[data-testid=benefits-section]').scrollIntoView(); return true;");
  await sleep(300);
  await d.screenshot(join(artifacts, "benefits-drawer.png"));
});

step("a use beyond the quota needs a reason", async (d) => {
  const waitLeft = async (want) => {
    const end = Date.now() + 15000;
    let left = "";
    while (Date.now() < end) {
      left = await remaining(d, 0);
      if (left === want) return;
      await sleep(200);
    }
    assert.equal(left, want);
  };
  await openUse(d, 0);
  await confirmUse(d);
  await waitLeft("0");
  await sleep(500);
  // The quota of 生日礼品 (1 a year) is used up: the form asks why.
  await openUse(d, 0);
  await d.find('[data-testid="benefit-over-reason"]');
  await d.type('[data-testid="benefit-over-reason"]', "礼品破损补发");
  await confirmUse(d);
  await d.waitText('[data-testid="benefit-uses"]', (t) => t.includes("超额：礼品破损补发"));
  await waitLeft("0");
});

step("the printable statement shows the use and what is left", async (d) => {
  await d.click('[data-testid="benefit-statement"]');
  await d.find('[data-testid="benefit-statement-preview"]');
  const html = await d.exec('return document.querySelector("[data-testid=benefit-statement-preview]").srcdoc;');
  assert.match(html, /客户权益单/);
  assert.match(html, /门店自提订单/);
  assert.match(html, /<td class="n">12<\/td><td class="n">1<\/td><td class="n">11<\/td>/);
  await sleep(500);
  await d.screenshot(join(artifacts, "benefits-statement.png"));
  // Under automation the system print dialog returns at once; the page stays usable.
  await d.click('[data-testid="benefit-statement-print"]');
  await d.find('[data-testid="benefit-statement-preview"]');
});

step("the 权益 page counts this period's use", async (d) => {
  await d.exec("document.querySelectorAll('.ant-modal-close, .ant-drawer-close').forEach((b) => b.click()); return true;");
  await sleep(500);
  await d.click('[data-testid="nav-benefits"]');
  const text = await d.waitText('[data-testid="benefit-tier-gold"]', (t) => t.includes("免费配送"));
  assert.match(text, /免费配送\s*12\s*¥20\s*1\s*1/);
  await d.screenshot(join(artifacts, "benefits-page.png"));
});

step("the 校准 panel compares a scheme with the old sheet and saves the suggested cuts", async (d) => {
  // An old sheet with its 当前等级 column, imported as the import wizard would.
  const csv = join(out, "旧客户表.csv");
  writeFileSync(
    csv,
    [
      "客户编号,客户名称,消费金额,当前等级",
      "OLD01,旧表甲,400000,VIP",
      "OLD02,旧表乙,250000,钻石",
      "OLD03,旧表丙,180000,金牌",
      "OLD04,旧表丁,80000,金牌",
      "OLD05,旧表戊,50000,银牌",
      "OLD06,旧表己,5000,普通",
      "OLD07,旧表庚,3000,重点关注",
    ].join("\n") + "\n",
  );
  // The command reports progress through a channel (what `Channel` from @tauri-apps/api sends as its id).
  await d.exec(
    "const progress = `__CHANNEL__:${window.__TAURI_INTERNALS__.transformCallback(() => {})}`;" +
      "return window.__TAURI_INTERNALS__.invoke('commit_import', { request: { path: arguments[0] }, onProgress: progress }).then(() => true);",
    [csv],
  );
  await d.click('[data-testid="nav-schemes"]');
  await d.click('[data-testid="calibrate-run"]');
  const text = await d.waitText('[data-testid="calibration"]', (t) => t.includes("推荐分界点"));
  assert.match(text, /66\.7%/);
  assert.match(text, /重点关注/);
  assert.match(text, /不一致的客户（2 位）/);
  assert.match(text, /旧表乙/);
  assert.match(text, /一致率可达 100%/);
  const suggestion = await d.text('[data-testid="calibrate-suggestion"]');
  for (const cut of ["250,000", "80,000", "50,000"]) assert.ok(suggestion.includes(cut), `${cut} in ${suggestion}`);
  await d.exec("document.querySelector('[data-testid=calibration]').scrollIntoView(); return true;");
  await sleep(300);
  await d.screenshot(join(artifacts, "calibration.png"));
  await d.click('[data-testid="calibrate-save"]');
  await d.find('[data-testid="scheme-star4_calibrated"]');
});
