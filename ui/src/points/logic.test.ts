import { describe, expect, it } from "vitest";
import type { CatalogueItem, PointsEntry } from "../ipc/api";
import { newestFirst, redeemable, redemption, signed, undoable, wholePoints } from "./logic";

function entry(id: number, kind: PointsEntry["kind"], points: number, reverses_id: number | null = null): PointsEntry {
  return {
    id, customer_id: 1, at: "", on_day: "2026-01-01", kind, points, balance_after: 0, source: "person",
    order_no: null, import_id: null, item_id: null, qty: null, reason: "", who: "", expires_on: null, reverses_id,
  };
}

function item(id: number, active: boolean, stock: number | null, price = 100): CatalogueItem {
  return { id, name: `礼品${id}`, kind: "gift", price, stock, active };
}

describe("points logic", () => {
  it("undoes only redemptions and adjustments not yet reversed", () => {
    const rows = [
      entry(1, "earn", 500),
      entry(2, "adjust", 100),
      entry(3, "redeem", -300),
      entry(4, "reverse", 300, 3),
      entry(5, "redeem", -100),
      entry(6, "expire", -50),
      entry(7, "opening", 80),
    ];
    expect([...undoable(rows)].sort()).toEqual([2, 5]);
  });

  it("shows the ledger newest first without changing the input", () => {
    const rows = [entry(1, "earn", 1), entry(3, "earn", 1), entry(2, "earn", 1)];
    expect(newestFirst(rows).map((e) => e.id)).toEqual([3, 2, 1]);
    expect(rows.map((e) => e.id)).toEqual([1, 3, 2]);
  });

  it("signs points with thousands separators", () => {
    expect([signed(1000), signed(-5130), signed(0), signed(7)]).toEqual(["+1,000", "-5,130", "0", "+7"]);
  });

  it("offers active items in stock and prices a redemption", () => {
    const items = [item(1, true, null), item(2, false, 5), item(3, true, 0), item(4, true, 2)];
    expect(redeemable(items).map((i) => i.id)).toEqual([1, 4]);
    expect(redemption(item(4, true, 2, 150), 2, 300)).toEqual({ cost: 300, enough: true, inStock: true });
    expect(redemption(item(4, true, 2, 150), 3, 1000)).toEqual({ cost: 450, enough: true, inStock: false });
    expect(redemption(item(1, true, null, 150), 3, 449)).toEqual({ cost: 450, enough: false, inStock: true });
  });

  it("reads whole points typed in a form", () => {
    expect([wholePoints(5), wholePoints("-1,200"), wholePoints("0"), wholePoints("0", true)]).toEqual([5, -1200, 0, null]);
    expect([wholePoints(1.5), wholePoints("abc"), wholePoints(""), wholePoints(null)]).toEqual([null, null, null, null]);
  });
});
