import { describe, expect, it } from "vitest";
import type { T } from "../i18n";
import { format } from "../i18n";
import { en } from "../i18n/en";
import { zh } from "../i18n/zh";
import { timelineTitle, todoNote, todoTitle } from "./storedText";

const tEn: T = (k, v) => format(en[k], v);
const tZh: T = (k, v) => format(zh[k], v);

// Titles and notes exactly as the store's rules write them (todo_rules.rs, cases.rs, surveys.rs, followups.rs).
const TITLES: [string, string][] = [
  ["跟进：确认付款进度", "Follow up: 确认付款进度"],
  ["按约再次联系", "Contact again as agreed"],
  ["定期回访（每 30 天）", "Regular visit (every 30 days)"],
  ["回复投诉 TS202611210001", "Reply to complaint TS202611210001"],
  ["解决投诉 TS202610020001", "Resolve complaint TS202610020001"],
  ["满意度回访（推荐意愿 6 分，满意度 2 分）", "Survey follow-up (likely to recommend 6, satisfaction 2)"],
  ["满意度回访（推荐意愿 3 分）", "Survey follow-up (likely to recommend 3)"],
  ["满意度回访（满意度 1 分）", "Survey follow-up (satisfaction 1)"],
  ["客户生日（12月3日）", "Customer's birthday (12/3)"],
  ["联系人 冯芳 生日（12月5日）", "Birthday of contact 冯芳 (12/5)"],
  ["开业日（12月5日）", "开业日 (12/5)"],
  ["评级到期（1,200 位客户）", "Rating due (1,200 customers)"],
];
const NOTES: [string, string][] = [
  ["物流，较重", "Logistics, Major"],
  ["表扬，一般", "Praise, Normal"],
  ["2026-11-06 的满意度答卷：推荐意愿 6 分，满意度 2 分", "Survey answer of 2026-11-06: likely to recommend 6, satisfaction 2"],
  ["2026-11-06 的满意度答卷：满意度 2 分", "Survey answer of 2026-11-06: satisfaction 2"],
];

describe("to-do texts the rules stored in Chinese", () => {
  it("come out in English, each by its own template", () => {
    expect(TITLES.map(([zhText]) => todoTitle({ title: zhText }, tEn))).toEqual(TITLES.map(([, e]) => e));
    expect(NOTES.map(([zhText]) => todoNote({ note: zhText }, tEn))).toEqual(NOTES.map(([, e]) => e.replace("Logistics", en.caseKind_logistics).replace("Major", en.caseSeverity_major).replace("Praise", en.caseKind_praise).replace("Normal", en.caseSeverity_normal)));
  });

  it("come out in Chinese exactly as stored", () => {
    for (const [zhText] of TITLES) expect(todoTitle({ title: zhText }, tZh)).toBe(zhText);
    for (const [zhText] of NOTES) expect(todoNote({ note: zhText }, tZh)).toBe(zhText);
  });

  it("leave a person's own text as it is", () => {
    for (const own of ["给王总打电话", "你好，世界", "回访（下周）"]) {
      expect(todoTitle({ title: own }, tEn)).toBe(own);
      expect(todoNote({ note: own }, tEn)).toBe(own);
    }
  });
});

describe("timeline titles Rust writes in Chinese", () => {
  it("come out in English, channel words too, and Chinese exactly as written", () => {
    const cases: [string, string][] = [
      ["评级：保持 钻石", "Rating: kept 钻石"],
      ["等级：金牌 → 钻石", "Tier: 金牌 → 钻石"],
      ["拜访跟进：上门拜访", "Visit follow-up: 上门拜访"],
      ["电话跟进", "Phone follow-up"],
    ];
    expect(cases.map(([z]) => timelineTitle(z, tEn))).toEqual(cases.map(([, e]) => e));
    for (const [z] of cases) expect(timelineTitle(z, tZh)).toBe(z);
    expect(timelineTitle("投诉 TS1：处理中", tEn)).toBe("投诉 TS1：处理中");
  });
});
