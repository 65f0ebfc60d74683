/// <reference types="vite/client" />
// No Chinese in the UI's code: every text a person sees comes from the
// catalogue (zh.ts / en.ts, Rust's messages through rustZh.ts / rustEn.ts),
// so the English UI cannot show a Chinese word the program wrote. Comments
// may be in Chinese; a few data values must be (words people type, read
// back as data) — each in ALLOWED with its reason.
import { describe, expect, it } from "vitest";
import { codeOnly, cjkInCode } from "./scan";

const sources = import.meta.glob(["../**/*.ts", "../**/*.tsx", "!../**/*.test.ts", "!../**/*.test.tsx", "!../i18n/**"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

/** file (from ui/src) → the Chinese texts allowed in its code, and why. */
const ALLOWED: Record<string, { text: string; why: string }[]> = {
  "customers/validate.ts": [
    { text: "转", why: "a phone extension as people type it (13800138000转123): data read, never shown" },
    { text: "分机", why: "a phone extension as people type it (010-1234 分机 8): data read, never shown" },
  ],
  "customers/privacy.ts": [
    { text: "确认", why: "the word accepted to confirm an erase in either language (the prompt asks for it)" },
    // The purposes are sent to Rust and logged as Rust's REVEAL_PURPOSES words; shown through PURPOSE_KEYS.
    { text: "客户来电核实", why: "a purpose value as Rust logs it (REVEAL_PURPOSES), shown as t(purposeCall)" },
    { text: "寄送礼品", why: "a purpose value as Rust logs it (REVEAL_PURPOSES), shown as t(purposeGift)" },
    { text: "编辑资料", why: "a purpose value as Rust logs it (REVEAL_PURPOSES), shown as t(purposeEdit)" },
    { text: "回访联系", why: "a purpose value as Rust logs it (REVEAL_PURPOSES), shown as t(purposeVisit)" },
  ],
};

describe("the UI's code holds no Chinese text", () => {
  it("reads the sources", () => {
    expect(Object.keys(sources).length).toBeGreaterThan(100);
  });

  it("finds Chinese only in comments and the allowed data values", () => {
    const found: string[] = [];
    for (const [path, text] of Object.entries(sources)) {
      const file = path.replace(/^\.\.\//, "");
      const allowed = new Set((ALLOWED[file] ?? []).map((a) => a.text));
      for (const hit of cjkInCode(text)) {
        if (!allowed.has(hit.text)) found.push(`${file}:${hit.line} ${hit.text}`);
      }
    }
    expect(found).toEqual([]);
  });

  it("every allowed entry is still needed and says why", () => {
    for (const [file, entries] of Object.entries(ALLOWED)) {
      const text = sources[`../${file}`];
      expect(text, file).toBeDefined();
      const hits = new Set(cjkInCode(text).map((h) => h.text));
      for (const e of entries) {
        expect(hits.has(e.text), `${file} ${e.text}`).toBe(true);
        expect(e.why.length).toBeGreaterThan(10);
      }
    }
  });
});

describe("the scanner", () => {
  it("skips comments but not strings, templates or JSX text", () => {
    const src = [
      "// 注释 in a line comment",
      "/* 块注释",
      "   更多 */ const a = \"字符串\"; // 尾注释",
      "const url = 'http://x' + `模板${'嵌套'}`;",
      "const el = <div title=\"标题\">正文</div>;",
      "const re = /a\\/b/; const c = '引号\\'里';",
    ].join("\n");
    expect(cjkInCode(src)).toEqual([
      { line: 3, text: "字符串" },
      { line: 4, text: "模板" },
      { line: 4, text: "嵌套" },
      { line: 5, text: "标题" },
      { line: 5, text: "正文" },
      { line: 6, text: "引号" },
      { line: 6, text: "里" },
    ]);
    expect(codeOnly("a // 中文\nb")).toBe("a \nb");
  });
});
