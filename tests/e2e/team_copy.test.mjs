// End to end: 文件 → 迁移到团队数据库… A local file with the demo customers
// (and their follow-ups, cases, surveys, to-dos) and a rating is copied into a
// fresh, empty team database through the connection form; the result shows
// every table ✓ with its rows on both sides; the local file is not changed by a
// byte while the copy runs (afterwards the app closes it, which lets SQLite
// fold its WAL into it); 「现在连接到团队数据库」 opens the team database, where the first 管理员
// is created; the CLI on the team database's URL lists the same customers.
//
// Run inside scripts/pg-test.sh (see team.mjs).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { appSession, clickFree, invoke, rateDemoByCommand, shot } from "./harness.mjs";
import { freshTeamDatabase, psql } from "./team.mjs";

const cli = process.env.TIERDESK_CLI ?? join(dirname(process.env.TIERDESK_APP ?? "."), "tierdesk");
const step = appSession();
const PASSWORD = "copy-e2e-2026";
let file = null;
let team = null;
let before = null;

/**
 * The database file's bytes, hashed: what the copy must leave alone. (The WAL beside it is not compared here: the
 * running app's own background work may append to it; the store's test compares both with nothing else running.)
 */
function fileHashes(path) {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** Clears an input and types `text` into it. */
async function retype(d, css, text) {
  await d.exec(
    "const e=document.querySelector(arguments[0]);const set=Object.getOwnPropertyDescriptor(HTMLInputElement.prototype,'value').set;set.call(e,'');e.dispatchEvent(new Event('input',{bubbles:true}));return true;",
    [css],
  );
  await d.type(css, text);
}


step("a local file with the demo customers and a rating", async (d) => {
  await rateDemoByCommand(d);
  file = (await invoke(d, "db_info", {})).path;
  assert.ok(file && existsSync(file), `the app has a database file open: ${file}`);
});

step("迁移到团队数据库 copies every table and shows each one ✓ with its rows", async (d) => {
  team = freshTeamDatabase();
  before = fileHashes(file);
  // 文件 → 迁移到团队数据库… (the native menu is out of WebDriver's reach), or its button in the header.
  await clickFree(d, '[data-testid="header-team-copy"]');
  await d.find('[data-testid="team-connect-form"]', { timeout: 30000 });
  await retype(d, '[data-testid="team-host"]', team.host);
  await retype(d, '[data-testid="team-port"]', String(team.port));
  await retype(d, '[data-testid="team-database"]', team.name);
  await retype(d, '[data-testid="team-user"]', team.user);
  await retype(d, '[data-testid="team-password"]', team.password);
  // 「不加密（仅限本机或可信内网）」: the test cluster listens on loopback (antd keeps the box itself invisible).
  await d.exec("document.querySelector('[data-testid=\"team-plain\"]').click(); return true;");
  await d.find('[data-testid="team-plain-warning"]', { timeout: 15000 });
  await clickFree(d, '[data-testid="team-copy-start"]');
  const done = await d.waitText('[data-testid="team-copy-done"]', (t) => t.includes("迁移完成"), 120000);
  assert.match(done, /两边的行数和校验和一致/);
  assert.match(done, /本机文件没有改动/);

  // Every table ✓, and as many as the file has tables that are copied.
  const marks = await d.exec(
    "return [...document.querySelectorAll('[data-testid^=\"team-copy-same-\"]')].map((e) => e.getAttribute('data-testid').slice(15) + '=' + e.textContent);",
  );
  assert.ok(marks.length >= 25, marks.join(" "));
  assert.deepEqual(marks.filter((m) => !m.endsWith("=✓")), []);
  // customer_counts is the server's own (the list's kept totals, migration 0023): not a table of the file,
  // filled by its triggers as the customers are copied.
  const tables = psql("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT IN ('schema_migrations', 'users', 'customer_counts')", team.name);
  assert.equal(marks.length, Number(tables));
  assert.equal(psql("SELECT sum(live) FROM customer_counts", team.name), "200");
  // The customers' row shows 200 on both sides, as the team database holds.
  const row = await d.exec("return document.querySelector('[data-testid=\"team-copy-same-customers\"]').closest('tr').innerText;");
  assert.match(row, /customers\s+200\s+200/);
  assert.equal(psql("SELECT count(*) FROM customers", team.name), "200");
  assert.equal(psql("SELECT count(*) FROM users", team.name), "0");
  assert.deepEqual(fileHashes(file), before, "the local file changed");
  await shot(d, "team-copy.png");
});

step("「现在连接到团队数据库」 opens it, and its first 管理员 sees the 200 customers", async (d) => {
  await clickFree(d, '[data-testid="team-copy-connect"]');
  await d.find('[data-testid="sign-in-first-hint"]', { timeout: 60000 });
  // Without a keyring service (this test machine) the app says the password was not kept; 知道了.
  await new Promise((r) => setTimeout(r, 1000));
  await d.exec("const b = document.querySelector('.ant-modal-confirm .ant-btn-primary'); if (b) b.click(); return true;");
  await new Promise((r) => setTimeout(r, 500));
  await d.type('[data-testid="sign-in-login"]', "admin");
  await d.type('[data-testid="sign-in-name"]', "王管理");
  await d.type('[data-testid="sign-in-password"]', PASSWORD);
  await d.type('[data-testid="sign-in-again"]', PASSWORD);
  await clickFree(d, '[data-testid="sign-in-ok"]');
  await d.gone('[data-testid="sign-in-login"]', 30000);
  await clickFree(d, '[data-testid="nav-customers"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 200 位客户"), 30000);
});

step("the CLI on the team database's URL lists the same number of customers", async () => {
  const env = { ...process.env, TIERDESK_USER: "admin", TIERDESK_USER_PASSWORD: PASSWORD };
  const onTeam = JSON.parse(execFileSync(cli, ["--db", team.url, "--json", "info"], { env }).toString());
  const onFile = JSON.parse(execFileSync(cli, ["--db", file, "--json", "info"]).toString());
  assert.equal(onTeam.customers, 200);
  assert.equal(onTeam.customers, onFile.customers);
});
