// End to end: an order sheet of 20,000 lines (a twelfth of them without a
// customer, the rest of 301 customers) through the wizard: the preview counts lines, new customers and
// lines without a customer, the import says what it stored with the counts
// as people read them, and the customers it created are in the archive.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appSession, artifacts } from "./harness.mjs";

const step = appSession();
const csv = join(mkdtempSync(join(tmpdir(), "tierdesk-orders-")), "订单明细.csv");
// 20,000 lines; every twelfth (from the sixth) names no customer; the
// others belong to 301 customers.
const customerOf = (i) => (i % 12 === 5 ? "" : `K${String(i % 301).padStart(4, "0")}`);
const customers = new Set(Array.from({ length: 20000 }, (_, i) => customerOf(i)).filter(Boolean)).size;

step("a large order sheet is previewed with its counts", async (d) => {
  let text = "订单编号,客户编号,下单日期,产品,数量,单价\n";
  for (let i = 0; i < 20000; i++) {
    const customer = customerOf(i);
    const day = String((i % 28) + 1).padStart(2, "0");
    text += `D${100000 + Math.floor(i / 4)},${customer},2024-03-${day} 10:15:00,产品${i % 50},${1 + (i % 3)},${(i % 90) + 0.5}\n`;
  }
  writeFileSync(csv, text);
  await d.click('[data-testid="nav-import"]');
  await d.type('[data-testid="import-path"]', csv);
  await d.click('[data-testid="import-open"]');
  await d.waitText('[data-testid="import-page"]', (t) => t.includes("订单明细.csv"));
  await d.click('[data-testid="import-next"]');
  await d.waitText('[data-testid="mapping-table"]', (t) => t.includes("客户编号"));
  await d.click('[data-testid="import-next"]');
  const counts = await d.waitText('[data-testid="import-counts"]', (t) => t.includes("订单行"), 60000);
  assert.match(counts, /读取行数\s*20,000/);
  assert.match(counts, /订单行\s*18,333/);
  assert.equal(customers, 301);
  assert.match(counts, /新客户\s*301/);
  assert.match(counts, /无客户的行\s*1,667/);
});

step("the import says what it stored, counts grouped by thousands", async (d) => {
  await d.click('[data-testid="import-commit"]');
  const summary = await d.waitText('[data-testid="import-summary"]', (t) => t.includes("读取"), 60000);
  assert.match(summary, /读取 20,000 行/);
  assert.match(summary, /新增 301/);
  assert.match(summary, /问题 1,667 处/);
  assert.match(summary, /订单行 18,333 条/);
  await d.screenshot(join(artifacts, "import-orders-result.png"));
  await d.click('[data-testid="import-open-customers"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 301 位客户"));
});
