// Small renderers of program words for places that have no `t` at hand
// (column render functions): the word comes from the catalogue.
import type { Gender } from "../ipc/api";
import { useI18n, type T } from "./index";
import type { Messages } from "./zh";

/** 男 / 女 (Male / Female) for a customer's gender; nothing when unknown. */
export function GenderText({ gender }: { gender: Gender | null }) {
  const { t } = useI18n();
  if (gender === "male") return <>{t("male")}</>;
  if (gender === "female") return <>{t("female")}</>;
  return null;
}

/** A tier named as a group of customers: 金牌客户 (a name already ending in 客户 kept), "Gold customers". */
export function tierCustomers(tier: string, t: T): string {
  const word = t("tierCustomers", { tier: "" }).trim();
  return word !== "" && tier.endsWith(word) ? tier : t("tierCustomers", { tier });
}

const QUARTER_KEYS = ["periodQ1", "periodQ2", "periodQ3", "periodQ4"] as const;

/**
 * A period key (2024, 2024H1, 2024Q3, 2024-03) in words in the UI's language:
 * 2024年第三季度 / Q3 2024. Anything else is shown as written (`fallback`, or
 * the key itself).
 */
export function periodText(key: string, t: T, fallback?: string): string {
  const k = key.trim();
  let m = /^(\d{4})$/.exec(k);
  if (m) return t("periodYear", { y: m[1] });
  m = /^(\d{4})H([12])$/.exec(k);
  if (m) return t(m[2] === "1" ? "periodH1" : "periodH2", { y: m[1] });
  m = /^(\d{4})Q([1-4])$/.exec(k);
  if (m) return t(QUARTER_KEYS[Number(m[2]) - 1], { y: m[1] });
  m = /^(\d{4})-(\d{2})$/.exec(k);
  if (m) return t("periodMonth", { y: m[1], m: String(Number(m[2])) });
  return fallback ?? key;
}

const TIMELINE_KEYS: Record<string, keyof Messages> = {
  purchase: "timelinePurchase",
  tier: "timelineTier",
  followup: "timelineFollowup",
  case: "timelineCase",
  survey: "timelineSurvey",
  benefit: "timelineBenefit",
  import: "timelineImport",
  edit: "timelineEdit",
  todo: "timelineTodo",
};

/** A timeline kind (Rust's TIMELINE_KINDS) in the UI's language; an unknown kind as `fallback`. */
export function timelineKindText(kind: string, t: T, fallback?: string): string {
  const key = TIMELINE_KEYS[kind];
  return key ? t(key) : (fallback ?? kind);
}
