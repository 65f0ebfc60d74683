// Pure texts of the backup dialog (tested in format.test.ts).
import type { RestoreSummary } from "../ipc/api";
import type { T } from "../i18n";

/** A file size as the list shows it: KB below a megabyte, else MB with one decimal. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

/** What a restore changed: 客户 1,203 → 1,180 (? when the replaced file was too damaged to count). */
export function restoredText(t: T, s: RestoreSummary): string {
  const before = s.customers_before === null ? "?" : s.customers_before.toLocaleString("en-US");
  const counts = t("backupRestoredCounts", { before, after: s.customers_after.toLocaleString("en-US") });
  return s.erased_again > 0 ? `${counts}${t("backupErasedAgain", { n: s.erased_again })}` : counts;
}
