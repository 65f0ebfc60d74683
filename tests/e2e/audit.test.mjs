// End to end: the audit log (操作日志) in the real app. Editing a customer
// leaves an entry that the 操作日志 page lists with the field before and
// after (masked, as the lists show phones) and the person and source; the
// customer's drawer shows the same entry; 校验 says the log is intact.
import assert from "node:assert/strict";
import { join } from "node:path";
import { appSession, artifacts, clickFree, invoke, openCustomer } from "./harness.mjs";

const step = appSession();

/** Waits until the input `css` holds `value`. */
async function waitValue(d, css, value, timeout = 15000) {
  const end = Date.now() + timeout;
  for (;;) {
    const now = await d.exec("const e=document.querySelector(arguments[0]);return e&&e.value;", [css]);
    if (now === value) return;
    assert.ok(Date.now() < end, `${css} holds ${now}, not ${value}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Clicks 保存 until the customer form closes: on a busy machine a click that
 * lands while the dialog is still opening does nothing. If it stays open,
 * says what its fields' messages are.
 */
async function saveForm(d) {
  for (let i = 0; i < 4; i++) {
    await clickFree(d, '[data-testid="customer-save"]').catch(() => {});
    try {
      return await d.gone('[data-testid="customer-form"]', 8000);
    } catch {
      // Not closed yet: click again.
    }
  }
  const shown = await d.exec("return [...document.querySelectorAll('.ant-form-item-explain, .ant-message')].map(e=>e.innerText).join(' | ');", []);
  throw new Error(`the customer form did not close; its messages: ${shown}`);
}

let customerId = null;
let editEntry = null;

step("editing a customer in the app leaves an entry", async (d) => {
  await d.find('[data-testid="customer-list"]', { timeout: 30000 });
  await d.click('[data-testid="new-customer"]');
  await d.type('[data-testid="field-name"]', "审计测试客户");
  await d.type('[data-testid="field-code"]', "AU001");
  await d.type('[data-testid="field-phone"]', "13800001111");
  await waitValue(d, '[data-testid="field-phone"]', "13800001111");
  await saveForm(d);
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 1 位客户"));

  customerId = await openCustomer(d, "审计测试客户");
  await clickFree(d, '[data-testid="drawer-edit"]');
  await d.clear('[data-testid="field-phone"]');
  await d.type('[data-testid="field-phone"]', "13900002222");
  // The typed number must be in the form before saving (a busy machine lags behind the keys).
  await waitValue(d, '[data-testid="field-phone"]', "13900002222");
  await saveForm(d);
  await d.waitText('[data-testid="customer-detail"]', (t) => t.includes("139****2222"), 30000);
  await clickFree(d, ".ant-drawer-close");
  await d.gone(".ant-drawer-open");

  const log = await invoke(d, "audit_list", { filter: { action: "customer.edit", customer_id: customerId } });
  assert.equal(log.total, 1, JSON.stringify(log));
  editEntry = log.items[0];
  assert.equal(editEntry.source, "app");
  assert.equal(editEntry.summary, `修改客户 #${customerId}：联系方式`);
});

step("the 操作日志 page shows it with the phone before and after", async (d) => {
  await clickFree(d, '[data-testid="nav-audit"]');
  const table = await d.waitText('[data-testid="audit-table"]', (t) => t.includes(`修改客户 #${customerId}：联系方式`));
  assert.match(table, /桌面程序/);
  // The built-in schemes saved when the app first read them are there too, until filtered.
  assert.match(table, /等级方案/);
  assert.match(table, /审计测试客户（AU001）/);
  // Expand the edit's row: the field, before and after.
  await d.exec(
    "const cell=document.querySelector(`[data-testid=audit-row-${arguments[0]}]`);cell.closest('tr').querySelector('.ant-table-row-expand-icon').click();",
    [editEntry.id],
  );
  const details = await d.waitText(`[data-testid="audit-details-${editEntry.id}"]`, (t) => t.includes("联系方式"));
  assert.match(details, /138\*\*\*\*1111/);
  assert.match(details, /139\*\*\*\*2222/);
  assert.doesNotMatch(details, /13800001111|13900002222/);
  await d.screenshot(join(artifacts, "audit.png"));
});

step("the filters narrow the list", async (d) => {
  await d.type('[data-testid="audit-filter-customer"] input', "AU001");
  await clickFree(d, '[data-testid="audit-filter-customer"] button.ant-input-search-button');
  // The built-in schemes saved at the first start are entries too; the filter leaves this customer's two.
  const text = await d.waitText('[data-testid="audit-table"]', (t) => !t.includes("等级方案"));
  assert.match(text, /新增客户 #/);
  assert.match(text, /修改客户 #/);
  assert.equal(text.match(/桌面程序/g).length, 2, text);
});

step("校验 says the log is intact", async (d) => {
  await clickFree(d, '[data-testid="audit-verify"]');
  const result = await d.waitText('[data-testid="audit-verify-result"]', (t) => t.includes("操作日志完好"));
  assert.match(result, /校验链完整/);
});

step("the customer's drawer lists the entry", async (d) => {
  await clickFree(d, '[data-testid="nav-customers"]');
  await openCustomer(d, "审计测试客户");
  const log = await d.waitText('[data-testid="customer-log"]', (t) => t.includes(`修改客户 #${customerId}：联系方式`));
  assert.match(log, /新增客户 #/);
  await clickFree(d, `[data-testid="customer-log-${editEntry.id}"]`);
  const details = await d.waitText(`[data-testid="audit-details-${editEntry.id}"]`, (t) => t.includes("联系方式"));
  assert.match(details, /139\*\*\*\*2222/);
});
