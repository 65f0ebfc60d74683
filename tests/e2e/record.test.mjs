// End to end: a demo customer's orders imported from a sheet; the drawer's
// 客户详情 opens the customer's record on a page of its own: 购买记录 shows the
// summary and the lines, 时间线 the orders and the import and filters by
// kind, 联系人与纪念日 adds a contact (phone masked, shown in full for a
// purpose) and a date, and 返回 goes back to the archive.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appSession, artifacts, clickFree, drawerSettled } from "./harness.mjs";

const step = appSession();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const csv = join(mkdtempSync(join(tmpdir(), "tierdesk-record-")), "订单.csv");

step("demo customers and an order sheet for one of them", async (d) => {
  await d.click('[data-testid="fill-demo"]', 30000);
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 200 位客户"));
  writeFileSync(
    csv,
    "订单编号,客户编号,下单日期,产品,数量,单价\n" +
      "E1001,C0000007,2026-03-02 10:00:00,红茶,2,50\n" +
      "E1001,C0000007,2026-03-02 10:00:00,茶具,1,80\n" +
      "E1002,C0000007,2026-05-18 15:30:00,绿茶,3,40\n" +
      "E1003,C0000007,2026-08-09 09:00:00,礼盒,1,300\n" +
      "E2001,C0000008,2026-04-01 11:00:00,红茶,1,50\n",
  );
  await d.click('[data-testid="nav-import"]');
  await d.type('[data-testid="import-path"]', csv);
  await d.click('[data-testid="import-open"]');
  await d.waitText('[data-testid="import-page"]', (t) => t.includes("订单.csv"));
  await d.click('[data-testid="import-next"]');
  await d.waitText('[data-testid="mapping-table"]', (t) => t.includes("客户编号"));
  await d.click('[data-testid="import-next"]');
  await d.waitText('[data-testid="import-counts"]', (t) => t.includes("订单行"), 60000);
  await d.click('[data-testid="import-commit"]');
  await d.waitText('[data-testid="import-summary"]', (t) => t.includes("订单行 5 条"), 60000);
});

step("客户详情 opens the customer's record from the drawer", async (d) => {
  await d.click('[data-testid="nav-customers"]');
  await d.type('[data-testid="search"]', "C0000007");
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 1 位客户"));
  await sleep(300);
  const id = await d.exec(`return document.querySelector('[data-testid^="open-"]').dataset.testid;`);
  await clickFree(d, `[data-testid="${id}"]`);
  await d.find('[data-testid="customer-detail"]');
  await drawerSettled(d);
  await clickFree(d, '[data-testid="drawer-record"]');
  const title = await d.waitText('[data-testid="record-title"]', (t) => t.includes("C0000007"));
  assert.match(title, /（C0000007）/);
  assert.equal(await d.exec(`return document.querySelector('[data-testid="customer-record"]').dataset.customerId;`), id.replace("open-", ""));
  await d.find('[data-testid="record-overview"]');
});

step("购买记录: the summary, the chart and the lines, newest first", async (d) => {
  await clickFree(d, '[data-testid="record-tab-purchases"]');
  await d.waitText('[data-testid="purchase-orders"]', (t) => t.trim() === "3");
  const summary = await d.text('[data-testid="purchase-summary"]');
  assert.match(summary, /2026-03-02 10:00:00/);
  assert.match(summary, /2026-08-09 09:00:00/);
  // 2 March to 9 August: 160 days over two gaps.
  assert.match(summary, /80\.0 天/);
  await d.find('[data-testid="purchase-chart"] svg');
  const lines = await d.waitText('[data-testid="record-lines"]', (t) => t.includes("E1003"));
  assert.ok(lines.indexOf("E1003") < lines.indexOf("E1002") && lines.indexOf("E1002") < lines.indexOf("E1001"), lines);
  assert.doesNotMatch(lines, /E2001/);
  await sleep(300);
  await d.screenshot(join(artifacts, "record-purchases.png"));
});

step("时间线: orders and the import, and a filter by kind", async (d) => {
  await clickFree(d, '[data-testid="record-tab-timeline"]');
  const all = await d.waitText('[data-testid="record-timeline"]', (t) => t.includes("订单 E1003") && t.includes("导入订单明细"));
  assert.ok(all.indexOf("订单 E1003") < all.indexOf("订单 E1001"), all);
  await clickFree(d, '[data-testid="timeline-kind-purchase"]');
  await d.waitText('[data-testid="record-timeline"]', (t) => !t.includes("导入订单明细"));
  const kinds = await d.exec(`return [...document.querySelectorAll('[data-testid="timeline-event"]')].map((e) => e.dataset.kind);`);
  assert.deepEqual(kinds, ["purchase", "purchase", "purchase"]);
  await clickFree(d, '[data-testid="timeline-kind-all"]');
  await d.waitText('[data-testid="record-timeline"]', (t) => t.includes("导入订单明细"));
  await d.screenshot(join(artifacts, "record-timeline.png"));
});

step("联系人与纪念日: a contact with a masked phone and a date", async (d) => {
  await clickFree(d, '[data-testid="record-tab-contacts"]');
  await clickFree(d, '[data-testid="contact-add"]');
  await d.type('[data-testid="contact-name"]', "王采购");
  await d.type('[data-testid="contact-role"]', "采购经理");
  await d.type('[data-testid="contact-phone"]', "13812345678");
  await clickFree(d, '[data-testid="contact-primary"]');
  await clickFree(d, '[data-testid="contact-save"]');
  const contacts = await d.waitText('[data-testid="contacts-table"]', (t) => t.includes("王采购"));
  assert.match(contacts, /138\*\*\*\*5678/);
  assert.doesNotMatch(contacts, /13812345678/);
  assert.match(contacts, /主要联系人/);
  await d.gone('[data-testid="contact-save"]');
  // 显示完整 for the contact: a purpose, then the full number in the row.
  const reveal = await d.exec(`return document.querySelector('[data-testid^="contact-reveal-"]').dataset.testid;`);
  await clickFree(d, `[data-testid="${reveal}"]`);
  await clickFree(d, '[data-testid="contact-reveal-ok"]');
  await d.waitText('[data-testid="contacts-table"]', (t) => t.includes("13812345678"));
  await d.gone('[data-testid="contact-reveal-ok"]');
  await clickFree(d, '[data-testid="date-add"]');
  await d.type('[data-testid="date-label"]', "合作十周年");
  await clickFree(d, '[data-testid="date-save"]');
  const dates = await d.waitText('[data-testid="dates-table"]', (t) => t.includes("合作十周年"));
  assert.match(dates, /合作纪念日/);
  assert.match(dates, /每年 1 月 1 日/);
  await d.gone('[data-testid="date-save"]');
  await sleep(300);
  await d.screenshot(join(artifacts, "record-contacts.png"));
});

step("时间线 reloads when opened again: the contact and date just added are in it, and counted", async (d) => {
  // The tab was opened before the contact and date were added (above).
  const before = await d.exec(`return document.querySelector('[data-testid="timeline-kind-edit"]')?.textContent ?? "";`);
  await clickFree(d, '[data-testid="record-tab-timeline"]');
  const text = await d.waitText('[data-testid="record-timeline"]', (t) => t.includes("新增联系人") && t.includes("新增纪念日"));
  assert.match(text, /订单 E1003/);
  const after = await d.waitText('[data-testid="timeline-kind-edit"]', (t) => t !== before);
  const count = (t) => Number(/（(\d+)）/.exec(t)?.[1] ?? 0);
  assert.equal(count(after), count(before) + 2, `${before} → ${after}`);
});

step("返回 goes back to the archive", async (d) => {
  await clickFree(d, '[data-testid="record-back"]');
  await d.find('[data-testid="customer-list"]');
  await d.gone('[data-testid="customer-record"]');
});
