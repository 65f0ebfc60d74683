// End to end: no silent overwrite. A person opens a customer in the app's
// edit form; meanwhile another desk (the CLI, on the same database) saves
// some of the same fields and one other. Saving in the app shows the conflict
// dialog 「此客户已被 … 修改」 with 我的 / 对方的 / 原来的 per field; the
// person keeps theirs for one field and mine for the other, and the CLI then
// reads exactly that, with the fields nobody clashed on saved from both sides.
//
// On a local file (TIERDESK_CONFLICT_DB unset): the version check and the
// merge are the same code on either backend (crates/tierdesk-api/tests/api/
// conflicts.rs runs them on both); a file needs no sign-in for the CLI.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { appSession, clickFree, invoke, openCustomer, shot } from "./harness.mjs";

const cli = process.env.TIERDESK_CLI ?? join(dirname(process.env.TIERDESK_APP ?? "."), "tierdesk");
const step = appSession();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let db = null;

/** Clears an input and types `text` into it. */
async function retype(d, css, text) {
  await d.exec(
    "const e=document.querySelector(arguments[0]);const set=Object.getOwnPropertyDescriptor(HTMLInputElement.prototype,'value').set;set.call(e,'');e.dispatchEvent(new Event('input',{bubbles:true}));return true;",
    [css],
  );
  await d.type(css, text);
}

function cliShow(code) {
  return JSON.parse(execFileSync(cli, ["--db", db, "customers", "show", code, "--json"]).toString());
}

step("a customer in the archive", async (d) => {
  await d.find('[data-testid="customer-list"]', { timeout: 30000 });
  db = (await invoke(d, "db_info", {})).path;
  assert.ok(db, "the app has a database file open");
  const made = await invoke(d, "create_customer", {
    draft: { name: "冲突测试有限公司", code: "CF001", manager: "原经理", email: "old@example.com", address: "上海市" },
  });
  assert.ok(!made.error, JSON.stringify(made));
  assert.equal(made.version, 1);
  await d.type('[data-testid="search"]', "CF001");
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 1 位客户"), 30000);
});

step("the app's form is open while the CLI saves the same customer", async (d) => {
  await openCustomer(d, "冲突测试有限公司");
  await clickFree(d, '[data-testid="drawer-edit"]');
  await d.find('[data-testid="customer-form"]');
  await sleep(400); // the dialog zooms in
  await retype(d, '[data-testid="field-manager"]', "王经理");
  await retype(d, '[data-testid="field-email"]', "wang@example.com");
  await retype(d, '[data-testid="field-spend"]', "8800");
  // Another desk: the same two fields, and the address the form left alone.
  execFileSync(cli, ["--db", db, "customers", "update", "CF001", "--manager", "赵经理", "--email", "zhao@example.com", "--address", "杭州市"]);
  const theirs = cliShow("CF001");
  assert.equal(theirs.manager, "赵经理");
  assert.equal(theirs.version, 2);
});

step("saving shows the conflict dialog with the three values of each field", async (d) => {
  await d.click('[data-testid="customer-save"]');
  await d.find('[data-testid="conflict-dialog"]', { timeout: 15000 });
  const text = await d.waitText('[data-testid="conflict-dialog"]', (t) => t.includes("此客户已被") && t.includes("修改"));
  for (const word of ["王经理", "赵经理", "原经理", "wang@example.com", "zhao@example.com", "old@example.com"]) {
    assert.ok(text.includes(word), `${word} shown in the dialog: ${text}`);
  }
  // Only the two clashing fields have a row: the address and the spend merged without asking.
  const rows = await d.exec("return [...document.querySelectorAll('[data-testid^=conflict-row-]')].map(e=>e.getAttribute('data-testid'));");
  assert.deepEqual([...rows].sort(), ["conflict-row-email", "conflict-row-manager"]);
  // Nothing was saved yet.
  assert.equal(cliShow("CF001").manager, "赵经理");
  await shot(d, "conflict-dialog.png");
});

step("keeping theirs for the e-mail and mine for the manager saves exactly that", async (d) => {
  await d.click('[data-testid="conflict-pick-email-theirs"]');
  await d.click('[data-testid="conflict-save"]');
  await d.gone('[data-testid="conflict-dialog"]', 15000);
  await d.gone('[data-testid="customer-form"]', 15000);
  const saved = cliShow("CF001");
  assert.equal(saved.manager, "王经理");
  assert.equal(saved.email, "zhao@example.com");
  assert.equal(saved.address, "杭州市");
  assert.equal(saved.spend, 8800);
  assert.equal(saved.version, 3);
});
