import { describe, expect, it } from "vitest";
import { format } from "../i18n";
import { zh } from "../i18n/zh";
import { en } from "../i18n/en";
import type { Case, CaseStatus } from "../ipc/api";
import { CHANNELS, KINDS, SEVERITIES, STATUSES, actionText, lateText, lateWords, nextDeadline } from "./caseText";

const t = (key: keyof typeof zh, vars?: Record<string, string | number>) => format(zh[key], vars);

describe("how late a complaint is", () => {
  const cases: [number, string][] = [
    [1, "1 分钟"],
    [59, "59 分钟"],
    [60, "1 小时"],
    [200, "3 小时 20 分钟"],
    [1440, "1 天"],
    [1440 + 185, "1 天 3 小时"],
    [10 * 1440 + 59, "10 天"],
  ];
  it.each(cases)("%i minutes read %s (as Rust's overdue_words)", (minutes, words) => {
    expect(lateWords(t, minutes)).toBe(words);
  });

  const base: Case = {
    id: 1, number: "TS202611300001", customer_id: 1, received_at: "2026-11-30 09:00:00", channel: "phone",
    kind: "service", severity: "normal", description: "", owner: "", status: "new", tier_at: null,
    respond_by: "2026-11-30 13:00:00", resolve_by: "2026-12-01 09:00:00", first_response_at: null,
    resolved_at: null, closed_at: null, resolution: "", satisfaction: null, created_at: "", updated_at: "",
    response_overdue_minutes: null, resolve_overdue_minutes: null,
    version: 1, updated_by: null,
  };
  it("names the resolution before the response, and nothing when on time", () => {
    expect(lateText(t, base)).toBeNull();
    expect(lateText(t, { ...base, response_overdue_minutes: 90 })).toBe("响应已逾期 1 小时 30 分钟");
    expect(lateText(t, { ...base, response_overdue_minutes: 1500, resolve_overdue_minutes: 60 })).toBe("解决已逾期 1 小时");
    expect(nextDeadline(base)).toBe("2026-11-30 13:00:00");
    expect(nextDeadline({ ...base, status: "in_progress", first_response_at: "2026-11-30 10:00:00" })).toBe("2026-12-01 09:00:00");
    expect(nextDeadline({ ...base, status: "closed" })).toBeNull();
  });
});

describe("a complaint's words", () => {
  it("has a label in both languages for every choice Rust knows", () => {
    const keys = [
      ...CHANNELS.map((c) => `caseChannel_${c}`),
      ...KINDS.map((k) => `caseKind_${k}`),
      ...SEVERITIES.map((s) => `caseSeverity_${s}`),
      ...STATUSES.map((s) => `caseStatus_${s}`),
    ];
    expect(keys).toHaveLength(6 + 7 + 3 + 5);
    for (const k of keys) {
      expect(zh).toHaveProperty(k);
      expect(en).toHaveProperty(k);
    }
    expect(zh.caseStatus_awaiting_customer).toBe("待客户确认");
  });

  it("words a step by where it goes, and going back from 待客户确认 as 退回处理中", () => {
    const steps: [CaseStatus, CaseStatus, string][] = [
      ["new", "in_progress", "开始处理"],
      ["new", "rejected", "驳回"],
      ["in_progress", "awaiting_customer", "提交客户确认"],
      ["awaiting_customer", "closed", "关闭投诉"],
      ["awaiting_customer", "in_progress", "退回处理中"],
    ];
    for (const [from, to, words] of steps) expect(actionText(t, from, to)).toBe(words);
  });
});
