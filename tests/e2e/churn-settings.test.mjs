// End to end: the scheme editor's churn warning settings. Each tier's empty
// box shows its default (the highest tier is warned earlier); changing k for
// 金牌, switching the model rule off and shortening the survey window, then
// saving, gives a scheme whose file holds exactly those settings, and the
// editor shows them again.
import assert from "node:assert/strict";
import { join } from "node:path";
import { appSession, artifacts, invoke } from "./harness.mjs";

const step = appSession();
const box = (field, i) => `input[data-testid="churn-${field}-${i}"]`;
const placeholder = (d, css) => d.exec("return document.querySelector(arguments[0]).getAttribute('placeholder');", [css]);
const star4 = async (d) => {
  const list = await invoke(d, "schemes");
  assert.ok(Array.isArray(list), JSON.stringify(list));
  return list.find((s) => s.key === "star4");
};

step("each tier's churn boxes show the default for its place", async (d) => {
  await d.click('[data-testid="nav-schemes"]');
  const before = await star4(d);
  assert.deepEqual(
    before.tiers.map((t) => [t.key, t.churn_default.rhythm_factor, t.churn_default.usual_interval_days, t.churn_default.p_alive_below]),
    [["diamond", 1.5, 30, 0.6], ["gold", 2, 60, 0.5], ["silver", 2, 90, 0.5], ["regular", 2, 180, 0.4]],
  );
  assert.ok(!before.toml.includes("churn"), before.toml);
  await d.click('[data-testid="edit-star4"]');
  await d.find('[data-testid="churn-settings"]');
  assert.equal(await placeholder(d, box("rhythm_factor", 0)), "默认 1.5");
  assert.equal(await placeholder(d, box("rhythm_factor", 1)), "默认 2");
  assert.equal(await placeholder(d, box("usual_interval_days", 3)), "默认 180");
  assert.equal(await placeholder(d, box("p_alive_below", 0)), "默认 60");
  assert.equal(await placeholder(d, 'input[data-testid="churn-survey-days"]'), "默认 90");
});

step("k for 金牌, the model switched off and a 60-day survey window are saved in the scheme", async (d) => {
  await d.type(box("rhythm_factor", 1), "1.2");
  await d.click('label:has([data-testid="churn-rule-model"])');
  await d.type('input[data-testid="churn-survey-days"]', "60");
  const checked = await d.exec("return document.querySelector('[data-testid=\"churn-rule-model\"]').checked;");
  assert.equal(checked, false);
  await d.screenshot(join(artifacts, "churn-settings.png"));
  await d.click("#scheme-save");
  await d.gone('[data-testid="scheme-editor"]');
  // No batch has used star4 yet, so the save replaces version 1.
  const saved = await star4(d);
  assert.equal(saved.version, 1);
  // The file holds the one tier table and the switches, nothing else about churn.
  const blocks = saved.toml.split("[[tiers]]").slice(1);
  assert.equal(blocks.length, 4);
  const churnOf = (block) => (block.match(/\[tiers\.churn\]\n((?:[a-z_]+ = [^\n]+\n?)+)/) ?? [])[1]?.trim() ?? null;
  assert.deepEqual(blocks.map(churnOf), [null, "rhythm_factor = 1.2", null, null]);
  const table = saved.toml.match(/\n\[churn\]\n((?:[a-z_]+ = [^\n]+\n?)+)/);
  assert.ok(table, saved.toml);
  assert.deepEqual(table[1].trim().split("\n").sort(), ["model = false", "survey_days = 60"]);
});

step("the editor opens the saved settings again", async (d) => {
  await d.click('[data-testid="edit-star4"]');
  await d.find('[data-testid="churn-settings"]');
  const value = await d.exec("return document.querySelector(arguments[0]).value;", [box("rhythm_factor", 1)]);
  assert.equal(value, "1.2");
  const empty = await d.exec("return document.querySelector(arguments[0]).value;", [box("rhythm_factor", 0)]);
  assert.equal(empty, "");
  const rules = await d.exec(
    "return ['rhythm','model','decline','service'].map(k=>document.querySelector('[data-testid=\"churn-rule-'+k+'\"]').checked);",
  );
  assert.deepEqual(rules, [true, false, true, true]);
});
