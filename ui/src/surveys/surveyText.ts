// Pure helpers of the 满意度 page and tab: how figures, periods, tiers and
// channels are written. Tested in surveys.test.ts.
import type { PeriodKind, SurveyChannel, SurveyFigures, SurveyRow, TierLabel } from "../ipc/api";

export const CHANNELS: SurveyChannel[] = ["phone", "wechat", "sms", "email", "online", "visit", "other"];

/** A figure such as NPS or CSAT: one decimal, "—" when there is none. */
export function figure(v: number | null, unit = ""): string {
  if (v == null || !Number.isFinite(v)) return "—";
  const text = Number.isInteger(v) ? String(v) : v.toFixed(1).replace(/\.0$/, "");
  return `${text}${unit}`;
}

/** NPS with its sign (+40, −20, 0). */
export function nps(v: number | null): string {
  if (v == null || !Number.isFinite(v)) return "—";
  const text = figure(Math.abs(v));
  return v > 0 ? `+${text}` : v < 0 ? `−${text}` : "0";
}

/** The key of the period holding `day` for the picker's default. */
export function periodOf(day: Date, kind: PeriodKind): string {
  const y = day.getFullYear();
  const m = day.getMonth() + 1;
  if (kind === "year") return String(y);
  if (kind === "quarter") return `${y}Q${Math.floor((m - 1) / 3) + 1}`;
  return `${y}-${String(m).padStart(2, "0")}`;
}

/** The periods a picker offers: the last `count` of a kind, newest first. */
export function recentPeriods(today: Date, kind: PeriodKind, count: number): string[] {
  const out: string[] = [];
  const d = new Date(today.getFullYear(), today.getMonth(), 1);
  while (out.length < count) {
    const key = periodOf(d, kind);
    if (!out.includes(key)) out.push(key);
    if (kind === "year") d.setFullYear(d.getFullYear() - 1);
    else if (kind === "quarter") d.setMonth(d.getMonth() - 3);
    else d.setMonth(d.getMonth() - 1);
  }
  return out;
}

/** How a row's tier is named: the scheme's name, 未评级 for "", 全部 for every tier. */
export function tierName(row: SurveyRow, tiers: TierLabel[], all: string, unrated: string): string {
  if (row.tier == null) return all;
  if (row.tier === "") return unrated;
  return tiers.find((t) => t.key === row.tier)?.name ?? row.tier;
}

/** Whether a figure rests on too few answers to be read on its own. */
export function lowCount(f: SurveyFigures): boolean {
  return f.low_count;
}

/** The average scores per question as one short text: 服务态度 4.5 · 价格 3. */
export function scoreText(f: SurveyFigures): string {
  return f.scores.map((s) => `${s.question} ${figure(s.average)}`).join(" · ");
}
