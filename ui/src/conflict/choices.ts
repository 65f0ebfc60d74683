// The conflict dialog's logic, apart from its looks: which side each
// clashing field takes, the base the save is sent again with, and how a
// value is written in the table. The merge itself is Rust's
// (crates/tierdesk-domain/src/merge.rs): the dialog only says, for the
// fields both people changed, whose value to keep.
import type { ApiError, EditBase, EditConflict, FieldName } from "../ipc/api";
import type { Messages } from "../i18n/zh";

export type Side = "mine" | "theirs";
export type Choices = Record<string, Side>;

/** Every clashing field starts as mine: the person was saving it. */
export function initialChoices(c: EditConflict): Choices {
  return Object.fromEntries(c.fields.map((f) => [f.key, "mine" as Side]));
}

/** The clashing fields where the person chose theirs, in the conflict's order. */
export function theirsKeys(c: EditConflict, choices: Choices): string[] {
  return c.fields.filter((f) => choices[f.key] === "theirs").map((f) => f.key);
}

/**
 * The base to save with again: the one the form opened with, plus the
 * choices, valid only for the version the dialog showed (a row changed again
 * since is refused again, with the dialog anew).
 */
export function resolvedBase<T>(base: EditBase<T>, c: EditConflict, choices: Choices): EditBase<T> {
  return { ...base, resolved: { version: c.version, theirs: theirsKeys(c, choices) } };
}

/** Whether an error is a save refused with a conflict to show. */
export function conflictOf(e: ApiError): EditConflict | null {
  return e.code === "edit_conflict" && e.conflict ? e.conflict : null;
}

/**
 * A value as the table shows it: no value as `empty`, lists joined by 、,
 * numbers with thousands separators (up to two decimals), anything else as
 * text.
 */
export function valueText(v: unknown, empty: string): string {
  if (v == null || v === "" || (Array.isArray(v) && v.length === 0)) return empty;
  if (Array.isArray(v)) return v.map((x) => valueText(x, empty)).join("、");
  if (typeof v === "number") return v.toLocaleString("en-US", { maximumFractionDigits: 2 });
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

/** The UI's own word for a field the forms show (Rust's Chinese label otherwise). */
const LABELS: Record<EditConflict["kind"], Record<string, keyof Messages>> = {
  customer: {
    name: "name",
    code: "code",
    phone: "phone",
    manager: "manager",
    spend: "spend",
    frequency: "frequency",
    tenure_years: "tenureYears",
    influence: "influence",
    tier: "tier",
    last_rated_on: "lastRatedOn",
    next_rating_on: "nextRatingOn",
    gender: "gender",
    birth_date: "birthDate",
    email: "email",
    address: "address",
    preferred_category: "preferredCategory",
    registered_on: "registeredOn",
    last_contact_on: "lastContactOn",
    tags: "tags",
    notes: "notes",
  },
  followup: {
    channel: "followupChannel",
    at: "followupAt",
    who: "followupWho",
    contact_name: "followupContact",
    subject: "followupSubject",
    content: "followupContent",
    outcome: "followupOutcome",
    next_step: "followupNextStep",
    next_contact_on: "nextContactOn",
  },
  case: { status: "caseStatus", resolution: "caseResolution", satisfaction: "caseSatisfaction" },
  scheme: {},
};

/** A field's name in the shown language: the form's label when it has one. */
export function fieldLabel(
  t: (k: keyof Messages) => string,
  kind: EditConflict["kind"],
  f: { key: string; label: string },
): string {
  const own = LABELS[kind][f.key];
  return own ? t(own) : f.label;
}

/** The labels of the other person's changes a merged save kept, joined. */
export function keptLabels(
  t: (k: keyof Messages) => string,
  kind: EditConflict["kind"],
  kept: FieldName[],
  join: string,
): string {
  return kept.map((f) => fieldLabel(t, kind, f)).join(join);
}
