// End to end: a person records a complaint from the customer drawer (新建投诉),
// finds it on the 投诉与反馈 page below an older overdue one shown in red,
// takes it through 处理中 → 待客户确认 → 已关闭 in its drawer (each step with a
// note, closing with the resolution and the customer's satisfaction), and
// sees every step in the customer's timeline. A step the table does not
// allow is refused in Chinese.
import assert from "node:assert/strict";
import { join } from "node:path";
import { appSession, artifacts, clickFree, drawerSettled, invoke, openCustomer, pick } from "./harness.mjs";

const step = appSession();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The local time `hours` ago, as the commands take it (YYYY-MM-DDTHH:mm:ss). */
function hoursAgo(hours) {
  const d = new Date(Date.now() - hours * 3600_000);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:00`;
}

let number = null;

/**
 * Leaves a picture for README. Under a loaded machine the webview sometimes
 * takes over 30 s to answer for a picture of a page that is not changing;
 * the walk-through does not wait for it (what it checks is in the assertions).
 */
async function shot(d, name) {
  // A change that must be drawn: on a page at rest the webview only answers
  // at its next frame.
  await d.exec("const s=document.body.style;s.opacity=s.opacity==='0.999'?'1':'0.999';");
  const late = new Promise((_, no) => setTimeout(() => no(new Error("no picture within 10 s")), 10000));
  try {
    await Promise.race([d.screenshot(join(artifacts, name)), late]);
  } catch (e) {
    console.error(`${name}: ${e.message}`);
  }
}

step("a diamond customer, and an older complaint of another one already overdue", async (d) => {
  await d.find('[data-testid="customer-list"]', { timeout: 30000 });
  const ids = [];
  for (const [name, code, tier] of [["投诉测试茶行", "CS001", "diamond"], ["逾期茶庄", "CS002", "regular"]]) {
    const made = await invoke(d, "create_customer", { draft: { name, code, tier, manager: "钱经理" } });
    assert.ok(!made.error, JSON.stringify(made));
    ids.push(made.id);
  }
  // Received three days ago by a 普通 customer: past its 48 h response limit.
  const old = await invoke(d, "case_open", {
    request: { customer_id: ids[1], channel: "phone", kind: "logistics", severity: "major", description: "货物三天未到", owner: null, received_at: hoursAgo(72) },
  });
  assert.ok(!old.error, JSON.stringify(old));
  assert.equal(old.owner, "钱经理");
  await d.type('[data-testid="search"]', "CS00");
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 2 位客户"), 30000);
});

step("新建投诉 from the drawer", async (d) => {
  await openCustomer(d, "投诉测试茶行");
  await clickFree(d, '[data-testid="drawer-case"]');
  await d.find('[data-testid="case-form"]');
  await sleep(400); // the dialog zooms in
  await pick(d, '[data-testid="case-kind"]', '.ant-select-item-option[title="产品质量"]');
  await d.type('[data-testid="case-description"]', "收到的龙井受潮结块");
  await shot(d, "case-form.png");
  await d.click('[data-testid="case-save"]');
  await d.gone('[data-testid="case-form"]');
});

step("the 投诉与反馈 page lists the overdue one first, in red, then the new one", async (d) => {
  await drawerSettled(d);
  await d.click(".ant-drawer-close");
  await d.gone(".ant-drawer-open");
  await d.click('[data-testid="nav-cases"]');
  await d.waitText('[data-testid="case-total"]', (t) => t.includes("共 2 件"), 30000);
  const rows = await d.exec(
    "return [...document.querySelectorAll('[data-testid^=case-row-]')].map(r=>[r.dataset.testid.slice(9), r.dataset.overdue, r.textContent]);",
  );
  assert.equal(rows.length, 2, JSON.stringify(rows));
  assert.equal(rows[0][1], "true", JSON.stringify(rows));
  assert.match(rows[0][2], /逾期茶庄/);
  assert.match(rows[0][2], /响应已逾期 1 天/);
  assert.equal(rows[1][1], "false");
  assert.match(rows[1][2], /投诉测试茶行/);
  assert.match(rows[1][2], /钻石/);
  assert.match(rows[1][2], /产品质量/);
  number = rows[1][0];
  assert.match(number, /^TS\d{12}$/);
  // Only overdue: the older one alone.
  await d.click('[data-testid="case-filter-overdue"]');
  await d.waitText('[data-testid="case-total"]', (t) => t.includes("共 1 件"));
  await d.click('[data-testid="case-filter-overdue"]');
  await d.waitText('[data-testid="case-total"]', (t) => t.includes("共 2 件"));
  // The table fades back in after loading.
  await d.gone('[data-testid="cases-page"] .ant-spin-blur');
  await sleep(400);
  await shot(d, "cases-page.png");
});

/** Takes the shown case to `status` with the button of that name, writing a note (and a resolution). */
async function takeStep(d, status, note, resolution) {
  await clickFree(d, `[data-testid="case-action-${status}"]`);
  await d.find('[data-testid="case-step-form"]');
  if (resolution != null) {
    await d.clear('[data-testid="case-step-resolution"]');
    await d.type('[data-testid="case-step-resolution"]', resolution);
  }
  await d.type('[data-testid="case-step-note"]', note);
  if (status === "closed") await d.click('[data-testid="case-step-form"] .ant-rate-star:nth-child(4) .ant-rate-star-second');
  await d.click('[data-testid="case-step-save"]');
  await d.gone('[data-testid="case-step-form"]');
}

step("the complaint runs through its steps in its drawer", async (d) => {
  await clickFree(d, `[data-testid="case-open-${number}"]`);
  await d.waitText('[data-testid="case-status"]', (t) => t === "新建");
  await drawerSettled(d);
  // Only the steps the table allows are offered.
  const offered = await d.exec(
    "return [...document.querySelectorAll('[data-testid^=case-action-]')].map(b=>b.dataset.testid.slice(12));",
  );
  assert.deepEqual(offered, ["in_progress", "rejected"]);
  await takeStep(d, "in_progress", "已致电客户，安排换货");
  await d.waitText('[data-testid="case-status"]', (t) => t === "处理中");
  await takeStep(d, "awaiting_customer", "新茶已寄出", "换货并赠送茶具");
  await d.waitText('[data-testid="case-status"]', (t) => t === "待客户确认");
  await takeStep(d, "closed", "客户确认收到，满意", null);
  await d.waitText('[data-testid="case-status"]', (t) => t === "已关闭");
  await d.find('[data-testid="case-finished"]');
  const steps = await d.text('[data-testid="case-steps"]');
  for (const words of ["登记：新建", "新建 → 处理中", "处理中 → 待客户确认", "待客户确认 → 已关闭", "已致电客户", "客户确认收到"]) {
    assert.ok(steps.includes(words), `${words} in ${steps}`);
  }
  const drawer = await d.text('[data-testid="case-drawer"]');
  assert.match(drawer, /换货并赠送茶具/);
  await d.gone(".ant-message-notice", 10000);
  await shot(d, "case-drawer.png");
});

step("what the app stored: four steps, the satisfaction, and a refused step in Chinese", async (d) => {
  const list = await invoke(d, "case_list", {
    filter: { status: null, open: false, kind: null, tier: null, owner: null, overdue: false, customer_id: null, limit: 10, offset: null },
  });
  const mine = list.items.find((c) => c.number === number);
  assert.ok(mine, JSON.stringify(list));
  const detail = await invoke(d, "case_detail", { id: mine.id });
  assert.equal(detail.steps.length, 4);
  assert.deepEqual(detail.steps.map((s) => s.to_status), ["new", "in_progress", "awaiting_customer", "closed"]);
  assert.equal(detail.line.satisfaction, 4);
  assert.equal(detail.line.resolution, "换货并赠送茶具");
  assert.equal(detail.line.tier_at, "diamond");
  // Saved against the case as opened (its version and values), as the drawer does.
  const base = {
    version: detail.line.version,
    values: { status: "closed", resolution: detail.line.resolution, satisfaction: detail.line.satisfaction },
  };
  const refused = await invoke(d, "case_step", { id: mine.id, step: { to: "in_progress", note: "重开", resolution: null, satisfaction: null }, base });
  assert.equal(refused.error?.message, "投诉已经「已关闭」，不能再改为「处理中」。");
  // The response and resolution to-dos it opened are both done.
  const todos = await invoke(d, "todo_list", {
    filter: { due: "all", owner: null, kind: "case", customer_id: mine.customer_id, include_closed: true, limit: null },
  });
  assert.ok(!todos.error, JSON.stringify(todos));
  const ofCase = todos.filter((t) => t.source_kind === "case" && t.source_id === mine.id);
  const byKey = ofCase.map((t) => [t.rule_key, t.status]).sort();
  assert.deepEqual(byKey, [[`case:${mine.id}:resolve`, "done"], [`case:${mine.id}:respond`, "done"]]);
  assert.ok(ofCase.every((t) => t.owner === "钱经理"), JSON.stringify(ofCase));
});

step("the customer's timeline shows the complaint and each step", async (d) => {
  await clickFree(d, '[data-testid="case-open-record"]');
  await d.find('[data-testid="customer-record"]', { timeout: 15000 });
  await d.click('[data-testid="record-tab-cases"]');
  await d.waitText('[data-testid="cases-tab"]', (t) => t.includes(number) && t.includes("已关闭"));
  await d.click('[data-testid="record-tab-timeline"]');
  const events = await d.waitText('[data-testid="customer-record"]', (t) => t.includes(`投诉 ${number}：已关闭`));
  assert.ok(events.includes(`收到投诉 ${number}（产品质量，一般）`), events);
  assert.ok(events.includes(`投诉 ${number}：处理中`), events);
  assert.match(events, /收到的龙井受潮结块/);
  assert.match(events, /处理结果：换货并赠送茶具/);
  await shot(d, "case-timeline.png");
});

step("今日待办: the overdue complaint's to-do opens its case, and offers no 完成 to tick it off", async (d) => {
  const todos = await invoke(d, "todo_list", {
    filter: { due: "overdue", owner: null, kind: "case", customer_id: null, include_closed: false, limit: null },
  });
  assert.ok(!todos.error, JSON.stringify(todos));
  const late = todos.filter((t) => t.source_kind === "case");
  assert.equal(late.length, 1, JSON.stringify(todos));
  await clickFree(d, '[data-testid="nav-today"]');
  await d.find(`[data-testid="todo-case-${late[0].id}"]`, { timeout: 15000 });
  const doneButtons = await d.exec(`return document.querySelectorAll('[data-testid="todo-done-${late[0].id}"]').length;`);
  assert.equal(doneButtons, 0);
  await clickFree(d, `[data-testid="todo-case-${late[0].id}"]`);
  await d.waitText('[data-testid="case-drawer"]', (t) => t.includes("逾期茶庄") && t.includes("货物三天未到"));
});
