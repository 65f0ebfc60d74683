// End to end: a damaged database file. Opening it no longer reads every page
// (the first screen comes first); the app then checks the pages in the
// background, says in Chinese that the file is damaged, offers another file,
// and leaves the file's bytes exactly as they were.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startDriver } from "./webdriver.mjs";
import { artifacts } from "./harness.mjs";

let session = null;
after(async () => {
  await session?.driver.quit();
  session?.stop();
});

test("a damaged file is reported once the first screen is drawn, and left unchanged", async () => {
  assert.ok(process.env.TIERDESK_APP, "TIERDESK_APP must point at the built app binary");
  const cli = process.env.TIERDESK_CLI ?? join(dirname(process.env.TIERDESK_APP), "tierdesk");
  const db = join(mkdtempSync(join(tmpdir(), "tierdesk-damaged-")), "damaged.db");
  execFileSync(cli, ["--db", db, "demo", "--customers", "2000"], { stdio: "ignore" });
  // The last page (a page of customers or of an index) overwritten with noise.
  const bytes = readFileSync(db);
  const page = 4096;
  for (let i = 0; i < page; i++) bytes[bytes.length - page + i] = (i * 31) % 251;
  writeFileSync(db, bytes);

  session = await startDriver({ app: process.env.TIERDESK_APP, db });
  const d = session.driver;
  try {
    const text = await d.waitText(".ant-result", (t) => t.includes("已损坏"), 30000);
    assert.match(text, /数据库文件已损坏/);
    assert.ok(
      text.includes(`数据库文件「${db}」已损坏，TierDesk 没有改动它。请从备份恢复这个文件，或打开另一个数据库文件`),
      text,
    );
    assert.match(text, /打开数据库/);
  } catch (e) {
    mkdirSync(artifacts, { recursive: true });
    await d.screenshot(join(artifacts, "failed-damaged-file.png")).catch(() => {});
    throw e;
  }
  await d.quit();
  session.stop();
  session = null;
  assert.ok(readFileSync(db).equals(bytes), "the file was changed");
});
