import { describe, expect, it } from "vitest";
import type { SurveyFigures, SurveyRow, TierLabel } from "../ipc/api";
import { figure, nps, periodOf, recentPeriods, scoreText, tierName } from "./surveyText";

const figures = (over: Partial<SurveyFigures> = {}): SurveyFigures => ({
  responses: 0, nps_answers: 0, promoters: 0, passives: 0, detractors: 0, nps: null, nps_avg: null,
  csat_answers: 0, csat: null, csat_avg: null, scores: [], low_count: true, ...over,
});

describe("survey figures as text", () => {
  it("writes NPS with its sign and missing figures as a dash", () => {
    const cases: [number | null, string][] = [[null, "—"], [0, "0"], [40, "+40"], [-33.3, "−33.3"], [100, "+100"]];
    for (const [v, want] of cases) expect(nps(v)).toBe(want);
    expect(figure(66.7, "%")).toBe("66.7%");
    expect(figure(50, "%")).toBe("50%");
    expect(figure(Number.NaN)).toBe("—");
  });

  it("names periods as the Rust grammar writes them", () => {
    const d = new Date(2026, 10, 30);
    expect(periodOf(d, "month")).toBe("2026-11");
    expect(periodOf(d, "quarter")).toBe("2026Q4");
    expect(periodOf(d, "year")).toBe("2026");
    expect(periodOf(new Date(2026, 2, 31), "quarter")).toBe("2026Q1");
    expect(recentPeriods(d, "quarter", 3)).toEqual(["2026Q4", "2026Q3", "2026Q2"]);
    expect(recentPeriods(new Date(2026, 0, 15), "month", 2)).toEqual(["2026-01", "2025-12"]);
  });

  it("names a row's tier and lists question averages", () => {
    const tiers: TierLabel[] = [{ key: "gold", name: "金牌", color: "#d4a017", stars: 3 }];
    const row = (tier: string | null): SurveyRow => ({ period: "", tier, figures: figures() });
    expect(tierName(row("gold"), tiers, "全部", "未评级")).toBe("金牌");
    expect(tierName(row(""), tiers, "全部", "未评级")).toBe("未评级");
    expect(tierName(row(null), tiers, "全部", "未评级")).toBe("全部");
    expect(tierName(row("gone"), tiers, "全部", "未评级")).toBe("gone");
    const f = figures({ scores: [{ question: "服务", answers: 2, average: 4.5 }, { question: "价格", answers: 1, average: 3 }] });
    expect(scoreText(f)).toBe("服务 4.5 · 价格 3");
  });
});
