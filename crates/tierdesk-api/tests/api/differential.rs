//! The differential import harness: customer sheets with known content are
//! generated from a seed, written by several real writers (Python's `csv`
//! module with CR LF, with LF, with a UTF-8 BOM and in GBK; openpyxl;
//! XlsxWriter; rust_xlsxwriter; and CSV text written from Rust with CR LF,
//! LF, BOM and GBK), imported through the API exactly as the CLI imports
//! them, and every stored value of every customer compared with what was
//! written, together with the number of rows read, the number of customers
//! stored and the Excel row numbers of the rows that were made bad on purpose.
//!
//! How to run it:
//!
//! - `cargo test -p tierdesk-api --test api differential` runs
//!   [`DEFAULT_CASES`] sheets through every writer from a fixed seed.
//! - `TIERDESK_DIFF_CASES=2000` runs that many sheets instead (not part of
//!   CI: minutes in a debug build). `TIERDESK_DIFF_SEED=n` starts from
//!   another seed. Every mismatch names its sheet's own seed;
//!   `TIERDESK_DIFF_SEED=<that seed> TIERDESK_DIFF_CASES=1` repeats that
//!   sheet alone, and `TIERDESK_DIFF_KEEP=<folder>` keeps the written files
//!   there to open by hand.
//! - `TIERDESK_PYTHON` names a python3 that has `openpyxl` and `xlsxwriter`
//!   (`python3 -m venv ~/.cache/tierdesk-py && ~/.cache/tierdesk-py/bin/pip
//!   install openpyxl xlsxwriter`); the Python writers live in
//!   `tests/writers/write_sheet.py`. Without it the Rust writers still run and
//!   the Python ones are skipped with a line saying so, except when `CI` is
//!   set: there a missing Python fails the test.
//!
//! (Over 600 lines: the generator, the writers and the comparison are one harness that must agree on every
//! value's form; split apart they would share most of their types.)

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use chrono::{Datelike, NaiveDate};
use serde_json::{json, Value};
use tierdesk_api::domain::text::match_key_name;
use tierdesk_api::domain::{Customer, CustomerQuery};
use tierdesk_api::{Api, ImportRequest};

/// Sheets in the ordinary test run: with 20–60 rows each through up to 11
/// writers, a few hundred imports that stay well under a minute in a debug
/// build.
const DEFAULT_CASES: usize = 40;
const DEFAULT_SEED: u64 = 20_240_612;

// ---------------------------------------------------------------- phones

/// The ways a phone is written in the sheets. Each form knows what TierDesk
/// must store for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PhoneForm {
    /// 13812345678, and in spreadsheets a number cell holding it.
    Mobile,
    /// +86 138 1234 5678
    Plus86Spaces,
    /// +86-138-1234-5678
    Plus86Dashes,
    /// 8613812345678
    CountryCode,
    /// 0086 13812345678
    Zero086,
    /// 138-1234-5678
    Dashes,
    /// 138 1234 5678
    Spaces,
    /// (+86) 13812345678
    Paren86,
    /// １３８１２３４５６７８ (full-width digits, as a Chinese IME types them)
    FullWidth,
    /// 010-12345678
    Landline3,
    /// 0755-1234567
    Landline4,
    /// (021)87654321
    LandlineParen,
    /// 0571 8765 4321
    LandlineSpaces,
    /// 87654321: a local number without the area code.
    LocalEight,
    /// 010-12345678转123
    ExtensionZhuan,
    /// 021-87654321-8008
    ExtensionDash,
    /// 400-820-8820
    Service400,
    /// 800-820-8820
    Service800,
    /// +852 2123 4567
    HongKong,
    /// +853 2812 3456
    Macau,
    /// +886 2 2345 6789
    Taiwan,
    /// 0912 345 678: a Taiwan mobile written as at home.
    TaiwanMobile,
}

/// Every form a sheet may hold a phone in; each is checked against the
/// stored form `normalize_phone` gives it (mobiles as 11 digits, landlines
/// `010-12345678`, local numbers as their digits, `400-123-4567`,
/// `+852 91234567`, `+886 912345678`, extensions `010-12345678转123`).
const ACCEPTED_PHONE_FORMS: &[PhoneForm] = &[
    PhoneForm::Mobile,
    PhoneForm::Plus86Spaces,
    PhoneForm::Plus86Dashes,
    PhoneForm::CountryCode,
    PhoneForm::Zero086,
    PhoneForm::Dashes,
    PhoneForm::Spaces,
    PhoneForm::Paren86,
    PhoneForm::FullWidth,
    PhoneForm::Landline3,
    PhoneForm::Landline4,
    PhoneForm::LandlineParen,
    PhoneForm::LandlineSpaces,
    PhoneForm::LocalEight,
    PhoneForm::ExtensionZhuan,
    PhoneForm::ExtensionDash,
    PhoneForm::Service400,
    PhoneForm::Service800,
    PhoneForm::HongKong,
    PhoneForm::Macau,
    PhoneForm::Taiwan,
    PhoneForm::TaiwanMobile,
];

// ---------------------------------------------------------------- columns

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Code,
    Name,
    Phone,
    Spend,
    /// 消费金额（万元）: bare numbers are in units of 10,000 yuan.
    SpendWan,
    Frequency,
    Tenure,
    Gender,
    Birth,
    Registered,
    Email,
    Address,
    Notes,
    Manager,
    Tags,
    /// A custom text column.
    Industry,
    /// A custom number column.
    Satisfaction,
    /// A custom date column.
    ContractEnd,
}

impl Col {
    fn header(self) -> &'static str {
        match self {
            Col::Code => "客户编号",
            Col::Name => "客户名称",
            Col::Phone => "联系方式",
            Col::Spend => "消费金额",
            Col::SpendWan => "消费金额（万元）",
            Col::Frequency => "购买频次",
            Col::Tenure => "使用年限",
            Col::Gender => "性别",
            Col::Birth => "出生日期",
            Col::Registered => "注册时间",
            Col::Email => "邮箱",
            Col::Address => "地址",
            Col::Notes => "备注",
            Col::Manager => "客户经理",
            Col::Tags => "标签",
            Col::Industry => "所属行业",
            Col::Satisfaction => "满意度",
            Col::ContractEnd => "合同到期日",
        }
    }

    fn is_custom(self) -> bool {
        matches!(self, Col::Industry | Col::Satisfaction | Col::ContractEnd)
    }
}

/// Columns a sheet may have besides code, name and spend, which every
/// sheet has (the code finds the customer again; the spend column is where
/// the bad rows are bad).
const OPTIONAL_COLS: [Col; 14] = [
    Col::Phone,
    Col::Frequency,
    Col::Tenure,
    Col::Gender,
    Col::Birth,
    Col::Registered,
    Col::Email,
    Col::Address,
    Col::Notes,
    Col::Manager,
    Col::Tags,
    Col::Industry,
    Col::Satisfaction,
    Col::ContractEnd,
];

// ---------------------------------------------------------------- values

/// What a cell holds when written: the text (what every CSV writer writes),
/// and for the spreadsheet writers optionally a number or a date cell instead.
#[derive(Debug, Clone, PartialEq)]
struct Written {
    text: String,
    native: Native,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Native {
    Text,
    Number(f64),
    Date(NaiveDate),
}

impl Written {
    fn text(s: impl Into<String>) -> Written {
        Written {
            text: s.into(),
            native: Native::Text,
        }
    }

    fn empty() -> Written {
        Written::text("")
    }

    fn shown(&self) -> String {
        match self.native {
            Native::Text => format!("'{}'", clip(&self.text)),
            Native::Number(n) => format!("number {n} (text '{}')", clip(&self.text)),
            Native::Date(d) => format!("date {d} (text '{}')", self.text),
        }
    }
}

/// A stored value, or what one must be.
#[derive(Debug, Clone, PartialEq)]
enum V {
    Text(String),
    Num(f64),
    Date(NaiveDate),
    List(Vec<String>),
}

impl V {
    fn agrees(want: &Option<V>, got: &Option<V>) -> bool {
        match (want, got) {
            (None, None) => true,
            (Some(V::Num(a)), Some(V::Num(b))) => (a - b).abs() <= 1e-9 * a.abs().max(1.0),
            (a, b) => a == b,
        }
    }

    fn shown(v: &Option<V>) -> String {
        match v {
            None => "(empty)".into(),
            Some(V::Text(s)) => format!("'{}'", clip(s)),
            Some(V::Num(n)) => format!("{n}"),
            Some(V::Date(d)) => format!("{d}"),
            Some(V::List(l)) => format!("{l:?}"),
        }
    }
}

/// Long texts are cut in messages, with their length, so a mismatch in a
/// 4,000-character note stays readable.
fn clip(s: &str) -> String {
    let n = s.chars().count();
    if n <= 80 {
        s.to_owned()
    } else {
        let head: String = s.chars().take(60).collect();
        format!("{head}…（共 {n} 字）")
    }
}

fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

// ---------------------------------------------------------------- generator

/// The sheets' random choices. `fastrand` is already a dependency of the API
/// crate and its `Rng::with_seed` gives the same sequence for a seed on
/// every machine, which is all a reproducible generator needs; `rand` or
/// `proptest` would add a dependency (and proptest's shrinking fits
/// single values, not a sheet of a few thousand cells compared as a whole).
struct Gen {
    rng: fastrand::Rng,
    /// Only characters GBK can encode, so the GBK writers can take the sheet.
    gbk: bool,
}

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤";
const GIVEN: &str = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华建国志红玉兰海燕鹏飞晓东梅琳雪峰浩然子涵欣怡思远";
const COMPANY_HEADS: [&str; 12] = [
    "华信",
    "鼎盛",
    "恒通",
    "金桥",
    "远航",
    "东方",
    "新世纪",
    "汇丰",
    "宏达",
    "瑞丰",
    "星辰",
    "天成",
];
const COMPANY_TAILS: [&str; 7] = [
    "科技有限公司",
    "贸易有限公司",
    "商行",
    "餐饮店",
    "集团",
    "工作室",
    "（北京）有限公司",
];
/// Characters GBK cannot encode: emoji (outside the BMP, four UTF-8
/// bytes), a CJK extension B character, accented Latin letters.
const WIDE: [&str; 8] = ["😀", "🎉", "🚀", "🌟", "💼", "🍜", "𠮷", "é"];
const INDUSTRIES: [&str; 10] = [
    "制造业",
    "餐饮 连锁",
    "互联网",
    "批发零售",
    "教育培训",
    "医疗 器械",
    "物流运输",
    "房地产",
    "金融服务",
    "文化传媒",
];
const TAGS: [&str; 9] = [
    "VIP",
    "老客户",
    "重点",
    "华东",
    "华北",
    "潜力",
    "待回访",
    "企业",
    "个人",
];
const BAD_SPEND: [&str; 6] = ["十万", "约5千", "待定", "1.2.3", "五百元", "12k"];
const TEXT_BITS: [&str; 12] = [
    "客户反馈良好",
    "需要跟进，下周回访",
    "曾投诉物流慢, 已处理",
    "偏好 线上 下单",
    "年底有大单意向",
    "联系人换成了\"李经理\"",
    "地址变更请核实",
    "2023年合同续签",
    "发票抬头：华信科技有限公司",
    "优惠券已发放；待使用",
    "电话 忙音 三次",
    "A/B 类产品都买",
];

impl Gen {
    fn chance(&mut self, p: f64) -> bool {
        self.rng.f64() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.usize(..items.len())]
    }

    fn char_of(&mut self, s: &str) -> char {
        let chars: Vec<char> = s.chars().collect();
        *self.pick(&chars)
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.rng.u8(0..10)))
            .collect()
    }

    fn person(&mut self) -> String {
        let mut s = String::new();
        s.push(self.char_of(SURNAMES));
        for _ in 0..self.rng.usize(1..3) {
            s.push(self.char_of(GIVEN));
        }
        s
    }

    #[allow(clippy::explicit_auto_deref)] // `pick` lends an element of a list of texts
    fn wide(&mut self) -> &'static str {
        *self.pick(&WIDE)
    }

    /// A name as people type them: persons, companies (some with commas and
    /// quotes a CSV writer must quote), spaces inside and at the edges,
    /// emoji and characters beyond the BMP.
    fn name(&mut self) -> String {
        let core = match self.rng.u8(0..6) {
            0 | 1 => self.person(),
            2 => format!("{}{}", self.pick(&COMPANY_HEADS), self.pick(&COMPANY_TAILS)),
            3 => format!(
                "{}{}, \"{}\"分店",
                self.pick(&COMPANY_HEADS),
                self.pick(&COMPANY_TAILS),
                self.pick(&["北京", "上海", "深圳"])
            ),
            4 => {
                let p = self.person();
                let mut chars = p.chars();
                let first = chars.next().unwrap();
                format!("{first} {}", chars.as_str())
            }
            _ => format!("Tom {} Lee", self.person()),
        };
        let core = if !self.gbk && self.chance(0.3) {
            format!("{core}{}", self.wide())
        } else {
            core
        };
        match self.rng.u8(0..5) {
            0 => format!(" {core} "),
            1 => format!("\u{3000}{core}"),
            2 => format!("{core}  "),
            _ => core,
        }
    }

    /// A unique code in one of the forms sheets hold; `i` is the row's
    /// index, which keeps the codes of a sheet apart.
    fn code(&mut self, i: usize) -> (Written, String) {
        match self.rng.u8(0..6) {
            0 => {
                let s = format!("{:05}", i + 1);
                (Written::text(s.clone()), s)
            }
            1 => {
                let s = format!("KH{:06}", i + 1);
                (Written::text(s.clone()), s)
            }
            2 => {
                let s = format!("C-{}-{:04}", 2015 + self.rng.u32(0..10), i + 1);
                (Written::text(s.clone()), s)
            }
            3 => {
                // A code that is a number: a number cell in the spreadsheets.
                let n = 100_000 + i as u64 * 10;
                (
                    Written {
                        text: n.to_string(),
                        native: Native::Number(n as f64),
                    },
                    n.to_string(),
                )
            }
            4 => {
                let s = format!("KH{:04}", i + 1);
                (Written::text(fullwidth(&s)), s)
            }
            _ => {
                // As a spreadsheet exported through a float column writes it.
                let n = 500_000 + i as u64;
                (Written::text(format!("{n}.0")), n.to_string())
            }
        }
    }

    fn mobile(&mut self) -> String {
        format!("1{}{}", self.rng.u8(3..10), self.digits(9))
    }

    fn phone(&mut self) -> (Written, V, PhoneForm) {
        let form = *self.pick(ACCEPTED_PHONE_FORMS);
        let m = self.mobile();
        let (a, b, c) = (&m[..3], &m[3..7], &m[7..]);
        let local8 = format!("{}{}", self.rng.u8(2..9), self.digits(7));
        let local7 = format!("{}{}", self.rng.u8(2..9), self.digits(6));
        let mobile = |w: Written| (w, V::Text(m.clone()), form);
        let text = |s: String, v: V| (Written::text(s), v, form);
        match form {
            PhoneForm::Mobile => mobile(if self.chance(0.5) {
                Written {
                    text: m.clone(),
                    native: Native::Number(m.parse().unwrap()),
                }
            } else {
                Written::text(m.clone())
            }),
            PhoneForm::Plus86Spaces => mobile(Written::text(format!("+86 {a} {b} {c}"))),
            PhoneForm::Plus86Dashes => mobile(Written::text(format!("+86-{a}-{b}-{c}"))),
            PhoneForm::CountryCode => mobile(Written::text(format!("86{m}"))),
            PhoneForm::Zero086 => mobile(Written::text(format!("0086 {m}"))),
            PhoneForm::Dashes => mobile(Written::text(format!("{a}-{b}-{c}"))),
            PhoneForm::Spaces => mobile(Written::text(format!(" {a} {b} {c} "))),
            PhoneForm::Paren86 => mobile(Written::text(format!("(+86) {m}"))),
            PhoneForm::FullWidth => mobile(Written::text(fullwidth(&m))),
            PhoneForm::Landline3 => {
                let area = self
                    .pick(&["010", "021", "022", "023", "020", "025"])
                    .to_string();
                text(
                    format!("{area}-{local8}"),
                    V::Text(format!("{area}-{local8}")),
                )
            }
            PhoneForm::Landline4 => {
                let area = self.pick(&["0755", "0571", "0512", "0931"]).to_string();
                text(
                    format!("{area}-{local7}"),
                    V::Text(format!("{area}-{local7}")),
                )
            }
            PhoneForm::LandlineParen => {
                let area = self.pick(&["010", "021", "0755"]).to_string();
                text(
                    format!("({area}){local8}"),
                    V::Text(format!("{area}-{local8}")),
                )
            }
            PhoneForm::LandlineSpaces => text(
                format!("0571 {} {}", &local8[..4], &local8[4..]),
                V::Text(format!("0571-{local8}")),
            ),
            PhoneForm::LocalEight => text(
                format!("{} {}", &local8[..4], &local8[4..]),
                V::Text(local8.clone()),
            ),
            PhoneForm::ExtensionZhuan => {
                let ext = format!("{}", self.rng.u32(100..9000));
                text(
                    format!("010-{local8}转{ext}"),
                    V::Text(format!("010-{local8}转{ext}")),
                )
            }
            PhoneForm::ExtensionDash => {
                let ext = format!("{}", self.rng.u32(100..9000));
                text(
                    format!("021-{local8}-{ext}"),
                    V::Text(format!("021-{local8}转{ext}")),
                )
            }
            PhoneForm::Service400 | PhoneForm::Service800 => {
                let head = if form == PhoneForm::Service400 {
                    "400"
                } else {
                    "800"
                };
                let n = format!("{head}{}", self.digits(7));
                let s = match self.rng.u8(0..3) {
                    0 => format!("{head}-{}-{}", &n[3..6], &n[6..]),
                    1 => format!("{head} {} {}", &n[3..6], &n[6..]),
                    _ => n.clone(),
                };
                let stored = format!("{head}-{}-{}", &n[3..6], &n[6..]);
                text(s, V::Text(stored))
            }
            PhoneForm::HongKong => {
                let n = format!(
                    "{}{}",
                    self.pick(&["2", "3", "5", "6", "9"]),
                    self.digits(7)
                );
                text(
                    format!("+852 {} {}", &n[..4], &n[4..]),
                    V::Text(format!("+852 {n}")),
                )
            }
            PhoneForm::Macau => {
                let n = format!("{}{}", self.pick(&["28", "66", "62"]), self.digits(6));
                text(
                    format!("+853 {} {}", &n[..4], &n[4..]),
                    V::Text(format!("+853 {n}")),
                )
            }
            PhoneForm::Taiwan => {
                let n = format!("2{}", self.digits(8));
                text(
                    format!("+886 2 {} {}", &n[1..5], &n[5..]),
                    V::Text(format!("+886 {n}")),
                )
            }
            PhoneForm::TaiwanMobile => {
                // Stored under the country code, without the trunk 0.
                let n = format!("9{}", self.digits(8));
                text(
                    format!("0{} {} {}", &n[..3], &n[3..6], &n[6..]),
                    V::Text(format!("+886 {n}")),
                )
            }
        }
    }

    /// An amount under a 消费金额 header in yuan, in one of the forms
    /// `values::read_money` reads, with what it is worth.
    fn spend_yuan(&mut self) -> (Written, f64) {
        let cents = self.rng.u64(0..100_000_000);
        let (yuan, frac) = (cents / 100, cents % 100);
        let value = cents as f64 / 100.0;
        let plain = format!("{yuan}.{frac:02}");
        let grouped = format!("{}.{frac:02}", group(yuan));
        match self.rng.u8(0..11) {
            0 => (Written::text(plain), value),
            1 => (Written::text(grouped), value),
            // GBK has the full-width ￥ but not the Latin-1 ¥.
            2 if self.gbk => (Written::text(format!("￥{grouped}")), value),
            2 => (Written::text(format!("¥{grouped}")), value),
            3 => (Written::text(format!("￥{}", group(yuan))), yuan as f64),
            4 => (Written::text(format!("{}元", group(yuan))), yuan as f64),
            5 => {
                let tenths = self.rng.u32(1..5000);
                let s = format!("{}.{}", tenths / 10, tenths % 10);
                let v: f64 = s.parse().unwrap();
                (Written::text(format!("{s}万")), v * 1e4)
            }
            6 => {
                let tenths = self.rng.u32(1..5000);
                let s = format!("{}.{}", tenths / 10, tenths % 10);
                let v: f64 = s.parse().unwrap();
                (Written::text(format!("{s}万元")), v * 1e4)
            }
            7 => (
                Written::text(format!("（{}）", group(yuan))),
                -(yuan as f64),
            ),
            8 => (Written::text(fullwidth(&yuan.to_string())), yuan as f64),
            9 => (Written::text(format!("RMB {yuan}")), yuan as f64),
            _ => (
                Written {
                    text: plain,
                    native: Native::Number(value),
                },
                value,
            ),
        }
    }

    /// An amount under 消费金额（万元）: bare numbers are in 万元, numbers with
    /// their own unit word keep it.
    fn spend_wan(&mut self) -> (Written, f64) {
        let hundredths = self.rng.u32(0..100_000);
        let s = format!("{}.{:02}", hundredths / 100, hundredths % 100);
        let v: f64 = s.parse().unwrap();
        match self.rng.u8(0..4) {
            0 => (Written::text(s), v * 1e4),
            1 => (Written::text(format!("{s}万")), v * 1e4),
            2 => {
                let yuan = self.rng.u32(1..99_999);
                (Written::text(format!("{yuan}元")), f64::from(yuan))
            }
            _ => (
                Written {
                    text: s,
                    native: Native::Number(v),
                },
                v * 1e4,
            ),
        }
    }

    /// Purchases per year; the flag says the reading converted the words, so
    /// the import keeps them in the notes.
    fn frequency(&mut self) -> (Written, f64, bool) {
        let n = self.rng.u32(1..40);
        match self.rng.u8(0..7) {
            0 => (Written::text(n.to_string()), f64::from(n), false),
            1 => (Written::text(format!("{n}次")), f64::from(n), false),
            2 => (Written::text(format!("{n}次/年")), f64::from(n), false),
            3 => (
                Written::text(format!("每月{n}次")),
                f64::from(n) * 12.0,
                true,
            ),
            4 => (
                Written::text(format!("每季度{n}次")),
                f64::from(n) * 4.0,
                true,
            ),
            5 => (
                Written::text(format!("每周{n}次")),
                f64::from(n) * 52.0,
                true,
            ),
            _ => (
                Written {
                    text: n.to_string(),
                    native: Native::Number(f64::from(n)),
                },
                f64::from(n),
                false,
            ),
        }
    }

    fn tenure(&mut self) -> (Written, f64) {
        let y = self.rng.u32(0..20);
        match self.rng.u8(0..7) {
            0 => (Written::text(y.to_string()), f64::from(y)),
            1 => (Written::text(format!("{y}年")), f64::from(y)),
            2 => (
                Written::text(format!("{}年6个月", y + 1)),
                f64::from(y) + 1.5,
            ),
            3 => (Written::text("18个月"), 1.5),
            4 => (Written::text("半年"), 0.5),
            5 => (Written::text(format!("{}年半", y + 1)), f64::from(y) + 1.5),
            _ => (
                Written {
                    text: y.to_string(),
                    native: Native::Number(f64::from(y)),
                },
                f64::from(y),
            ),
        }
    }

    fn day(&mut self, from: i32, to: i32) -> NaiveDate {
        let start = NaiveDate::from_ymd_opt(from, 1, 1).unwrap();
        let days = (NaiveDate::from_ymd_opt(to, 1, 1).unwrap() - start).num_days();
        start + chrono::Duration::days(self.rng.i64(0..days))
    }

    /// A date in a form `values::read_date` reads; `custom` keeps to the
    /// forms that make a custom column a date column (a dash, a slash or 年).
    fn date(&mut self, from: i32, to: i32, custom: bool) -> (Written, NaiveDate) {
        let d = self.day(from, to);
        let (y, m, dd) = (d.year(), d.month(), d.day());
        let forms = if custom { 4 } else { 7 };
        let w = match self.rng.u8(0..forms) {
            0 => Written::text(d.format("%Y-%m-%d").to_string()),
            1 => Written::text(format!("{y}/{m}/{dd}")),
            2 => Written::text(format!("{y}年{m}月{dd}日")),
            3 => Written {
                text: d.format("%Y-%m-%d").to_string(),
                native: Native::Date(d),
            },
            4 => Written::text(format!("{y}.{m}.{dd}")),
            5 => Written::text(d.format("%Y%m%d").to_string()),
            _ => Written::text(format!(
                "{} 10:{:02}",
                d.format("%Y-%m-%d"),
                self.rng.u8(0..60)
            )),
        };
        (w, d)
    }

    fn text_bits(&mut self, n: usize) -> String {
        let mut s = String::new();
        for k in 0..n {
            if k > 0 {
                s.push_str(self.pick::<&str>(&["，", ", ", "\n", "；", " "]));
            }
            s.push_str(self.pick::<&str>(&TEXT_BITS));
            if !self.gbk && self.chance(0.1) {
                s.push_str(self.wide());
            }
        }
        s
    }
}

fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (k, ch) in s.chars().enumerate() {
        if k > 0 && (s.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

// ---------------------------------------------------------------- sheets

struct Row {
    cells: Vec<Written>,
    /// What each column must store (by column index); `None` for empty.
    want: Vec<Option<V>>,
    code: String,
    /// The notes the customer must have (the 备注 cell, plus the original
    /// words of a converted frequency).
    notes: Option<String>,
    /// Made bad on purpose: a 消费金额 that is not an amount.
    bad: bool,
    phone_form: Option<PhoneForm>,
}

struct Sheet {
    seed: u64,
    /// Only characters GBK can encode.
    gbk: bool,
    cols: Vec<Col>,
    rows: Vec<Row>,
}

impl Sheet {
    fn generate(seed: u64, max_rows: usize) -> Sheet {
        let mut rng = fastrand::Rng::with_seed(seed);
        let gbk = rng.bool();
        let mut g = Gen { rng, gbk };
        let spend = if g.chance(0.3) {
            Col::SpendWan
        } else {
            Col::Spend
        };
        let mut cols = vec![Col::Code, Col::Name, spend];
        for c in OPTIONAL_COLS {
            if g.chance(0.6) && !cols.contains(&c) {
                cols.push(c);
            }
        }
        g.rng.shuffle(&mut cols);
        let n_rows = g.rng.usize(20..=max_rows.max(20));
        let mut names = HashSet::new();
        let mut rows = Vec::with_capacity(n_rows);
        for i in 0..n_rows {
            rows.push(Sheet::row(&mut g, &cols, i, &mut names));
        }
        Sheet {
            seed,
            gbk,
            cols,
            rows,
        }
    }

    fn row(g: &mut Gen, cols: &[Col], i: usize, names: &mut HashSet<String>) -> Row {
        let bad = g.chance(0.08);
        let mut cells = Vec::new();
        let mut want = Vec::new();
        let mut code = String::new();
        let mut notes_cell = None;
        let mut converted = None;
        let mut phone_form = None;
        for &c in cols {
            // Every column but the code, the name and the spend is left
            // empty now and then: an empty cell stores nothing.
            if !matches!(c, Col::Code | Col::Name | Col::Spend | Col::SpendWan) && g.chance(0.15) {
                cells.push(Written::empty());
                want.push(None);
                continue;
            }
            let (w, v) = match c {
                Col::Code => {
                    let (w, s) = g.code(i);
                    code = s.clone();
                    (w, Some(V::Text(s)))
                }
                Col::Name => {
                    // Names are unique by the key duplicate matching uses,
                    // so every row is a customer of its own.
                    let mut name = g.name();
                    while !names.insert(match_key_name(&name)) {
                        name = format!("{}{}", name.trim(), i);
                    }
                    let stored = name.trim().to_owned();
                    (Written::text(name), Some(V::Text(stored)))
                }
                Col::Phone => {
                    let (w, v, form) = g.phone();
                    phone_form = Some(form);
                    (w, Some(v))
                }
                Col::Spend | Col::SpendWan if bad => (Written::text(*g.pick(&BAD_SPEND)), None),
                Col::Spend => {
                    let (w, v) = g.spend_yuan();
                    (w, Some(V::Num(v)))
                }
                Col::SpendWan => {
                    let (w, v) = g.spend_wan();
                    (w, Some(V::Num(v)))
                }
                Col::Frequency => {
                    let (w, v, conv) = g.frequency();
                    if conv {
                        converted = Some(w.text.clone());
                    }
                    (w, Some(V::Num(v)))
                }
                Col::Tenure => {
                    let (w, v) = g.tenure();
                    (w, Some(V::Num(v)))
                }
                Col::Gender => {
                    let (s, label) = *g.pick(&[
                        ("男", "男"),
                        ("女", "女"),
                        ("M", "男"),
                        ("F", "女"),
                        ("male", "男"),
                        ("female", "女"),
                        (" 女 ", "女"),
                    ]);
                    (Written::text(s), Some(V::Text(label.to_owned())))
                }
                Col::Birth => {
                    let (w, d) = g.date(1950, 2006, false);
                    (w, Some(V::Date(d)))
                }
                Col::Registered => {
                    let (w, d) = g.date(2000, 2025, false);
                    (w, Some(V::Date(d)))
                }
                Col::ContractEnd => {
                    let (w, d) = g.date(2024, 2030, true);
                    (w, Some(V::Date(d)))
                }
                Col::Email => {
                    let user = g.pick(&["zhang.san", "li_si", "wang-wu", "sales+vip", "a1"]);
                    let domain = g.pick(&["example.com", "qq.com", "163.com", "corp.cn"]);
                    let s = format!("{user}{i}@{domain}");
                    let w = if g.chance(0.2) {
                        format!(" {s} ")
                    } else {
                        s.clone()
                    };
                    (Written::text(w), Some(V::Text(s)))
                }
                Col::Address => {
                    let city = g.pick(&[
                        "北京市朝阳区",
                        "上海市 浦东新区",
                        "深圳市南山区",
                        "杭州市西湖区",
                    ]);
                    let s = format!(
                        "{city}建国路{}号, \"{}\"大厦{}座",
                        g.rng.u32(1..300),
                        g.pick(&COMPANY_HEADS),
                        g.pick(&["A", "B", "C"])
                    );
                    let s = if g.chance(0.2) {
                        format!("{s}\n（收货地址）")
                    } else {
                        s
                    };
                    let w = if g.chance(0.2) {
                        format!("  {s}")
                    } else {
                        s.clone()
                    };
                    (Written::text(w), Some(V::Text(s)))
                }
                Col::Notes => {
                    // Now and then a long text: a few thousand characters
                    // with line breaks, commas and quotes.
                    let n = if g.chance(0.1) {
                        g.rng.usize(150..400)
                    } else {
                        g.rng.usize(1..4)
                    };
                    let s = g.text_bits(n);
                    let stored = s.trim().to_owned();
                    notes_cell = Some(stored.clone());
                    (Written::text(s), Some(V::Text(stored)))
                }
                Col::Manager => {
                    let s = g.person();
                    (Written::text(s.clone()), Some(V::Text(s)))
                }
                Col::Tags => {
                    let k = g.rng.usize(1..5);
                    let mut wanted: Vec<String> = Vec::new();
                    let mut s = String::new();
                    for j in 0..k {
                        if j > 0 {
                            s.push_str(g.pick::<&str>(&["，", ",", "、", ";", "；", " , "]));
                        }
                        let t = *g.pick(&TAGS);
                        s.push_str(t);
                        if !wanted.iter().any(|x| x == t) {
                            wanted.push(t.to_owned());
                        }
                    }
                    (Written::text(s), Some(V::List(wanted)))
                }
                Col::Industry => {
                    let base = *g.pick(&INDUSTRIES);
                    let s = if !g.gbk && g.chance(0.2) {
                        format!("{base}{}", g.wide())
                    } else {
                        base.to_owned()
                    };
                    let w = if g.chance(0.2) {
                        format!(" {s}\u{3000}")
                    } else {
                        s.clone()
                    };
                    (Written::text(w), Some(V::Text(s)))
                }
                Col::Satisfaction => {
                    let tenths = g.rng.u32(10..51);
                    let s = format!("{}.{}", tenths / 10, tenths % 10);
                    let v: f64 = s.parse().unwrap();
                    match g.rng.u8(0..3) {
                        0 => (Written::text(s), Some(V::Num(v))),
                        1 => (
                            Written::text(format!("{}分", tenths / 10)),
                            Some(V::Num(f64::from(tenths / 10))),
                        ),
                        _ => (
                            Written {
                                text: s,
                                native: Native::Number(v),
                            },
                            Some(V::Num(v)),
                        ),
                    }
                }
            };
            cells.push(w);
            want.push(v);
        }
        // A converted frequency keeps its words in the notes (the API's
        // `keep_originals`), under the notes the sheet gave.
        let notes = match (notes_cell, converted) {
            (n, None) => n,
            (None, Some(said)) => Some(format!("原表写作 购买频次：{said}")),
            (Some(n), Some(said)) => Some(format!("{n}\n原表写作 购买频次：{said}")),
        };
        Row {
            cells,
            want,
            code,
            notes,
            bad,
            phone_form,
        }
    }

    fn excel_row(i: usize) -> u64 {
        // Row 1 is the header.
        i as u64 + 2
    }

    fn spend_col(&self) -> usize {
        self.cols
            .iter()
            .position(|c| matches!(c, Col::Spend | Col::SpendWan))
            .unwrap()
    }

    fn headers(&self) -> Vec<&'static str> {
        self.cols.iter().map(|c| c.header()).collect()
    }

    fn file_stem(&self) -> String {
        format!("星级客户_{}", self.seed)
    }

    fn to_json(&self) -> Value {
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|r| {
                Value::Array(
                    r.cells
                        .iter()
                        .map(|c| match c.native {
                            Native::Text => json!({ "t": c.text }),
                            Native::Number(n) => json!({ "t": c.text, "n": n }),
                            Native::Date(d) => {
                                json!({ "t": c.text, "d": d.format("%Y-%m-%d").to_string() })
                            }
                        })
                        .collect(),
                )
            })
            .collect();
        json!({ "headers": self.headers(), "rows": rows })
    }
}

// ---------------------------------------------------------------- writers

// Named after the tools: XlsxWriter and rust_xlsxwriter are their names.
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Writer {
    RustXlsxWriter,
    RustCsvCrlf,
    RustCsvLf,
    RustCsvBom,
    RustCsvGbk,
    PyCsvCrlf,
    PyCsvLf,
    PyCsvBom,
    PyCsvGbk,
    Openpyxl,
    XlsxWriter,
}

const WRITERS: [Writer; 11] = [
    Writer::RustXlsxWriter,
    Writer::RustCsvCrlf,
    Writer::RustCsvLf,
    Writer::RustCsvBom,
    Writer::RustCsvGbk,
    Writer::PyCsvCrlf,
    Writer::PyCsvLf,
    Writer::PyCsvBom,
    Writer::PyCsvGbk,
    Writer::Openpyxl,
    Writer::XlsxWriter,
];

impl Writer {
    fn name(self) -> &'static str {
        match self {
            Writer::RustXlsxWriter => "rust_xlsxwriter",
            Writer::RustCsvCrlf => "rust csv CRLF",
            Writer::RustCsvLf => "rust csv LF",
            Writer::RustCsvBom => "rust csv BOM+CRLF",
            Writer::RustCsvGbk => "rust csv GBK+CRLF",
            Writer::PyCsvCrlf => "python csv (CRLF)",
            Writer::PyCsvLf => "python csv LF",
            Writer::PyCsvBom => "python csv utf-8-sig",
            Writer::PyCsvGbk => "python csv gbk",
            Writer::Openpyxl => "openpyxl",
            Writer::XlsxWriter => "XlsxWriter",
        }
    }

    /// The writer's name for `write_sheet.py`; `None` for the Rust writers.
    fn python(self) -> Option<&'static str> {
        match self {
            Writer::PyCsvCrlf => Some("csv_crlf"),
            Writer::PyCsvLf => Some("csv_lf"),
            Writer::PyCsvBom => Some("csv_bom"),
            Writer::PyCsvGbk => Some("csv_gbk"),
            Writer::Openpyxl => Some("openpyxl"),
            Writer::XlsxWriter => Some("xlsxwriter"),
            _ => None,
        }
    }

    fn gbk(self) -> bool {
        matches!(self, Writer::RustCsvGbk | Writer::PyCsvGbk)
    }

    fn file_name(self, sheet: &Sheet) -> String {
        let ext = match self {
            Writer::RustXlsxWriter | Writer::Openpyxl | Writer::XlsxWriter => "xlsx",
            _ => "csv",
        };
        let tag = format!("{self:?}").to_lowercase();
        format!("{}_{tag}.{ext}", sheet.file_stem())
    }
}

fn write_rust_csv(sheet: &Sheet, writer: Writer, path: &Path) {
    // The `csv` crate quotes exactly the cells that need it (separators,
    // quotes, line breaks), as Excel and Python's csv module do.
    let terminator = if writer == Writer::RustCsvLf {
        csv::Terminator::Any(b'\n')
    } else {
        csv::Terminator::CRLF
    };
    let mut w = csv::WriterBuilder::new()
        .terminator(terminator)
        .from_writer(Vec::new());
    w.write_record(sheet.headers()).unwrap();
    for r in &sheet.rows {
        w.write_record(r.cells.iter().map(|c| c.text.as_str()))
            .unwrap();
    }
    let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
    let bytes = match writer {
        Writer::RustCsvBom => {
            let mut b = "\u{FEFF}".as_bytes().to_vec();
            b.extend_from_slice(text.as_bytes());
            b
        }
        Writer::RustCsvGbk => {
            let (b, _, lossy) = encoding_rs::GBK.encode(&text);
            assert!(
                !lossy,
                "seed {}: the generator put a non-GBK character into a GBK sheet",
                sheet.seed
            );
            b.into_owned()
        }
        _ => text.into_bytes(),
    };
    std::fs::write(path, bytes).unwrap();
}

fn write_rust_xlsx(sheet: &Sheet, path: &Path) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let ws = book.add_worksheet();
    ws.set_name("客户").unwrap();
    for (j, h) in sheet.headers().iter().enumerate() {
        ws.write_string(0, j as u16, *h).unwrap();
    }
    for (i, r) in sheet.rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (j, c) in r.cells.iter().enumerate() {
            let col = j as u16;
            match c.native {
                Native::Text if c.text.is_empty() => {}
                Native::Text => {
                    ws.write_string(row, col, &c.text).unwrap();
                }
                Native::Number(n) => {
                    ws.write_number(row, col, n).unwrap();
                }
                Native::Date(d) => {
                    let dt =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                            .unwrap();
                    ws.write_datetime_with_format(row, col, &dt, &date).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

/// The python3 of `TIERDESK_PYTHON`, or `None` with the reason printed; on
/// CI a missing Python is a failure, so the Python writers cannot silently
/// drop out of the build that guards them.
fn python() -> Option<PathBuf> {
    match std::env::var_os("TIERDESK_PYTHON").filter(|p| !p.is_empty()) {
        Some(p) => Some(PathBuf::from(p)),
        None => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but TIERDESK_PYTHON is not: the differential import test needs a \
                 python3 with openpyxl and xlsxwriter (see the top of differential.rs)"
            );
            println!(
                "differential: SKIPPED the Python writers (csv CRLF/LF/BOM/GBK, openpyxl, \
                 XlsxWriter): TIERDESK_PYTHON is not set"
            );
            None
        }
    }
}

fn write_with_python(
    python: &Path,
    dir: &Path,
    jobs: &[(usize, Writer, PathBuf)],
    sheets: &[Sheet],
) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/writers/write_sheet.py");
    let mut used = BTreeMap::new();
    let jobs: Vec<Value> = jobs
        .iter()
        .map(|(k, w, p)| {
            used.entry(k.to_string())
                .or_insert_with(|| sheets[*k].to_json());
            json!({ "path": p, "writer": w.python().unwrap(), "sheet": k.to_string() })
        })
        .collect();
    let spec = dir.join("spec.json");
    std::fs::write(&spec, json!({ "jobs": jobs, "sheets": used }).to_string()).unwrap();
    let out = std::process::Command::new(python)
        .arg(&script)
        .arg(&spec)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} ({e})", python.display()));
    assert!(
        out.status.success(),
        "{} {} failed:\n{}",
        python.display(),
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---------------------------------------------------------------- checking

/// One disagreement between what was written and what was imported.
struct Mismatch {
    writer: Writer,
    seed: u64,
    /// Short words for the summary: which kind of disagreement.
    cause: String,
    detail: String,
}

fn stored(c: &Customer, col: Col, keys: &HashMap<String, String>) -> Option<V> {
    let text = |s: &Option<String>| s.clone().map(V::Text);
    let num = |n: Option<f64>| n.map(V::Num);
    match col {
        Col::Code => text(&c.code),
        Col::Name => Some(V::Text(c.name.clone())),
        Col::Phone => text(&c.phone),
        Col::Spend | Col::SpendWan => num(c.spend),
        Col::Frequency => num(c.frequency),
        Col::Tenure => num(c.tenure_years),
        Col::Gender => c.gender.map(|g| V::Text(g.label().to_owned())),
        Col::Birth => c.birth_date.map(V::Date),
        Col::Registered => c.registered_on.map(V::Date),
        Col::Email => text(&c.email),
        Col::Address => text(&c.address),
        Col::Notes => text(&c.notes),
        Col::Manager => text(&c.manager),
        Col::Tags => (!c.tags.is_empty()).then(|| V::List(c.tags.clone())),
        Col::Industry | Col::Satisfaction | Col::ContractEnd => {
            let v = keys.get(col.header()).and_then(|k| c.fields.get(k))?;
            match (col, v) {
                (Col::Satisfaction, Value::Number(n)) => n.as_f64().map(V::Num),
                // A date field holds ISO dates; anything else (the column
                // taken for text) is shown as the text it is.
                (Col::ContractEnd, Value::String(s)) => Some(
                    NaiveDate::parse_from_str(s, "%Y-%m-%d")
                        .map(V::Date)
                        .unwrap_or_else(|_| V::Text(s.clone())),
                ),
                (_, Value::String(s)) => Some(V::Text(s.clone())),
                (_, other) => Some(V::Text(format!("{other}"))),
            }
        }
    }
}

fn all_customers(api: &Api) -> Vec<Customer> {
    let mut out = Vec::new();
    loop {
        let page = api
            .list_customers(&CustomerQuery {
                limit: 500,
                offset: out.len() as u32,
                ..CustomerQuery::default()
            })
            .unwrap()
            .items;
        if page.is_empty() {
            return out;
        }
        out.extend(page);
    }
}

fn letter(col: usize) -> String {
    tierdesk_api::domain::column_letter(col)
}

/// Imports one written file and compares everything with the sheet.
fn check_case(sheet: &Sheet, writer: Writer, path: &Path) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let mut miss = |cause: &str, detail: String| {
        out.push(Mismatch {
            writer,
            seed: sheet.seed,
            cause: cause.to_owned(),
            detail,
        })
    };
    // SQLite only: about reading files other programs wrote; an archive in
    // memory per file keeps hundreds of imports quick (import.rs covers a
    // team database).
    let mut api = Api::open_in_memory().unwrap();
    let req = ImportRequest {
        path: path.display().to_string(),
        skip_bad_rows: true,
        ..ImportRequest::default()
    };
    let summary = match api.commit_import(&req, "差分测试", &mut |_| true) {
        Ok(s) => s,
        Err(e) => {
            miss(
                "import refused",
                format!("the whole import failed: {}", e.message),
            );
            return out;
        }
    };
    let good = sheet.rows.iter().filter(|r| !r.bad).count() as u64;
    let bad = sheet.rows.len() as u64 - good;
    if summary.rows_read != sheet.rows.len() as u64 {
        miss(
            "rows read",
            format!(
                "rows read: written {}, read {}",
                sheet.rows.len(),
                summary.rows_read
            ),
        );
    }
    if (summary.inserted, summary.rejected) != (good, bad) {
        miss(
            "counts",
            format!(
                "inserted/rejected: written {good} good and {bad} bad rows, imported {} and \
                 refused {}",
                summary.inserted, summary.rejected
            ),
        );
    }
    // The bad rows, exactly: each at its Excel row, in the spend column.
    let spend = letter(sheet.spend_col());
    let want_problems: BTreeSet<(u64, String)> = sheet
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.bad)
        .map(|(i, _)| (Sheet::excel_row(i), spend.clone()))
        .collect();
    let got_problems: BTreeSet<(u64, String)> = summary
        .errors
        .iter()
        .map(|p| (p.row, p.column.clone()))
        .collect();
    for (row, col) in want_problems.difference(&got_problems) {
        let i = (*row - 2) as usize;
        miss(
            "bad row not reported",
            format!(
                "row {row} column {col}「{}」: written {} (not an amount) but no problem was \
                 reported there",
                sheet.cols[sheet.spend_col()].header(),
                sheet.rows[i].cells[sheet.spend_col()].shown()
            ),
        );
    }
    for p in &summary.errors {
        if want_problems.contains(&(p.row, p.column.clone())) {
            continue;
        }
        // A problem on a row that was written good: which cell, what was
        // written there, and why it was refused.
        let i = p.row.checked_sub(2).map(|i| i as usize);
        let written = i
            .and_then(|i| sheet.rows.get(i))
            .and_then(|r| {
                let col = (0..sheet.cols.len()).find(|&j| letter(j) == p.column)?;
                Some(r.cells[col].shown())
            })
            .unwrap_or_default();
        let form = i
            .and_then(|i| sheet.rows.get(i))
            .and_then(|r| r.phone_form)
            .filter(|_| p.header == Col::Phone.header());
        let cause = match form {
            Some(f) => format!("good row refused: phone form {f:?}"),
            None => format!("good row refused at「{}」", p.header),
        };
        miss(
            &cause,
            format!(
                "row {} column {}「{}」: written {written}, refused: {} (value '{}')",
                p.row,
                p.column,
                p.header,
                p.message,
                clip(&p.value)
            ),
        );
    }

    let customers = all_customers(&api);
    if customers.len() as u64 != good {
        miss(
            "customers stored",
            format!(
                "customers stored: {} good rows written, {} stored",
                good,
                customers.len()
            ),
        );
    }
    let keys: HashMap<String, String> = api
        .field_defs()
        .unwrap()
        .into_iter()
        .map(|d| (d.label, d.key))
        .collect();
    let by_code: HashMap<&str, &Customer> = customers
        .iter()
        .filter_map(|c| Some((c.code.as_deref()?, c)))
        .collect();
    let refused: BTreeSet<u64> = summary.errors.iter().map(|p| p.row).collect();
    for (i, r) in sheet.rows.iter().enumerate() {
        let row = Sheet::excel_row(i);
        let found = by_code.get(r.code.as_str());
        if r.bad {
            if found.is_some() {
                miss(
                    "bad row stored",
                    format!("row {row}: made bad on purpose, yet stored"),
                );
            }
            continue;
        }
        let Some(c) = found else {
            if !refused.contains(&row) {
                miss(
                    "row lost",
                    format!(
                        "row {row} (code {}): not stored and no problem reported",
                        r.code
                    ),
                );
            }
            continue;
        };
        let mut compare = |what: &str, want: &Option<V>, got: &Option<V>, written: String| {
            if !V::agrees(want, got) {
                miss(
                    &format!("value of「{what}」"),
                    format!(
                        "row {row}「{what}」: written {written}, wanted {}, stored {}",
                        V::shown(want),
                        V::shown(got)
                    ),
                );
            }
        };
        for (j, &col) in sheet.cols.iter().enumerate() {
            if col == Col::Notes {
                continue;
            }
            let column = format!("{} {}", letter(j), col.header());
            compare(
                &column,
                &r.want[j],
                &stored(c, col, &keys),
                r.cells[j].shown(),
            );
        }
        // The notes (with the words of a converted frequency), and every
        // field the sheet has no column for, which must stay empty.
        compare(
            "备注",
            &r.notes.clone().map(V::Text),
            &c.notes.clone().map(V::Text),
            sheet
                .cols
                .iter()
                .position(|&x| x == Col::Notes)
                .map(|j| r.cells[j].shown())
                .unwrap_or_else(|| "(no column)".into()),
        );
        for col in OPTIONAL_COLS {
            if col != Col::Notes && !sheet.cols.contains(&col) {
                compare(
                    col.header(),
                    &None,
                    &stored(c, col, &keys),
                    "(no column)".into(),
                );
            }
        }
        let extra = [
            ("影响力评分", c.influence.map(V::Num)),
            ("当前等级", c.tier.clone().map(V::Text)),
            ("上次评级日期", c.last_rated_on.map(V::Date)),
            ("下一次评级日期", c.next_rating_on.map(V::Date)),
            ("最近联系时间", c.last_contact_on.map(V::Date)),
            ("偏好品类", c.preferred_category.clone().map(V::Text)),
        ];
        for (what, got) in extra {
            compare(what, &None, &got, "(no column)".into());
        }
        let custom: BTreeSet<&str> = sheet
            .cols
            .iter()
            .filter(|c| c.is_custom())
            .filter_map(|c| keys.get(c.header()).map(String::as_str))
            .collect();
        for (k, v) in &c.fields {
            if !custom.contains(k.as_str()) {
                compare(
                    &format!("自定义字段 {k}"),
                    &None,
                    &Some(V::Text(v.to_string())),
                    "(no column)".into(),
                );
            }
        }
    }
    out
}

// ---------------------------------------------------------------- the test

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

#[test]
fn every_writer_imports_every_value_and_row_number() {
    let cases = env_number("TIERDESK_DIFF_CASES").map_or(DEFAULT_CASES, |n| n as usize);
    let base = env_number("TIERDESK_DIFF_SEED").unwrap_or(DEFAULT_SEED);
    let sheets: Vec<Sheet> = (0..cases as u64)
        .map(|k| Sheet::generate(base + k, 60))
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let dir = match std::env::var_os("TIERDESK_DIFF_KEEP") {
        Some(d) => {
            std::fs::create_dir_all(&d).unwrap();
            PathBuf::from(d)
        }
        None => tmp.path().to_owned(),
    };
    let python = python();
    let mut jobs: Vec<(usize, Writer, PathBuf)> = Vec::new();
    for (k, sheet) in sheets.iter().enumerate() {
        for w in WRITERS {
            if (w.gbk() && !sheet.gbk) || (w.python().is_some() && python.is_none()) {
                continue;
            }
            jobs.push((k, w, dir.join(w.file_name(sheet))));
        }
    }
    for (k, w, path) in &jobs {
        match w {
            Writer::RustXlsxWriter => write_rust_xlsx(&sheets[*k], path),
            w if w.python().is_none() => write_rust_csv(&sheets[*k], *w, path),
            _ => {}
        }
    }
    if let Some(py) = &python {
        let py_jobs: Vec<_> = jobs
            .iter()
            .filter(|(_, w, _)| w.python().is_some())
            .cloned()
            .collect();
        write_with_python(py, &dir, &py_jobs, &sheets);
    }

    // Two threads: the imports are independent, and the machine's cores are few.
    let next = AtomicUsize::new(0);
    let found = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let Some((k, w, path)) = jobs.get(n) else {
                    break;
                };
                let m = check_case(&sheets[*k], *w, path);
                found.lock().unwrap().extend(m);
            });
        }
    });
    let found = found.into_inner().unwrap();

    let rows: usize = sheets.iter().map(|s| s.rows.len()).sum();
    println!(
        "differential: {} sheets ({rows} rows) through {} imports, seeds {base}..{}",
        sheets.len(),
        jobs.len(),
        base + cases as u64
    );
    if found.is_empty() {
        return;
    }
    // The causes per writer first, then the first mismatches in full.
    let mut causes: BTreeMap<(String, Writer), (usize, BTreeSet<u64>)> = BTreeMap::new();
    for m in &found {
        let e = causes.entry((m.cause.clone(), m.writer)).or_default();
        e.0 += 1;
        e.1.insert(m.seed);
    }
    let mut report = String::new();
    writeln!(
        report,
        "{} mismatches between what was written and what was imported:",
        found.len()
    )
    .unwrap();
    for ((cause, writer), (n, seeds)) in &causes {
        let first: Vec<String> = seeds.iter().take(3).map(u64::to_string).collect();
        writeln!(
            report,
            "  {:<22} {cause}: {n} (in {} sheets, e.g. seeds {})",
            writer.name(),
            seeds.len(),
            first.join(", ")
        )
        .unwrap();
    }
    writeln!(report, "first mismatches:").unwrap();
    let mut shown = found.iter().collect::<Vec<_>>();
    shown.sort_by_key(|m| (m.seed, m.writer));
    for m in shown.iter().take(60) {
        writeln!(
            report,
            "  [{}] seed {} {}: {}",
            m.writer.name(),
            m.seed,
            sheets_file(m.seed, m.writer),
            m.detail
        )
        .unwrap();
    }
    panic!("{report}");
}

fn sheets_file(seed: u64, writer: Writer) -> String {
    let tag = format!("{writer:?}").to_lowercase();
    format!("星级客户_{seed}_{tag}")
}
