// The rule builder's model: rows of figure ▸ comparison ▸ value, joined by
// 且 or 或, with groups one level deep. It turns into the rule tree Rust
// prints (api.ruleFromTree gives the canonical and Chinese text, so there is
// one printer) and back from the tree Rust parsed (api.checkRule), when the
// rule fits the builder; a rule that does not (非, arithmetic, deeper
// nesting) stays in the text form.
import type { CmpOp, RuleNode } from "../ipc/api";

export type Join = "and" | "or";
export type Row = { kind: "row"; figure: string | null; op: CmpOp; value: number | null };
export type Group = { kind: "group"; join: Join; rows: Row[] };
export type Item = Row | Group;
export type Model = { join: Join; items: Item[] };

export const OPS: CmpOp[] = ["ge", "gt", "le", "lt", "eq", "ne"];
export const OP_SIGN: Record<CmpOp, string> = { ge: "≥", gt: ">", le: "≤", lt: "<", eq: "=", ne: "≠" };

export const newRow = (figure: string | null = null): Row => ({ kind: "row", figure, op: "ge", value: null });
export const emptyModel = (): Model => ({ join: "and", items: [newRow()] });

function rowOf(node: RuleNode): Row | null {
  if (node.kind !== "compare" || node.left.kind !== "figure" || node.right.kind !== "number") return null;
  return { kind: "row", figure: node.left.key, op: node.op, value: node.right.value };
}

/** The builder's model of a parsed rule, or null when the rule does not fit the builder. */
export function treeToModel(tree: RuleNode | null): Model | null {
  if (!tree) return null;
  const single = rowOf(tree);
  if (single) return { join: "and", items: [single] };
  if (tree.kind !== "and" && tree.kind !== "or") return null;
  const items: Item[] = [];
  for (const part of tree.parts) {
    const row = rowOf(part);
    if (row) {
      items.push(row);
      continue;
    }
    if (part.kind !== "and" && part.kind !== "or") return null;
    const rows = part.parts.map(rowOf);
    if (rows.some((r) => r === null)) return null;
    items.push({ kind: "group", join: part.kind, rows: rows as Row[] });
  }
  return { join: tree.kind, items };
}

function rowTree(r: Row): RuleNode | null {
  if (r.figure === null || r.value === null || !Number.isFinite(r.value)) return null;
  return { kind: "compare", op: r.op, left: { kind: "figure", key: r.figure }, right: { kind: "number", value: r.value } };
}

function joined(join: Join, parts: RuleNode[]): RuleNode {
  return parts.length === 1 ? parts[0] : join === "and" ? { kind: "and", parts } : { kind: "or", parts };
}

/**
 * The rule tree of a model, or null while a row still lacks its figure or
 * value (or there is no row at all). A group of one row is that row.
 */
export function modelToTree(m: Model): RuleNode | null {
  const parts: RuleNode[] = [];
  for (const item of m.items) {
    if (item.kind === "row") {
      const t = rowTree(item);
      if (!t) return null;
      parts.push(t);
    } else {
      if (item.rows.length === 0) continue;
      const rows = item.rows.map(rowTree);
      if (rows.some((r) => r === null)) return null;
      parts.push(joined(item.join, rows as RuleNode[]));
    }
  }
  return parts.length === 0 ? null : joined(m.join, parts);
}

// The number words a value box reads (万, 千, 亿, 百万, 千万), written as
// escapes: they are parsing data, not text shown to people.
const SCALES: [string, number][] = [
  ["\u5343\u4e07", 7],
  ["\u767e\u4e07", 6],
  ["\u4ebf", 8],
  ["\u4e07", 4],
  ["\u5343", 3],
  ["w", 4],
  ["k", 3],
];

/**
 * What a person typed in a value box, as a number: 30万 → 300000, 1.5万,
 * 3千, 300,000, full-width digits, ¥ and a trailing unit (元, 次 …) are
 * read; null when it is not a number. The decimal point is moved in the
 * text, so 1.1万 is exactly 11000.
 */
export function parseAmount(text: string): number | null {
  let s = text.normalize("NFKC").trim().replace(/^[¥$]/, "").replace(/[,\s]/g, "");
  let shift = 0;
  for (const [word, places] of SCALES) {
    const at = s.toLowerCase().indexOf(word);
    if (at > 0) {
      shift = places;
      s = s.slice(0, at) + s.slice(at + word.length);
      break;
    }
  }
  s = s.replace(/[^\d.\-]+$/u, "");
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[2] === "" && !m[3])) return null;
  const frac = m[3] ?? "";
  const moved = (frac + "0".repeat(shift)).slice(0, shift);
  const rest = frac.slice(shift);
  const n = Number(`${m[1]}${m[2] || "0"}${moved}${rest ? "." + rest : ""}`);
  return Number.isFinite(n) ? n : null;
}

/**
 * A value as the box shows it: 300000 → 30万, 15000 → 1.5万 with `wan`
 * (the Chinese UI), else 300,000; 2500 → 2,500.
 */
export function showAmount(v: number | null, wan = true): string {
  if (v === null) return "";
  const abs = Math.abs(v);
  const sign = v < 0 ? "-" : "";
  if (wan && Number.isInteger(v) && abs >= 10000 && abs % 100 === 0) {
    const head = Math.floor(abs / 10000).toLocaleString("en-US");
    const tail = String(abs % 10000).padStart(4, "0").replace(/0+$/, "");
    return `${sign}${head}${tail ? "." + tail : ""}\u4e07`;
  }
  return v.toLocaleString("en-US", { maximumFractionDigits: 10 });
}
