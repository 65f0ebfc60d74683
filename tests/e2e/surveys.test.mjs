// End to end: survey answers imported from an .xlsx through the import
// wizard's third kind (满意度调查表) give the NPS per tier on the 满意度
// page; an answer recorded by hand on a customer's 满意度 tab counts too.
// The sheet (tests/fixtures/满意度调查_示例.xlsx, written by the API test
// `a_sheet_without_dates_…`) has no date column, so its answers are dated
// the day of the import and fall in the page's default period.
import assert from "node:assert/strict";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { appSession, artifacts, clickFree, invoke } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const sheet = join(here, "..", "fixtures", "满意度调查_示例.xlsx");
const step = appSession();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The NPS cell of each tier's row of the 满意度 table, by tier key ("all" for every tier). */
async function npsByTier(d) {
  return d.exec(
    "return Object.fromEntries([...document.querySelectorAll('[data-testid=\"survey-table\"] tr[data-tier]')].map((r) => [r.dataset.tier, r.querySelector('[data-testid=\"survey-nps-cell\"]').textContent]));",
  );
}

step("four customers of three tiers", async (d) => {
  await d.find('[data-testid="customer-list"]', { timeout: 30000 });
  for (const [code, name, tier] of [["S1", "甲公司", "diamond"], ["S2", "乙公司", "gold"], ["S3", "丙公司", "gold"], ["S4", "丁公司", "silver"]]) {
    const made = await invoke(d, "create_customer", { draft: { name, code, tier } });
    assert.ok(!made.error, JSON.stringify(made));
  }
});

step("the import wizard reads a survey sheet as the third kind and imports it", async (d) => {
  await d.click('[data-testid="nav-import"]');
  await d.type('[data-testid="import-path"]', sheet);
  await d.click('[data-testid="import-open"]');
  await d.waitText('[data-testid="import-page"]', (t) => t.includes("满意度调查_示例.xlsx"));
  await clickFree(d, '[data-testid="import-kind-surveys"]');
  await d.click('[data-testid="import-next"]');
  const preview = await d.waitText('[data-testid="survey-import-preview"]', (t) => t.includes("答卷"), 30000);
  assert.match(preview, /将导入答卷 4 份（4 位客户），拒绝 1 行，新建回访待办 1 项/);
  await sleep(400);
  await d.screenshot(join(artifacts, "survey-import.png"));
  await clickFree(d, '[data-testid="survey-import-run"]');
  await d.waitText("body", (t) => t.includes("已导入答卷 4 份"), 30000);
});

step("the 满意度 page shows the NPS per tier with the low-count warning", async (d) => {
  await d.click('[data-testid="nav-surveys"]');
  await d.waitText('[data-testid="survey-table"]', (t) => t.includes("全部"), 30000);
  assert.deepEqual(await npsByTier(d), { diamond: "+100", gold: "0", silver: "0", all: "+25" });
  const table = await d.text('[data-testid="survey-table"]');
  assert.match(table, /不足 30 份/);
  const answers = await d.text('[data-testid="survey-answers"]');
  assert.match(answers, /送货慢/);
  await sleep(300);
  await d.screenshot(join(artifacts, "surveys.png"));
});

step("an answer recorded by hand moves the figures", async (d) => {
  await d.click('[data-testid="survey-add"]');
  await d.type('[data-testid="survey-code"] input, input[data-testid="survey-code"]', "S4");
  await d.type('[data-testid="survey-nps"] input, input[data-testid="survey-nps"]', "10");
  await clickFree(d, '[data-testid="survey-save"]');
  await d.waitText('[data-testid="survey-table"]', (t) => t.includes("+50"), 30000);
  const nps = await npsByTier(d);
  // 丁公司 (银牌): 8 and 10 → one promoter of two, +50; in all 2 of 5 more promoters: +40.
  assert.equal(nps.silver, "+50");
  assert.equal(nps.all, "+40");
});
