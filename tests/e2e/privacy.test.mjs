// End to end: privacy in the real app. The list and the drawer show phones
// masked; 显示完整 with a purpose shows the full number and leaves a log
// entry; editing through the masked form keeps the phone; a person's copy is
// written; 删除个人信息 in the drawer, confirmed by typing the name, takes the
// person out of the list. (The copy is saved through the same command the
// drawer's button calls once its save dialog answers: the harness cannot
// answer a native save dialog.)
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appSession, clickFree, invoke, openCustomer } from "./harness.mjs";

const step = appSession();

// A click on the close button can land while a dialog over the drawer is
// still fading out: click again until the drawer has gone.
const closeDrawer = async (d) => {
  for (let attempt = 0; ; attempt++) {
    await clickFree(d, ".ant-drawer-open .ant-drawer-close");
    try {
      await d.gone(".ant-drawer-open", 6000);
      return;
    } catch (e) {
      if (attempt >= 4) throw e;
    }
  }
};

// The form fills itself once it has opened: type after it has, and check
// that the form holds what was typed.
async function fillForm(d, fields) {
  await d.find(`[data-testid="${fields[0][0]}"]`);
  for (let attempt = 0; ; attempt++) {
    await new Promise((r) => setTimeout(r, 300));
    for (const [id, value] of fields) {
      await d.clear(`[data-testid="${id}"]`);
      await d.type(`[data-testid="${id}"]`, value);
    }
    const held = await d.exec(
      "return arguments[0].map((id) => document.querySelector(`[data-testid=${id}]`).value);",
      [fields.map(([id]) => id)],
    );
    if (held.join("|") === fields.map(([, v]) => v).join("|")) return;
    assert.ok(attempt < 5, `the form holds ${held.join("|")}`);
  }
}

step("the list shows phones masked", async (d) => {
  await d.find('[data-testid="customer-list"]', { timeout: 30000 });
  // Added through the app's command (the form itself is archive.test.mjs's).
  for (const [name, code, phone] of [["欧阳娜娜", "PV001", "13811112222"], ["司马懿然", "PV002", "13933334444"]]) {
    const c = await invoke(d, "create_customer", { draft: { name, code, phone, tags: [], fields: {} } });
    assert.equal(c.phone, `${phone.slice(0, 3)}****${phone.slice(7)}`, "what the command answers is masked too");
  }
  // A full number finds its customer (the search runs on the stored values).
  await d.type('[data-testid="search"]', "13811112222");
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 1 位客户"), 30000);
  await d.waitText('[data-testid="customer-list"]', (t) => t.includes("欧阳娜娜"));
  await d.clear('[data-testid="search"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 2 位客户"), 30000);
  const rows = await d.waitText('[data-testid="customer-list"]', (t) => t.includes("司马懿然"));
  assert.match(rows, /138\*\*\*\*2222/);
  assert.match(rows, /139\*\*\*\*4444/);
  assert.doesNotMatch(rows, /13811112222|13933334444/);
});

step("editing a name through the masked form keeps the phone", async (d) => {
  await openCustomer(d, "司马懿然");
  assert.match(await d.text('[data-testid="customer-detail"]'), /139\*\*\*\*4444/);
  await clickFree(d, '[data-testid="drawer-edit"]');
  await fillForm(d, [["field-name", "司马懿然二"]]);
  assert.equal(
    await d.exec('return document.querySelector(\'[data-testid="field-phone"]\').value;'),
    "139****4444",
    "the form shows the phone masked",
  );
  await clickFree(d, '[data-testid="customer-save"]');
  await d.gone('[data-testid="customer-form"]', 45000);
  await d.waitText('[data-testid="customer-detail"]', (t) => t.includes("司马懿然二"), 30000);
  await closeDrawer(d);
  const page = await invoke(d, "list_customers", { query: { search: "13933334444", tier: null, manager: null, sort: "id", descending: false, limit: 10, offset: 0, deleted: false } });
  assert.equal(page.total, 1, "the stored phone is unchanged, so the full number finds it");
  assert.equal(page.items[0].name, "司马懿然二");
});

step("显示完整 asks for a purpose, shows the full phone and is logged", async (d) => {
  const id = await openCustomer(d, "欧阳娜娜");
  const before = await d.text('[data-testid="customer-detail"]');
  assert.match(before, /138\*\*\*\*2222/);
  assert.doesNotMatch(before, /13811112222/);
  // On a busy machine a click can land while the drawer still moves: try again until the dialog shows.
  for (let i = 0; ; i++) {
    await clickFree(d, '[data-testid="drawer-reveal"]');
    try {
      await d.find('[data-testid="reveal-purpose"]', { timeout: 5000 });
      break;
    } catch (e) {
      if (i >= 3) throw e;
      const open = await d.exec("return !!document.querySelector('.ant-drawer-open');");
      if (!open) await openCustomer(d, "欧阳娜娜");
    }
  }
  await clickFree(d, '[data-testid="reveal-ok"]');
  await d.waitText('[data-testid="customer-detail"]', (t) => t.includes("13811112222"));
  const log = await invoke(d, "audit_list", { filter: { action: "privacy.reveal", customer_id: id } });
  assert.equal(log.total, 1);
  assert.equal(log.items[0].details.facts.find((f) => f.name === "用途").value, "客户来电核实");
  assert.doesNotMatch(log.items[0].summary, /欧阳/);
  await closeDrawer(d);
  // Shown again, it is masked again.
  await openCustomer(d, "欧阳娜娜");
  assert.match(await d.text('[data-testid="customer-detail"]'), /138\*\*\*\*2222/);
  await closeDrawer(d);
});

step("a person's copy is written with every sheet", async (d) => {
  const id = await openCustomer(d, "欧阳娜娜");
  await closeDrawer(d);
  const dir = mkdtempSync(join(tmpdir(), "tierdesk-copy-"));
  const out = join(dir, "copy.xlsx");
  const saved = await invoke(d, "save_person_copy", { id, path: out });
  assert.equal(saved.file, out);
  assert.deepEqual(saved.sheets.map(([s]) => s), ["基本信息", "等级记录", "等级说明", "订单明细", "权益使用", "导入记录", "操作日志"]);
  assert.ok(existsSync(out) && statSync(out).size > 1000);
  const log = await invoke(d, "audit_list", { filter: { action: "privacy.copy", customer_id: id } });
  assert.equal(log.total, 1);
});

step("删除个人信息 in the drawer, confirmed by the name, takes the person out of the list", async (d) => {
  const id = await openCustomer(d, "欧阳娜娜");
  await clickFree(d, '[data-testid="drawer-erase"]');
  await d.find('[data-testid="erase-confirm"]');
  assert.equal(
    await d.exec('return document.querySelector(\'[data-testid="erase-ok"]\').disabled;'),
    true,
    "nothing typed: the button waits",
  );
  await d.type('[data-testid="erase-confirm"]', "欧阳娜娜");
  await d.type('[data-testid="erase-reason"]', "客户本人要求删除");
  await clickFree(d, '[data-testid="erase-ok"]');
  await d.gone(".ant-drawer-open");
  const rows = await d.waitText('[data-testid="customer-list"]', (t) => t.includes(`已删除的客户 #${id}`));
  assert.doesNotMatch(rows, /欧阳娜娜|PV001|2222/);
  assert.match(rows, /司马懿然二/);
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 2 位客户"));
  const log = await invoke(d, "audit_list", { filter: { action: "customer.erase", customer_id: id } });
  assert.equal(log.total, 1);
  assert.doesNotMatch(JSON.stringify(log.items[0]), /欧阳娜娜|13811112222/);
});
