// End to end: no silent overwrite for 等级方案. A person has star4 open in the
// scheme editor and changes its name and the rules of 钻石 and 银牌; meanwhile
// another desk (the CLI, on the same database) saves star4 with other rules
// for 钻石, 银牌 and 金牌. Saving in the app shows the conflict dialog
// 「此方案已被 … 修改」 with exactly the two clashing conditions, in the rule
// text the editor shows; the person keeps mine for 钻石 and theirs for 银牌.
// The merged scheme is saved (金牌's rule from the other desk kept without
// asking, the name from this one), the editor stays open on it with a notice
// of what the other desk changed, and the CLI reads exactly that.
//
// On a local file: the revision check and the merge are the same code on
// either backend (crates/tierdesk-api/tests/api/scheme_conflicts.rs runs them
// on both); a file needs no sign-in for the CLI.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { appSession, invoke, shot } from "./harness.mjs";

const cli = process.env.TIERDESK_CLI ?? join(dirname(process.env.TIERDESK_APP ?? "."), "tierdesk");
const step = appSession();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const work = mkdtempSync(join(tmpdir(), "tierdesk-scheme-conflict-"));
let db = null;

/** star4 as the CLI reads it now, as TOML text. */
function cliScheme() {
  const file = join(work, `star4-${Date.now()}.toml`);
  execFileSync(cli, ["--db", db, "scheme", "export", "star4", file]);
  return readFileSync(file, "utf8");
}

/** A rule of a tier, as the file keeps it. */
function condition(toml, tier) {
  const block = toml.split("[[tiers]]").find((b) => b.includes(`key = "${tier}"`));
  return block?.match(/condition = "([^"]*)"/)?.[1] ?? null;
}

async function retypeRule(d, tier, text) {
  await d.clear(`[data-testid="rule-${tier}"]`);
  await d.type(`[data-testid="rule-${tier}"]`, text);
}

step("star4 is open in the scheme editor", async (d) => {
  await d.find('[data-testid="customer-list"]', { timeout: 30000 });
  db = (await invoke(d, "db_info", {})).path;
  assert.ok(db, "the app has a database file open");
  await d.click('[data-testid="nav-schemes"]');
  await d.click('[data-testid="edit-star4"]');
  await d.find('[data-testid="scheme-editor"]');
  await sleep(400); // the dialog zooms in
  const opened = cliScheme();
  assert.equal(condition(opened, "diamond"), "spend >= 300000");
  assert.equal(condition(opened, "silver"), "spend >= 20000");
});

step("the person edits while the CLI saves the same scheme", async (d) => {
  await d.clear('[data-testid="scheme-name"]');
  await d.type('[data-testid="scheme-name"]', "四星级 2027");
  await retypeRule(d, "diamond", "spend >= 500000");
  await retypeRule(d, "silver", "spend >= 30000");
  await d.waitText('[data-testid="whatif-moved"]', (t) => t.length > 0, 15000);
  // Another desk: 钻石 and 银牌 too, and 金牌 that the editor left alone.
  const theirs = cliScheme()
    .replace('condition = "spend >= 300000"', 'condition = "spend >= 400000"')
    .replace('condition = "spend >= 20000"', 'condition = "spend >= 25000"')
    .replace('condition = "spend >= 100000"', 'condition = "spend >= 150000"');
  const file = join(work, "theirs.toml");
  writeFileSync(file, theirs);
  execFileSync(cli, ["--db", db, "scheme", "import", file]);
  assert.equal(condition(cliScheme(), "gold"), "spend >= 150000");
});

step("saving shows the conflict dialog with exactly the two clashing conditions", async (d) => {
  await d.click("#scheme-save");
  await d.find('[data-testid="conflict-dialog"]', { timeout: 15000 });
  const text = await d.waitText('[data-testid="conflict-dialog"]', (t) => t.includes("此方案已被") && t.includes("修改"));
  // The three values of 钻石's rule, in the rule text the editor shows.
  for (const words of ["「钻石」的条件", "消费金额 ≥ 50万", "消费金额 ≥ 40万", "消费金额 ≥ 30万", "「银牌」的条件"]) {
    assert.ok(text.includes(words), `${words} shown in the dialog: ${text}`);
  }
  const rows = await d.exec("return [...document.querySelectorAll('[data-testid^=conflict-row-]')].map(e=>e.getAttribute('data-testid'));");
  assert.deepEqual([...rows].sort(), ["conflict-row-tiers.diamond.condition", "conflict-row-tiers.silver.condition"]);
  // Nothing of the editor's was saved yet.
  const now = cliScheme();
  assert.equal(condition(now, "diamond"), "spend >= 400000");
  assert.ok(!now.includes("四星级 2027"));
  await shot(d, "scheme-conflict-dialog.png");
});

step("mine for 钻石, theirs for 银牌: the merged scheme is saved and shown", async (d) => {
  await d.click('[data-testid="conflict-pick-tiers.silver.condition-theirs"]');
  await d.click('[data-testid="conflict-save"]');
  await d.gone('[data-testid="conflict-dialog"]', 15000);
  // The editor stays open on the merged scheme and says what the other desk changed.
  const notice = await d.waitText('[data-testid="scheme-merged"]', (t) => t.includes("「金牌」的条件"), 15000);
  assert.ok(notice.includes("「银牌」的条件"), notice);
  assert.ok(!notice.includes("「钻石」"), notice);
  await d.find('[data-testid="scheme-editor"]');
  const saved = cliScheme();
  assert.equal(condition(saved, "diamond"), "spend >= 500000");
  assert.equal(condition(saved, "silver"), "spend >= 25000");
  assert.equal(condition(saved, "gold"), "spend >= 150000");
  assert.ok(saved.includes('name = "四星级 2027"'), saved);
  // The editor's file is the merged scheme: nothing unsaved, so closing asks nothing.
  const file = await d.exec("return document.querySelector('[data-testid=\"scheme-toml\"]')?.value ?? null;");
  if (file !== null) assert.ok(file.includes("spend >= 150000") && file.includes("spend >= 25000"), file);
  await shot(d, "scheme-merged.png");
  await d.exec("document.querySelector('.ant-modal-close')?.click(); return true;");
  await d.gone('[data-testid="scheme-editor"]', 15000);
  await d.waitText('[data-testid="scheme-star4"]', (t) => t.includes("四星级 2027") && t.includes("消费金额 ≥ 50万"), 15000);
});
