import { describe, expect, it } from "vitest";
import { actionText, closes, levelText, statusText } from "./churnText";

describe("churn words", () => {
  it("asks for a note only when a step closes the alert", () => {
    expect(["new", "followed", "recovered", "churned", "ignored"].filter((s) => closes(s as never))).toEqual([
      "recovered",
      "churned",
      "ignored",
    ]);
  });

  it("names levels and statuses as Rust stores them", () => {
    expect(["high", "medium", "low"].map((l) => levelText(l as never))).toEqual(["高", "中", "低"]);
    expect(["new", "followed", "recovered", "churned", "ignored"].map((s) => statusText(s as never))).toEqual([
      "新",
      "已跟进",
      "已挽回",
      "已流失",
      "忽略",
    ]);
  });

  it("labels each step's button with its own words", () => {
    const t = (k: string) => k;
    expect(actionText(t as never, "recovered")).toBe("churnActionRecovered");
    expect(actionText(t as never, "new")).toBe("新");
  });
});
