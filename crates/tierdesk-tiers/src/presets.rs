//! Built-in schemes from the seed documents, each exportable as an example TOML file.

use crate::churn::ChurnRules;
use crate::points::PointsRules;
use crate::rfm::segment_tiers;
use crate::scheme::{
    Benefit, Cycle, Factor, Method, Normalize, Protection, Scheme, Scoring, Segments, TierDef,
    Window,
};

fn tier(key: &str, name: &str, color: &str, stars: u8) -> TierDef {
    TierDef::plain(key, name, color, stars)
}

fn when(mut t: TierDef, condition: &str) -> TierDef {
    t.condition = Some(condition.into());
    t
}

fn benefit(tier: &str, name: &str, description: &str, quota: Option<u32>, cost: f64) -> Benefit {
    Benefit {
        tier: tier.into(),
        name: name.into(),
        description: description.into(),
        quota,
        cost,
    }
}

/// 普通/银牌/金牌/钻石 by annual spend (seed 000).
pub fn star4() -> Scheme {
    Scheme {
        key: "star4".into(),
        name: "四星级（普通/银牌/金牌/钻石）".into(),
        version: 1,
        description: "按年消费金额划分四个等级，适合刚开始分级的企业。".into(),
        cycle: Cycle::Yearly,
        window: Window::Lifetime,
        net_returns: false,
        method: Method::Thresholds,
        tiers: vec![
            when(tier("diamond", "钻石", "#6b3fa0", 4), "spend >= 300000"),
            when(tier("gold", "金牌", "#d4a017", 3), "spend >= 100000"),
            when(tier("silver", "银牌", "#8c9aa8", 2), "spend >= 20000"),
            tier("regular", "普通", "#5b8c5a", 1),
        ],
        protection: Protection {
            max_levels_down: Some(1),
            grace_percent: None,
            new_customer_months: Some(6),
            grace_periods: None,
        },
        benefits: vec![
            benefit("diamond", "专属客户经理", "一对一服务，优先响应", None, 0.0),
            benefit("diamond", "生日礼品", "生日当月寄送礼品", Some(1), 300.0),
            benefit("gold", "生日礼品", "生日当月寄送礼品", Some(1), 150.0),
            benefit("gold", "免费配送", "订单免运费", Some(12), 20.0),
            benefit("silver", "节日问候", "重要节日问候及小礼品", Some(2), 50.0),
        ],
        churn: ChurnRules::default(),
        points: PointsRules::default(),
    }
}

/// 青铜/白银/黄金/铂金 by spend and purchase frequency (seed 000's sample sheet).
pub fn metal4() -> Scheme {
    Scheme {
        key: "metal4".into(),
        name: "金属四级（青铜/白银/黄金/铂金）".into(),
        version: 1,
        description: "综合消费金额与购买频次，与星级客户管理表示例一致：张三（¥10,000，5次/年）为白银，李四（¥30,000，10次/年）为铂金。".into(),
        cycle: Cycle::Yearly,
        window: Window::Lifetime,
        net_returns: false,
        method: Method::Thresholds,
        tiers: vec![
            when(tier("platinum", "铂金", "#4a6fa5", 4), "spend >= 30000 and frequency >= 10"),
            when(tier("gold", "黄金", "#d4a017", 3), "spend >= 20000 and frequency >= 8"),
            when(tier("silver", "白银", "#8c9aa8", 2), "spend >= 10000 and frequency >= 5"),
            tier("bronze", "青铜", "#a0522d", 1),
        ],
        protection: Protection::default(),
        benefits: vec![benefit("platinum", "一对一专属客服", "专属客服热线", None, 0.0)],
        churn: ChurnRules::default(),
        points: PointsRules::default(),
    }
}

/// VIP/白金/金卡/银卡/普通 (seed 003's rules). The seed gives annual spend bands
/// and a monthly purchase frequency per level; a customer meets a level when
/// both its spend floor and its frequency are reached.
pub fn five_level() -> Scheme {
    Scheme {
        key: "five_level".into(),
        name: "五级（VIP/白金/金卡/银卡/普通）".into(),
        version: 1,
        description: "年消费额与月均购买次数：VIP ≥50万且每月≥1次；白金 ≥20万且每月≥2次；金卡 ≥10万且每月≥3次；银卡 ≥5万且每月≥4次；其余为普通。".into(),
        cycle: Cycle::Yearly,
        window: Window::Lifetime,
        net_returns: false,
        method: Method::Thresholds,
        tiers: vec![
            when(tier("vip", "VIP", "#c0392b", 5), "spend >= 500000 and orders_per_month >= 1"),
            when(tier("platinum", "白金", "#4a6fa5", 4), "spend >= 200000 and orders_per_month >= 2"),
            when(tier("gold", "金卡", "#d4a017", 3), "spend >= 100000 and orders_per_month >= 3"),
            when(tier("silver", "银卡", "#8c9aa8", 2), "spend >= 50000 and orders_per_month >= 4"),
            tier("regular", "普通", "#5b8c5a", 1),
        ],
        protection: Protection { max_levels_down: Some(1), grace_percent: Some(5.0), ..Protection::default() },
        benefits: vec![
            benefit("vip", "积分兑换", "专属会员活动与积分兑换", None, 0.0),
            benefit("vip", "生日优惠", "生日当月专属优惠", Some(1), 500.0),
            benefit("platinum", "优先发货", "订单优先处理", None, 0.0),
        ],
        churn: ChurnRules::default(),
        points: PointsRules::default(),
    }
}

/// Seed 003's multi-factor score: 购买行为 30%, 消费金额 20%, 购买频率 15%,
/// 客户满意度 15%, 推荐意愿 20%.
pub fn weighted5() -> Scheme {
    let f = |figure: &str, label: &str, weight: f64, normalize: Normalize| Factor {
        figure: figure.into(),
        label: label.into(),
        weight,
        normalize,
    };
    let mut tiers = vec![
        tier("vip", "VIP", "#c0392b", 5),
        tier("platinum", "白金", "#4a6fa5", 4),
        tier("gold", "金卡", "#d4a017", 3),
        tier("silver", "银卡", "#8c9aa8", 2),
        tier("regular", "普通", "#5b8c5a", 1),
    ];
    for (t, m) in tiers.iter_mut().zip([85.0, 75.0, 65.0, 50.0]) {
        t.min_score = Some(m);
    }
    Scheme {
        key: "weighted5".into(),
        name: "多因素加权评分（五级）".into(),
        version: 1,
        description: "购买行为、满意度、推荐意愿为 0–100 分的自定义字段；消费金额与购买频次按客户中的百分位换算为分数。".into(),
        cycle: Cycle::HalfYearly,
        window: Window::Lifetime,
        net_returns: false,
        method: Method::Weighted {
            factors: vec![
                f("purchase_behavior", "购买行为", 0.30, Normalize::None),
                f("spend", "消费金额", 0.20, Normalize::Percentile),
                f("frequency", "购买频率", 0.15, Normalize::Percentile),
                f("satisfaction", "客户满意度", 0.15, Normalize::None),
                f("recommendation", "客户推荐意愿", 0.20, Normalize::None),
            ],
        },
        tiers,
        protection: Protection::default(),
        benefits: vec![],
        churn: ChurnRules::default(),
        points: PointsRules::default(),
    }
}

/// A/B/C by cumulative share of revenue (Pareto).
pub fn abc() -> Scheme {
    let mut a = tier("a", "A 类", "#c0392b", 3);
    a.max_share = Some(0.80);
    let mut b = tier("b", "B 类", "#d4a017", 2);
    b.max_share = Some(0.95);
    Scheme {
        key: "abc".into(),
        name: "ABC 分类（帕累托）".into(),
        version: 1,
        description:
            "按消费金额从高到低累计：累计收入 80% 以内为 A 类，80%–95% 为 B 类，其余为 C 类。"
                .into(),
        cycle: Cycle::Yearly,
        window: Window::Lifetime,
        net_returns: false,
        method: Method::Abc,
        tiers: vec![a, b, tier("c", "C 类", "#8c9aa8", 1)],
        protection: Protection::default(),
        benefits: vec![],
        churn: ChurnRules::default(),
        points: PointsRules::default(),
    }
}

/// RFM on the R × F grid (seed 004's RFM 客户分级法): ten segments from
/// 冠军客户 to 休眠客户, scored over every purchase up to the rating date.
pub fn rfm10() -> Scheme {
    let ranked = Scoring::Quintiles { rank_first: true };
    Scheme {
        key: "rfm10".into(),
        name: "RFM 十分群（冠军/忠诚/…/休眠）".into(),
        version: 1,
        description: "按最近一次购买（R）、订单数（F）、消费金额（M）各分 1–5 分（五分位），再按 R 与 F 的组合分为十个客户群；订单数先排名再分位，同值按客户编号先后。没有购买记录的客户归入「无购买记录」。".into(),
        cycle: Cycle::Quarterly,
        window: Window::Lifetime,
        net_returns: false,
        method: Method::Rfm { segments: Segments::Rfm10, r: Scoring::default(), f: ranked, m: Scoring::default() },
        tiers: segment_tiers(Segments::Rfm10),
        protection: Protection::default(),
        benefits: vec![],
        churn: ChurnRules::default(),
        points: PointsRules::default(),
    }
}

/// RFM in eight types (重要价值客户 …): R, F and M each above or below their mean.
pub fn rfm8() -> Scheme {
    Scheme {
        key: "rfm8".into(),
        name: "RFM 八类（重要价值/重要发展/…/一般挽留）".into(),
        version: 1,
        description: "最近一次购买（R）、订单数（F）、消费金额（M）各与全体有购买客户的平均值比较高低，组合为八类客户；R 高表示距今天数少于平均。没有购买记录的客户归入「无购买记录」。".into(),
        cycle: Cycle::Quarterly,
        window: Window::Lifetime,
        net_returns: false,
        method: Method::Rfm { segments: Segments::Rfm8, r: Scoring::default(), f: Scoring::default(), m: Scoring::default() },
        tiers: segment_tiers(Segments::Rfm8),
        protection: Protection::default(),
        benefits: vec![],
        churn: ChurnRules::default(),
        points: PointsRules::default(),
    }
}

/// Every built-in scheme, the default (star4) first.
pub fn presets() -> Vec<Scheme> {
    vec![
        star4(),
        metal4(),
        five_level(),
        weighted5(),
        abc(),
        rfm10(),
        rfm8(),
    ]
}
