import { describe, expect, it } from "vitest";
import { en, format, zh } from "./index";
import { periodText, tierCustomers, timelineKindText } from "./words";
import type { T } from "./index";

const tr = (m: Record<string, string>): T => (key, vars) => format(m[key as string], vars);

describe("program words in the UI's language", () => {
  it("says a period as Rust says it in Chinese, and in English", () => {
    const cases: [string, string, string][] = [
      ["2024", "2024年度", "2024"],
      ["2024H1", "2024年上半年", "H1 2024"],
      ["2024H2", "2024年下半年", "H2 2024"],
      ["2024Q1", "2024年第一季度", "Q1 2024"],
      ["2024Q4", "2024年第四季度", "Q4 2024"],
      ["2024-03", "2024年3月", "2024-3"],
      ["2024Q5", "2024Q5", "2024Q5"],
    ];
    for (const [key, zhText, enText] of cases) {
      expect(periodText(key, tr(zh)), key).toBe(zhText);
      expect(periodText(key, tr(en)), key).toBe(enText);
    }
    expect(periodText("上季度", tr(en), "fallback")).toBe("fallback");
  });

  it("names a tier's customers without doubling 客户", () => {
    expect(tierCustomers("金牌", tr(zh))).toBe("金牌客户");
    expect(tierCustomers("VIP客户", tr(zh))).toBe("VIP客户");
    expect(tierCustomers("Gold", tr(en))).toBe("Gold customers");
  });

  it("says the timeline's kinds as Rust's TIMELINE_KINDS does in Chinese", () => {
    // crates/tierdesk-domain/src/record.rs TIMELINE_KINDS
    const rust: [string, string][] = [
      ["purchase", "购买"], ["tier", "等级变化"], ["followup", "跟进"], ["case", "投诉"], ["survey", "满意度"],
      ["benefit", "权益使用"], ["import", "导入"], ["edit", "资料修改"], ["todo", "待办完成"],
    ];
    for (const [kind, word] of rust) {
      expect(timelineKindText(kind, tr(zh))).toBe(word);
      expect(timelineKindText(kind, tr(en))).toMatch(/^[A-Z][a-z -]+$/);
    }
    expect(timelineKindText("points", tr(en), "积分")).toBe("积分");
  });
});
