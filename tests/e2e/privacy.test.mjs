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
import { appSession } from "./harness.mjs";

const step = appSession();

const invoke = (d, cmd, args) =>
  d.exec(
    "return window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then((r) => JSON.stringify(r), (e) => JSON.stringify({ error: e }));",
    [cmd, args],
  ).then((text) => JSON.parse(text));

// A click may land while a message or a closing dialog still covers the
// target (the machine is busy under the tests): try again for a while.
const clickFree = async (d, css, tries = 20) => {
  for (let i = 0; ; i++) {
    try {
      return await d.click(css);
    } catch (e) {
      if (i + 1 >= tries || !String(e.message ?? e).includes("intercepted")) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
};

const openCustomer = async (d, name) => {
  const id = await d.exec(
    "const r=[...document.querySelectorAll('[data-testid^=open-]')].find(e=>e.textContent.includes(arguments[0]));return r&&r.getAttribute('data-testid');",
    [name],
  );
  assert.ok(id, `name link of ${name} present`);
  await clickFree(d, `[data-testid="${id}"]`);
  await d.waitText('[data-testid="customer-detail"]', (t) => t.includes(name), 30000);
  return Number(id.replace("open-", ""));
};

const closeDrawer = async (d) => {
  await clickFree(d, ".ant-drawer-close");
  await d.gone(".ant-drawer-open", 30000);
};

async function addCustomer(d, name, code, phone, total) {
  await clickFree(d, '[data-testid="new-customer"]');
  await d.type('[data-testid="field-name"]', name);
  await d.type('[data-testid="field-code"]', code);
  await d.type('[data-testid="field-phone"]', phone);
  await clickFree(d, '[data-testid="customer-save"]');
  try {
    await d.gone('[data-testid="customer-form"]', 45000);
  } catch (e) {
    const said = await d.exec("return document.body.innerText.slice(0, 2000);");
    throw new Error(`${e.message}; the window said: ${said}`);
  }
  await d.waitText('[data-testid="total"]', (t) => t.includes(`共 ${total} 位客户`), 30000);
}

step("the list shows phones masked", async (d) => {
  await d.find('[data-testid="customer-list"]', { timeout: 30000 });
  await addCustomer(d, "欧阳娜娜", "PV001", "13811112222", 1);
  await addCustomer(d, "司马懿然", "PV002", "13933334444", 2);
  const rows = await d.waitText('[data-testid="customer-list"]', (t) => t.includes("司马懿然"));
  assert.match(rows, /138\*\*\*\*2222/);
  assert.match(rows, /139\*\*\*\*4444/);
  assert.doesNotMatch(rows, /13811112222|13933334444/);
  // A full number still finds its customer.
  await d.type('[data-testid="search"]', "13811112222");
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 1 位客户"));
  await d.clear('[data-testid="search"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 2 位客户"));
});

step("editing a name through the masked form keeps the phone", async (d) => {
  await openCustomer(d, "司马懿然");
  assert.match(await d.text('[data-testid="customer-detail"]'), /139\*\*\*\*4444/);
  await clickFree(d, '[data-testid="drawer-edit"]');
  await d.clear('[data-testid="field-name"]');
  await d.type('[data-testid="field-name"]', "司马懿然二");
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
  await clickFree(d, '[data-testid="drawer-reveal"]');
  await d.find('[data-testid="reveal-purpose"]');
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
