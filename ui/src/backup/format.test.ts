import { describe, expect, it } from "vitest";
import { format } from "../i18n";
import { zh } from "../i18n/zh";
import { formatBytes, restoredText } from "./format";
import type { T } from "../i18n";

const t: T = (key, vars) => format(zh[key], vars);

describe("backup texts", () => {
  it.each([
    [0, "0 KB"],
    [1, "1 KB"],
    [1024, "1 KB"],
    [1025, "2 KB"],
    [1024 * 1024 - 1, "1024 KB"],
    [1024 * 1024, "1.0 MB"],
    [5 * 1024 * 1024 + 512 * 1024, "5.5 MB"],
  ])("%d bytes is %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it("says customers before and after, with thousands separators", () => {
    expect(restoredText(t, { customers_before: 1203, customers_after: 1180, safety_backup: null, erased_again: 0 })).toBe("客户 1,203 → 1,180");
    expect(restoredText(t, { customers_before: null, customers_after: 7, safety_backup: null, erased_again: 0 })).toBe("客户 ? → 7");
    expect(restoredText(t, { customers_before: 12, customers_after: 12, safety_backup: null, erased_again: 2 })).toBe("客户 12 → 12；已删除个人信息的 2 位客户在恢复后再次删除");
  });
});
