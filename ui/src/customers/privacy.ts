// Pure rules of the drawer's privacy actions (tested in privacy.test.ts).
import type { Messages } from "../i18n/zh";

/** The purposes offered for 显示完整 (the API accepts any short text). */
export const PURPOSES = ["客户来电核实", "寄送礼品", "编辑资料", "回访联系"] as const;

/** How each purpose is shown (the value sent and logged stays Rust's Chinese word). */
export const PURPOSE_KEYS: Record<(typeof PURPOSES)[number], keyof Messages> = {
  客户来电核实: "purposeCall",
  寄送礼品: "purposeGift",
  编辑资料: "purposeEdit",
  回访联系: "purposeVisit",
};

/** Whether what the person typed confirms erasing `name`: the name itself, or 确认. */
export function eraseConfirmed(typed: string, name: string): boolean {
  const v = typed.trim();
  return v !== "" && (v === name.trim() || v === "确认");
}

/** Whether a form value is the masked value the form was shown, untouched (138****5678):
 * saving keeps the stored value, so the form's own checks let it pass. */
export function untouchedMask(value: string, shown: string | null | undefined): boolean {
  return !!shown && shown.includes("*") && value.trim() === shown;
}
