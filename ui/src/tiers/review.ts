// The review between preview and approval: which customers the table
// shows, and the tiers a person chose for them. Pure, so it is tested
// without the app.
import type { Customer, MoveLine, Override } from "../ipc/api";

/** One customer in the review table. */
export type ReviewRow = {
  customer_id: number;
  code: string | null;
  name: string;
  from: string | null;
  /** The tier the evaluation proposes. */
  proposed: string;
  reason: string | null;
  standing_until: string | null;
};

/** A tier chosen at review, by customer id. */
export type Choices = Record<number, Override>;

function fromMove(m: MoveLine): ReviewRow {
  return {
    customer_id: m.customer_id,
    code: m.code,
    name: m.name,
    from: m.from,
    proposed: m.to,
    reason: m.reason,
    standing_until: m.standing_until,
  };
}

/**
 * The rows to review: by default the customers who would move and those
 * whose tier comes from an earlier choice that still holds; with a search,
 * the customers found (a customer not moving keeps the tier they hold).
 * Customers already chosen for stay in the table either way.
 */
export function reviewRows(
  moves: MoveLine[],
  standing: MoveLine[],
  found: Customer[] | null,
  choices: Choices,
  chosenRows: Record<number, ReviewRow>,
): ReviewRow[] {
  const known = new Map<number, ReviewRow>();
  for (const m of [...moves, ...standing]) known.set(m.customer_id, fromMove(m));
  const rows: ReviewRow[] = [];
  const seen = new Set<number>();
  const push = (r: ReviewRow) => {
    if (!seen.has(r.customer_id)) {
      seen.add(r.customer_id);
      rows.push(r);
    }
  };
  if (found) {
    for (const c of found) {
      push(
        known.get(c.id) ?? {
          customer_id: c.id,
          code: c.code,
          name: c.name,
          from: c.tier,
          proposed: c.tier ?? "",
          reason: null,
          standing_until: null,
        },
      );
    }
  } else {
    for (const r of known.values()) push(r);
  }
  for (const id of Object.keys(choices).map(Number)) {
    const r = known.get(id) ?? chosenRows[id];
    if (r) push(r);
  }
  return rows;
}

/** What is wrong with a choice before it is kept, as i18n keys. */
export function choiceProblems(c: { tier: string | null; reason: string }): ("overrideTierRequired" | "overrideReasonRequired")[] {
  const out: ("overrideTierRequired" | "overrideReasonRequired")[] = [];
  if (!c.tier) out.push("overrideTierRequired");
  if (!c.reason.trim()) out.push("overrideReasonRequired");
  return out;
}

/** The choices as the approval sends them, reasons trimmed. */
export function toOverrides(choices: Choices): Override[] {
  return Object.values(choices)
    .map((c) => ({ ...c, reason: c.reason.trim() }))
    .sort((a, b) => a.customer_id - b.customer_id);
}
