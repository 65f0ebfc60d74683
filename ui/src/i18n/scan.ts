// Finds Chinese in code, not comments: used by the test that keeps
// program-written Chinese out of the UI's code (noChinese.test.ts).

/** `src` with its comments blanked (newlines kept, so lines still count). */
export function codeOnly(src: string): string {
  let out = "";
  let i = 0;
  // Open quotes: a stack so `${ "…" }` inside a template nests.
  const stack: string[] = [];
  while (i < src.length) {
    const c = src[i];
    const top = stack[stack.length - 1];
    if (top === '"' || top === "'" || top === "`") {
      if (c === "\\") {
        out += src.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (c === top || (c === "\n" && top !== "`")) stack.pop();
      else if (top === "`" && c === "$" && src[i + 1] === "{") {
        stack.push("{");
        out += "${";
        i += 2;
        continue;
      }
      out += c;
      i += 1;
      continue;
    }
    if (c === "/" && src[i + 1] === "/") {
      while (i < src.length && src[i] !== "\n") i += 1;
      continue;
    }
    if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      const stop = end < 0 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, "");
      i = stop;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") stack.push(c);
    else if (c === "{" && top === "{") stack.push("{");
    else if (c === "}" && top === "{") stack.pop();
    out += c;
    i += 1;
  }
  return out;
}

// Ideographs only: full-width punctuation in code (（）、：) is a known style gap, not a word.
const RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g;

/** Every run of Chinese characters (and full-width punctuation) in the code, with its line. */
export function cjkInCode(src: string): { line: number; text: string }[] {
  const hits: { line: number; text: string }[] = [];
  codeOnly(src)
    .split("\n")
    .forEach((l, n) => {
      for (const m of l.matchAll(RUN)) hits.push({ line: n + 1, text: m[0] });
    });
  return hits;
}
