// End to end: points in the real app. The 200 demo customers under a
// scheme with points on (the active scheme exported by the CLI, [points]
// enabled, imported again); three orders of C0000001 imported by the CLI earn
// points, and the record's 积分 tab shows the balance the CLI's `points show
// --json` prints. An item added on the 积分礼品 page is redeemed (balance and
// stock drop by the right amounts, the page counts it), a redemption beyond
// the balance is refused with the store's Chinese message, the redemption is
// undone, the statement saved as a PDF shows the closing balance, and the
// catalogue page turns the item off (停用), after which it cannot be redeemed.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { appSession, clickFree, daysAgo, drawerSettled, invoke, isoDay, pick, shot } from "./harness.mjs";

const step = appSession();
const out = mkdtempSync(join(tmpdir(), "tierdesk-points-"));
const cli = process.env.TIERDESK_CLI ?? join(dirname(process.env.TIERDESK_APP ?? "."), "tierdesk");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const CODE = "C0000001";
const count = (n) => Math.round(n).toLocaleString("en-US");

let db = null;
let customerId = null;
let itemId = null;
let schemeKey = null;
const run = (...args) => execFileSync(cli, ["--db", db, ...args]).toString();
const cliBalance = () => JSON.parse(run("points", "show", CODE, "--json")).balance;
const uiBalance = (d) => d.exec(`return Number(document.querySelector('[data-testid="points-balance"]').dataset.points);`);
const item = async (d) =>
  (await invoke(d, "points_catalogue", {})).find((l) => l.item.id === itemId);
/** The latest message toast's text, waited for. */
const toast = (d, predicate) => d.waitText(".ant-message", predicate, 15000);

/** Waits until the 积分 tab shows `balance`. */
async function balanceIs(d, balance) {
  for (let i = 0; i < 75; i++) {
    const shown = await uiBalance(d).catch(() => NaN);
    if (shown === balance) return;
    await sleep(200);
  }
  assert.equal(await uiBalance(d), balance, "balance on the 积分 tab");
}

step("a scheme with points on, and three orders of C0000001 imported by the CLI", async (d) => {
  // The 200 demo customers (their tiers as the demo sheet has them: no rating is needed to earn).
  const filled = await invoke(d, "fill_demo", { customers: 200 });
  assert.equal(filled, 200, JSON.stringify(filled));
  const info = await invoke(d, "db_info", {});
  assert.ok(!info.error, JSON.stringify(info));
  db = info.path;
  const key = JSON.parse(run("scheme", "list", "--json")).find((s) => s.active).key;
  schemeKey = key;
  const toml = join(out, "方案.toml");
  run("scheme", "export", key, toml);
  appendFileSync(toml, "\n[points]\nenabled = true\nyuan_per_point = 10.0\n");
  run("scheme", "import", toml);
  run("scheme", "activate", key);
  const csv = join(out, "订单.csv");
  writeFileSync(
    csv,
    "订单编号,客户编号,下单日期,产品,数量,单价\n" +
      [30, 20, 10].map((ago, i) => `P${900 + i},${CODE},${isoDay(daysAgo(ago))} 10:00:00,产品${i},2,${1000 + 500 * i}`).join("\n") +
      "\n",
  );
  const summary = JSON.parse(run("import", "transactions", csv, "--json"));
  assert.equal(summary.lines, 3);
  const account = JSON.parse(run("points", "show", CODE, "--json"));
  assert.equal(account.entries.filter((e) => e.kind === "earn").length, 3, "one earn row per order");
  // ¥2,000 + ¥3,000 + ¥4,000 at ¥10 a point, × the tier's multiplier (1 to 2).
  assert.ok(account.balance >= 900 && account.balance <= 1800, `balance ${account.balance}`);
});

step("the 积分礼品 page adds an item", async (d) => {
  await clickFree(d, '[data-testid="nav-points"]');
  await d.find('[data-testid="points-catalogue-page"]');
  await clickFree(d, '[data-testid="points-item-add"]');
  await d.type('[data-testid="points-item-name"]', "保温杯");
  await d.clear('[data-testid="points-item-price"]');
  await d.type('[data-testid="points-item-price"]', "100");
  await d.type('[data-testid="points-item-stock"]', "100");
  await clickFree(d, "#points-item-ok");
  await d.waitText('[data-testid="points-catalogue"]', (t) => t.includes("保温杯"));
  itemId = (await invoke(d, "points_catalogue", {})).find((l) => l.item.name === "保温杯").item.id;
  assert.equal(await d.text(`[data-testid="points-item-stock-${itemId}"]`), "100");
  assert.equal(await d.text(`[data-testid="points-item-redeemed-${itemId}"]`), "0");
});

step("the record's 积分 tab shows the CLI's balance and ledger", async (d) => {
  await clickFree(d, '[data-testid="nav-customers"]');
  await d.type('[data-testid="search"]', CODE);
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 1 位客户"));
  await sleep(300);
  const open = await d.exec(`return document.querySelector('[data-testid^="open-"]').dataset.testid;`);
  customerId = Number(open.replace("open-", ""));
  await clickFree(d, `[data-testid="${open}"]`);
  await d.find('[data-testid="customer-detail"]');
  await drawerSettled(d);
  await clickFree(d, '[data-testid="drawer-record"]');
  await d.waitText('[data-testid="record-title"]', (t) => t.includes(CODE));
  await clickFree(d, '[data-testid="record-tab-points"]');
  await d.find('[data-testid="points-tab"]');
  const balance = cliBalance();
  await balanceIs(d, balance);
  assert.match(await d.text('[data-testid="points-balance"]'), new RegExp(`${count(balance)} 分`));
  const kinds = await d.exec(`return [...document.querySelectorAll('[data-testid="points-ledger"] tr[data-entry]')].map((r) => r.dataset.kind);`);
  assert.deepEqual(kinds, ["earn", "earn", "earn"]);
  const ledger = await d.text('[data-testid="points-ledger"]');
  assert.match(ledger, /获得/);
  assert.match(ledger, /订单 P902/);
  await shot(d, "points-tab.png");
});

step("redeeming 2 drops the balance by 200 and the stock by 2; beyond the balance is refused", async (d) => {
  const before = cliBalance();
  await clickFree(d, '[data-testid="points-redeem"]');
  await pick(d, '[data-testid="points-redeem-item"]', `[data-testid="points-redeem-option-${itemId}"]`);
  await d.clear('[data-testid="points-redeem-qty"]');
  await d.type('[data-testid="points-redeem-qty"]', "2");
  await d.waitText('[data-testid="points-redeem-cost"]', (t) => t.includes("需要 200 分"));
  await clickFree(d, "#points-redeem-ok");
  await balanceIs(d, before - 200);
  assert.equal(cliBalance(), before - 200);
  const line = await item(d);
  assert.deepEqual([line.item.stock, line.redeemed], [98, 2]);

  // 50 cost 5,000 points, more than the balance: the store refuses, its message is shown.
  await clickFree(d, '[data-testid="points-redeem"]');
  await pick(d, '[data-testid="points-redeem-item"]', `[data-testid="points-redeem-option-${itemId}"]`);
  await d.clear('[data-testid="points-redeem-qty"]');
  await d.type('[data-testid="points-redeem-qty"]', "50");
  await d.waitText('[data-testid="points-redeem-cost"]', (t) => t.includes("积分余额不够"));
  await clickFree(d, "#points-redeem-ok");
  const refusal = await toast(d, (t) => t.includes("不够兑换"));
  assert.match(refusal, /不够兑换「保温杯」×50/);
  await shot(d, "points-refused.png");
  await d.exec(`document.querySelector('.ant-modal-wrap:not([style*="display: none"]) .ant-modal-close')?.click();`);
  await sleep(500);
  assert.equal(cliBalance(), before - 200, "nothing taken by the refusal");
  assert.equal((await item(d)).item.stock, 98);
});

step("undoing the redemption gives back the points and the stock", async (d) => {
  const account = JSON.parse(run("points", "show", CODE, "--json"));
  const redeem = account.entries.find((e) => e.kind === "redeem");
  await clickFree(d, `[data-testid="points-undo-${redeem.id}"]`);
  await d.type('[data-testid="points-undo-reason"]', "客户退回保温杯");
  await clickFree(d, "#points-undo-ok");
  await balanceIs(d, account.balance + 200);
  const after = JSON.parse(run("points", "show", CODE, "--json"));
  const reverse = after.entries.find((e) => e.kind === "reverse");
  assert.deepEqual([reverse.reverses_id, reverse.points, reverse.reason], [redeem.id, 200, "客户退回保温杯"]);
  const line = await item(d);
  assert.deepEqual([line.item.stock, line.redeemed], [100, 0]);
  // The undone row has no 撤销 button any more.
  assert.equal(await d.exec(`return document.querySelectorAll('[data-testid="points-undo-${redeem.id}"]').length;`), 0);
});

step("the statement saved as a PDF shows the closing balance", async (d) => {
  await clickFree(d, '[data-testid="points-statement"]');
  await d.find('[data-testid="points-statement-preview"]');
  const html = await d.exec(`return document.querySelector('[data-testid="points-statement-preview"]').getAttribute("srcdoc");`);
  assert.match(html, /积分对账单/);
  await d.exec(`document.querySelector('.ant-modal-wrap:not([style*="display: none"]) .ant-modal-close')?.click();`);
  const pdf = join(out, "积分对账单.pdf");
  const saved = await invoke(d, "save_points_statement", { id: customerId, from: null, to: null, path: pdf });
  assert.ok(!saved?.error, JSON.stringify(saved));
  const end = Date.now() + 15000;
  while (!existsSync(pdf) && Date.now() < end) await sleep(200);
  const text = execFileSync("pdftotext", ["-layout", pdf, "-"]).toString();
  const closing = text.split("\n").find((l) => l.includes("期末余额"));
  assert.ok(closing, "a 期末余额 line");
  assert.ok(closing.includes(count(cliBalance())), `期末余额 shows ${count(cliBalance())}: ${closing}`);
});

step("the catalogue page turns the item off; it can no longer be redeemed", async (d) => {
  await clickFree(d, '[data-testid="nav-points"]');
  await d.waitText(`[data-testid="points-item-state-${itemId}"]`, (t) => t.includes("启用"));
  await clickFree(d, `[data-testid="points-item-off-${itemId}"]`);
  await clickFree(d, `#points-item-off-ok-${itemId}`);
  await d.waitText(`[data-testid="points-item-state-${itemId}"]`, (t) => t.includes("停用"));
  const line = await item(d);
  assert.equal(line.item.active, false);
  const refused = await invoke(d, "points_redeem", { id: customerId, item: itemId, qty: 1 });
  assert.ok(refused.error, "a turned-off item is refused");
  assert.match(JSON.stringify(refused.error), /没有礼品/);
  await shot(d, "points-catalogue.png");
});

step("the customer list's 积分 column and the drawer show the CLI's balance", async (d) => {
  await clickFree(d, '[data-testid="nav-customers"]');
  await d.clear('[data-testid="search"]');
  await d.type('[data-testid="search"]', CODE);
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 1 位客户"));
  const balance = cliBalance();
  const cell = `[data-testid="customer-list"] [data-testid="points-cell-${customerId}"]`;
  await d.waitText(cell, (t) => t.trim() === count(balance), 15000);
  assert.equal(Number(await d.exec(`return document.querySelector('${cell}').dataset.points;`)), balance);
  await clickFree(d, `[data-testid="open-${customerId}"]`);
  await d.find('[data-testid="customer-detail"]');
  await d.waitText(`[data-testid="customer-detail"] [data-testid="points-cell-${customerId}"]`, (t) => t.trim() === count(balance));
  await shot(d, "points-list.png");
});

step("the scheme editor's 积分 tab shows points on and saves ¥ per point into the scheme", async (d) => {
  // The drawer of the step before is closed first (its mask covers the menu).
  await d.exec("document.querySelector('.ant-drawer-open .ant-drawer-close')?.click();");
  await sleep(600);
  await clickFree(d, '[data-testid="nav-schemes"]');
  await clickFree(d, `[data-testid="edit-${schemeKey}"]`);
  await clickFree(d, '[data-testid="scheme-tab-points"]');
  await d.find('[data-testid="points-settings"]');
  assert.equal(await d.exec(`return document.querySelector('[data-testid="points-enabled"]').getAttribute("aria-checked");`), "true");
  await d.clear('[data-testid="points-yuan-per-point"]');
  await d.type('[data-testid="points-yuan-per-point"]', "20");
  await shot(d, "points-settings.png");
  await clickFree(d, "#scheme-save");
  let shown = "";
  for (let i = 0; i < 75 && !/yuan_per_point = 20/.test(shown); i++) {
    await sleep(200);
    shown = run("scheme", "show", schemeKey);
  }
  assert.match(shown, /enabled = true/);
  assert.match(shown, /yuan_per_point = 20/);
});
