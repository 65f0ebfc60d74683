//! An old sheet's tier words read as tiers of a scheme: one table for both
//! the import's 当前等级 and the calibration.

use tierdesk_domain::tier_words::{place_tier, Placement, TierLabel};

fn scheme(tiers: &[(&'static str, &'static str, u8)]) -> Vec<TierLabel> {
    tiers
        .iter()
        .map(|&(key, name, stars)| TierLabel {
            key: key.into(),
            name: name.into(),
            color: String::new(),
            stars,
        })
        .collect()
}

const STAR4: &[(&str, &str, u8)] = &[
    ("diamond", "钻石", 4),
    ("gold", "金牌", 3),
    ("silver", "银牌", 2),
    ("regular", "普通", 1),
];
const METAL4: &[(&str, &str, u8)] = &[
    ("platinum", "铂金", 4),
    ("gold", "黄金", 3),
    ("silver", "白银", 2),
    ("bronze", "青铜", 1),
];
const FIVE: &[(&str, &str, u8)] = &[
    ("vip", "VIP", 5),
    ("platinum", "白金", 4),
    ("gold", "金卡", 3),
    ("silver", "银卡", 2),
    ("regular", "普通", 1),
];
const ABC: &[(&str, &str, u8)] = &[("a", "A 类", 3), ("b", "B 类", 2), ("c", "C 类", 1)];
const LETTERS: &[(&str, &str, u8)] = &[("top", "甲", 0), ("mid", "乙", 0), ("low", "丙", 0)];

use Placement::{Guessed, Named};

/// (scheme, text, placement as the key of the tier and how sure).
#[allow(clippy::type_complexity)]
const CASES: &[(&[(&str, &str, u8)], &str, Option<(&str, bool)>)] = &[
    // Key or name, any width, case and spacing.
    (STAR4, "钻石", Some(("diamond", true))),
    (STAR4, "gold", Some(("gold", true))),
    (STAR4, "GOLD", Some(("gold", true))),
    (STAR4, "ＧＯＬＤ", Some(("gold", true))),
    (STAR4, " 金 牌 ", Some(("gold", true))),
    (STAR4, "金\u{3000}牌", Some(("gold", true))),
    (STAR4, "金牌", Some(("gold", true))),
    // Words after the name that say nothing.
    (STAR4, "金牌客户", Some(("gold", true))),
    (STAR4, "金牌会员", Some(("gold", true))),
    (STAR4, "银牌会员等级", Some(("silver", true))),
    (STAR4, "普通用户", Some(("regular", true))),
    // Stars.
    (STAR4, "★★★", Some(("gold", true))),
    (STAR4, "★★★☆", Some(("gold", true))),
    (STAR4, "★★", Some(("silver", true))),
    (STAR4, "三星", Some(("gold", true))),
    (STAR4, "3星", Some(("gold", true))),
    (STAR4, "３星", Some(("gold", true))),
    (STAR4, "4星级", Some(("diamond", true))),
    (STAR4, "两星", Some(("silver", true))),
    (STAR4, "一星客户", Some(("regular", true))),
    (STAR4, "五星", None),
    (STAR4, "☆☆☆", None),
    // Letters, A the highest, when the scheme's names are not letters.
    (STAR4, "A", Some(("diamond", true))),
    (STAR4, "a", Some(("diamond", true))),
    (STAR4, "Ｂ", Some(("gold", true))),
    (STAR4, "D", Some(("regular", true))),
    (STAR4, "E", None),
    (ABC, "A", Some(("a", true))),
    (ABC, "c类", Some(("c", true))),
    (ABC, "B 类客户", Some(("b", true))),
    (LETTERS, "甲", Some(("top", true))),
    (LETTERS, "A", None),
    // Synonyms of a tier's name or key.
    (STAR4, "黄金", Some(("gold", true))),
    (STAR4, "黄金会员", Some(("gold", true))),
    (STAR4, "金卡", Some(("gold", true))),
    (STAR4, "银卡", Some(("silver", true))),
    (METAL4, "金牌", Some(("gold", true))),
    (METAL4, "白金会员", Some(("platinum", true))),
    (METAL4, "铜牌", Some(("bronze", true))),
    (FIVE, "VIP", Some(("vip", true))),
    (FIVE, "vip客户", Some(("vip", true))),
    (FIVE, "铂金", Some(("platinum", true))),
    (FIVE, "黄金会员", Some(("gold", true))),
    // The scheme's name inside the text.
    (STAR4, "钻石级VIP", Some(("diamond", true))),
    (STAR4, "金牌(老)", Some(("gold", true))),
    // Words for the top or bottom of any scale: a guess.
    (STAR4, "VIP", Some(("diamond", false))),
    (STAR4, "svip会员", Some(("diamond", false))),
    (STAR4, "黑卡", Some(("diamond", false))),
    (STAR4, "至尊", Some(("diamond", false))),
    (STAR4, "铂金", Some(("diamond", false))),
    (STAR4, "白金会员", Some(("diamond", false))),
    (STAR4, "青铜", Some(("regular", false))),
    (METAL4, "普通", Some(("bronze", false))),
    (METAL4, "大众会员", Some(("bronze", false))),
    // Nothing the scheme can place.
    (METAL4, "钻石", Some(("platinum", false))),
    (STAR4, "重点关注", None),
    (STAR4, "潜在", None),
    (STAR4, "会员", None),
    (STAR4, "客户", None),
    (STAR4, "银", Some(("silver", true))),
    (METAL4, "金", Some(("gold", true))),
    (STAR4, "", None),
    (STAR4, "   ", None),
];

#[test]
fn old_tier_words_table() {
    let mut wrong = Vec::new();
    for &(tiers, text, want) in CASES {
        let tiers = scheme(tiers);
        let got = place_tier(text, &tiers).map(|p| match p {
            Named(i) => (tiers[i].key.as_str(), true),
            Guessed(i) => (tiers[i].key.as_str(), false),
        });
        if got != want {
            wrong.push(format!(
                "{text:?} in {:?}: {got:?}, want {want:?}",
                tiers[0].key
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {}:\n{}",
        wrong.len(),
        CASES.len(),
        wrong.join("\n")
    );
}

#[test]
fn a_scheme_without_tiers_places_nothing() {
    assert_eq!(place_tier("金牌", &[]), None);
    assert_eq!(place_tier("VIP", &[]), None);
}

#[test]
fn rank_and_named() {
    assert_eq!(Named(2).rank(), 2);
    assert_eq!(Guessed(0).rank(), 0);
    assert_eq!(Named(2).named(), Some(2));
    assert_eq!(Guessed(0).named(), None);
}
