// Quick checks shown while typing. The Rust side validates again and is the
// authority; these only save a round trip for the common mistakes.
import type { ApiError } from "../ipc/api";

const MOBILE = /^(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}$/;
const LANDLINE = /^\(?0\d{2,3}\)?[- ]?\d{7,8}(?:[-转]\d{1,6})?$/;

export function isPhone(value: string): boolean {
  const v = value.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return MOBILE.test(v) || LANDLINE.test(v);
}

export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(value.trim());
}

/** Maps the problems of a failed save onto form fields (antd `setFields` input). */
export function problemsToFields(err: ApiError): { name: string | string[]; errors: string[] }[] {
  const byField = new Map<string, string[]>();
  for (const p of err.problems) {
    const list = byField.get(p.field) ?? [];
    list.push(p.message);
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
]);
