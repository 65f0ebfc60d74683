// End to end: the real TierDesk app in a real webview. A person adds a
// customer, finds it by pinyin initials, edits it, deletes and restores it.
import assert from "node:assert/strict";
import { join } from "node:path";
import { appSession, artifacts, pick } from "./harness.mjs";

const step = appSession();

step("first launch shows an empty archive with a way in", async (d) => {
  await d.find('[data-testid="customer-list"]', { timeout: 30000 });
  const text = await d.text('[data-testid="customer-list"]');
  assert.match(text, /还没有客户/);
  assert.match(await d.text('[data-testid="db-path"]'), /tierdesk-e2e\.db/);
});

step("add a customer through the form", async (d) => {
  await d.click('[data-testid="new-customer"]');
  await d.type('[data-testid="field-name"]', "张三丰");
  await d.type('[data-testid="field-code"]', "E2E001");
  await d.type('[data-testid="field-phone"]', "138 0013 8000");
  await d.type('[data-testid="field-spend"]', "50000");
  await d.type('[data-testid="field-frequency"]', "6");
  await d.click('[data-testid="customer-save"]');
  await d.gone('[data-testid="customer-form"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 1 位客户"));
});

step("a wrong phone number is refused with a clear message", async (d) => {
  await d.click('[data-testid="new-customer"]');
  await d.type('[data-testid="field-name"]', "错误号码");
  await d.type('[data-testid="field-phone"]', "12345");
  await d.click('[data-testid="customer-save"]');
  await d.waitText('[data-testid="customer-form"]', (t) => t.includes("「联系方式」应为手机号"));
  await d.click('[data-testid="customer-cancel"]');
  await d.gone('[data-testid="customer-form"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 1 位客户"));
});

step("find it by pinyin initials", async (d) => {
  // Another customer so the search has something to leave out.
  await d.click('[data-testid="new-customer"]');
  await d.type('[data-testid="field-name"]', "李四");
  await d.click('[data-testid="customer-save"]');
  await d.gone('[data-testid="customer-form"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 2 位客户"));

  await d.type('[data-testid="search"]', "zsf");
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 1 位客户"));
  const rows = await d.waitText('[data-testid="customer-list"]', (t) => t.includes("张三丰"));
  assert.doesNotMatch(rows, /李四/);
  // Stored in canonical form (13800138000), shown masked.
  assert.match(rows, /138\*\*\*\*8000/, "the phone is shown masked");
  assert.doesNotMatch(rows, /13800138000/);
});

step("edit it from the detail view", async (d) => {
  const id = await d.exec(
    "const r=[...document.querySelectorAll('[data-testid^=open-]')].find(e=>e.textContent.includes('张三丰'));return r&&r.getAttribute('data-testid');",
  );
  assert.ok(id, "name link of 张三丰 present");
  await d.click(`[data-testid="${id}"]`);
  await d.waitText('[data-testid="customer-detail"]', (t) => t.includes("E2E001"));
  await d.click('[data-testid="drawer-edit"]');
  await d.clear('[data-testid="field-spend"]');
  await d.type('[data-testid="field-spend"]', "88000");
  await d.click('[data-testid="customer-save"]');
  await d.gone('[data-testid="customer-form"]');
  await d.waitText('[data-testid="customer-detail"]', (t) => t.includes("¥88,000"));
  await d.click(".ant-drawer-close");
  await d.gone(".ant-drawer-open");
  await d.waitText('[data-testid="customer-list"]', (t) => t.includes("¥88,000"));
});

step("changing the tier by hand asks for a reason and records it", async (d) => {
  const id = await d.exec(
    "const r=[...document.querySelectorAll('[data-testid^=open-]')].find(e=>e.textContent.includes('张三丰'));return r&&r.getAttribute('data-testid');",
  );
  await d.click(`[data-testid="${id}"]`);
  await d.waitText('[data-testid="customer-detail"]', (t) => t.includes("E2E001"));
  await d.click('[data-testid="drawer-edit"]');
  assert.equal(await d.exec('return document.querySelector(\'[data-testid="field-tier-reason"]\') === null;'), true,
    "no reason is asked while the tier is unchanged");
  await pick(d, '[data-testid="field-tier"]', '.ant-select-item-option[title="金牌"]');
  await d.find('[data-testid="field-tier-reason"]');
  await d.click('[data-testid="customer-save"]');
  await d.waitText('[data-testid="customer-form"]', (t) => t.includes("请填写调整等级的原因"));
  await d.type('[data-testid="field-tier-reason"]', "年度大客户特批");
  await d.click('[data-testid="customer-save"]');
  await d.gone('[data-testid="customer-form"]');
  const history = await d.waitText('[data-testid="tier-history"]', (t) => t.includes("年度大客户特批"));
  assert.match(history, /金牌/);
  assert.match(history, /手工调整/);
  await d.click(".ant-drawer-close");
  await d.gone(".ant-drawer-open");
});

step("delete it to the recycle bin and restore it", async (d) => {
  await d.click('[data-testid^="row-"] .ant-checkbox-wrapper');
  await d.click('[data-testid="delete-selected"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 0 位客户"));

  await d.click('[data-testid="nav-recycle"]');
  await d.waitText('[data-testid="recycle-bin"]', (t) => t.includes("张三丰"));
  await d.click('[data-testid^="restore-"]:not([data-testid="restore-selected"])');
  await d.waitText('[data-testid="recycle-bin"]', (t) => !t.includes("张三丰"));

  await d.click('[data-testid="nav-customers"]');
  await d.clear('[data-testid="search"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 2 位客户"));
  await d.waitText('[data-testid="customer-list"]', (t) => t.includes("张三丰") && t.includes("¥88,000"));
  await d.screenshot(join(artifacts, "main-window.png"));
});
