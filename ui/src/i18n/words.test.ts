import { describe, expect, it } from "vitest";
import { en, format, zh } from "./index";
import { periodText, tierCustomers } from "./words";
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
});
