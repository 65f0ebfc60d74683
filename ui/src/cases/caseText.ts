// Words for a complaint's fixed choices and for how late it is, from the
// i18n keys (`caseStatus_new`, …), so zh and en stay in step with Rust's keys.
import type { Case, CaseChannel, CaseSeverity, CaseStatus, CaseType } from "../ipc/api";
import type { T } from "../i18n";
import type { Messages } from "../i18n/zh";

export const CHANNELS: CaseChannel[] = ["phone", "wechat", "email", "visit", "web", "other"];
export const KINDS: CaseType[] = ["quality", "service", "logistics", "price", "suggestion", "praise", "other"];
export const SEVERITIES: CaseSeverity[] = ["normal", "major", "critical"];
export const STATUSES: CaseStatus[] = ["new", "in_progress", "awaiting_customer", "closed", "rejected"];

export const channelText = (t: T, c: CaseChannel) => t(`caseChannel_${c}`);
export const kindText = (t: T, k: CaseType) => t(`caseKind_${k}`);
export const severityText = (t: T, s: CaseSeverity) => t(`caseSeverity_${s}`);
export const statusText = (t: T, s: CaseStatus) => t(`caseStatus_${s}`);

const ACTIONS: Record<CaseStatus, keyof Messages> = {
  new: "caseStatus_new",
  in_progress: "caseAction_in_progress",
  awaiting_customer: "caseAction_awaiting_customer",
  closed: "caseAction_closed",
  rejected: "caseAction_rejected",
};

/** The button that takes a case from `from` to `to`: 退回处理中 from 待客户确认. */
export function actionText(t: T, from: CaseStatus, to: CaseStatus): string {
  return from === "awaiting_customer" && to === "in_progress" ? t("caseAction_reopen") : t(ACTIONS[to]);
}

/** 45 分钟, 3 小时, 2 天 3 小时: how long past a deadline. */
export function lateWords(t: T, minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${t("caseDays", { n: days })} ${t("caseHours", { n: hours })}` : t("caseDays", { n: days });
  if (hours > 0) return mins > 0 ? `${t("caseHours", { n: hours })} ${t("caseMinutes", { n: mins })}` : t("caseHours", { n: hours });
  return t("caseMinutes", { n: mins });
}

/** Why a case is late (the resolution before the response), or null. */
export function lateText(t: T, c: Case): string | null {
  if (c.resolve_overdue_minutes != null) return t("caseOverdueResolve", { time: lateWords(t, c.resolve_overdue_minutes) });
  if (c.response_overdue_minutes != null) return t("caseOverdueResponse", { time: lateWords(t, c.response_overdue_minutes) });
  return null;
}

/** The deadline that matters now: the response until there is one, then the resolution. */
export function nextDeadline(c: Case): string | null {
  if (c.status === "closed" || c.status === "rejected") return null;
  return c.first_response_at == null ? c.respond_by : c.resolve_by;
}

export const statusColor: Record<CaseStatus, string> = {
  new: "blue",
  in_progress: "gold",
  awaiting_customer: "purple",
  closed: "green",
  rejected: "default",
};
