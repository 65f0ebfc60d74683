// End to end: a messy 星级客户管理表 (title banner, 万元 header, 每月2次, a
// bad phone, a 合计 row, a notes row, the same company twice) through the
// import wizard, then the import undone from the history page.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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
  // 满意度 is no built-in field: it is kept as a new custom field, not dropped.
  assert.match(text, /新建自定义字段：满意度/);
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
  // Row 6 has a bad amount as well as a phone that is no phone, so both of
  // its problems keep it out (a wrong phone alone would only be a 提示).
  assert.match(problems, /12345\s*不导入/);
  assert.match(problems, /十万\s*不导入/);
  assert.doesNotMatch(problems, /提示/);
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

step("a phone that is no phone is a note: the row comes in without it", async (d) => {
  const dir = mkdtempSync(join(tmpdir(), "tierdesk-e2e-"));
  const csv = join(dir, "电话备注.csv");
  writeFileSync(csv, "客户编号,客户名称,联系方式,消费金额\r\nN001,赵六,请打总机,1000\r\nN002,孙七,0755-1234567 转 8,2000\r\n");
  await d.click('[data-testid="nav-import"]');
  await d.clear('[data-testid="import-path"]');
  await d.type('[data-testid="import-path"]', csv);
  await d.click('[data-testid="import-open"]');
  await d.waitText('[data-testid="import-page"]', (t) => t.includes("电话备注.csv"));
  // The headers are the template's own, so the wizard goes straight to the preview.
  await d.click('[data-testid="import-next"]');
  const counts = await d.waitText('[data-testid="import-counts"]', (t) => t.includes("新增"));
  assert.match(counts, /新增\s*2/);
  const problems = await d.text('[data-testid="problems-table"]');
  assert.match(problems, /请打总机\s*提示/);
  assert.doesNotMatch(problems, /不导入/);
  await d.click('[data-testid="import-commit"]');
  const summary = await d.waitText('[data-testid="import-summary"]', (t) => t.includes("读取"));
  assert.match(summary, /新增 2/);
});
