// The scheme's points settings as the editor reads and writes them in the
// TOML draft: the `[points]` table (on/off, ¥ per point, value per point,
// expiry) and each tier's `[tiers.points]` multiplier. A box left empty is
// left out of the file, so Rust's default applies (¥10 a point, ¥0.01 a
// point, year-end of the next year, multipliers by place).

export type ExpiryKind = "year_end" | "months" | "never";
export type PointsNumber = "yuan_per_point" | "value_per_point";
type Table = Record<string, unknown>;

/** Limits as Rust checks them. */
export const POINTS_LIMITS = {
  yuan_per_point: { min: 0.01, max: 1_000_000 },
  value_per_point: { min: 0, max: 1_000_000 },
  multiplier: { min: 0, max: 100 },
  years: { min: 0, max: 50 },
  months: { min: 1, max: 600 },
} as const;

const asTable = (v: unknown): Table => (v && typeof v === "object" && !Array.isArray(v) ? { ...(v as Table) } : {});
const orUndefined = (t: Table): Table | undefined => (Object.keys(t).length ? t : undefined);

/** Whether the scheme earns points (off unless `enabled = true`). */
export function pointsOn(table: unknown): boolean {
  return asTable(table).enabled === true;
}

/** A number of the `[points]` table, or null when left to the default. */
export function pointsNumber(table: unknown, key: PointsNumber): number | null {
  const v = asTable(table)[key];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** The `[points]` table with `enabled` set or one number changed (null: back to the default). */
export function withPoints(table: unknown, key: "enabled" | PointsNumber, v: boolean | number | null): Table | undefined {
  const next = asTable(table);
  if (v === null || v === false || (typeof v === "number" && !Number.isFinite(v))) delete next[key];
  else next[key] = v;
  return orUndefined(next);
}

/** The expiry rule: its kind and its count (years for year_end, months for months). */
export function expiryOf(table: unknown): { kind: ExpiryKind; n: number | null } {
  const e = asTable(asTable(table).expiry);
  if (e.kind === "never") return { kind: "never", n: null };
  if (e.kind === "months") return { kind: "months", n: typeof e.months === "number" ? e.months : null };
  return { kind: "year_end", n: typeof e.years === "number" ? e.years : null };
}

/** The `[points]` table with another expiry rule (a count left empty takes Rust's default). */
export function withExpiry(table: unknown, kind: ExpiryKind, n: number | null): Table | undefined {
  const next = asTable(table);
  const count = n == null || !Number.isFinite(n) ? undefined : Math.round(n);
  if (kind === "never") next.expiry = { kind };
  else if (kind === "months") next.expiry = count === undefined ? { kind } : { kind, months: count };
  else if (count === undefined) delete next.expiry;
  else next.expiry = { kind, years: count };
  return orUndefined(next);
}

/** A tier's multiplier, or null when left to its place's default. */
export function multiplierOf(tierPoints: unknown): number | null {
  const v = asTable(tierPoints).multiplier;
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** A tier's `points` table with the multiplier changed (null: back to the default). */
export function withMultiplier(tierPoints: unknown, v: number | null): Table | undefined {
  const next = asTable(tierPoints);
  if (v == null || !Number.isFinite(v)) delete next.multiplier;
  else next.multiplier = v;
  return orUndefined(next);
}
