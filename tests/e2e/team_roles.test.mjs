// End to end: people and roles on a team database. The app starts on a fresh
// team database and asks for the first 管理员; the 管理员 adds a 业务员 and a
// 只读 user under 设置 → 用户 and gives one customer to the 业务员; the 只读
// user sees no editing controls and a forced call is refused with the role
// named; the 业务员's 我的客户 holds only his customer, and he may edit it but
// not a colleague's; the log names who did what.
//
// Run inside scripts/pg-test.sh (see team.mjs).
import assert from "node:assert/strict";
import { clickFree, invoke, openCustomer, pick, shot } from "./harness.mjs";
import { teamAppSession, psql } from "./team.mjs";

const { step, team } = teamAppSession();
const PASSWORD = "roles-e2e-2026";

/** Signs in through the dialog (it must be showing). */
async function signIn(d, login) {
  await d.find('[data-testid="sign-in-login"]', { timeout: 30000 });
  await d.clear('[data-testid="sign-in-login"]');
  await d.type('[data-testid="sign-in-login"]', login);
  await d.type('[data-testid="sign-in-password"]', PASSWORD);
  await clickFree(d, '[data-testid="sign-in-ok"]');
  await d.gone('[data-testid="sign-in-login"]', 30000);
}

/** 退出登录 from the status bar; the sign-in dialog comes back. */
async function signOut(d) {
  await clickFree(d, '[data-testid="signed-in-user"]');
  await clickFree(d, '[data-testid="sign-out"]');
  await d.find('[data-testid="sign-in-login"]', { timeout: 30000 });
}

/** Whether an element matching `css` is on the page now. */
const present = (d, css) => d.exec("return !!document.querySelector(arguments[0]);", [css]);

/** Adds a user on the 用户 page. */
async function addUser(d, login, name, role) {
  await clickFree(d, '[data-testid="user-add"]');
  await d.type('[data-testid="user-login"]', login);
  await d.type('[data-testid="user-name"]', name);
  await pick(d, '[data-testid="user-role"]', `[data-testid="role-option-${role}"]`);
  await d.type('[data-testid="user-password"]', PASSWORD);
  await d.type('[data-testid="user-again"]', PASSWORD);
  await clickFree(d, '[data-testid="user-save"]');
  await d.waitText('[data-testid="users-page"]', (t) => t.includes(login), 30000);
  await d.gone('[data-testid="user-login"]');
}

const customers = {};

step("an empty team database asks for the first 管理员, who then sees the users page", async (d) => {
  const dialog = await d.waitText(".ant-modal", (t) => t.includes("创建管理员账号"), 60000);
  assert.match(dialog, /还没有用户/);
  await d.type('[data-testid="sign-in-login"]', "admin");
  await d.type('[data-testid="sign-in-name"]', "王管理");
  await d.type('[data-testid="sign-in-password"]', PASSWORD);
  await d.type('[data-testid="sign-in-again"]', PASSWORD);
  await clickFree(d, '[data-testid="sign-in-ok"]');
  await d.gone('[data-testid="sign-in-login"]', 30000);
  await d.waitText('[data-testid="signed-in-user"]', (t) => t.includes("王管理（管理员）"), 30000);
  await clickFree(d, '[data-testid="nav-users"]');
  await d.waitText('[data-testid="users-page"]', (t) => t.includes("admin"), 30000);
  await addUser(d, "lilei", "李雷", "sales");
  await addUser(d, "zhaomin", "赵敏", "viewer");
  const rows = psql("SELECT login || ':' || role FROM users ORDER BY id", team.name).split("\n");
  assert.deepEqual(rows, ["admin:admin", "lilei:sales", "zhaomin:viewer"]);
  await shot(d, "team-users.png");
});

step("the 管理员 adds two customers and gives one to the 业务员 from the list", async (d) => {
  for (const [code, name] of [["T1", "甲公司"], ["T2", "乙公司"]]) {
    const c = await invoke(d, "create_customer", { draft: { code, name, tags: [], fields: {} } });
    assert.ok(c.id, JSON.stringify(c));
    customers[code] = c.id;
  }
  await clickFree(d, '[data-testid="nav-customers"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 2 位客户"), 30000);
  // Select 甲公司's row and give it to 李雷.
  await clickFree(d, `[data-testid="row-${customers.T1}"] .ant-checkbox-wrapper`);
  await clickFree(d, '[data-testid="owner-set"]');
  await pick(d, '[data-testid="owner-set-picker"]', '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="李雷"]');
  await clickFree(d, '[data-testid="owner-set-save"]');
  await d.waitText(".ant-message", (t) => t.includes("已为 1 位客户设置负责人"), 30000);
  const owner = psql(`SELECT u.login FROM customers c JOIN users u ON u.id = c.owner_id WHERE c.code = 'T1'`, team.name);
  assert.equal(owner, "lilei");
  await d.waitText('[data-testid="customer-list"]', (t) => t.includes("李雷"), 30000);
  // A customer the 管理员 creates stays shared; 乙公司 he keeps for himself.
  const me = await invoke(d, "session");
  assert.equal(me.role, "admin", JSON.stringify(me));
  assert.equal(await invoke(d, "set_customer_owner", { ids: [customers.T2], owner: me.user_id }), 1);
});

step("the 只读 user sees no editing controls, and a forced call is refused naming the role", async (d) => {
  await signOut(d);
  await signIn(d, "zhaomin");
  await d.waitText('[data-testid="signed-in-user"]', (t) => t.includes("赵敏（只读）"), 30000);
  await clickFree(d, '[data-testid="nav-customers"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 2 位客户"), 30000);
  for (const css of ['[data-testid="new-customer"]', '[data-testid="delete-selected"]', '[data-testid="export-customers"]', '[data-testid="owner-set"]', '[data-testid="nav-import"]', '[data-testid="nav-users"]', '[data-testid="nav-schemes"]', '[data-testid="header-backups"]']) {
    assert.equal(await present(d, css), false, `${css} is hidden for 只读`);
  }
  await openCustomer(d, "甲公司");
  assert.equal(await present(d, '[data-testid="drawer-edit"]'), false);
  assert.equal(await present(d, '[data-testid="drawer-followup"]'), false);
  assert.equal(await present(d, '[data-testid="drawer-owner-change"]'), false);
  await d.waitText('[data-testid="drawer-owner-name"]', (t) => t.includes("李雷"));
  await shot(d, "team-viewer.png");
  const refused = await invoke(d, "create_customer", { draft: { code: "T9", name: "丙公司", tags: [], fields: {} } });
  assert.equal(refused.error?.code, "forbidden", JSON.stringify(refused));
  assert.match(refused.error.message, /只读用户不能/);
  assert.equal(psql("SELECT count(*) FROM customers", team.name), "2");
});

step("the 业务员's 我的客户 holds only his customer; he edits it but not a colleague's", async (d) => {
  await d.exec("document.querySelector('.ant-drawer-close')?.click();");
  await signOut(d);
  await signIn(d, "lilei");
  await d.waitText('[data-testid="signed-in-user"]', (t) => t.includes("李雷（业务员）"), 30000);
  await clickFree(d, '[data-testid="nav-customers"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 2 位客户"), 30000);
  await clickFree(d, '[data-testid="owner-mine"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 1 位客户"), 30000);
  const listed = await d.text('[data-testid="customer-list"]');
  assert.match(listed, /甲公司/);
  assert.doesNotMatch(listed, /乙公司/);
  await openCustomer(d, "甲公司");
  await d.find('[data-testid="drawer-edit"]');
  await d.exec("document.querySelector('.ant-drawer-close')?.click();");
  await clickFree(d, '[data-testid="owner-all"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 2 位客户"), 30000);
  // 乙公司 is the 管理员's: no 编辑 for 李雷, and the API refuses too.
  await openCustomer(d, "乙公司");
  assert.equal(await present(d, '[data-testid="drawer-edit"]'), false);
  const refused = await invoke(d, "delete_customers", { ids: [customers.T2] });
  assert.equal(refused.error?.code, "forbidden", JSON.stringify(refused));
  // His own he may change: 甲公司 to the recycle bin and back, in his name.
  assert.equal(await invoke(d, "delete_customers", { ids: [customers.T1] }), 1);
  assert.equal(await invoke(d, "restore_customers", { ids: [customers.T1] }), 1);
  await d.exec("document.querySelector('.ant-drawer-close')?.click();");
});

step("the log names who did what", async (d) => {
  await signOut(d);
  await signIn(d, "admin");
  const rows = psql("SELECT actor || '|' || action FROM audit_log WHERE action IN ('customer.owner', 'customer.delete', 'customer.restore', 'user.add') ORDER BY id", team.name).split("\n");
  assert.deepEqual(rows, [
    "王管理|user.add",
    "王管理|user.add",
    "王管理|customer.owner",
    "王管理|customer.owner",
    "李雷|customer.delete",
    "李雷|customer.restore",
  ]);
  await clickFree(d, '[data-testid="nav-audit"]');
  await d.waitText('[data-testid="audit-page"]', (t) => t.includes("李雷") && t.includes("设置客户负责人"), 30000);
  await shot(d, "team-audit.png");
});

/** The native menu's items as the shell reports them (menu_state), once the enabled ones are `want` (the shell greys them on its main thread just after the call that changed the session). */
async function menuWhen(d, want) {
  const enabled = (items) => items.filter((m) => m.enabled).map((m) => m.id).sort();
  const wanted = [...want].sort();
  let items = [];
  for (let i = 0; i < 80; i++) {
    items = await invoke(d, "menu_state");
    assert.ok(Array.isArray(items), JSON.stringify(items));
    if (JSON.stringify(enabled(items)) === JSON.stringify(wanted)) return items;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.deepEqual(enabled(items), wanted);
  return items;
}

// The native menu's items on this team database (a local file enables them all), each role's enabled
// ones as tierdesk_api::menu_words' table gives them; 退出 is everyone's.
const ANYONE = ["db_new", "db_open", "team_connect", "about", "quit"];
const VIEWER = ["db_new", "db_open", "team_connect", "report", "quit", "customer_find", "view_dashboard", "view_customers", "view_audit", "about"];
const SALES = ["db_new", "db_open", "team_connect", "report", "quit", "customer_new", "customer_find", "view_dashboard", "view_customers", "view_recycle", "view_audit", "about"];
const FILE_ONLY = ["team_copy", "backup", "backup_restore", "my_name", "db_password"];

step("the native menu greys what the signed-in role cannot use, also after a change of language", async (d) => {
  // Signed out (the 管理员 from the step before): only leaving the database, 关于 and 退出.
  await signOut(d);
  const all = await menuWhen(d, ANYONE);
  const ids = all.map((m) => m.id);
  assert.equal(ids.length, 25, JSON.stringify(ids));
  await signIn(d, "zhaomin");
  let items = await menuWhen(d, VIEWER);
  assert.equal(items.find((m) => m.id === "import").text, "导入…");
  // English: the menu is built again, greyed as before.
  assert.equal(await invoke(d, "set_menu_language", { english: true }), null);
  items = await menuWhen(d, VIEWER);
  assert.equal(items.find((m) => m.id === "import").text, "Import…");
  assert.equal(items.find((m) => m.id === "import").enabled, false);
  assert.equal(await invoke(d, "set_menu_language", { english: false }), null);
  items = await menuWhen(d, VIEWER);
  assert.equal(items.find((m) => m.id === "export_customers").text, "导出客户…");
  await signOut(d);
  await signIn(d, "lilei");
  await menuWhen(d, SALES);
  await signOut(d);
  await signIn(d, "admin");
  // The 管理员: everything but what only a local file has (backups, its password, 我的名字, the copy).
  items = await menuWhen(d, ids.filter((id) => !FILE_ONLY.includes(id)));
  assert.equal(items.filter((m) => !m.enabled).length, FILE_ONLY.length);
  // 我的名字 on a team database is refused by the API too, naming where the user's name is changed.
  const refused = await invoke(d, "set_my_name", { name: "冒名" });
  assert.equal(refused.error?.code, "invalid", JSON.stringify(refused));
  assert.match(refused.error.message, /设置 → 用户/);
});
