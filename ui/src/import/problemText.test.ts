import { describe, expect, it } from "vitest";
import { problemText } from "./problemText";
import { rustZh } from "../i18n/rustZh";

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
// The keys of import problems and customer field problems (EN2).
const PROBLEM_KEY = /^(value|import|survey|field)\./;
const OTHER_IMPORT_KEYS = new Set(["import.file_not_found", "import.identity_guessed"]);

/** Every hole of a key's Chinese filled with ASCII data. */
function sample(key: string) {
  const params: Record<string, string> = {};
  for (const [, h] of rustZh[key].matchAll(/\{(\w+)\}/g)) params[h] = `x${h}`;
  return { key, params };
}

describe("import problems in the UI's language", () => {
  const keys = Object.keys(rustZh).filter((k) => PROBLEM_KEY.test(k) && !OTHER_IMPORT_KEYS.has(k));

  it("knows every problem key Rust sends (the table is not empty)", () => {
    expect(keys.length).toBeGreaterThanOrEqual(59);
  });

  it("renders each problem in English without Chinese, a hole left open or the fallback", () => {
    for (const key of keys) {
      const msg = sample(key);
      const text = problemText({ message: "中文", msg, more: [] }, "en-US");
      expect(CJK.test(text), `${key}: ${text}`).toBe(false);
      expect(text, key).not.toMatch(/\{\w+\}|could not complete/);
    }
  });

  it("shows Rust's Chinese as it is, and joins a kept row's sentences in English", () => {
    const msg = { key: "value.phone", params: { value: "12345" } };
    const more = [{ key: "import.row_kept", params: { header: "联系方式" } }];
    const message = "不是有效的电话号码：'12345'（…）；本行其余内容照常导入，「联系方式」留空";
    expect(problemText({ message, msg, more }, "zh-CN")).toBe(message);
    const en = problemText({ message, msg, more }, "en-US");
    expect(en).toMatch(/^Not a valid phone number: “12345” .*; the rest of the row is imported, with “联系方式” left empty$/);
  });
});
