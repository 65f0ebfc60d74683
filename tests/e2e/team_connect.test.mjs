// 文件 → 连接团队数据库…: the app, started on a local file, connects through the dialog to a fresh team
// database on the test cluster over TLS (verify-full against the cluster's own CA), the first 管理员 is
// created, the status bar names the team database, a customer saved in the app is in the database (read
// with psql), the password went to the system keyring (a gnome-keyring started for the test) and not into
// a file, and the app started again opens the same team database by itself.
// Run inside scripts/pg-test.sh (see tests/e2e/team.mjs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startDriver } from "./webdriver.mjs";
import { artifacts, clickFree, invoke, shot } from "./harness.mjs";
import { freshTeamDatabase, psql, startKeyring } from "./team.mjs";

let keyring;
let team;
let run = null;
let home;

async function start(db) {
  run = await startDriver({ app: process.env.TIERDESK_APP, db, home });
  home = run.home;
  return run.driver;
}

async function stop() {
  await run?.driver.quit();
  run?.stop();
  run = null;
  await new Promise((r) => setTimeout(r, 500));
}

const step = (name, fn) =>
  test(name, async () => {
    try {
      await fn(run.driver);
    } catch (e) {
      await run?.driver.screenshot(join(artifacts, `failed-${name.replace(/\s+/g, "-")}.png`)).catch(() => {});
      throw e;
    }
  });

/** Chooses a menu item as a click in the menu bar would (see ipc/api.ts onMenu). */
const menu = (d, id) => d.exec("window.dispatchEvent(new CustomEvent('tierdesk-menu', { detail: arguments[0] }));", [id]);

/** Types into an input after emptying it. */
async function fill(d, testid, text) {
  const css = `[data-testid="${testid}"]`;
  await d.clear(css);
  await d.type(css, text);
}

before(async () => {
  assert.ok(process.env.TIERDESK_APP, "TIERDESK_APP must point at the built app binary");
  keyring = startKeyring();
  team = freshTeamDatabase({ tls: true });
  await start(undefined);
});

after(async () => {
  await stop();
  keyring?.stop();
});

const ADMIN = { login: "zhang", name: "张经理", password: "Admin-Pass-2026" };

step("connects through the dialog over TLS and creates the first administrator", async (d) => {
  await d.find('[data-testid="db-path"]', { timeout: 30000 });
  await menu(d, "team_connect");
  await d.find('[data-testid="team-connect-form"]');
  await fill(d, "team-host", team.host);
  await fill(d, "team-port", String(team.port));
  await fill(d, "team-database", team.name);
  await fill(d, "team-user", team.user);
  await fill(d, "team-password", team.password);
  await fill(d, "team-ca-file", team.ca);
  await shot(d, "team-connect-dialog.png");
  await clickFree(d, '[data-testid="team-connect-ok"]');
  // An empty team database asks for its first administrator.
  await d.find('[data-testid="sign-in-first-hint"]', { timeout: 30000 });
  await fill(d, "sign-in-login", ADMIN.login);
  await fill(d, "sign-in-name", ADMIN.name);
  await fill(d, "sign-in-password", ADMIN.password);
  await fill(d, "sign-in-again", ADMIN.password);
  await clickFree(d, '[data-testid="sign-in-ok"]');
  const bar = await d.waitText('[data-testid="db-path"]', (t) => t.includes(team.name), 30000);
  assert.equal(bar.trim(), `团队数据库 ${team.name} @ ${team.host}:${team.port}`);
  assert.ok(!bar.includes(team.password));
  // The app's connection is encrypted, as the server sees it.
  const ssl = psql(
    `SELECT string_agg(s.ssl::text, ',') FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
     WHERE a.datname = '${team.name}' AND a.application_name = 'TierDesk'`,
  );
  assert.equal(ssl, "true");
});

step("a customer saved in the app is in the team database", async (d) => {
  const made = await invoke(d, "create_customer", { draft: { name: "连接测试有限公司", phone: "13800138000" } });
  assert.ok(!made.error, JSON.stringify(made));
  assert.equal(psql("SELECT name FROM customers ORDER BY id", team.name), "连接测试有限公司");
  const info = await invoke(d, "db_info", {});
  assert.equal(info.team, true);
  assert.equal(info.customers, 1);
  assert.equal(info.label, `团队数据库 ${team.name} @ ${team.host}:${team.port}`);
  assert.ok(!info.path.includes(team.password), info.path);
});

step("the password is in the keyring and not in any file; the database is remembered", async () => {
  const remembered = readFileSync(join(home, "config", "com.tierdesk.desktop", "last-database.txt"), "utf8");
  assert.ok(remembered.startsWith(`postgres://${team.user}@${team.host}:${team.port}/${team.name}?sslmode=verify-full`), remembered);
  assert.ok(!remembered.includes(team.password), "password written to a file");
});

test("started again, the app opens the same team database with the kept password", async () => {
  await stop();
  const d = await start(null);
  try {
    await d.find('[data-testid="sign-in-login"]', { timeout: 30000 });
    assert.equal((await d.text('[data-testid="sign-in-db"]')).includes(team.name), true);
    await fill(d, "sign-in-login", ADMIN.login);
    await fill(d, "sign-in-password", ADMIN.password);
    await clickFree(d, '[data-testid="sign-in-ok"]');
    await d.waitText('[data-testid="customer-list"]', (t) => t.includes("连接测试有限公司"), 30000);
    const bar = await d.text('[data-testid="db-path"]');
    assert.equal(bar.trim(), `团队数据库 ${team.name} @ ${team.host}:${team.port}`);
  } catch (e) {
    await d.screenshot(join(artifacts, "failed-team-reopen.png")).catch(() => {});
    throw e;
  }
});

test("a wrong password keeps the dialog open with the server's refusal", async () => {
  const d = run.driver;
  await menu(d, "team_connect");
  await d.find('[data-testid="team-connect-form"]');
  // The form starts from the open team database, without its password.
  assert.equal(await d.exec("return document.querySelector('[data-testid=team-database]').value;"), team.name);
  await fill(d, "team-password", "not-the-password");
  await clickFree(d, '[data-testid="team-connect-ok"]');
  const error = await d.waitText('[data-testid="team-connect-error"]', (t) => t.length > 0, 30000);
  assert.ok(error.includes("不接受用户名"), error);
  await clickFree(d, '[data-testid="team-connect-cancel"]');
  // Still on the team database, still signed in.
  const bar = await d.text('[data-testid="db-path"]');
  assert.ok(bar.includes(team.name), bar);
});
