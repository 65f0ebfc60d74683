import { describe, expect, it } from "vitest";
import type { Customer, MoveLine } from "../ipc/api";
import { choiceProblems, reviewRows, toOverrides, type ReviewRow } from "./review";

const move = (id: number, from: string | null, to: string, until: string | null = null): MoveLine => ({
  customer_id: id,
  code: `C${id}`,
  name: `客户${id}`,
  from,
  to,
  reason: null,
  standing_until: until,
});

const customer = (id: number, tier: string | null) => ({ id, code: `C${id}`, name: `客户${id}`, tier }) as unknown as Customer;

describe("review rows", () => {
  it("lists movers and standing choices by default", () => {
    const rows = reviewRows([move(1, "gold", "silver")], [move(2, "gold", "gold", "2025-06-30")], null, {}, {});
    expect(rows.map((r) => [r.customer_id, r.proposed, r.standing_until])).toEqual([
      [1, "silver", null],
      [2, "gold", "2025-06-30"],
    ]);
  });

  it("a customer found by search who does not move keeps their tier as the proposal", () => {
    const rows = reviewRows([move(1, "gold", "silver")], [], [customer(1, "gold"), customer(3, "bronze")], {}, {});
    expect(rows.map((r) => [r.customer_id, r.from, r.proposed])).toEqual([
      [1, "gold", "silver"],
      [3, "bronze", "bronze"],
    ]);
  });

  it("keeps chosen customers in the table whatever the search", () => {
    const chosen: ReviewRow = { customer_id: 3, code: "C3", name: "客户3", from: "bronze", proposed: "bronze", reason: null, standing_until: null };
    const rows = reviewRows([move(1, "gold", "silver")], [], null, { 3: { customer_id: 3, tier: "gold", reason: "x", expires_on: null } }, { 3: chosen });
    expect(rows.map((r) => r.customer_id)).toEqual([1, 3]);
  });
});

describe("choices", () => {
  const cases: [{ tier: string | null; reason: string }, string[]][] = [
    [{ tier: "gold", reason: "大客户" }, []],
    [{ tier: "gold", reason: "   " }, ["overrideReasonRequired"]],
    [{ tier: null, reason: "" }, ["overrideTierRequired", "overrideReasonRequired"]],
  ];
  it.each(cases)("choiceProblems(%o) = %o", (c, want) => expect(choiceProblems(c)).toEqual(want));

  it("sends reasons trimmed, by customer", () => {
    expect(
      toOverrides({
        5: { customer_id: 5, tier: "gold", reason: " 年底大单 ", expires_on: "2025-06-30" },
        2: { customer_id: 2, tier: "silver", reason: "试用", expires_on: null },
      }),
    ).toEqual([
      { customer_id: 2, tier: "silver", reason: "试用", expires_on: null },
      { customer_id: 5, tier: "gold", reason: "年底大单", expires_on: "2025-06-30" },
    ]);
  });
});
