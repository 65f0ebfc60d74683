import { describe, expect, it } from "vitest";
import { monthSeries, shiftMonth } from "./months";

const m = (month: string, spend: number) => ({ month, orders: spend > 0 ? 1 : 0, spend, returned: 0 });

describe("shiftMonth", () => {
  it("crosses years both ways", () => {
    expect(shiftMonth("2024-01", -1)).toBe("2023-12");
    expect(shiftMonth("2023-12", 1)).toBe("2024-01");
    expect(shiftMonth("2024-05", -24)).toBe("2022-05");
    expect(shiftMonth("2024-05", 0)).toBe("2024-05");
  });
});

describe("monthSeries", () => {
  it("fills the months without lines with zeros, from the first month", () => {
    const got = monthSeries([m("2024-01", 10), m("2024-04", 40)]);
    expect(got.map((x) => [x.month, x.spend])).toEqual([
      ["2024-01", 10],
      ["2024-02", 0],
      ["2024-03", 0],
      ["2024-04", 40],
    ]);
  });
  it("keeps only the last `count` months of a long history", () => {
    const got = monthSeries([m("2020-01", 1), m("2023-06", 5), m("2024-04", 40)], 12);
    expect(got.length).toBe(12);
    expect(got[0].month).toBe("2023-05");
    expect(got[1]).toEqual(m("2023-06", 5));
    expect(got[11]).toEqual(m("2024-04", 40));
  });
  it("is empty without months", () => {
    expect(monthSeries([])).toEqual([]);
  });
});
