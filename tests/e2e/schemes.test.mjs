// End to end: edit a scheme's threshold, watch the what-if say who would
// move before anything is saved, then save it as a new version.
import assert from "node:assert/strict";
import { join } from "node:path";
import { appSession, artifacts, rateDemoCustomers } from "./harness.mjs";

const step = appSession();

step("demo customers rated with star4", async (d) => {
  await rateDemoCustomers(d);
});

step("the editor's what-if shows who a lower threshold would move", async (d) => {
  await d.click('[data-testid="nav-schemes"]');
  await d.click('[data-testid="edit-star4"]');
  await d.waitText('[data-testid="whatif-moved"]', (t) => /有 0 位/.test(t));
  await d.clear('[data-testid="rule-gold"]');
  await d.type('[data-testid="rule-gold"]', "spend >= 50000");
  const text = await d.waitText('[data-testid="whatif-moved"]', (t) => /有 [1-9]\d* 位/.test(t));
  assert.match(text, /200 位客户中/);
  await d.find('[data-testid="whatif"] svg');
  await d.screenshot(join(artifacts, "scheme-whatif.png"));
});

step("a broken rule gets a message, and saving makes version 2", async (d) => {
  await d.type('[data-testid="rule-gold"]', " andd");
  await d.waitText('[data-testid="whatif-error"]', (t) => t.length > 0);
  for (let i = 0; i < 5; i++) await d.type('[data-testid="rule-gold"]', "\uE003");
  await d.waitText('[data-testid="whatif-moved"]', (t) => /有 [1-9]\d* 位/.test(t));
  await d.click("#scheme-save");
  // The card shows the rule in Chinese (the file keeps `spend >= 50000`).
  await d.waitText('[data-testid="scheme-star4"]', (t) => t.includes("v2") && t.includes("消费金额 ≥ 5万"));
});
