import { describe, expect, it } from "vitest";
import { defaultShown, ruleOn, shownValue, storedValue, withChurnField, withChurnRule } from "./churnSettings";

const top = { rhythm_factor: 1.5, usual_interval_days: 30, decline_percent: 30, p_alive_below: 0.6 };

describe("per-tier churn boxes", () => {
  it("shows P(alive) in percent and stores it as a fraction", () => {
    const cases: [Parameters<typeof storedValue>[0], number, number][] = [
      ["p_alive_below", 60, 0.6],
      ["p_alive_below", 33.3, 0.333],
      ["p_alive_below", 7, 0.07],
      ["rhythm_factor", 1.5, 1.5],
      ["decline_percent", 42.5, 42.5],
      ["usual_interval_days", 30, 30],
    ];
    for (const [field, shown, stored] of cases) {
      expect(storedValue(field, shown)).toBe(stored);
      expect(shownValue(field, stored)).toBe(shown);
    }
    expect(storedValue("usual_interval_days", 30.4)).toBe(30);
    expect(storedValue("rhythm_factor", null)).toBeUndefined();
    expect(shownValue("rhythm_factor", undefined)).toBeNull();
  });

  it("shows each tier's default in its own unit", () => {
    expect(defaultShown(top, "p_alive_below")).toBe(60);
    expect(defaultShown(top, "rhythm_factor")).toBe(1.5);
    expect(defaultShown(undefined, "rhythm_factor")).toBeNull();
  });

  it("keeps only the boxes filled and drops the table when all are empty", () => {
    const one = withChurnField(undefined, "rhythm_factor", 1.2);
    expect(one).toEqual({ rhythm_factor: 1.2 });
    const two = withChurnField(one, "p_alive_below", 70);
    expect(two).toEqual({ rhythm_factor: 1.2, p_alive_below: 0.7 });
    expect(withChurnField(two, "rhythm_factor", null)).toEqual({ p_alive_below: 0.7 });
    expect(withChurnField({ p_alive_below: 0.7 }, "p_alive_below", null)).toBeUndefined();
  });
});

describe("the scheme's [churn] switches", () => {
  it("reads a rule as on unless it is set to false", () => {
    expect(ruleOn(undefined, "model")).toBe(true);
    expect(ruleOn({ model: false }, "model")).toBe(false);
    expect(ruleOn({ model: false }, "rhythm")).toBe(true);
  });

  it("writes only what differs from the defaults", () => {
    const off = withChurnRule(undefined, "model", false);
    expect(off).toEqual({ model: false });
    const days = withChurnRule(off, "survey_days", 60);
    expect(days).toEqual({ model: false, survey_days: 60 });
    expect(withChurnRule(days, "survey_days", 90)).toEqual({ model: false });
    expect(withChurnRule(days, "survey_days", null)).toEqual({ model: false });
    expect(withChurnRule({ model: false }, "model", true)).toBeUndefined();
  });
});
