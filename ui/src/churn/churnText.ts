// The words and colours of churn alerts: levels, statuses, the next-step
// buttons; money and probabilities as the 分析 page writes them. Pure, tested
// in churnText.test.ts.
import type { AlertLevel, AlertStatus } from "../ipc/api";
import type { Messages } from "../i18n/zh";

type T = (key: keyof Messages, vars?: Record<string, string | number>) => string;

export const LEVELS: AlertLevel[] = ["high", "medium", "low"];
export const STATUSES: AlertStatus[] = ["new", "followed", "recovered", "churned", "ignored"];

export const levelColor: Record<AlertLevel, string> = { high: "red", medium: "orange", low: "gold" };
export const statusColor: Record<AlertStatus, string> = {
  new: "blue",
  followed: "processing",
  recovered: "green",
  churned: "default",
  ignored: "default",
};

/** 高/中/低 (the labels come from Rust with the choices; these are the same words). */
export function levelText(level: AlertLevel): string {
  return { high: "高", medium: "中", low: "低" }[level];
}

export function statusText(status: AlertStatus): string {
  return { new: "新", followed: "已跟进", recovered: "已挽回", churned: "已流失", ignored: "忽略" }[status];
}

/** The button that takes an alert to `to`. */
export function actionText(t: T, to: AlertStatus): string {
  switch (to) {
    case "followed": return t("churnActionFollowed");
    case "recovered": return t("churnActionRecovered");
    case "churned": return t("churnActionChurned");
    case "ignored": return t("churnActionIgnored");
    default: return statusText(to);
  }
}

/** Whether moving to `to` closes the alert (a note is then needed). */
export function closes(to: AlertStatus): boolean {
  return to === "recovered" || to === "churned" || to === "ignored";
}

/** Money and probabilities as the 分析 page writes them. */
export { pct, yuan } from "../analysis/analysisText";
