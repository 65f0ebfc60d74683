// End to end: with order lines present (the 200 demo customers, rated once;
// two years of orders for 40 of them imported through the CLI, some of whom
// stopped buying) the 分析
// page shows, period by period, cohort by cohort and 客户经理 by 客户经理,
// the same figures as `tierdesk analysis … --json` prints for the same
// database and day; switching to quarters gives the CLI's quarters; the
// charts and the Sankey of the rating batch are drawn.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { appSession, artifacts, clickFree, daysAgo, invoke, isoDay, rateDemoCustomers } from "./harness.mjs";

const step = appSession();
const out = mkdtempSync(join(tmpdir(), "tierdesk-analysis-"));
const csv = join(out, "订单明细.csv");
const cli = process.env.TIERDESK_CLI ?? join(dirname(process.env.TIERDESK_APP ?? "."), "tierdesk");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Orders for C0000001–C0000040: customer c every 20 + c days, from two years ago (c ≤ 30) or from
 * 310–130 days ago (c > 30: the cohorts of the last year); every fifth stops 200 days ago. */
function orderSheet() {
  let text = "订单编号,客户编号,下单日期,产品,数量,单价\n";
  let n = 0;
  for (let c = 1; c <= 40; c++) {
    const code = `C${String(c).padStart(7, "0")}`;
    for (let ago = c <= 30 ? 700 - 7 * c : 330 - 20 * (c - 30); ago >= 0; ago -= 20 + c) {
      if (c % 5 === 0 && ago < 200) break;
      n++;
      text += `E${100000 + n},${code},${isoDay(daysAgo(ago))} 10:00:00,产品${c % 7},${1 + (c % 3)},${50 + c}\n`;
      // A second order the same day now and then: a repeat purchase in one day.
      if (c % 4 === 0 && ago % 3 === 0) {
        n++;
        text += `E${100000 + n},${code},${isoDay(daysAgo(ago))} 15:00:00,产品${c % 5},1,${30 + c}\n`;
      }
    }
  }
  writeFileSync(csv, text);
  return n;
}

// The page's formatting of the CLI's numbers (ui/src/analysis/analysisText.ts).
const pct = (v) => (v == null ? "—" : `${(v * 100).toFixed(1)}%`);
const yuan = (v) => (v == null ? "—" : `${v < 0 ? "-" : ""}¥${Math.round(Math.abs(v)).toLocaleString("en-US")}`);

let db = null;
const analysis = (...args) => JSON.parse(execFileSync(cli, ["--db", db, "analysis", ...args, "--json"]).toString());

/** The rows of a table in order: [the row's `data-…` key, its cells (`data-col`) by name]. */
const rowsOf = (d, table, key) =>
  d.exec(
    `return [...document.querySelectorAll('[data-testid="${table}"] tr[data-${key}]')].map((r) => [r.dataset["${key}"], Object.fromEntries([...r.querySelectorAll('[data-col]')].map((c) => [c.dataset.col, c.textContent]))]);`,
  );
const cells = async (d, table, key) => Object.fromEntries(await rowsOf(d, table, key));
const keysOf = async (d, table, key) => (await rowsOf(d, table, key)).map(([k]) => k);

function expectedRetention(f) {
  return Object.fromEntries(
    f.totals.map((r) => [
      r.period,
      {
        active: String(r.active),
        new: String(r.new),
        returning: String(r.returning),
        alive_at_start: String(r.alive_at_start),
        churned_from_start: String(r.churned_from_start),
        churned: String(r.churned),
        churn_rate: pct(r.churn_rate),
        retention_rate: pct(r.retention_rate),
        repeat_rate: pct(r.repeat_rate),
        average_interval: r.average_interval == null ? "—" : `${r.average_interval.toFixed(1)} 天`,
        spend: yuan(r.spend),
        value_per_active: yuan(r.value_per_active),
      },
    ]),
  );
}

step("demo customers, rated, with two years of order lines imported", async (d) => {
  await rateDemoCustomers(d);
  const info = await invoke(d, "db_info", {});
  assert.ok(!info.error, JSON.stringify(info));
  db = info.path;
  const lines = orderSheet();
  // Imported through the CLI into the file the app has open, as a second program would.
  const summary = JSON.parse(execFileSync(cli, ["--db", db, "import", "transactions", csv, "--json"]).toString());
  assert.equal(summary.lines, lines, `lines imported: ${summary.lines}`);
});

step("the 分析 page's months equal the CLI's, period by period", async (d) => {
  const cliMonths = analysis("retention");
  assert.equal(cliMonths.periods.length, 12);
  assert.ok(cliMonths.totals.some((r) => r.churned > 0), "some customers churned");
  assert.ok(cliMonths.totals.some((r) => r.repeat > 0), "some bought twice in a month");
  await d.click('[data-testid="nav-analysis"]');
  await d.waitText('[data-testid="analysis-retention-table"]', (t) => t.includes("¥"), 30000);
  assert.deepEqual(await keysOf(d, "analysis-retention-table", "period"), cliMonths.periods.map((p) => p.key));
  assert.deepEqual(await cells(d, "analysis-retention-table", "period"), expectedRetention(cliMonths));
  // The tier table is the last month's, one row per tier the CLI has for it.
  const last = cliMonths.periods[cliMonths.periods.length - 1].key;
  const tiers = await cells(d, "analysis-tier-table", "tier");
  const cliTiers = cliMonths.by_tier.filter((r) => r.period === last);
  assert.deepEqual(await keysOf(d, "analysis-tier-table", "tier"), cliTiers.map((r) => r.tier ?? "none"));
  for (const r of cliTiers) assert.equal(tiers[r.tier ?? "none"].active, String(r.active), `tier ${r.tier}`);
  for (const chart of ["analysis-rates-chart", "analysis-counts-chart"]) {
    const paths = await d.exec(`return document.querySelectorAll('[data-testid="${chart}"] svg path').length;`);
    assert.ok(paths > 0, `${chart} drawn`);
  }
  await sleep(300);
  await d.screenshot(join(artifacts, "analysis-months.png"));
});

step("quarters, cohorts and 客户经理 equal the CLI's", async (d) => {
  await clickFree(d, '[data-testid="analysis-by-quarter"]');
  const cliQuarters = analysis("retention", "--by", "quarter");
  const firstKey = cliQuarters.periods[0].key;
  await d.waitText('[data-testid="analysis-retention-table"]', () => true);
  for (let i = 0; i < 50; i++) {
    const keys = await keysOf(d, "analysis-retention-table", "period");
    if (keys[0] === firstKey) break;
    await sleep(200);
  }
  assert.deepEqual(await keysOf(d, "analysis-retention-table", "period"), cliQuarters.periods.map((p) => p.key));
  assert.deepEqual(await cells(d, "analysis-retention-table", "period"), expectedRetention(cliQuarters));

  const cohorts = analysis("cohorts");
  assert.deepEqual(await keysOf(d, "analysis-cohorts", "cohort"), cohorts.rows.map((r) => r.cohort));
  const page = await cells(d, "analysis-cohorts", "cohort");
  for (const r of cohorts.rows) {
    const want = { size: String(r.size) };
    r.shares.forEach((s, i) => { want[`m${i}`] = r.size > 0 ? pct(s) : "—"; });
    assert.deepEqual(page[r.cohort], want, `cohort ${r.cohort}`);
  }
  assert.ok(cohorts.rows.some((r) => r.size > 0 && r.active.slice(1).some((n) => n > 0)), "some came back in a later month");

  const managers = analysis("managers");
  const rows = await cells(d, "analysis-managers", "manager");
  assert.equal(Object.keys(rows).length, managers.rows.length + 1);
  for (const r of [...managers.rows, { ...managers.total, manager: "*" }]) {
    const got = rows[r.manager];
    assert.ok(got, `row of ${r.manager}`);
    assert.equal(got.customers, String(r.customers), `${r.manager} customers`);
    assert.equal(got.active, String(r.active), `${r.manager} active`);
    assert.equal(got.revenue, yuan(r.revenue), `${r.manager} revenue`);
  }
  assert.equal(rows["*"].customers, "200");
  await sleep(300);
  await d.screenshot(join(artifacts, "analysis-quarters.png"));
});

step("the rating batch's tier counts and moves are drawn, as the CLI counts them", async (d) => {
  const movement = analysis("movement");
  assert.equal(movement.batches.length, 1);
  const b = movement.batches[0];
  const text = await d.waitText('[data-testid="analysis-last-batch"]', (t) => t.includes(`#${b.batch_id}`), 30000);
  assert.ok(text.includes(`升级 ${b.up}，降级 ${b.down}，不变 ${b.same}，首次评级 ${b.first}`), text);
  assert.equal(b.up + b.down + b.same + b.first, 200, "every demo customer rated once");
  for (const chart of ["analysis-batch-chart", "analysis-sankey"]) {
    const paths = await d.exec(`return document.querySelectorAll('[data-testid="${chart}"] svg path').length;`);
    assert.ok(paths > 0, `${chart} drawn`);
  }
  await d.exec("document.querySelector('[data-testid=\"analysis-sankey\"]').scrollIntoView();");
  await sleep(300);
  await d.screenshot(join(artifacts, "analysis-movement.png"));
});
