import { describe, expect, it } from "vitest";
import type { RuleNode } from "../ipc/api";
import { emptyModel, modelToTree, newRow, parseAmount, showAmount, treeToModel, type Model } from "./ruleModel";
import { addTier, moveTier, removeTier, type TierResult } from "./tierOps";

const cmp = (key: string, op: "ge" | "lt" | "eq", value: number): RuleNode => ({
  kind: "compare", op, left: { kind: "figure", key }, right: { kind: "number", value },
});

describe("the rule builder's model", () => {
  it("turns rows and one level of groups into the tree and back", () => {
    // 消费金额 ≥ 30万 且 月均购买次数 ≥ 2
    const flat: RuleNode = { kind: "and", parts: [cmp("spend", "ge", 300000), cmp("orders_per_month", "ge", 2)] };
    // 消费金额 ≥ 30万 且 (订单数 ≥ 5 或 影响力评分 = 90)
    const grouped: RuleNode = {
      kind: "and",
      parts: [cmp("spend", "ge", 300000), { kind: "or", parts: [cmp("orders", "ge", 5), cmp("influence", "eq", 90)] }],
    };
    const cases: [RuleNode, Model][] = [
      [cmp("spend", "lt", 1), { join: "and", items: [{ kind: "row", figure: "spend", op: "lt", value: 1 }] }],
      [flat, { join: "and", items: [
        { kind: "row", figure: "spend", op: "ge", value: 300000 },
        { kind: "row", figure: "orders_per_month", op: "ge", value: 2 },
      ] }],
      [grouped, { join: "and", items: [
        { kind: "row", figure: "spend", op: "ge", value: 300000 },
        { kind: "group", join: "or", rows: [
          { kind: "row", figure: "orders", op: "ge", value: 5 },
          { kind: "row", figure: "influence", op: "eq", value: 90 },
        ] },
      ] }],
      [{ kind: "or", parts: [cmp("spend", "ge", 1), cmp("orders", "ge", 2)] }, { join: "or", items: [
        { kind: "row", figure: "spend", op: "ge", value: 1 },
        { kind: "row", figure: "orders", op: "ge", value: 2 },
      ] }],
    ];
    for (const [tree, model] of cases) {
      expect(treeToModel(tree)).toEqual(model);
      expect(modelToTree(model)).toEqual(tree);
    }
  });

  it("leaves to the text form what the builder cannot show", () => {
    const deeper: RuleNode = { kind: "and", parts: [cmp("spend", "ge", 1), { kind: "or", parts: [cmp("orders", "ge", 1), { kind: "and", parts: [cmp("spend", "ge", 2), cmp("orders", "ge", 3)] }] }] };
    const not: RuleNode = { kind: "not", part: cmp("spend", "ge", 1) };
    const arith: RuleNode = { kind: "compare", op: "ge", left: { kind: "arith", op: "div", left: { kind: "figure", key: "spend" }, right: { kind: "figure", key: "orders" } }, right: { kind: "number", value: 1 } };
    const reversed: RuleNode = { kind: "compare", op: "ge", left: { kind: "number", value: 1 }, right: { kind: "figure", key: "spend" } };
    for (const tree of [deeper, not, arith, reversed, null]) expect(treeToModel(tree)).toBeNull();
  });

  it("has no tree until every row has its figure and value", () => {
    expect(modelToTree(emptyModel())).toBeNull();
    expect(modelToTree({ join: "and", items: [{ ...newRow("spend"), value: 5 }, newRow("orders")] })).toBeNull();
    expect(modelToTree({ join: "and", items: [] })).toBeNull();
    // A group of one row is the row; an empty group is left out.
    const one: Model = { join: "or", items: [{ kind: "group", join: "and", rows: [{ ...newRow("spend"), value: 5 }] }, { kind: "group", join: "or", rows: [] }] };
    expect(modelToTree(one)).toEqual({ kind: "compare", op: "ge", left: { kind: "figure", key: "spend" }, right: { kind: "number", value: 5 } });
  });

  it("reads 万, 千, separators and full-width digits in the value box", () => {
    const cases: [string, number | null][] = [
      ["30\u4e07", 300000], ["1.5\u4e07", 15000], ["1.1\u4e07", 11000], ["3\u5343", 3000], ["300,000", 300000],
      ["\uff13\uff10\u4e07", 300000], ["\u00a530\u4e07\u5143", 300000], ["2", 2], ["0.5", 0.5], ["2\u6b21", 2],
      ["-5", -5], ["1\u5343\u4e07", 10000000], ["", null], ["abc", null], ["\u4e07", null],
    ];
    for (const [text, value] of cases) expect(parseAmount(text), text).toBe(value);
    expect(showAmount(300000)).toBe("30\u4e07");
    expect(showAmount(15000)).toBe("1.5\u4e07");
    expect(showAmount(300000, false)).toBe("300,000");
    expect(showAmount(2500)).toBe("2,500");
    expect(showAmount(12345)).toBe("12,345");
    for (const v of [300000, 15000, 12345, 2.5, 1230000]) expect(parseAmount(showAmount(v))).toBe(v);
  });
});

describe("tiers in the editor", () => {
  const tiers = [
    { key: "diamond", name: "D", color: "#000", condition: "spend >= 1" },
    { key: "gold", name: "G", color: "#111", condition: "spend >= 0" },
    { key: "regular", name: "R", color: "#222" },
  ];
  const keys = (r: TierResult<{ key: string }>) => ("tiers" in r ? r.tiers.map((t) => t.key) : undefined);

  it("adds a tier just above the last one with a fresh key", () => {
    const r = addTier(tiers, "new", "thresholds");
    expect(keys(r)).toEqual(["diamond", "gold", "tier_4", "regular"]);
    const again = addTier("tiers" in r ? r.tiers : [], "new", "thresholds");
    expect(keys(again)).toEqual(["diamond", "gold", "tier_4", "tier_5", "regular"]);
    expect(addTier(tiers, "new", "rfm")).toEqual({ refused: "tierRfmFixed" });
  });

  it("removes any tier but the last, and keeps two", () => {
    expect(keys(removeTier(tiers, 1, "thresholds"))).toEqual(["diamond", "regular"]);
    expect(removeTier(tiers, 2, "thresholds")).toEqual({ refused: "tierRemoveCatchAll" });
    expect(removeTier(tiers.slice(1), 0, "thresholds")).toEqual({ refused: "tierRemoveLastTwo" });
    expect(removeTier(tiers, 0, "rfm")).toEqual({ refused: "tierRfmFixed" });
  });

  it("moves a tier up and down within the list", () => {
    expect(keys(moveTier(tiers, 1, -1, "weighted"))).toEqual(["gold", "diamond", "regular"]);
    expect(keys(moveTier(tiers, 1, 1, "thresholds"))).toEqual(["diamond", "regular", "gold"]);
    expect(moveTier(tiers, 0, -1, "thresholds")).toEqual({ refused: "tierMoveEdge" });
    expect(moveTier(tiers, 2, 1, "thresholds")).toEqual({ refused: "tierMoveEdge" });
    expect(tiers.map((t) => t.key)).toEqual(["diamond", "gold", "regular"]);
  });
});
