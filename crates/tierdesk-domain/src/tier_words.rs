//! Reading the tier words people wrote in sheets before TierDesk (金牌,
//! VIP, ★★★, 三星, 3星, 黄金会员, A) as tiers of a scheme. One reader for both
//! uses: an import's 当前等级 column and the calibration against an old
//! sheet, so a word means the same tier in both.
//!
//! [`place_tier`] says which tier a text names and how sure that is: a text
//! that names a tier (its key or name, its stars, its letter, a synonym of
//! its name) is [`Placement::Named`]; a word for the top or the bottom of
//! any scale (VIP, 至尊, 普通, 大众) in a scheme that has no tier of that
//! kind is only [`Placement::Guessed`] there. An import keeps guessed words
//! as written (it guesses nothing into the archive); calibration takes them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::text::to_halfwidth;

/// A tier as people see it: its key, name, colour and stars. The one type
/// the app, the imports, calibration, the reports and the exports show a
/// tier by; a scheme's tiers are listed highest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TierLabel {
    pub key: String,
    pub name: String,
    /// CSS hex colour such as `#1f4e8c`, the same in the app, the reports
    /// and the exports.
    pub color: String,
    /// Stars shown for the tier; 0 when it has none.
    pub stars: u8,
}

/// Which tier (0 = the highest) a text means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// The text names this tier.
    Named(usize),
    /// The text is a word for the top or bottom of a scale, and the scheme
    /// has no tier by that word: its top or bottom tier.
    Guessed(usize),
}

impl Placement {
    /// The tier's position, however sure.
    pub fn rank(self) -> usize {
        match self {
            Placement::Named(i) | Placement::Guessed(i) => i,
        }
    }

    /// The tier's position when the text names it.
    pub fn named(self) -> Option<usize> {
        match self {
            Placement::Named(i) => Some(i),
            Placement::Guessed(_) => None,
        }
    }
}

/// Where a word of [`WORDS`] falls in a scheme that has none of its tiers.
#[derive(Clone, Copy)]
enum Fallback {
    Top,
    Bottom,
    None,
}

/// Words old sheets use for tiers (compared after [`core`]), each with the
/// scheme keys it means and where it falls when the scheme has none of
/// those keys and no tier named by one of the words.
const WORDS: &[(&[&str], &[&str], Fallback)] = &[
    (
        &["钻石", "钻石卡", "钻卡", "diamond"],
        &["diamond"],
        Fallback::Top,
    ),
    (
        &["铂金", "白金", "铂金卡", "白金卡", "platinum"],
        &["platinum"],
        Fallback::Top,
    ),
    (
        &["vip", "svip", "至尊", "黑金", "黑卡", "贵宾", "重要"],
        &["vip"],
        Fallback::Top,
    ),
    (
        &["黄金", "金牌", "金卡", "金", "gold"],
        &["gold"],
        Fallback::None,
    ),
    (
        &["白银", "银牌", "银卡", "银", "silver"],
        &["silver"],
        Fallback::None,
    ),
    (
        &["青铜", "铜牌", "铜卡", "铜", "bronze"],
        &["bronze"],
        Fallback::Bottom,
    ),
    (
        &["普通", "一般", "普卡", "大众", "regular", "normal"],
        &["regular"],
        Fallback::Bottom,
    ),
];

const CHINESE_DIGITS: [(char, u8); 10] = [
    ('一', 1),
    ('二', 2),
    ('两', 2),
    ('三', 3),
    ('四', 4),
    ('五', 5),
    ('六', 6),
    ('七', 7),
    ('八', 8),
    ('九', 9),
];

/// Words after a tier that say nothing about which one (金牌客户, 黄金会员,
/// VIP 等级), taken off one after another.
const SUFFIXES: [&str; 6] = ["客户", "会员", "用户", "等级", "级别", "级"];

/// Half width, lower case, without spaces: how texts are compared.
fn plain(text: &str) -> String {
    to_halfwidth(text)
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// [`plain`] without the words of [`SUFFIXES`] at its end (never all of it).
fn core(text: &str) -> String {
    let mut s = plain(text);
    while let Some(head) = SUFFIXES
        .iter()
        .find_map(|suffix| s.strip_suffix(suffix).filter(|h| !h.is_empty()))
    {
        s = head.to_owned();
    }
    s
}

/// ★★★ (☆ not counted), 3星, 三星, 3星级.
fn stars(s: &str) -> Option<u8> {
    if !s.is_empty() && s.chars().all(|c| c == '★' || c == '☆') {
        return u8::try_from(s.chars().filter(|c| *c == '★').count()).ok();
    }
    let head = s.strip_suffix("星级").or_else(|| s.strip_suffix('星'))?;
    head.parse::<u8>().ok().or_else(|| {
        let mut chars = head.chars();
        let c = chars.next()?;
        if chars.next().is_some() {
            return None;
        }
        CHINESE_DIGITS
            .iter()
            .find(|(d, _)| *d == c)
            .map(|(_, n)| *n)
    })
}

/// Which tier of `tiers` (highest first) the text means, by key, by name
/// (half width, any case, without spaces or words such as 客户, 会员 and 等级
/// after it), by stars, by letter (A the highest, when the scheme's own
/// names are not letters), by a common synonym of the tier's name or key
/// (金牌 for 黄金), by the scheme's name inside the text (钻石级VIP) and,
/// guessed, by a word for the top or bottom of any scale. `None` when the
/// text says nothing the scheme can place.
pub fn place_tier(text: &str, tiers: &[TierLabel]) -> Option<Placement> {
    let s = plain(text);
    if s.is_empty() || tiers.is_empty() {
        return None;
    }
    let named = |p: Option<usize>| p.map(Placement::Named);
    if let Some(i) = tiers
        .iter()
        .position(|t| t.key.to_lowercase() == s || plain(&t.name) == s)
    {
        return named(Some(i));
    }
    let c = core(text);
    if let Some(i) = tiers
        .iter()
        .position(|t| t.key.to_lowercase() == c || core(&t.name) == c)
    {
        return named(Some(i));
    }
    if let Some(n) = stars(&c).filter(|n| *n > 0) {
        if let Some(i) = tiers.iter().position(|t| t.stars == n) {
            return named(Some(i));
        }
    }
    if c.len() == 1 && c.as_bytes()[0].is_ascii_lowercase() {
        let i = usize::from(c.as_bytes()[0] - b'a');
        let letters = tiers.iter().all(|t| plain(&t.name).chars().count() == 1);
        if !letters && i < tiers.len() {
            return named(Some(i));
        }
    }
    let word = WORDS
        .iter()
        .find(|(words, _, _)| words.contains(&c.as_str()));
    if let Some((words, keys, _)) = word {
        if let Some(i) = tiers.iter().position(|t| keys.contains(&t.key.as_str())) {
            return named(Some(i));
        }
        // The scheme may name the tier with a synonym (金牌 for 黄金).
        if let Some(i) = tiers
            .iter()
            .position(|t| words.contains(&core(&t.name).as_str()))
        {
            return named(Some(i));
        }
    }
    // 钻石级VIP客户: the longest name of the scheme inside the text.
    if let Some(i) = tiers
        .iter()
        .enumerate()
        .map(|(i, t)| (i, plain(&t.name)))
        .filter(|(_, name)| name.chars().count() >= 2 && s.contains(name.as_str()))
        .max_by_key(|(i, name)| (name.len(), std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
    {
        return named(Some(i));
    }
    match word.map(|w| w.2) {
        Some(Fallback::Top) => Some(Placement::Guessed(0)),
        Some(Fallback::Bottom) => Some(Placement::Guessed(tiers.len() - 1)),
        Some(Fallback::None) | None => None,
    }
}
