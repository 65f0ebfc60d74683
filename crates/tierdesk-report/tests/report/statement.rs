//! The benefit statement: every text escaped exactly once, the phone
//! masked, the figures in their cells; the whole page as a snapshot.

use tierdesk_domain::{BenefitUse, TierLabel};
use tierdesk_report::{benefit_statement_html, escape_html, BenefitStatus, CustomerBenefits};

use crate::day;

fn status(name: &str, quota: Option<u32>, used: u32, cost: f64) -> BenefitStatus {
    BenefitStatus {
        name: name.into(),
        description: format!("{name}的说明"),
        quota,
        used,
        remaining: quota.map(|q| q.saturating_sub(used)),
        cost,
    }
}

fn used(id: i64, benefit: &str, on: &str, note: &str, over: Option<&str>) -> BenefitUse {
    BenefitUse {
        id,
        customer_id: 1,
        benefit: benefit.into(),
        tier: "gold".into(),
        scheme_key: "star4".into(),
        used_on: day(on),
        note: note.into(),
        who: "小李".into(),
        over_quota_reason: over.map(str::to_owned),
        created_at: String::new(),
    }
}

fn statement(name: &str) -> CustomerBenefits {
    CustomerBenefits {
        customer_id: 1,
        code: Some("K001".into()),
        name: name.into(),
        tier: Some(TierLabel {
            key: "gold".into(),
            name: "金牌".into(),
            color: "#d4a017".into(),
            stars: 3,
        }),
        scheme: "star4".into(),
        scheme_name: "四星客户".into(),
        period: "2026".into(),
        period_from: day("2026-01-01"),
        period_to: day("2026-12-31"),
        as_of: day("2026-05-01"),
        benefits: vec![
            status("生日礼品", Some(1), 1, 300.0),
            status("免费配送", Some(12), 2, 15.0),
            status("专属客服", None, 0, 0.0),
        ],
        uses: vec![
            used(1, "免费配送", "2026-03-02", "门店领取", None),
            used(2, "免费配送", "2026-04-09", "", None),
            used(3, "生日礼品", "2026-04-20", "补寄", Some("礼品破损")),
        ],
        note: None,
    }
}

#[test]
fn escaping_table() {
    for (text, want) in [
        ("", ""),
        ("王五", "王五"),
        ("<b>&\"'", "&lt;b&gt;&amp;&quot;&#39;"),
        ("&amp;", "&amp;amp;"),
        ("a > b < c", "a &gt; b &lt; c"),
        ("\"引号\"", "&quot;引号&quot;"),
    ] {
        assert_eq!(escape_html(text), want, "{text}");
    }
}

#[test]
fn a_name_with_markup_is_escaped_exactly_once() {
    let mut s = statement("<b>&\"'");
    s.code = Some("<i>".into());
    s.scheme_name = "A&B".into();
    s.uses[0].note = "<script>".into();
    s.uses[0].who = "O'Neil".into();
    let html = benefit_statement_html(&s, Some("13812345678"));
    assert_eq!(
        html.matches("客户：&lt;b&gt;&amp;&quot;&#39;</td>").count(),
        1,
        "{html}"
    );
    assert_eq!(html.matches("客户编号：&lt;i&gt;</td>").count(), 1);
    assert_eq!(html.matches("方案：A&amp;B</td>").count(), 1);
    assert_eq!(html.matches("<td>&lt;script&gt;</td>").count(), 1);
    assert_eq!(html.matches("<td>O&#39;Neil</td>").count(), 1);
    // Nothing escaped twice, nothing left raw.
    assert!(
        !html.contains("&amp;lt;") && !html.contains("&amp;amp;"),
        "{html}"
    );
    assert!(!html.contains("<b>") && !html.contains("<script>") && !html.contains("<i>"));
}

#[test]
fn figures_phone_and_uses() {
    let html = benefit_statement_html(&statement("王五"), Some("13812345678"));
    assert!(!html.contains("13812345678"));
    assert_eq!(html.matches("138****5678").count(), 1);
    // One row per benefit and per use; quota, used, left in their cells.
    assert_eq!(html.matches("<tr>").count(), 2 + 1 + 3 + 1 + 3);
    assert_eq!(
        html.matches("<td class=\"n\">12</td><td class=\"n\">2</td><td class=\"n\">10</td>")
            .count(),
        1
    );
    assert_eq!(
        html.matches("<td class=\"n\">不限</td><td class=\"n\">0</td><td class=\"n\">不限</td>")
            .count(),
        1
    );
    // Three uses: 15 + 15 + 300.
    assert_eq!(html.matches("本期权益成本合计 ¥330（3 次使用）").count(), 1);
    assert_eq!(html.matches("<td>补寄（超额：礼品破损）</td>").count(), 1);
    insta::assert_snapshot!("statement", html.replace("><", ">\n<"));
}

#[test]
fn no_tier_no_uses_no_phone() {
    let s = CustomerBenefits {
        tier: None,
        benefits: vec![],
        uses: vec![],
        code: None,
        note: Some("这位客户还没有按「四星客户」评级，暂无权益。".into()),
        ..statement("赵六")
    };
    let html = benefit_statement_html(&s, None);
    assert_eq!(
        html.matches("<table").count(),
        1,
        "only the customer's details"
    );
    for part in [
        "<td>客户编号：—</td>",
        "<td>联系方式：—</td>",
        "<td>等级：未评级</td>",
        "<p class=\"muted\">这位客户还没有按「四星客户」评级，暂无权益。</p>",
        "<p class=\"muted\">本期还没有使用记录。</p>",
    ] {
        assert_eq!(html.matches(part).count(), 1, "{part}: {html}");
    }
    insta::assert_snapshot!("statement_empty", html.replace("><", ">\n<"));
}
