// Small renderers of program words for places that have no `t` at hand
// (column render functions): the word comes from the catalogue.
import type { Gender } from "../ipc/api";
import { useI18n, type T } from "./index";

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
