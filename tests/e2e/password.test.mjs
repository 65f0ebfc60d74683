// End to end: a database password in the real app. A person sets a password
// (数据库密码), the file on disk is encrypted, the app is started again and
// asks for the password instead of showing an error page; a wrong password
// keeps the prompt with the plain sentence, the right one shows the customers;
// 取消 leaves no database open with the usual ways out and a way back.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startDriver } from "./webdriver.mjs";
import { artifacts } from "./harness.mjs";

const PASSWORD = "开门 Sesame 123";
let session = null;
after(async () => {
  await session?.driver.quit().catch(() => {});
  session?.stop();
});

/** Runs `fn`, leaving a screenshot named `name` behind when it fails. */
async function shot(name, fn) {
  try {
    await fn(session.driver);
  } catch (e) {
    mkdirSync(artifacts, { recursive: true });
    await session.driver.screenshot(join(artifacts, `failed-password-${name}.png`)).catch(() => {});
    throw e;
  }
}

test("set a password, restart, a wrong password is refused, the right one opens the customers", async () => {
  assert.ok(process.env.TIERDESK_APP, "TIERDESK_APP must point at the built app binary");
  session = await startDriver({ app: process.env.TIERDESK_APP });
  const db = session.db;

  await shot("set", async (d) => {
    await d.click('[data-testid="fill-demo"]', 30000);
    await d.waitText('[data-testid="total"]', (t) => t.includes("共 200 位客户"));
    await d.click('[data-testid="header-password"]');
    const dialog = await d.waitText(".ant-modal", (t) => t.includes("没有设密码"));
    assert.match(dialog, /忘记后无法恢复/);
    assert.match(dialog, /不保存密码的任何副本/);
    assert.match(dialog, /重写整个数据库文件/);
    await d.type('[data-testid="password-new"]', PASSWORD);
    await d.type('[data-testid="password-again"]', PASSWORD);
    await d.click('[data-testid="password-ok"]');
    await d.waitText(".ant-message", (t) => t.includes("已设置密码"), 30000);
    await d.gone('[data-testid="password-new"]');
  });
  const bytes = readFileSync(db);
  assert.ok(!bytes.subarray(0, 16).equals(Buffer.from("SQLite format 3\0")), "the file is still plain SQLite");

  await session.driver.quit();
  session.stop();
  session = await startDriver({ app: process.env.TIERDESK_APP, db });

  await shot("prompt", async (d) => {
    const prompt = await d.waitText(".ant-modal", (t) => t.includes("请输入数据库密码"), 30000);
    assert.match(prompt, /可能设了密码（请输入密码）/);
    await d.screenshot(join(artifacts, "password-prompt.png"));
    // 取消: no database open, the usual ways out, and a way back to the prompt.
    await d.click(".ant-modal-footer .ant-btn:not(.ant-btn-primary)");
    await d.gone('[data-testid="password-prompt-input"]');
    const page = await d.waitText(".ant-result", (t) => t.includes("可能设了密码"));
    assert.match(page, /打开数据库/);
    assert.match(page, /新建数据库/);
    await d.click('[data-testid="password-retry"]');
    await d.find('[data-testid="password-prompt-input"]');
    await d.type('[data-testid="password-prompt-input"]', "wrong password");
    await d.click('[data-testid="password-prompt-ok"]');
    const said = await d.waitText('[data-testid="password-prompt-error"]', (t) => t.length > 0, 30000);
    assert.equal(said.trim(), "密码不对，或者这个文件不是 TierDesk 数据库。文件没有被改动");
    // Still asking, the field cleared for another try.
    await d.find('[data-testid="password-prompt-input"]');
    await d.type('[data-testid="password-prompt-input"]', PASSWORD);
    await d.click('[data-testid="password-prompt-ok"]');
    await d.gone('[data-testid="password-prompt-input"]', 30000);
    await d.click('[data-testid="nav-customers"]');
    await d.waitText('[data-testid="total"]', (t) => t.includes("共 200 位客户"), 30000);
    await d.screenshot(join(artifacts, "password-opened.png"));
  });
  assert.ok(readFileSync(db).subarray(0, 16).equals(bytes.subarray(0, 16)), "the salt changed: the file was rewritten");
});
