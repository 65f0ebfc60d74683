//! Possible duplicates: two records that share a phone while their names
//! disagree (两家公司共用一位联系人的手机). They are never merged unasked:
//! each pair is reported with both names and the phone, and the person
//! chooses 合并 or 分别导入 per pair.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tierdesk_domain::{text, Customer, CustomerDraft, Msg};
use ts_rs::TS;

use crate::matching::{Found, KeyIndex, Seen, SeenInFile};

/// 合并 (the same customer) or 分别导入 (two customers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PairChoice {
    Merge,
    Separate,
}

/// A row that shares its phone with an earlier row of the sheet or with an
/// archived customer, under another name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PossibleDuplicate {
    /// The row (Excel row − 1).
    pub row: usize,
    pub name: String,
    /// The earlier row of the sheet it shares the phone with (Excel row − 1) …
    pub other_row: Option<usize>,
    /// … or the archived customer.
    pub other_customer: Option<i64>,
    pub other_code: Option<String>,
    pub other_name: String,
    /// The phone as the row writes it.
    pub phone: String,
    /// What TierDesk proposes: 合并 only when one name holds the other once
    /// the words every company has (有限公司, 科技 …) are left out.
    pub suggested: PairChoice,
    /// What this import does with the pair.
    pub chosen: PairChoice,
}

/// What the person chose for the pairs: one choice for all (the CLI's
/// default 分别导入, or its merge flag), else per row, else the suggestion.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PairChoices {
    pub all: Option<PairChoice>,
    /// By row (Excel row − 1).
    pub rows: HashMap<usize, PairChoice>,
}

impl PairChoices {
    fn choice(&self, row: usize, suggested: PairChoice) -> PairChoice {
        self.rows
            .get(&row)
            .copied()
            .or(self.all)
            .unwrap_or(suggested)
    }
}

/// A company's legal form: words every company has, so sharing them says
/// nothing. Words of a trade (科技, 贸易, 网络 …) stay: 华信科技 and 华信贸易
/// are two companies, not one.
const COMMON_WORDS: [&str; 7] = [
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "分公司",
    "公司",
    "集团",
    "工作室",
];

/// A name's own words: its match key without the words every company has.
fn core(name: &str) -> String {
    let mut s = text::match_key_name(name);
    for w in COMMON_WORDS {
        s = s.replace(w, "");
    }
    s
}

/// The name without what it says in brackets: 张三（个人） → 张三.
fn outside_brackets(name: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::new();
    for c in name.chars() {
        match c {
            '（' | '(' | '【' | '[' => depth += 1,
            '）' | ')' | '】' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A person's name: two to four Chinese characters outside brackets (or a
/// name with a ·, 阿依古丽·买买提), and no word of a company's legal form.
fn person(name: &str) -> Option<String> {
    let bare = core(&outside_brackets(name));
    let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·';
    let company = COMMON_WORDS.iter().any(|w| name.contains(w));
    let n = bare.chars().count();
    let long_ok = bare.contains('·') && n <= 16;
    (!company && ((2..=4).contains(&n) || long_ok) && bare.chars().all(han)).then_some(bare)
}

/// `long` is `short` with one of its characters typed twice (李四 / 李四四).
fn typed_twice(short: &str, long: &str) -> bool {
    let l: Vec<char> = long.chars().collect();
    l.len() == short.chars().count() + 1
        && (1..l.len()).any(|i| {
            l[i] == l[i - 1] && l[..i].iter().chain(&l[i + 1..]).copied().eq(short.chars())
        })
}

/// 合并 when one name's own words hold the other's (张三 and 张三（个人）,
/// 华信科技 and 华信科技s); 分别导入 otherwise (甲公司 and 乙公司). Two
/// people's names must be the same outside brackets, or differ by one
/// character typed twice (李四四): 张伟 and 张伟华 sharing a home phone are a
/// family, not one customer.
pub fn suggest(a: &str, b: &str) -> PairChoice {
    if let (Some(x), Some(y)) = (person(a), person(b)) {
        return if x == y || typed_twice(&x, &y) || typed_twice(&y, &x) {
            PairChoice::Merge
        } else {
            PairChoice::Separate
        };
    }
    let (x, y) = (core(a), core(b));
    if !x.is_empty() && !y.is_empty() && (x.contains(&y) || y.contains(&x)) {
        PairChoice::Merge
    } else {
        PairChoice::Separate
    }
}

/// Where a customer row goes once the earlier rows and the archive are asked.
pub(crate) enum Placed {
    /// The same customer as an earlier row: the row is not imported.
    Repeat { msg: Msg },
    /// The archived customer it is (`None`: a new one); a chosen merge
    /// keeps the archived customer's name (`keep_name`).
    Match {
        id: Option<i64>,
        keep_name: Option<String>,
    },
}

impl Placed {
    /// The draft to write for a matched row: its own, or under the name of
    /// the customer it was merged into.
    pub(crate) fn draft(
        keep_name: Option<String>,
        draft: &CustomerDraft,
    ) -> Cow<'_, CustomerDraft> {
        match keep_name {
            None => Cow::Borrowed(draft),
            Some(name) => Cow::Owned(CustomerDraft {
                name,
                ..draft.clone()
            }),
        }
    }
}

/// Matching customer rows with the pairs the person decides.
pub(crate) struct Pairing<'c> {
    choices: &'c PairChoices,
    seen: SeenInFile,
    pub(crate) found: Vec<PossibleDuplicate>,
}

impl<'c> Pairing<'c> {
    pub(crate) fn new(choices: &'c PairChoices) -> Pairing<'c> {
        Pairing {
            choices,
            seen: SeenInFile::default(),
            found: Vec::new(),
        }
    }

    /// Places one row: an earlier row of the sheet first, then the archive
    /// (by code, else phone when the names agree, else name).
    pub(crate) fn place<E>(
        &mut self,
        row: usize,
        draft: &CustomerDraft,
        keys: &KeyIndex,
        customer: &mut dyn FnMut(i64) -> Result<Customer, E>,
    ) -> Result<Placed, E> {
        match self.seen.look(row, draft) {
            Seen::Same(earlier, by) => {
                return Ok(Placed::Repeat {
                    msg: by.repeat_msg(earlier),
                })
            }
            Seen::PhoneOnly {
                row: earlier,
                name: other,
            } => {
                let chosen = self.pair(row, draft, Some(earlier), None, other.clone());
                if chosen == PairChoice::Merge {
                    let msg = Msg::new("import.merged_pair")
                        .with("row", earlier + 1)
                        .with("name", &other);
                    return Ok(Placed::Repeat { msg });
                }
                self.seen.keep(row, draft);
            }
            Seen::Fresh => {}
        }
        let unchanged = |id| Placed::Match {
            id,
            keep_name: None,
        };
        let id = match keys.find_by(draft) {
            None => return Ok(unchanged(None)),
            Some(Found::Code(id) | Found::Name(id)) => return Ok(unchanged(Some(id))),
            Some(Found::Phone(id)) => id,
        };
        let c = customer(id)?;
        if text::match_key_name(&c.name) == text::match_key_name(&draft.name) {
            return Ok(unchanged(Some(id)));
        }
        if let Some(by_name) = keys.by_name(&draft.name) {
            return Ok(unchanged(Some(by_name)));
        }
        let other = Some((id, c.code.clone()));
        Ok(match self.pair(row, draft, None, other, c.name.clone()) {
            PairChoice::Separate => unchanged(None),
            PairChoice::Merge => Placed::Match {
                id: Some(id),
                keep_name: Some(c.name),
            },
        })
    }

    /// Notes a pair and says what this import does with it.
    fn pair(
        &mut self,
        row: usize,
        draft: &CustomerDraft,
        other_row: Option<usize>,
        other_customer: Option<(i64, Option<String>)>,
        other_name: String,
    ) -> PairChoice {
        let suggested = suggest(&draft.name, &other_name);
        let chosen = self.choices.choice(row, suggested);
        let (other_customer, other_code) = match other_customer {
            Some((id, code)) => (Some(id), code),
            None => (None, None),
        };
        self.found.push(PossibleDuplicate {
            row,
            name: draft.name.clone(),
            other_row,
            other_customer,
            other_code,
            other_name,
            phone: draft.phone.clone().unwrap_or_default(),
            suggested,
            chosen,
        });
        chosen
    }
}
