import { describe, expect, it } from "vitest";
import { renderMsg } from "./index";
import { rustZh } from "./rustZh";
import { rustEn } from "./rustEn";

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
const holes = (s: string) => new Set(s.match(/\{\w+\}/g) ?? []);

describe("messages Rust sends as a key and parameters", () => {
  it("every key Rust can send has Chinese and English, and English has no key Rust lacks", () => {
    const keys = Object.keys(rustZh);
    expect(keys.length).toBeGreaterThan(30);
    expect(keys.filter((k) => !(k in rustEn))).toEqual([]);
    expect(Object.keys(rustEn).filter((k) => !(k in rustZh))).toEqual([]);
  });

  it("English is free of Chinese and uses only holes the Chinese has", () => {
    for (const [key, text] of Object.entries(rustEn)) {
      expect(CJK.test(text), key).toBe(false);
      const zh = holes(rustZh[key]);
      for (const h of holes(text)) expect(zh.has(h), `${key} ${h}`).toBe(true);
    }
  });

  it("renders in the language asked, falling back to English that names the key", () => {
    const msg = { key: "store.import_out_of_order", params: { id: "3", later: "5" } };
    expect(renderMsg(msg, "zh-CN")).toBe("导入 #5 在导入 #3 之后又修改了其中的客户，请先撤销导入 #5");
    expect(renderMsg(msg, "en-US")).toBe("Import #5 changed customers of import #3 afterwards; undo import #5 first.");
    // Rust's own sentence wins in Chinese (it may say more than the key).
    expect(renderMsg(msg, "zh-CN", "方案文件「a.toml」：导入 #5")).toBe("方案文件「a.toml」：导入 #5");
    const unknown = renderMsg({ key: "x.new_message", params: {} }, "en-US", "新消息");
    expect(unknown).toBe("TierDesk could not complete this (message x.new_message).");
    expect(renderMsg(null, "en-US", "没有代码的错误", "conflict")).toBe("TierDesk could not complete this (error: conflict).");
  });
});
