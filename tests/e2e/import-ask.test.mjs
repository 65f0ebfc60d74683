// End to end: imports that ask instead of guessing wrong. The empty archive
// offers 导入 Excel 表格 first; a wrong path is named whole; a weak column
// (营业额 is a company's turnover, not what it bought) is imported only after
// it is confirmed, or left out when set to 不导入 — the stored figures by
// customer code say which; 再导入一个文件 starts from an empty path box; two
// companies sharing a mobile are a possible duplicate, imported apart.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appSession, invoke } from "./harness.mjs";

const step = appSession();
const dir = mkdtempSync(join(tmpdir(), "tierdesk-import-ask-"));

/** Every stored customer, by code (or by name when it has none). */
async function stored(d) {
  const page = await invoke(d, "list_customers", { query: { limit: 1000 } });
  assert.ok(!page.error, JSON.stringify(page.error));
  return Object.fromEntries(page.items.map((c) => [c.code ?? c.name, c]));
}

/** Opens `path` in the wizard and goes on to the columns step. */
async function open(d, path, name) {
  await d.click('[data-testid="nav-import"]');
  await d.clear('[data-testid="import-path"]');
  await d.type('[data-testid="import-path"]', path);
  await d.click('[data-testid="import-open"]');
  await d.waitText('[data-testid="import-page"]', (t) => t.includes(name));
  await d.click('[data-testid="import-next"]');
  await d.find('[data-testid="mapping-table"]');
}

/** Whether the columns step still shows a guess to confirm for column `letter`. */
async function guessShown(d, letter) {
  return d.exec(`return !!document.querySelector('[data-testid="guess-${letter}"]');`, []);
}

/** Waits until the guess of column `letter` is settled (no 需确认 left on it). */
async function gone(d, letter) {
  for (let i = 0; i < 50 && (await guessShown(d, letter)); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await guessShown(d, letter), false);
}

async function nextDisabled(d) {
  return d.exec("return document.querySelector('[data-testid=\"import-next\"]').disabled;", []);
}

async function commit(d) {
  await d.click('[data-testid="import-commit"]');
  return d.waitText('[data-testid="import-summary"]', (t) => t.includes("读取"));
}

step("the empty archive offers 导入 Excel 表格 first", async (d) => {
  await d.click('[data-testid="nav-customers"]');
  await d.find('[data-testid="empty-import"]');
  const primary = await d.exec(
    "const b = document.querySelector('[data-testid=\"empty-import\"]'); const n = document.querySelector('[data-testid=\"empty-new\"]');" +
      "return [b.className.includes('ant-btn-primary'), n.className.includes('ant-btn-primary'), !!document.querySelector('[data-testid=\"fill-demo\"]'), b.compareDocumentPosition(n) & 4];",
    [],
  );
  assert.deepEqual(primary, [true, false, true, 4]);
  await d.click('[data-testid="empty-import"]');
  await d.find('[data-testid="import-path"]');
});

step("a wrong path is named whole", async (d) => {
  const missing = join(dir, "不存在的文件夹", "会员表.xlsx");
  await d.clear('[data-testid="import-path"]');
  await d.type('[data-testid="import-path"]', missing);
  await d.click('[data-testid="import-open"]');
  const text = await d.waitText('[data-testid="import-error"]', (t) => t.includes("找不到文件"));
  assert.ok(text.includes(`找不到文件：${missing}`), text);
});

step("营业额 is imported only once confirmed", async (d) => {
  const csv = join(dir, "会员营业额.csv");
  writeFileSync(csv, "客户编号,客户名称,营业额,联系电话\r\nW001,甲贸易有限公司,5000000,13800000001\r\nW002,乙科技有限公司,3000000,13800000002\r\n");
  await open(d, csv, "会员营业额.csv");
  const table = await d.waitText('[data-testid="mapping-table"]', (t) => t.includes("营业额"));
  // The guess shows its first values beside it.
  assert.match(table, /5000000 \/ 3000000/);
  await d.find('[data-testid="guess-C"]');
  assert.equal(await nextDisabled(d), true);
  await d.click('[data-testid="confirm-C"]');
  await gone(d, "C");
  assert.equal(await nextDisabled(d), false);
  await d.click('[data-testid="import-next"]');
  await d.waitText('[data-testid="import-counts"]', (t) => t.includes("新增"));
  assert.match(await commit(d), /新增 2/);
  const by = await stored(d);
  assert.deepEqual([by.W001?.spend, by.W002?.spend], [5000000, 3000000]);
});

step("再导入一个文件 starts again from an empty path box", async (d) => {
  await d.click('[data-testid="import-another"]');
  const value = await d.exec("return document.querySelector('[data-testid=\"import-path\"]').value;", []);
  assert.equal(value, "");
  const left = await d.exec(
    "return [!!document.querySelector('[data-testid=\"import-error\"]'), !!document.querySelector('[data-testid=\"import-summary\"]')];",
    [],
  );
  assert.deepEqual(left, [false, false]);
});

step("年收入 set to 不导入 stays out of the archive", async (d) => {
  const csv = join(dir, "会员年收入.csv");
  writeFileSync(csv, "客户编号,客户名称,年收入\r\nW003,丙实业有限公司,8000000\r\n");
  await open(d, csv, "会员年收入.csv");
  await d.find('[data-testid="guess-C"]');
  assert.equal(await nextDisabled(d), true);
  await d.click('[data-testid="skip-C"]');
  await gone(d, "C");
  await d.click('[data-testid="import-next"]');
  await d.waitText('[data-testid="import-counts"]', (t) => t.includes("新增"));
  assert.match(await commit(d), /新增 1/);
  const by = await stored(d);
  assert.equal(by.W003?.name, "丙实业有限公司");
  assert.equal(by.W003?.spend ?? null, null);
  assert.deepEqual([by.W001?.spend, by.W002?.spend], [5000000, 3000000]);
});

step("two companies sharing a mobile are a possible duplicate, imported apart", async (d) => {
  const csv = join(dir, "共用手机.csv");
  writeFileSync(csv, "客户名称,联系电话\r\n丁贸易有限公司,13900000009\r\n戊科技有限公司,139-0000-0009\r\n");
  await d.click('[data-testid="import-another"]');
  await open(d, csv, "共用手机.csv");
  await d.click('[data-testid="import-next"]');
  const pairs = await d.waitText('[data-testid="import-pairs"]', (t) => t.includes("戊科技有限公司"));
  assert.match(pairs, /丁贸易有限公司/);
  // The shared phone as the archive keeps it (read from 139-0000-0009).
  assert.match(pairs, /13900000009/);
  const checked = await d.exec(
    // antd puts the test id on the radio's input or on its label, by version.
    "const e = document.querySelector('[data-testid=\"pair-3-separate\"]'); return (e.tagName === 'INPUT' ? e : e.querySelector('input')).checked;",
    [],
  );
  assert.equal(checked, true);
  const counts = await d.text('[data-testid="import-counts"]');
  assert.match(counts, /新增\s*2/);
  assert.match(await commit(d), /新增 2/);
  const by = await stored(d);
  assert.ok(by["丁贸易有限公司"] && by["戊科技有限公司"], Object.keys(by).join(","));
  assert.equal(Object.keys(by).length, 5);
});
