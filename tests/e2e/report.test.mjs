// End to end: after a rating, the overview shows the tier figures and charts,
// the report page previews the A4 report, prints, and saves a PDF whose text
// holds the Chinese labels and the company name.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appSession, artifacts, rateDemoCustomers } from "./harness.mjs";

const step = appSession();
const out = mkdtempSync(join(tmpdir(), "tierdesk-report-"));

step("demo customers, rated with the active scheme", async (d) => {
  await rateDemoCustomers(d);
});

step("the overview shows each tier's share of customers and revenue", async (d) => {
  await d.click('[data-testid="nav-dashboard"]');
  const tiers = await d.waitText('[data-testid="dash-tiers"]', (t) => t.includes("钻石") && t.includes("%"));
  for (const tier of ["钻石", "金牌", "银牌", "普通"]) assert.match(tiers, new RegExp(tier));
  assert.match(await d.text('[data-testid="dash-headline"]'), /客户占 .*%，贡献 .*% 的收入/);
  await d.find('[data-testid="dash-chart-distribution"] svg');
  await d.find('[data-testid="dash-matrix"]');
  // Let the "rating done" messages fade so the screenshot shows the page.
  await d.gone(".ant-message-notice", 10000).catch(() => {});
  await d.screenshot(join(artifacts, "dashboard.png"));
});

step("the report page previews the report with the company name", async (d) => {
  await d.click('[data-testid="dash-report"]');
  await d.find('[data-testid="report-preview"]');
  await d.type('[data-testid="report-company"]', "华东贸易有限公司");
  const end = Date.now() + 15000;
  let html = "";
  while (Date.now() < end) {
    html = await d.exec('return document.querySelector("[data-testid=report-preview]").srcdoc;');
    if (html.includes("华东贸易有限公司 客户等级报告")) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.match(html, /华东贸易有限公司 客户等级报告/);
  assert.match(html, /<svg/);
  assert.match(html, /钻石/);
  await new Promise((r) => setTimeout(r, 500));
  await d.screenshot(join(artifacts, "report.png"));
  // Under automation the system print dialog returns at once; the page stays usable.
  await d.click('[data-testid="report-print"]');
  await d.find('[data-testid="report-preview"]');
});

step("the report saves as a PDF with Chinese text", async (d) => {
  const pdf = join(out, "报告.pdf");
  await d.exec(
    "return window.__TAURI_INTERNALS__.invoke('save_report', { req: { scheme: null, batch: null, period: null, company: '华东贸易有限公司', no_mask: false }, path: arguments[0] });",
    [pdf],
  );
  const end = Date.now() + 15000;
  while (!existsSync(pdf) && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
  const text = execFileSync("pdftotext", ["-layout", pdf, "-"]).toString();
  assert.match(text, /华东贸易有限公司 客户等级报告/);
  assert.match(text, /关键指标/);
  assert.match(text, /钻石/);
  assert.match(text, /共 200 位客户/);
  execFileSync("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf, join(artifacts, "report-pdf-page1")]);
  assert.ok(existsSync(join(artifacts, "report-pdf-page1.png")));
});
