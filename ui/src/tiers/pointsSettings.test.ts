import { describe, expect, it } from "vitest";
import { expiryOf, multiplierOf, pointsNumber, pointsOn, withExpiry, withMultiplier, withPoints } from "./pointsSettings";

describe("points settings in the draft", () => {
  it("turns points on and off, leaving no empty table", () => {
    expect(pointsOn(undefined)).toBe(false);
    const on = withPoints(undefined, "enabled", true);
    expect(on).toEqual({ enabled: true });
    expect(pointsOn(on)).toBe(true);
    expect(withPoints(on, "enabled", false)).toBeUndefined();
    expect(pointsOn({ enabled: "yes" })).toBe(false);
  });

  it("sets numbers and drops them back to the default", () => {
    const t = withPoints({ enabled: true }, "yuan_per_point", 20);
    expect(t).toEqual({ enabled: true, yuan_per_point: 20 });
    expect(pointsNumber(t, "yuan_per_point")).toBe(20);
    expect(pointsNumber(t, "value_per_point")).toBeNull();
    expect(withPoints(t, "yuan_per_point", null)).toEqual({ enabled: true });
    expect(withPoints(t, "value_per_point", Number.NaN)).toEqual({ enabled: true, yuan_per_point: 20 });
  });

  it("reads and writes the expiry rule", () => {
    expect(expiryOf(undefined)).toEqual({ kind: "year_end", n: null });
    const m = withExpiry({ enabled: true }, "months", 24.4);
    expect(m).toEqual({ enabled: true, expiry: { kind: "months", months: 24 } });
    expect(expiryOf(m)).toEqual({ kind: "months", n: 24 });
    const never = withExpiry(m, "never", 5);
    expect(never).toEqual({ enabled: true, expiry: { kind: "never" } });
    expect(expiryOf(never)).toEqual({ kind: "never", n: null });
    expect(withExpiry(never, "year_end", 2)).toEqual({ enabled: true, expiry: { kind: "year_end", years: 2 } });
    expect(withExpiry({ expiry: { kind: "months", months: 3 } }, "year_end", null)).toBeUndefined();
  });

  it("sets a tier's multiplier and keeps its other settings", () => {
    expect(withMultiplier(undefined, 1.5)).toEqual({ multiplier: 1.5 });
    expect(withMultiplier({ multiplier: 2, reach_bonus: 500 }, null)).toEqual({ reach_bonus: 500 });
    expect(withMultiplier({ multiplier: 2 }, null)).toBeUndefined();
    expect([multiplierOf({ multiplier: 3 }), multiplierOf({}), multiplierOf({ multiplier: "x" })]).toEqual([3, null, null]);
  });
});
