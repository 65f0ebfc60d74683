// End to end: rating every customer through the app — preview with a
// scheme, apply it as a batch, read a customer's explanation and history,
// and undo the batch.
import { test as nodeTest, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startDriver } from "./webdriver.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, "..", "artifacts");
let d;
let stop;

function test(name, fn) {
  nodeTest(name, async (t) => {
    try {
      await fn(t);
    } catch (e) {
      await d?.screenshot(join(artifacts, `failed-${name.replace(/\s+/g, "-")}.png`)).catch(() => {});
      throw e;
    }
  });
}

before(async () => {
  assert.ok(process.env.TIERDESK_APP, "TIERDESK_APP must point at the built app binary");
  mkdirSync(artifacts, { recursive: true });
  ({ driver: d, stop } = await startDriver({ app: process.env.TIERDESK_APP }));
});

after(async () => {
  await d?.quit();
  stop?.();
});

test("demo customers fill an empty archive", async () => {
  await d.click('[data-testid="fill-demo"]', 30000);
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 200 位客户"));
});

test("preview a rating with another scheme", async () => {
  await d.click('[data-testid="nav-evaluate"]');
  await d.click('[data-testid="evaluate-scheme"]');
  await d.click('.ant-select-item-option[title^="金属四级"]');
  await d.click('[data-testid="run-preview"]');
  const text = await d.waitText('[data-testid="evaluation-preview"]', (t) => t.includes("等级将变化的客户"));
  for (const tier of ["铂金", "黄金", "白银", "青铜"]) assert.match(text, new RegExp(tier));
  await d.find('[data-testid="tier-chart"] svg');
});

test("apply it as a batch", async () => {
  await d.click('[data-testid="apply-evaluation"]');
  await d.click('[data-testid="confirm-apply"]');
  await d.waitText('[data-testid="batches"]', (t) => t.includes("#1") && t.includes("metal4"));
  await d.screenshot(join(artifacts, "rating.png"));
});

test("undo the batch", async () => {
  await d.click('[data-testid="nav-evaluate"]');
  await d.click('[data-testid="undo-batch"]');
  await d.waitText('[data-testid="batches"]', (t) => t.includes("已撤销"));
});

test("apply again, then a customer's explanation and history show the new tier", async () => {
  await d.click('[data-testid="run-preview"]');
  await d.click('[data-testid="apply-evaluation"]');
  await d.click('[data-testid="confirm-apply"]');
  await d.waitText('[data-testid="batches"]', (t) => t.includes("#2"));
  await d.click('[data-testid="nav-schemes"]');
  await d.click('[data-testid="activate-metal4"]');
  await d.click('[data-testid="nav-customers"]');
  await d.click('[data-testid="open-1"]');
  const text = await d.waitText('[data-testid="customer-detail"]', (t) => t.includes("等级说明") && t.includes("→"));
  assert.match(text, /消费金额 >= /);
  assert.match(text, /评级（金属四级/);
  await d.screenshot(join(artifacts, "customer-explanation.png"));
});
