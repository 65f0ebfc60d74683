// Money as people read it in the app: the one ¥ formatter (the 分析 page,
// the dashboard, the customer list and the record all go through it).

/**
 * ¥ with thousands separators and the sign before the ¥ (-¥2,501). Whole
 * yuan by default, as the report writes it; `cents` keeps up to two decimals
 * (a customer's spend). `missing` is what a missing amount shows (— unless told).
 */
export function yuan(v: number | null | undefined, opts: { cents?: boolean; missing?: string } = {}): string {
  if (v == null || !Number.isFinite(v)) return opts.missing ?? "—";
  const abs = Math.abs(v);
  const text = opts.cents
    ? abs.toLocaleString("en-US", { maximumFractionDigits: 2 })
    : Math.round(abs).toLocaleString("en-US");
  return `${v < 0 && text !== "0" ? "-" : ""}¥${text}`;
}

/** A count as people read it: 5,130 (thousands separators, whole numbers). */
export function count(n: number | null | undefined, missing = "—"): string {
  if (n == null || !Number.isFinite(n)) return missing;
  return Math.round(n).toLocaleString("en-US");
}
