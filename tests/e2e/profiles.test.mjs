// End to end: a sheet imported through the wizard leaves its column mapping
// behind as a 导入方案; the list on the import history page shows it, renames
// it and deletes it, and then explains what a 导入方案 is.
import assert from "node:assert/strict";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { appSession, artifacts } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const sheet = join(here, "..", "fixtures", "星级客户管理表_示例.xlsx");
const step = appSession();

step("before any import the 导入方案 tab explains what a profile is", async (d) => {
  await d.click('[data-testid="nav-imports"]');
  await d.click('[data-testid="tab-import-profiles"]');
  const text = await d.waitText('[data-testid="import-profiles-empty"]', (t) => t.includes("导入方案"));
  assert.match(text, /确认列对应关系后会自动保存为导入方案，下次导入表头相同的表格时自动套用/);
});

step("a sheet is imported through the wizard", async (d) => {
  await d.click('[data-testid="nav-import"]');
  await d.type('[data-testid="import-path"]', sheet);
  await d.click('[data-testid="import-open"]');
  await d.waitText('[data-testid="import-page"]', (t) => t.includes("星级客户管理表_示例.xlsx"));
  await d.click('[data-testid="import-next"]');
  await d.waitText('[data-testid="mapping-table"]', (t) => t.includes("消费金额（万元）"));
  await d.click('[data-testid="import-next"]');
  await d.waitText('[data-testid="import-counts"]', (t) => t.includes("新增"));
  await d.click('[data-testid="import-commit"]');
  await d.waitText('[data-testid="import-summary"]', (t) => t.includes("读取"));
});

step("the mapping is listed with its columns and fields", async (d) => {
  await d.click('[data-testid="nav-imports"]');
  await d.click('[data-testid="tab-import-profiles"]');
  const text = await d.waitText('[data-testid="import-profiles"]', (t) => t.includes("星级客户管理表_示例.xlsx"));
  assert.match(text, /星级客户管理表_示例\.xlsx · 星级客户/);
  assert.match(text, /客户/);
  assert.match(text, /消费金额（万元） → 消费金额/);
  assert.match(text, /不导入：序号/);
  await d.screenshot(join(artifacts, "import-profiles.png"));
});

step("the mapping is renamed", async (d) => {
  await d.click('[data-testid="rename-profile-0"]');
  await d.clear('[data-testid="profile-name-input"]');
  await d.type('[data-testid="profile-name-input"]', "华东门店客户表");
  await d.click('[data-testid="confirm-rename-profile"]');
  await d.waitText('[data-testid="profile-name-0"]', (t) => t === "华东门店客户表");
  const text = await d.text('[data-testid="import-profiles"]');
  assert.doesNotMatch(text, /星级客户管理表_示例\.xlsx · 星级客户/);
});

step("the mapping is deleted and the list is empty again", async (d) => {
  await d.click('[data-testid="delete-profile-0"]');
  await d.click('[data-testid="confirm-delete-profile"]');
  const text = await d.waitText('[data-testid="import-profiles-empty"]', (t) => t.includes("还没有导入方案"));
  assert.match(text, /下次导入表头相同的表格时自动套用/);
  await d.gone('[data-testid="import-profiles"]');
});
