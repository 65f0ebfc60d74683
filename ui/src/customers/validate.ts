// Quick checks shown while typing. The Rust side validates again and is the
// authority; these only save a round trip for the common mistakes.
import type { ApiError } from "../ipc/api";

// The forms the Rust side accepts (crates/tierdesk-domain/src/text.rs,
// normalize_phone): mainland mobiles, landlines with an area code, 7–8 digit
// local numbers, 400/800 numbers, +852/+853/+886 and other +country numbers,
// each with an optional extension (转, 分机, ext., x). Separators are dropped
// first, as there.
const EXTENSION = /(?:转|分机|ext\.?|x|#)\d{1,6}$/i;
const MOBILE = /^1[3-9]\d{9}$/;
const WITH_AREA = /^0[1-9]\d{8,10}$/;
const LOCAL = /^[1-9]\d{6,7}$/;
const SERVICE = /^[48]00\d{7}$/;
const ABROAD = /^\+(?:85[23]\d{8}|886\d{8,9}|[1-9]\d{6,14})$/;

export function isPhone(value: string): boolean {
  let v = value
    .trim()
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/＋/g, "+")
    // An extension written with a dash after a whole landline: 010-12345678-123.
    .replace(/^([(（]?0\d{2,3}[)）]?[\s-]?\d{7,8})-\d{1,6}$/, "$1")
    .replace(/[\s\-()（）.]/g, "");
  v = v.replace(EXTENSION, "");
  const mainland = v.replace(/^(?:\+86|0086|86(?=1[3-9]\d{9}$))/, "");
  if (mainland !== v) {
    return MOBILE.test(mainland) || WITH_AREA.test(mainland) || WITH_AREA.test(`0${mainland}`);
  }
  return MOBILE.test(v) || WITH_AREA.test(v) || LOCAL.test(v) || SERVICE.test(v) || ABROAD.test(v);
}

export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(value.trim());
}

/**
 * Maps the problems of a failed save onto form fields (antd `setFields` input).
 * `own` gives the form's own words for a field (the catalogue's, in the UI's
 * language) in place of the server's Chinese sentence.
 */
export function problemsToFields(
  err: ApiError,
  own: Record<string, string> = {},
): { name: string | string[]; errors: string[] }[] {
  const byField = new Map<string, string[]>();
  for (const p of err.problems) {
    const list = byField.get(p.field) ?? [];
    const text = own[p.field] ?? p.message;
    if (!list.includes(text)) list.push(text);
    byField.set(p.field, list);
  }
  return [...byField.entries()].map(([field, errors]) => ({
    name: BUILT_IN.has(field) ? field : ["fields", field],
    errors,
  }));
}

const BUILT_IN = new Set([
  "code", "name", "phone", "spend", "frequency", "tenure_years", "influence", "tier",
  "last_rated_on", "next_rating_on", "gender", "birth_date", "email", "address",
  "registered_on", "last_contact_on", "preferred_category", "notes", "manager", "tags",
  // Not a customer field: the reason asked for when a tier is changed by hand.
  "tier_reason",
]);
