// The purchase chart's months: the last `count` calendar months up to the
// newest month with purchases, every month present (a month without lines
// is a zero bar, so gaps show as gaps).
import type { MonthTotal } from "../ipc/api";

/** `YYYY-MM` of the month `offset` months after `month`. */
export function shiftMonth(month: string, offset: number): string {
  const [y, m] = month.split("-").map(Number);
  const index = y * 12 + (m - 1) + offset;
  const year = Math.floor(index / 12);
  return `${year}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** The series for the chart, oldest first: from the first month with lines
 *  (or `count - 1` months before the last, whichever is later) to the last. */
export function monthSeries(months: MonthTotal[], count = 24): MonthTotal[] {
  if (months.length === 0) return [];
  const last = months[months.length - 1].month;
  const earliest = shiftMonth(last, -(count - 1));
  const first = months[0].month > earliest ? months[0].month : earliest;
  const byMonth = new Map(months.map((m) => [m.month, m]));
  const out: MonthTotal[] = [];
  for (let month = first; month <= last; month = shiftMonth(month, 1)) {
    out.push(byMonth.get(month) ?? { month, orders: 0, spend: 0, returned: 0 });
  }
  return out;
}
