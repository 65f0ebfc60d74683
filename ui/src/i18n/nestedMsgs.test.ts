// Messages with a rating period and with holes made of messages (EN1): the
// tier explanation, a batch's title, a timeline detail. Chinese is exactly
// what Rust's Msg::zh says (crates/tierdesk-domain msg.rs tests); English
// has no Chinese character left except the person's own data.
import { describe, expect, it } from "vitest";
import { renderMsg, type Msg } from "./index";

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const msg = (key: string, params: Record<string, string> = {}, lists?: Record<string, Msg[]>): Msg => ({ key, params, lists });
const text = (t: string) => msg("data.text", { text: t });

describe("messages made of messages", () => {
  it("a batch's label says its period in words in each language", () => {
    const label = msg("rating.batch_label", { period: "2026Q2", as_of: "2026-06-30", id: "3" });
    expect(renderMsg(label, "zh-CN")).toBe("2026年第二季度 评级（截至 2026-06-30，第 3 批）");
    expect(renderMsg(label, "en-US")).toBe("Rating Q2 2026 (as of 2026-06-30, batch 3)");
    const year = msg("rating.batch_label", { period: "2026", as_of: "2026-11-30", id: "1,024" });
    expect(renderMsg(year, "zh-CN")).toBe("2026年度 评级（截至 2026-11-30，第 1,024 批）");
    expect(renderMsg(msg("rating.undo_title", { period: "2026H1" }), "zh-CN")).toBe("2026年上半年评级");
    expect(renderMsg(msg("rating.undo_title", { period: "2026H1" }), "en-US")).toBe("H1 2026");
  });

  it("the explanation's gaps are joined in the language shown, figures named from the catalogue", () => {
    const gaps = [text("¥12,000"), msg("explain.gap", { amount: "5" }, { figure: [msg("figure.orders")] })];
    const next = msg("explain.next_up", { tier: "金牌" }, { gaps });
    expect(renderMsg(next, "zh-CN")).toBe("还差 ¥12,000、订单数 5 升至金牌");
    expect(renderMsg(next, "en-US")).toBe("¥12,000, Orders 5 more to reach 金牌");
    const part = msg("explain.condition", { op: ">=", threshold: "¥20,000", actual: "¥88,000" }, { figure: [msg("figure.spend")] });
    expect(renderMsg(part, "zh-CN")).toBe("消费金额 >= ¥20,000（实际 ¥88,000）");
    const en = renderMsg(part, "en-US");
    expect(en).toBe("Spend >= ¥20,000 (actual ¥88,000)");
    expect(CJK.test(en)).toBe(false);
    // A custom field's name is the person's word, as typed.
    const custom = msg("explain.condition_missing", { op: ">", threshold: "3" }, { figure: [text("区域评分")] });
    expect(renderMsg(custom, "en-US")).toBe("区域评分 > 3 (actual: missing)");
  });

  it("a protection rule holding a tier is explained in the language shown", () => {
    const rule = msg("rating.protect_new", { months: "6", tier: "钻石" });
    const held = msg("explain.held_rule", { by_rules: "普通" }, { rule: [rule] });
    expect(renderMsg(held, "zh-CN")).toBe("按保护规则：新客户（注册不满 6 个月）不降级，保留「钻石」；按本期数据应为「普通」");
    const en = renderMsg(held, "en-US");
    expect(en).toBe(
      "Held by a protection rule: New customer (registered less than 6 months ago): not moved down, kept at “钻石”; by this period's figures “普通”",
    );
    // Only the scheme's own tier names stay Chinese.
    expect(CJK.test(en.replace(/钻石|普通/g, ""))).toBe(false);
  });

  it("a timeline detail's batch part holds the rating's reason, in the language shown", () => {
    const reason = msg("rating.title", { period_key: "2026", scheme: "Stars" });
    const part = msg("timeline.batch", { batch: "7" }, { reason: [reason] });
    expect(renderMsg(part, "zh-CN")).toBe("2026 评级（Stars）（评级批次 #7）");
    expect(renderMsg(part, "en-US")).toBe("Rating 2026 (Stars) (rating batch #7)");
    for (const m of [msg("timeline.outcome", { outcome: "ok" }), msg("timeline.next_contact", { day: "2026-12-15" })]) {
      expect(CJK.test(renderMsg(m, "en-US"))).toBe(false);
    }
  });

  it("a whole import refused for one bad row says that row's reason in the language shown", () => {
    const reason = msg("value.phone", { value: "12345" });
    const refused = msg("import.refused_at", { rejected: "2", row: "6", header: "手机" }, { message: [reason] });
    const en = renderMsg(refused, "en-US");
    expect(en).toContain("row 6");
    expect(en).toContain(renderMsg(reason, "en-US"));
    expect(CJK.test(en.replace("手机", "").replace("12345", ""))).toBe(false);
    expect(renderMsg(refused, "zh-CN")).toContain(`第 6 行「手机」：${renderMsg(reason, "zh-CN")}`);
  });
});
