// Small rules of the benefits and calibration screens, kept apart from the
// components so they can be tested without a webview.
import type { BenefitStatus, Calibration } from "../ipc/api";

/** 不限 for an unlimited quota, else the number. */
export function quotaText(q: number | null, unlimited: string): string {
  return q == null ? unlimited : String(q);
}

/** Whether a use of the benefit would exceed its quota this period. */
export function quotaUsedUp(b: BenefitStatus): boolean {
  return b.remaining != null && b.remaining <= 0;
}

/** The share of the quota left, 0–100 (100 for unlimited), for a progress bar. */
export function remainingPercent(b: BenefitStatus): number {
  if (b.quota == null || b.remaining == null) return 100;
  if (b.quota === 0) return 0;
  return Math.round((b.remaining / b.quota) * 100);
}

/** Colour of an agreement percentage: green from 90 %, orange from 70 %, else red. */
export function agreementColor(pct: number): string {
  if (pct >= 90) return "#52c41a";
  if (pct >= 70) return "#faad14";
  return "#cf1322";
}

/** One row per old tier for the confusion-matrix table, with its total. */
export function matrixRows(c: Calibration): { key: string; name: string; cells: number[]; total: number }[] {
  return c.tiers.map((t, i) => {
    const cells = c.matrix[i] ?? [];
    return { key: t.key, name: t.name, cells, total: cells.reduce((a, b) => a + b, 0) };
  });
}

/** The name of a tier key, or the key itself when the list lacks it. */
export function tierName(c: { tiers: { key: string; name: string }[] }, key: string): string {
  return c.tiers.find((t) => t.key === key)?.name ?? key;
}
