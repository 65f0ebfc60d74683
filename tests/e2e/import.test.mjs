// End to end: a messy 星级客户管理表 (title banner, 万元 header, 每月2次, a
// bad phone, a 合计 row, a notes row, the same company twice) through the
// import wizard, then the import undone from the history page.
import assert from "node:assert/strict";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { appSession, artifacts } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const sheet = join(here, "..", "fixtures", "星级客户管理表_示例.xlsx");
const step = appSession();

step("open the messy sheet in the import wizard", async (d) => {
  await d.click('[data-testid="nav-import"]');
  await d.type('[data-testid="import-path"]', sheet);
  await d.click('[data-testid="import-open"]');
  const text = await d.waitText('[data-testid="import-page"]', (t) => t.includes("星级客户管理表_示例.xlsx"));
  assert.match(text, /推荐/);
  await d.click('[data-testid="import-next"]');
});

step("the columns are recognised, units and all", async (d) => {
  const text = await d.waitText('[data-testid="mapping-table"]', (t) => t.includes("消费金额（万元）"));
  assert.match(text, /满意度/);
  assert.match(text, /新建自定义字段|满意度/);
  await d.screenshot(join(artifacts, "import-mapping.png"));
  await d.click('[data-testid="import-next"]');
});

step("the preview counts rows and lists every problem with its cell", async (d) => {
  const counts = await d.waitText('[data-testid="import-counts"]', (t) => t.includes("新增"));
  assert.match(counts, /新增\s*2/);
  assert.match(counts, /有问题\s*2/);
  const problems = await d.text('[data-testid="problems-table"]');
  assert.match(problems, /十万/);
  assert.match(problems, /12345/);
  assert.match(problems, /与第 4 行是同一位客户/);
  await d.screenshot(join(artifacts, "import-preview.png"));
});

step("import writes the good rows and says what it did", async (d) => {
  await d.click('[data-testid="import-commit"]');
  const summary = await d.waitText('[data-testid="import-summary"]', (t) => t.includes("读取"));
  assert.match(summary, /新增 2/);
  await d.screenshot(join(artifacts, "import-result.png"));
  await d.click('[data-testid="import-open-customers"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 2 位客户"));
  const list = await d.text(".ant-table-tbody");
  assert.match(list, /华信科技有限公司/);
  assert.match(list, /12,000|12000/);
});

step("the import is undone from the history page", async (d) => {
  await d.click('[data-testid="nav-imports"]');
  await d.waitText('[data-testid="import-history"]', (t) => t.includes("星级客户管理表_示例.xlsx"));
  await d.click('[data-testid="undo-import-1"]');
  await d.click('[data-testid="confirm-undo-import"]');
  await d.waitText('[data-testid="import-history"]', (t) => t.includes("已撤销"));
  await d.click('[data-testid="nav-customers"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 0 位客户"));
});
