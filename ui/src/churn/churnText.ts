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

/** 高/中/低 in the UI's language (the same words as Rust's labels in Chinese). */
export function levelText(t: T, level: AlertLevel): string {
  const keys: Record<AlertLevel, keyof Messages> = { high: "churnLevelHigh", medium: "churnLevelMedium", low: "churnLevelLow" };
  return t(keys[level]);
}

/** 新/已跟进/已挽回/已流失/忽略 in the UI's language. */
export function statusText(t: T, status: AlertStatus): string {
  const keys: Record<AlertStatus, keyof Messages> = {
    new: "churnStatusNew",
    followed: "churnStatusFollowed",
    recovered: "churnStatusRecovered",
    churned: "churnStatusChurned",
    ignored: "churnStatusIgnored",
  };
  return t(keys[status]);
}

/** The button that takes an alert to `to`. */
export function actionText(t: T, to: AlertStatus): string {
  switch (to) {
    case "followed": return t("churnActionFollowed");
    case "recovered": return t("churnActionRecovered");
    case "churned": return t("churnActionChurned");
    case "ignored": return t("churnActionIgnored");
    default: return statusText(t, to);
  }
}

/** Whether moving to `to` closes the alert (a note is then needed). */
export function closes(to: AlertStatus): boolean {
  return to === "recovered" || to === "churned" || to === "ignored";
}

/** Money and probabilities as the 分析 page writes them. */
export { pct, yuan } from "../analysis/analysisText";
