// End to end: a person logs a follow-up from the customer drawer (记录跟进),
// sees its next contact date in the list's 下次联系日期 column and the list's
// 下次联系已到期 filter, finds it in the record page's 跟进 tab and in the
// customer's timeline, and the to-do it asked for is there.
import assert from "node:assert/strict";
import { join } from "node:path";
import { appSession, artifacts, clickFree, drawerSettled, invoke, openCustomer, pick } from "./harness.mjs";

const step = appSession();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The local day `days` from today, YYYY-MM-DD (the app's clock is this machine's). */
function dayFromToday(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

step("two customers in the archive", async (d) => {
  await d.find('[data-testid="customer-list"]', { timeout: 30000 });
  for (const [name, code] of [["跟进测试有限公司", "FU001"], ["另一家公司", "FU002"]]) {
    const made = await invoke(d, "create_customer", { draft: { name, code, manager: "赵经理" } });
    assert.ok(!made.error, JSON.stringify(made));
    if (code === "FU001") {
      const contact = await invoke(d, "contact_add", { customerId: made.id, draft: { name: "李总", role: "采购经理" } });
      assert.ok(!contact.error, JSON.stringify(contact));
    }
  }
  // The list reloads on a search: ask for both.
  await d.type('[data-testid="search"]', "FU0");
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 2 位客户"), 30000);
});

step("记录跟进 from the drawer: a visit with a next contact in 14 days", async (d) => {
  await openCustomer(d, "跟进测试有限公司");
  await clickFree(d, '[data-testid="drawer-followup"]');
  await d.find('[data-testid="followup-form"]');
  await sleep(400); // the dialog zooms in
  await d.click('[data-testid="followup-channel-visit"]');
  await d.type('[data-testid="followup-contact"] input, input[data-testid="followup-contact"]', "李总");
  await d.type('[data-testid="followup-subject"]', "年度续约");
  await d.type('[data-testid="followup-content"]', "上门拜访，客户同意续约三年");
  await d.type('[data-testid="followup-next-step"]', "寄送合同");
  await d.click('[data-testid="followup-next-14"]');
  // The quick pick fills the date field (14 days after the follow-up's day, today).
  let picked = "";
  for (let i = 0; i < 30 && picked !== dayFromToday(14); i++) {
    await sleep(100);
    picked = await d.exec("const e=document.querySelector('[data-testid=followup-next] input, input[data-testid=followup-next]');return e?e.value:'';");
  }
  assert.equal(picked, dayFromToday(14));
  await d.screenshot(join(artifacts, "followup-form.png"));
  await d.click('[data-testid="followup-save"]');
  await d.gone('[data-testid="followup-form"]');
});

step("an empty content is refused in Chinese under its field", async (d) => {
  await drawerSettled(d);
  await clickFree(d, '[data-testid="drawer-followup"]');
  await d.find('[data-testid="followup-form"]');
  await sleep(400);
  await d.click('[data-testid="followup-save"]');
  await d.waitText('[data-testid="followup-form"]', (t) => t.includes("请填写「跟进内容」"));
  await d.click('.ant-modal-footer .ant-btn-default');
  await d.gone('[data-testid="followup-form"]');
});

step("the list shows the next contact date; the 联系情况 filter leaves it out until it is due", async (d) => {
  const next = dayFromToday(14);
  const today = dayFromToday(0);
  await d.waitText('[data-testid="customer-detail"]', (t) => t.includes(next) && t.includes(today));
  await d.click(".ant-drawer-close");
  await d.gone(".ant-drawer-open");
  const row = await d.waitText('[data-testid="customer-list"]', (t) => t.includes(next), 15000);
  assert.match(row, /跟进测试有限公司/);
  // The two contact columns are at the table's right end.
  await d.exec(
    "const h=document.querySelector('.ant-table-tbody-virtual-holder')||document.querySelector('.ant-table-body');" +
      "if(h){h.dispatchEvent(new WheelEvent('wheel',{deltaX:5000,bubbles:true,cancelable:true}));h.scrollLeft=10000;}return true;",
  );
  await sleep(600);
  await d.screenshot(join(artifacts, "followup-list.png"));
  await d.exec(
    "const h=document.querySelector('.ant-table-tbody-virtual-holder')||document.querySelector('.ant-table-body');" +
      "if(h){h.dispatchEvent(new WheelEvent('wheel',{deltaX:-5000,bubbles:true,cancelable:true}));h.scrollLeft=0;}return true;",
  );
  // Not due yet: 下次联系已到期 finds no one; 超过 30 天未联系 finds only the other one.
  await pick(d, '[data-testid="contact-filter"]', '.ant-select-item-option[title="下次联系已到期"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 0 位客户"));
  await pick(d, '[data-testid="contact-filter"]', '.ant-select-item-option[title="超过 30 天未联系"]');
  const other = await d.waitText('[data-testid="customer-list"]', (t) => t.includes("另一家公司"));
  assert.doesNotMatch(other, /跟进测试有限公司/);
  await pick(d, '[data-testid="contact-filter"]', '.ant-select-item-option[title="全部联系情况"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 2 位客户"));
});

step("the record page's 跟进 tab lists it and the timeline shows it", async (d) => {
  await openCustomer(d, "跟进测试有限公司");
  await clickFree(d, '[data-testid="drawer-record"]');
  await d.find('[data-testid="customer-record"]', { timeout: 15000 });
  await d.click('[data-testid="record-tab-followups"]');
  const tab = await d.waitText('[data-testid="followups-tab"]', (t) => t.includes("上门拜访"));
  assert.match(tab, /拜访/);
  assert.match(tab, /李总/);
  assert.match(tab, /共 1 条跟进/);
  await d.click('[data-testid="record-tab-timeline"]');
  const events = await d.waitText('[data-testid="customer-record"]', (t) => t.includes("拜访跟进：年度续约"));
  assert.match(events, /上门拜访，客户同意续约三年/);
  // The to-do for the next contact, in the record's 待办 tab.
  await d.click('[data-testid="record-tab-todos"]');
  await d.waitText('[data-testid="todos-tab"]', (t) => t.includes("跟进：寄送合同") && t.includes(dayFromToday(14)));
});

step("the follow-up asked for a 跟进 to-do on its next contact date", async (d) => {
  const id = await d.exec("return Number(document.querySelector('[data-testid=customer-record]').dataset.customerId);");
  const followups = await invoke(d, "customer_followups", { customerId: id });
  assert.equal(followups.length, 1, JSON.stringify(followups));
  assert.equal(followups[0].next_contact_on, dayFromToday(14));
  assert.equal(followups[0].who, "赵经理");
  // The name typed is the customer's contact: the follow-up links to it.
  const contacts = await invoke(d, "record_contacts", { id });
  assert.equal(followups[0].contact_id, contacts.find((c) => c.name === "李总").id);
  const log = await invoke(d, "customer_log", { id });
  const added = log.find((e) => e.action === "followup.add");
  assert.ok(added, JSON.stringify(log.map((e) => e.action)));
  assert.doesNotMatch(added.summary, /李总|续约/);
  assert.ok(added.details.facts.some((f) => f.name === "新建待办"), JSON.stringify(added.details.facts));
});
