// The scheme's churn warning settings as the editor reads and writes them in
// the TOML draft: each tier's `churn` table (k, usual interval, spend fall,
// P(alive) threshold) and the scheme's `[churn]` switches. An empty box or a
// switch left at its default is left out of the file, so the tier keeps the
// default for its place (Rust's `TierChurn::default_for`).
import type { TierChurn } from "../ipc/api";

export type ChurnField = "rhythm_factor" | "usual_interval_days" | "decline_percent" | "p_alive_below";

export type ChurnLabel = "churnRhythmFactor" | "churnUsualDays" | "churnDeclinePercent" | "churnPAliveBelow";

/** The four per-tier boxes, in the order shown; limits as Rust checks them. */
export const CHURN_FIELDS: { field: ChurnField; label: ChurnLabel; min: number; max: number; step: number }[] = [
  { field: "rhythm_factor", label: "churnRhythmFactor", min: 1, max: 20, step: 0.1 },
  { field: "usual_interval_days", label: "churnUsualDays", min: 1, max: 3650, step: 1 },
  { field: "decline_percent", label: "churnDeclinePercent", min: 1, max: 100, step: 1 },
  // Shown in percent, stored as a fraction (60 ↔ 0.6).
  { field: "p_alive_below", label: "churnPAliveBelow", min: 1, max: 99, step: 1 },
];

/** The value a box shows for a stored one (P(alive) in percent, one decimal). */
export function shownValue(field: ChurnField, stored: unknown): number | null {
  if (typeof stored !== "number" || Number.isNaN(stored)) return null;
  return field === "p_alive_below" ? Math.round(stored * 1000) / 10 : stored;
}

/** The stored value for what a box shows (`undefined` for an empty box). */
export function storedValue(field: ChurnField, shown: number | null | undefined): number | undefined {
  if (shown === null || shown === undefined || Number.isNaN(shown)) return undefined;
  if (field === "p_alive_below") return Math.round(shown * 10) / 1000;
  if (field === "usual_interval_days") return Math.round(shown);
  return shown;
}

/** The default a tier's empty box shows, in the box's own unit. */
export function defaultShown(d: TierChurn | undefined, field: ChurnField): number | null {
  return d ? shownValue(field, d[field]) : null;
}

/** A tier's `churn` table with one box changed; `undefined` when nothing is left set. */
export function withChurnField(current: unknown, field: ChurnField, shown: number | null): Record<string, number> | undefined {
  const next: Record<string, number> = {};
  for (const [k, v] of Object.entries((current ?? {}) as Record<string, unknown>)) {
    if (typeof v === "number") next[k] = v;
  }
  const v = storedValue(field, shown);
  if (v === undefined) delete next[field];
  else next[field] = v;
  return Object.keys(next).length ? next : undefined;
}

export type ChurnRuleKey = "rhythm" | "model" | "decline" | "service";

export const CHURN_RULES: { key: ChurnRuleKey; label: "churnRuleRhythm" | "churnRuleModel" | "churnRuleDecline" | "churnRuleService" }[] = [
  { key: "rhythm", label: "churnRuleRhythm" },
  { key: "model", label: "churnRuleModel" },
  { key: "decline", label: "churnRuleDecline" },
  { key: "service", label: "churnRuleService" },
];

/** The survey window when `[churn]` leaves it out (Rust's `DEFAULT_SURVEY_DAYS`). */
export const DEFAULT_SURVEY_DAYS = 90;

/** Whether a rule is on in a draft's `[churn]` table (on unless set to false). */
export function ruleOn(table: unknown, key: ChurnRuleKey): boolean {
  return ((table ?? {}) as Record<string, unknown>)[key] !== false;
}

/**
 * The `[churn]` table with a switch or the survey window changed. Defaults
 * (a rule on, 90 days, an empty box) are left out; `undefined` when the
 * table would be empty, so the file has no `[churn]` at all.
 */
export function withChurnRule(table: unknown, key: ChurnRuleKey | "survey_days", value: boolean | number | null): Record<string, boolean | number> | undefined {
  const next: Record<string, boolean | number> = {};
  for (const [k, v] of Object.entries((table ?? {}) as Record<string, unknown>)) {
    if (typeof v === "boolean" || typeof v === "number") next[k] = v;
  }
  const isDefault = key === "survey_days" ? value === null || value === DEFAULT_SURVEY_DAYS : value === true;
  if (isDefault) delete next[key];
  else next[key] = key === "survey_days" ? Math.round(value as number) : (value as boolean);
  return Object.keys(next).length ? next : undefined;
}
