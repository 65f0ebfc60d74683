// End to end: a rule written with the visual builder in the real app —
// 消费金额 ≥ 30万, 添加条件, 月均购买次数 ≥ 2, joined by 且 — is saved, shown in
// Chinese on the scheme's card, kept in the scheme file in the canonical
// form, and used by a rating: a customer at ¥300,000 and 2 a month lands in
// the tier, one at ¥299,999 or under 2 a month does not. Also: a misspelt
// figure is pointed at with the near name, tiers are added and removed (the
// last one refused, with the reason), the 方案文件 tab says where the file is
// broken, and closing with unsaved changes asks.
import assert from "node:assert/strict";
import { join } from "node:path";
import { appSession, artifacts, clickFree, invoke, pick } from "./harness.mjs";

const step = appSession();
const open = (css) => `.ant-select-dropdown:not(.ant-select-dropdown-hidden) ${css}`;
const star4 = async (d) => (await invoke(d, "schemes")).find((s) => s.key === "star4");
const value = (d, css) => d.exec("return document.querySelector(arguments[0]).value;", [css]);
const rows = (d) => d.exec("return document.querySelectorAll('[data-testid=\"scheme-tiers\"] tbody tr.ant-table-row').length;");
// (code, spend, orders a year: 24 is 2 a month)
const PEOPLE = [
  ["RB01", 300000, 24],
  ["RB02", 299999, 24],
  ["RB03", 300000, 23],
  ["RB04", 800000, 36],
];
const ids = {};

step("customers at the line and just under it", async (d) => {
  for (const [code, spend, frequency] of PEOPLE) {
    const made = await invoke(d, "create_customer", { draft: { name: `规则测试${code}`, code, spend, frequency, tags: [], fields: {} } });
    assert.ok(made.id, JSON.stringify(made));
    ids[code] = made.id;
  }
});

step("the builder writes 消费金额 ≥ 30万 且 月均购买次数 ≥ 2 for 钻石", async (d) => {
  await d.click('[data-testid="nav-schemes"]');
  await d.click('[data-testid="edit-star4"]');
  await d.waitText('[data-testid="whatif-moved"]', (t) => t.length > 0, 30000);
  // The stored rule shows in Chinese in the text form.
  await d.find('[data-testid="rule-diamond"]');
  for (let i = 0; i < 50 && (await value(d, '[data-testid="rule-diamond"]')) !== "消费金额 ≥ 30万"; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await value(d, '[data-testid="rule-diamond"]'), "消费金额 ≥ 30万");
  await d.click('[data-testid="rule-build-diamond"]');
  const b = "rule-builder-diamond";
  await d.find(`[data-testid="${b}-row-0"]`);
  // Start from nothing: the existing row goes, then two conditions are built.
  await d.click(`[data-testid="${b}-row-0-remove"]`);
  await d.click(`[data-testid="${b}-add"]`);
  await pick(d, `[data-testid="${b}-row-0-figure"]`, open('.ant-select-item-option[title="消费金额"]'));
  await pick(d, `[data-testid="${b}-row-0-op"]`, open('.ant-select-item-option[title="≥"]'));
  await d.type(`input[data-testid="${b}-row-0-value"]`, "30万");
  await d.click(`[data-testid="${b}-add"]`);
  await pick(d, `[data-testid="${b}-row-1-figure"]`, open('.ant-select-item-option[title="月均购买次数"]'));
  await pick(d, `[data-testid="${b}-row-1-op"]`, open('.ant-select-item-option[title="≥"]'));
  await d.type(`input[data-testid="${b}-row-1-value"]`, "2");
  await pick(d, `[data-testid="${b}-join"]`, open('.ant-select-item-option[title="且（全部满足）"]'));
  // The unit sits beside the value box.
  const unit = await d.text(`[data-testid="${b}-row-0"] .ant-input-group-addon`);
  assert.equal(unit, "元");
  let shown = "";
  for (let i = 0; i < 50; i++) {
    shown = await value(d, '[data-testid="rule-diamond"]');
    if (shown === "消费金额 ≥ 30万 且 月均购买次数 ≥ 2") break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(shown, "消费金额 ≥ 30万 且 月均购买次数 ≥ 2");
  await d.screenshot(join(artifacts, "rule-builder.png"));
});

step("saving keeps the canonical form in the file and shows the rule in Chinese", async (d) => {
  await d.waitText('[data-testid="whatif-moved"]', (t) => t.length > 0, 30000);
  await d.click("#scheme-save");
  await d.gone('[data-testid="scheme-editor"]');
  await d.waitText('[data-testid="scheme-rule-star4-diamond"]', (t) => t === "消费金额 ≥ 30万 且 月均购买次数 ≥ 2");
  const saved = await star4(d);
  assert.match(saved.toml, /condition = "spend >= 300000 and orders_per_month >= 2"/);
  assert.equal(saved.tiers[0].condition, "spend >= 300000 and orders_per_month >= 2");
  assert.equal(saved.tiers[0].rule, "消费金额 ≥ 30万 且 月均购买次数 ≥ 2");
});

step("a rating by it puts ¥300,000 at 2 a month in 钻石, and not ¥299,999", async (d) => {
  await d.click('[data-testid="nav-evaluate"]');
  await d.click('[data-testid="run-preview"]');
  await d.click('[data-testid="apply-evaluation"]');
  await d.click('[data-testid="confirm-apply"]');
  await d.waitText('[data-testid="batches"]', (t) => t.includes("#1"), 30000);
  const tiers = {};
  for (const [code] of PEOPLE) tiers[code] = (await invoke(d, "get_customer", { id: ids[code] })).tier;
  assert.deepEqual(
    Object.keys(tiers).filter((c) => tiers[c] === "diamond"),
    ["RB01", "RB04"],
    JSON.stringify(tiers),
  );
});

step("a misspelt figure is pointed at with the near name", async (d) => {
  await d.click('[data-testid="nav-schemes"]');
  await d.click('[data-testid="edit-star4"]');
  await d.find('[data-testid="rule-gold"]');
  await d.clear('[data-testid="rule-gold"]');
  // Typed a character at a time, as a person types (each is checked by Rust on the way).
  const text = "订单数 ≥ 10 或 消费金 ≥ 30万";
  for (const ch of text) {
    await d.type('[data-testid="rule-gold"]', ch);
    await new Promise((r) => setTimeout(r, 40));
  }
  const want = "第 12 个字处：不认识“消费金”，是否想写 消费金额？";
  const problem = await d.waitText('[data-testid="rule-gold-problem"]', (t) => t === want).catch(() => null);
  assert.equal(await value(d, '[data-testid="rule-gold"]'), text);
  assert.equal(problem, want);
  // Typed at once, passing through a half-written rule (spend >): no key is lost.
  await d.clear('[data-testid="rule-silver"]');
  await d.type('[data-testid="rule-silver"]', "spend >= 50000 andd");
  await d.find('[data-testid="rule-silver-problem"]');
  assert.equal(await value(d, '[data-testid="rule-silver"]'), "spend >= 50000 andd");
});

step("tiers are added and removed; the last one stays", async (d) => {
  assert.equal(await rows(d), 4);
  // The button sits below the tiers table, in the dialog's scrolled body.
  await d.exec("document.querySelector('[data-testid=\"tier-add\"]').scrollIntoView({block:'center'});");
  await clickFree(d, '[data-testid="tier-add"]');
  assert.equal(await rows(d), 5);
  await clickFree(d, '[data-testid="tier-remove-4"]');
  await d.waitText(".ant-message", (t) => t.includes("最后一个等级接收其余所有客户，不能删除"));
  assert.equal(await rows(d), 5);
  await clickFree(d, '[data-testid="tier-remove-3"]');
  await d.find("#tier-remove-ok");
  await new Promise((r) => setTimeout(r, 500));
  await clickFree(d, "#tier-remove-ok");
  await d.gone("#tier-remove-ok");
  for (let i = 0; i < 30 && (await rows(d)) !== 4; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await rows(d), 4);
});

step("the 方案文件 tab says the line and column of a broken file", async (d) => {
  await d.click('[data-node-key="toml"]');
  await d.find('[data-testid="scheme-toml"]');
  await d.exec(
    "const el=document.querySelector('[data-testid=\"scheme-toml\"]');const set=Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype,'value').set;set.call(el,'key = \"star4\"\\nname \"x\"\\n');el.dispatchEvent(new Event('input',{bubbles:true}));",
  );
  const problem = await d.waitText('[data-testid="scheme-file-problem"]', (t) => t.includes("第 2 行第 6 列"));
  assert.match(problem, /缺少“=”/);
  assert.match(problem, /这一行是：name "x"/);
});

step("closing with unsaved changes asks, and staying keeps the editor", async (d) => {
  await d.click(".ant-modal-close");
  await d.waitText(".ant-modal-confirm-title", (t) => t === "有未保存的修改，确定离开？");
  await new Promise((r) => setTimeout(r, 500));
  await clickFree(d, "#unsaved-stay");
  await d.gone(".ant-modal-confirm");
  await d.find('[data-testid="scheme-editor"]');
  await d.click(".ant-modal-close");
  await d.waitText(".ant-modal-confirm-title", (t) => t === "有未保存的修改，确定离开？");
  await new Promise((r) => setTimeout(r, 500));
  await clickFree(d, "#unsaved-leave");
  await d.gone('[data-testid="scheme-editor"]');
  // Nothing was saved: the rule is still the one saved before.
  assert.equal((await star4(d)).tiers[1].condition, "spend >= 100000");
});
