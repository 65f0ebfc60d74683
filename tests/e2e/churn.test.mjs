// End to end: order lines where a known customer lapses (林小流 bought every
// 30 days and stopped four months ago; 任常买 still buys every 30 days),
// imported with the CLI into the app's database (the import refreshes the
// alerts); in the app 刷新预警 finds the same single alert (refreshing never
// duplicates), its reason in words, 已跟进 then 已挽回 with notes in the
// drawer, and the customer record's card shows the alert while it is open.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { appSession, clickFree, drawerSettled, invoke, shot } from "./harness.mjs";

const step = appSession();
const out = mkdtempSync(join(tmpdir(), "tierdesk-churn-"));
const csv = join(out, "订单明细.csv");
const cli = process.env.TIERDESK_CLI ?? join(dirname(process.env.TIERDESK_APP ?? "."), "tierdesk");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const daysAgo = (n) => {
  const d = new Date();
  d.setHours(12, 0, 0, 0);
  d.setDate(d.getDate() - n);
  const pad = (x) => String(x).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

let db = null;
let lapsedId = null;
let alertId = null;

step("two customers and a year of orders imported with the CLI", async (d) => {
  await d.find('[data-testid="customer-list"]', { timeout: 30000 });
  for (const [name, code] of [["林小流", "L001"], ["任常买", "R001"]]) {
    const made = await invoke(d, "create_customer", { draft: { name, code, manager: "王经理" } });
    assert.ok(!made.error, JSON.stringify(made));
    if (code === "L001") lapsedId = made.id;
  }
  const info = await invoke(d, "db_info", {});
  db = info.path;
  let text = "订单编号,客户编号,下单日期,产品,数量,单价\n";
  let n = 0;
  // L001: every 30 days from 364 days ago to 124 days ago (nine orders).
  for (let ago = 364; ago >= 124; ago -= 30) text += `L${++n},L001,${daysAgo(ago)} 10:00:00,龙井,1,1000\n`;
  // R001: every 30 days until 4 days ago.
  for (let ago = 364; ago >= 0; ago -= 30) text += `R${++n},R001,${daysAgo(ago)} 10:00:00,普洱,1,800\n`;
  writeFileSync(csv, text);
  const imported = JSON.parse(execFileSync(cli, ["--db", db, "import", "transactions", csv, "--json"]).toString());
  assert.equal(imported.lines, n, JSON.stringify(imported));
  // The import refreshed the alerts: one, for 林小流.
  const listed = JSON.parse(execFileSync(cli, ["--db", db, "churn", "list", "--json"]).toString());
  assert.equal(listed.total, 1, JSON.stringify(listed));
  assert.equal(listed.items[0].customer_id, lapsedId);
  alertId = listed.items[0].id;
});

step("刷新预警 in the app finds the same one alert with its reason in words", async (d) => {
  await clickFree(d, '[data-testid="nav-churn"]');
  await d.find('[data-testid="churn-page"]', { timeout: 30000 });
  await clickFree(d, '[data-testid="churn-refresh"]');
  await d.waitText(".ant-message", (t) => t.includes("预警已刷新") && t.includes("新预警 0"), 30000);
  await d.waitText('[data-testid="churn-total"]', (t) => t.includes("共 1 条"), 30000);
  const rows = await d.exec("return [...document.querySelectorAll('[data-testid^=churn-row-]')].map(r=>r.dataset.testid);");
  assert.deepEqual(rows, ["churn-row-L001"]);
  const reasons = await d.text(`[data-testid="churn-reasons-${alertId}"]`);
  assert.match(reasons, /30 天/);
  assert.match(reasons, /已 124 天未下单/);
  assert.match(await d.text('[data-testid="churn-row-L001"]'), /王经理/);
  await sleep(300);
  await shot(d, "churn-page.png");
});

step("已跟进 then 已挽回 with notes in the drawer", async (d) => {
  await clickFree(d, `[data-testid="churn-open-${alertId}"]`);
  await d.find('[data-testid="churn-drawer"]');
  await drawerSettled(d);
  await clickFree(d, '[data-testid="churn-action-followed"]');
  await d.type('[data-testid="churn-step-note"]', "电话联系，客户说在比价");
  await d.click('[data-testid="churn-step-save"]');
  await d.waitText('[data-testid="churn-drawer-status"]', (t) => t === "已跟进", 30000);
  // Closing without a note is refused by the form.
  await clickFree(d, '[data-testid="churn-action-recovered"]');
  await d.click('[data-testid="churn-step-save"]');
  await d.waitText('[data-testid="churn-step-form"]', (t) => t.includes("关闭预警需要填写说明"));
  await d.type('[data-testid="churn-step-note"]', "送了新茶样品，已下新单");
  await d.click('[data-testid="churn-step-save"]');
  await d.waitText('[data-testid="churn-drawer-status"]', (t) => t === "已挽回", 30000);
  const steps = await d.text('[data-testid="churn-steps"]');
  assert.match(steps, /新 → 已跟进/);
  assert.match(steps, /电话联系，客户说在比价/);
  assert.match(steps, /已跟进 → 已挽回/);
  assert.match(steps, /送了新茶样品，已下新单/);
  await d.find('[data-testid="churn-finished"]');
  await sleep(300);
  await shot(d, "churn-drawer.png");
  // Closed: the open list is empty, the CLI sees the same.
  await d.click(".ant-drawer-close");
  await d.gone(".ant-drawer-open");
  await d.waitText('[data-testid="churn-total"]', (t) => t.includes("共 0 条"), 30000);
  const shown = JSON.parse(execFileSync(cli, ["--db", db, "churn", "show", String(alertId), "--json"]).toString());
  assert.equal(shown.line.status, "recovered");
  assert.equal(shown.line.note, "送了新茶样品，已下新单");
});

step("the customer record's card shows an open alert, and none once it is closed", async (d) => {
  // A second customer lapses: the CLI raises the alert, the record shows it.
  let text = "订单编号,客户编号,下单日期,产品,数量,单价\n";
  let n = 0;
  for (let ago = 300; ago >= 150; ago -= 25) text += `M${++n},M001,${daysAgo(ago)} 10:00:00,白茶,2,600\n`;
  writeFileSync(csv, text);
  execFileSync(cli, ["--db", db, "import", "transactions", csv, "--json"]);
  const listed = JSON.parse(execFileSync(cli, ["--db", db, "churn", "list", "--json"]).toString());
  assert.equal(listed.total, 1, JSON.stringify(listed));
  const m = listed.items[0];
  assert.equal(m.customer_code, "M001");
  await d.exec("window.dispatchEvent(new CustomEvent('tierdesk:open-record', { detail: arguments[0] }));", [m.customer_id]);
  await d.find('[data-testid="record-churn-card"]', { timeout: 30000 });
  await d.waitText('[data-testid="record-churn-level"]', (t) => ["高", "中", "低"].includes(t), 30000);
  assert.match(await d.text('[data-testid="record-churn-reasons"]'), /未下单/);
  assert.equal(await d.text('[data-testid="record-churn-status"]'), "新");
  await sleep(300);
  await shot(d, "churn-record.png");
  // 林小流's alert is closed: their card says there is none.
  await d.exec("window.dispatchEvent(new CustomEvent('tierdesk:open-record', { detail: arguments[0] }));", [lapsedId]);
  await d.waitText('[data-testid="record-churn-card"]', (t) => t.includes("当前没有未处理的流失预警"), 30000);
});

step("the list is paged by the store: 61 open alerts on two pages, in the CLI's order", async (d) => {
  // Sixty more customers lapse (one import of their orders creates them and raises their alerts).
  let text = "订单编号,客户编号,下单日期,产品,数量,单价\n";
  let n = 0;
  for (let i = 1; i <= 60; i++) {
    const code = `P${String(i).padStart(3, "0")}`;
    for (let ago = 300; ago >= 150; ago -= 20) text += `P${++n},${code},${daysAgo(ago)} 10:00:00,红茶,1,${100 + i * 7}\n`;
  }
  writeFileSync(csv, text);
  execFileSync(cli, ["--db", db, "import", "transactions", csv, "--json"]);
  const listed = JSON.parse(execFileSync(cli, ["--db", db, "churn", "list", "--json"]).toString());
  assert.equal(listed.total, 61, JSON.stringify(listed.total));
  const expected = listed.items.map((a) => a.customer_code);
  assert.equal(new Set(expected).size, 61);
  await clickFree(d, '[data-testid="nav-churn"]');
  await d.find('[data-testid="churn-page"]', { timeout: 30000 });
  await d.waitText('[data-testid="churn-total"]', (t) => t.includes("共 61 条"), 30000);
  const codes = () =>
    d.exec("return [...document.querySelectorAll('[data-testid^=churn-row-]')].map(r=>r.dataset.testid.slice(10));");
  const first = await codes();
  assert.equal(first.length, 50);
  await clickFree(d, ".ant-pagination-next");
  let second = [];
  for (let i = 0; i < 100 && second.length !== 11; i++) {
    await sleep(100);
    second = await codes();
  }
  assert.deepEqual([...first, ...second], expected);
});
