import { describe, expect, it } from "vitest";
import { en, format, zh } from "./index";

describe("messages", () => {
  it("English holds exactly the Chinese keys", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it("every message keeps the placeholders of its Chinese original", () => {
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(holes(en[key]), key).toEqual(holes(zh[key]));
    }
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(format("共 {n} 位客户", { n: 12 })).toBe("共 12 位客户");
    expect(format("{a}{b}", { a: "x" })).toBe("x{b}");
    expect(format("无占位")).toBe("无占位");
  });
});
