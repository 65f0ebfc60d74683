import { describe, expect, it } from "vitest";
import { en } from "../i18n/en";
import { zh, type Messages } from "../i18n/zh";
import { actionText, closes, levelText, statusText } from "./churnText";

describe("churn words", () => {
  it("asks for a note only when a step closes the alert", () => {
    expect(["new", "followed", "recovered", "churned", "ignored"].filter((s) => closes(s as never))).toEqual([
      "recovered",
      "churned",
      "ignored",
    ]);
  });

  it("names levels and statuses as Rust labels them in Chinese, and in English in English", () => {
    const zhT = (k: keyof Messages) => zh[k];
    const enT = (k: keyof Messages) => en[k];
    const levels = ["high", "medium", "low"] as const;
    const statuses = ["new", "followed", "recovered", "churned", "ignored"] as const;
    expect(levels.map((l) => levelText(zhT, l))).toEqual(["高", "中", "低"]);
    expect(statuses.map((s) => statusText(zhT, s))).toEqual(["新", "已跟进", "已挽回", "已流失", "忽略"]);
    expect(levels.map((l) => levelText(enT, l))).toEqual(["High", "Medium", "Low"]);
    expect(statuses.map((s) => statusText(enT, s))).toEqual(["New", "Followed up", "Won back", "Lost", "Ignored"]);
  });

  it("labels each step's button with its own words", () => {
    const t = (k: string) => k;
    expect(actionText(t as never, "recovered")).toBe("churnActionRecovered");
    expect(actionText(t as never, "new")).toBe("churnStatusNew");
  });
});
