import { describe, expect, it } from "vitest";
import { eraseConfirmed, untouchedMask } from "./privacy";

describe("erase confirmation", () => {
  it.each([
    ["张三", "张三", true],
    [" 张三 ", "张三", true],
    ["确认", "张三", true],
    ["张", "张三", false],
    ["", "张三", false],
    ["  ", "张三", false],
    ["confirm", "张三", false],
  ])("%j for %j → %j", (typed, name, ok) => {
    expect(eraseConfirmed(typed, name)).toBe(ok);
  });
});

describe("untouched masks", () => {
  it.each([
    ["138****5678", "138****5678", true],
    ["13812345678", "138****5678", false],
    ["138****5679", "138****5678", false],
    ["13812345678", "13812345678", false],
    ["", null, false],
  ])("%j shown as %j → %j", (value, shown, ok) => {
    expect(untouchedMask(value, shown)).toBe(ok);
  });
});
