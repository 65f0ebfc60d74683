// End to end: backups in the real app. A person backs the archive up,
// deletes a customer, restores the backup from the list, and sees the
// customer back and how the count changed (客户 200 → 201).
import assert from "node:assert/strict";
import { join } from "node:path";
import { appSession, artifacts } from "./harness.mjs";

const step = appSession();

step("an archive of 201 customers, one of them 备份张三", async (d) => {
  await d.click('[data-testid="fill-demo"]', 30000);
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 200 位客户"));
  await d.click('[data-testid="new-customer"]');
  await d.type('[data-testid="field-name"]', "备份张三");
  await d.type('[data-testid="field-code"]', "BK0001");
  await d.type('[data-testid="field-spend"]', "66000");
  await d.click('[data-testid="customer-save"]');
  await d.gone('[data-testid="customer-form"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 201 位客户"));
});

step("立即备份 lists a manual backup of 201 customers", async (d) => {
  await d.click('[data-testid="header-backups"]');
  await d.click('[data-testid="backup-now"]');
  const list = await d.waitText('[data-testid="backup-list"]', (t) => t.includes("手动"));
  assert.match(list, /201/);
  assert.match(await d.text('[data-testid="backup-folder"]'), /备份文件夹：.*tierdesk-e2e-[0-9a-f]{8}/);
  await d.click('[data-testid="backup-close"]');
  await d.gone('[data-testid="backup-list"]');
});

step("delete 备份张三", async (d) => {
  await d.type('[data-testid="search"]', "备份张三");
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 1 位客户"));
  await d.click('[data-testid^="row-"] .ant-checkbox-wrapper');
  await d.click('[data-testid="delete-selected"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 0 位客户"));
  await d.clear('[data-testid="search"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 200 位客户"));
});

step("restoring the backup says 客户 200 → 201 and brings the customer back", async (d) => {
  await d.click('[data-testid="header-backups"]');
  // The list is loaded and the dialog has finished opening before the click.
  await d.waitText('[data-testid="backup-list"]', (t) => t.includes("手动"));
  await d.click('[data-testid^="backup-restore-manual-"]');
  const confirm = await d.waitText('[data-testid="restore-confirm-text"]', (t) => t.includes("201 位客户"));
  assert.match(confirm, /现有 200 位客户/);
  assert.match(confirm, /先自动备份当前数据库/);
  await d.click("#restore-confirm");
  const said = await d.waitText('[data-testid="restore-result"]', (t) => t.includes("→"), 30000);
  assert.equal(said.trim(), "客户 200 → 201");
  await d.screenshot(join(artifacts, "backup-restored.png"));
  await d.click("#restore-result-ok");
  // The safety backup taken before the restore is in the list.
  await d.waitText('[data-testid="backup-list"]', (t) => t.includes("恢复前"));
  await d.click('[data-testid="backup-close"]');
  await d.gone('[data-testid="backup-list"]');

  await d.waitText('[data-testid="total"]', (t) => t.includes("共 201 位客户"));
  await d.type('[data-testid="search"]', "备份张三");
  await d.waitText('[data-testid="total"]', (t) => t.includes("共 1 位客户"));
  await d.waitText('[data-testid="customer-list"]', (t) => t.includes("备份张三") && t.includes("BK0001"));
});
