// End to end: 今日待办. A to-do written on the page appears under 今天 and is
// completed with one click; an overdue 跟进 to-do of a customer is answered
// with 记录跟进, which logs the follow-up and completes the to-do; the
// overview shows the counts; the notification's text comes from the app.
import assert from "node:assert/strict";
import { join } from "node:path";
import { appSession, artifacts, clickFree, invoke } from "./harness.mjs";

const step = appSession();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The local day `days` from today, YYYY-MM-DD (the app's clock is this machine's). */
function dayFromToday(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

let customerId;
let followupTodo;

step("a customer, and a 跟进 to-do of hers that is two days late", async (d) => {
  await d.find('[data-testid="customer-list"]', { timeout: 30000 });
  const made = await invoke(d, "create_customer", { draft: { name: "待办测试商行", code: "TD001", manager: "孙经理" } });
  assert.ok(!made.error, JSON.stringify(made));
  customerId = made.id;
  const todo = await invoke(d, "todo_add", {
    request: { customer_id: customerId, kind: "followup", title: "回访待办测试商行", note: "", due_on: dayFromToday(-2), due_time: null, owner: "", repeat: null },
  });
  assert.ok(!todo.error, JSON.stringify(todo));
  assert.equal(todo.owner, "孙经理");
  assert.equal(todo.overdue, true);
  followupTodo = todo.id;
});

step("新增待办 on 今日待办: it appears under 今天", async (d) => {
  await d.click('[data-testid="nav-today"]');
  await d.find('[data-testid="today-page"]', { timeout: 15000 });
  await d.waitText('[data-testid="today-overdue"]', (t) => t.includes("回访待办测试商行"));
  await d.click('[data-testid="today-add"]');
  await d.find('[data-testid="todo-form"]');
  await sleep(400); // the dialog zooms in
  await d.type('[data-testid="todo-title"]', "给王总寄样品");
  await d.type('[data-testid="todo-owner"]', "钱助理");
  await d.click('[data-testid="todo-save"]');
  await d.gone('[data-testid="todo-form"]');
  const today = await d.waitText('[data-testid="today-today"]', (t) => t.includes("给王总寄样品"));
  assert.match(today, /钱助理/);
  assert.match(await d.text('[data-testid="today-count-today"]'), /1/);
  assert.match(await d.text('[data-testid="today-count-overdue"]'), /1/);
  const notice = await invoke(d, "todo_notice", {});
  assert.equal(notice, "今日待办 1 项，逾期 1 项");
  await d.screenshot(join(artifacts, "todo-today.png"));
});

step("完成 takes it off the page, and the count goes down", async (d) => {
  const list = await invoke(d, "todo_list", { filter: { due: "today", owner: null, kind: null, customer_id: null, include_closed: false, limit: null } });
  assert.equal(list.length, 1, JSON.stringify(list));
  const id = list[0].id;
  await clickFree(d, `[data-testid="todo-done-${id}"]`);
  await d.gone(`[data-testid="todo-${id}"]`);
  await d.waitText('[data-testid="today-today"]', (t) => !t.includes("给王总寄样品"));
  await d.waitText('[data-testid="today-count-today"]', (t) => t.trim() === "今日待办0" || /\b0\b/.test(t));
  const done = await invoke(d, "todo_list", { filter: { due: null, owner: null, kind: null, customer_id: null, include_closed: true, limit: null } });
  const it = done.find((x) => x.id === id);
  assert.equal(it.status, "done");
  assert.ok(it.done_at, JSON.stringify(it));
});

step("记录跟进 on the late 跟进 to-do logs the follow-up and completes it", async (d) => {
  await clickFree(d, `[data-testid="todo-log-${followupTodo}"]`);
  await d.find('[data-testid="followup-form"]');
  await sleep(400);
  await d.click('[data-testid="followup-channel-phone"]');
  await d.type('[data-testid="followup-content"]', "电话回访，客户对新品满意");
  await d.click('[data-testid="followup-save"]');
  await d.gone('[data-testid="followup-form"]');
  await d.gone(`[data-testid="todo-${followupTodo}"]`);
  const all = await invoke(d, "todo_list", { filter: { due: null, owner: null, kind: null, customer_id: customerId, include_closed: true, limit: null } });
  const t = all.find((x) => x.id === followupTodo);
  assert.equal(t.status, "done", JSON.stringify(all));
  const followups = await invoke(d, "customer_followups", { customerId });
  assert.equal(followups.length, 1, JSON.stringify(followups));
  assert.equal(await invoke(d, "todo_notice", {}), null);
});

step("the overview counts and links to 今日待办; the record's 待办 tab lists the done to-do", async (d) => {
  await clickFree(d, '[data-testid="nav-dashboard"]');
  const card = await d.waitText('[data-testid="dash-todos"]', (t) => t.includes("今日待办"), 30000);
  assert.match(card, /逾期/);
  await d.click('[data-testid="dash-todos-open"]');
  await d.find('[data-testid="today-page"]', { timeout: 15000 });
  await d.exec("window.dispatchEvent(new CustomEvent('tierdesk:open-record', { detail: arguments[0] }));", [customerId]);
  await d.find('[data-testid="customer-record"]', { timeout: 15000 });
  await clickFree(d, '[data-testid="record-tab-todos"]');
  const tab = await d.waitText('[data-testid="todos-tab"]', (t) => t.includes("回访待办测试商行"));
  assert.match(tab, /已完成/);
  await d.screenshot(join(artifacts, "todo-record-tab.png"));
});
