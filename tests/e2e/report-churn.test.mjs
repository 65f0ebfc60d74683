// End to end: with order lines present (the 200 demo customers, rated; two
// years of monthly orders for 60 of them, one of whom stopped six months
// ago) and churn alerts refreshed, the report's print preview and its PDF
// have the 流失与留存 section with that customer's alert, section 五 points at
// it instead of its old fixed list, and the saved workbook has the section's
// five sheets with native charts and the customer's code.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { appSession, artifacts, daysAgo, invoke, isoDay, rateDemoCustomers } from "./harness.mjs";

const step = appSession();
const out = mkdtempSync(join(tmpdir(), "tierdesk-report-churn-"));
const csv = join(out, "订单明细.csv");
const LAPSED = "C0000001";

/** Monthly orders for C0000001–C0000060 (two years, or since some day of the last year); C0000001 (the biggest buyer) last bought 179 days ago. */
function orderSheet() {
  let text = "订单编号,客户编号,下单日期,产品,数量,单价\n";
  let n = 0;
  for (let c = 1; c <= 60; c++) {
    const code = `C${String(c).padStart(7, "0")}`;
    // C0000041–C0000060 first bought within the last year (the cohorts).
    for (let ago = c > 40 ? 340 - (c - 40) * 10 : 720 - c; ago >= 0; ago -= 30) {
      if (c === 1 && ago < 150) break;
      n++;
      const price = c === 1 ? 5000 : 100 + c;
      text += `D${100000 + n},${code},${isoDay(daysAgo(ago))} 10:00:00,产品${c % 7},2,${price}\n`;
    }
  }
  writeFileSync(csv, text);
  return n;
}

step("demo customers, rated, with two years of order lines imported through the CLI", async (d) => {
  await rateDemoCustomers(d);
  const info = await invoke(d, "db_info", {});
  assert.ok(!info.error, JSON.stringify(info));
  const lines = orderSheet();
  const cli = process.env.TIERDESK_CLI ?? join(dirname(process.env.TIERDESK_APP), "tierdesk");
  const out = JSON.parse(execFileSync(cli, ["--db", info.path, "import", "transactions", csv, "--json"]).toString());
  assert.equal(out.lines, lines, "every order line stored");
  assert.equal(out.inserted, 0, "the lines belong to demo customers");
  // Alerts as the app makes them (the 流失预警 page's 「刷新预警」).
  const refreshed = await invoke(d, "churn_refresh", {});
  assert.ok(!refreshed.error, JSON.stringify(refreshed));
});

step("the print preview has the 流失与留存 section with the lapsed customer's alert", async (d) => {
  await d.click('[data-testid="nav-dashboard"]');
  await d.click('[data-testid="dash-report"]');
  await d.find('[data-testid="report-preview"]');
  const end = Date.now() + 20000;
  let html = "";
  while (Date.now() < end) {
    html = await d.exec('return document.querySelector("[data-testid=report-preview]").srcdoc;');
    if (html.includes("八、流失与留存")) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const at = html.indexOf("<h2>八、流失与留存</h2>");
  assert.ok(at > 0, "the section is in the preview");
  const section = html.slice(at);
  for (const sub of ["流失率", "同期群留存", "等级变化", "客户经理", "流失预警："]) assert.ok(section.includes(sub), sub);
  assert.ok(section.includes(`>${LAPSED}<`), "the lapsed customer is listed");
  assert.match(section, /已 \d+ 天未下单/);
  // Section 五 points at the alerts instead of its own list.
  assert.match(html, /流失预警已按预警规则生成/);
  await d.exec('document.querySelector("[data-testid=report-preview]").contentWindow.document.querySelector("h2:last-of-type").scrollIntoView();');
  await new Promise((r) => setTimeout(r, 500));
  await d.screenshot(join(artifacts, "report-churn.png"));
});

const save = async (d, path) => {
  const r = await invoke(d, "save_report", {
    req: { scheme: null, batch: null, period: null, company: "华东贸易有限公司", no_mask: false },
    path,
  });
  assert.ok(!r?.error, JSON.stringify(r));
  const end = Date.now() + 15000;
  while (!existsSync(path) && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
};

step("the PDF has the section and the customer's code", async (d) => {
  const pdf = join(out, "报告.pdf");
  await save(d, pdf);
  const text = execFileSync("pdftotext", [pdf, "-"]).toString();
  assert.match(text, /八、流失与留存/);
  assert.ok(text.includes(LAPSED), "the lapsed customer's code");
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf]).toString())[1]);
  execFileSync("pdftoppm", ["-png", "-r", "70", "-f", pages, "-l", pages, "-singlefile", pdf, join(artifacts, "report-churn-pdf-last")]);
});

step("the workbook has the section's five sheets with native charts", async (d) => {
  const xlsx = join(out, "报告.xlsx");
  await save(d, xlsx);
  const unzip = (...args) => execFileSync("unzip", args).toString();
  const book = unzip("-p", xlsx, "xl/workbook.xml");
  for (const sheet of ["流失与留存", "同期群留存", "等级变化", "客户经理", "流失预警"]) {
    assert.ok(book.includes(`name="${sheet}"`), sheet);
  }
  const charts = unzip("-l", xlsx).split("\n").filter((l) => /xl\/charts\/chart\d+\.xml/.test(l));
  // 等级报告's three (pie, column, Pareto line) and the section's four.
  assert.equal(charts.length, 7);
  const all = charts.map((l) => unzip("-p", xlsx, l.trim().split(/\s+/).pop())).join("\n");
  assert.ok(all.includes("<c:f>流失与留存!$I$5:"), "the churn rate line over the sheet's cells");
  assert.ok(all.includes("<c:f>流失预警!$H$5:"), "the value-at-risk bars");
  assert.ok(unzip("-p", xlsx, "xl/sharedStrings.xml").includes(LAPSED));
});
