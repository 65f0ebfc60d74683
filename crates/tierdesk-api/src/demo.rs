//! Realistic Chinese demo customers, for first looks, screenshots and benchmarks.

use chrono::{Duration, NaiveDate};
use tierdesk_domain::{CustomerDraft, Gender};

use crate::{Api, Result};

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "任", "沈",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "华", "建国", "志强", "晓燕", "海燕", "文", "婷",
    "玉兰", "宇", "浩然", "子轩", "欣怡", "梓涵", "思远", "雨桐", "俊杰", "佳怡", "国庆", "春梅",
    "立新", "红", "鹏",
];
const CITIES: &[(&str, &str)] = &[
    ("北京", "010"),
    ("上海", "021"),
    ("广州", "020"),
    ("深圳", "0755"),
    ("杭州", "0571"),
    ("南京", "025"),
    ("成都", "028"),
    ("武汉", "027"),
    ("西安", "029"),
    ("苏州", "0512"),
    ("天津", "022"),
    ("重庆", "023"),
    ("长沙", "0731"),
    ("郑州", "0371"),
    ("青岛", "0532"),
];
const TRADE: &[&str] = &[
    "华信",
    "中联",
    "恒达",
    "鑫源",
    "宏图",
    "瑞丰",
    "金桥",
    "远航",
    "佳和",
    "博睿",
    "天成",
    "锦程",
    "盛世",
    "东方",
    "新纪元",
    "汇通",
    "海川",
    "正泰",
    "安信",
    "云帆",
];
const INDUSTRY: &[&str] = &[
    "科技",
    "贸易",
    "商贸",
    "电子",
    "建材",
    "食品",
    "物流",
    "医药",
    "服饰",
    "文化传媒",
];
const SUFFIX: &[&str] = &["有限公司", "有限责任公司", "股份有限公司", "商行"];
const STREETS: &[&str] = &[
    "人民路",
    "解放路",
    "中山路",
    "建设路",
    "和平路",
    "长江路",
    "滨江大道",
    "科技园路",
];
const CATEGORIES: &[&str] = &[
    "办公用品",
    "电子产品",
    "食品饮料",
    "服装鞋帽",
    "家居日用",
    "美妆个护",
    "母婴用品",
    "图书文具",
];
const MANAGERS: &[&str] = &["王经理", "李经理", "张经理", "赵经理", "陈经理", "刘经理"];
const TAGS: &[&str] = &[
    "老客户",
    "重点跟进",
    "价格敏感",
    "需发票",
    "转介绍",
    "节日问候",
];
const MOBILE_PREFIX: &[&str] = &[
    "138", "139", "136", "137", "150", "151", "158", "186", "188", "177", "135", "159",
];

/// Makes `n` demo customers from a seed; the same seed gives the same customers.
pub fn demo_customers(
    n: usize,
    seed: u64,
    today: NaiveDate,
) -> impl Iterator<Item = CustomerDraft> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..n).map(move |i| demo_customer(&mut rng, i, today))
}

fn pick<'a>(rng: &mut fastrand::Rng, items: &'a [&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

/// A person's name: a common surname and given name.
pub(crate) fn person_name(rng: &mut fastrand::Rng) -> String {
    format!("{}{}", pick(rng, SURNAMES), pick(rng, GIVEN))
}

/// A mainland mobile number.
pub(crate) fn mobile(rng: &mut fastrand::Rng) -> String {
    format!("{}{:08}", pick(rng, MOBILE_PREFIX), rng.u32(..100_000_000))
}

fn demo_customer(rng: &mut fastrand::Rng, i: usize, today: NaiveDate) -> CustomerDraft {
    let (city, area) = CITIES[rng.usize(..CITIES.len())];
    let company = rng.u8(..100) < 40;
    let surname = pick(rng, SURNAMES);
    let name = if company {
        format!(
            "{city}{}{}{}",
            pick(rng, TRADE),
            pick(rng, INDUSTRY),
            pick(rng, SUFFIX)
        )
    } else {
        format!("{surname}{}", pick(rng, GIVEN))
    };
    let phone = if company && rng.bool() {
        let digits = if area.len() == 3 { 8 } else { 7 };
        let number: String = (0..digits)
            .map(|k| {
                if k == 0 {
                    char::from(b'2' + rng.u8(..7))
                } else {
                    char::from(b'0' + rng.u8(..10))
                }
            })
            .collect();
        format!("{area}-{number}")
    } else {
        mobile(rng)
    };
    // Spend is heavy-tailed, as in real customer bases: a few large accounts carry much of the revenue.
    let base: f64 = if company { 20_000.0 } else { 3_000.0 };
    let spend = (base * (rng.f64() * 3.2).exp() * (0.5 + rng.f64())).round();
    let frequency = (1.0 + rng.f64() * 3.0).exp().round().min(60.0);
    let tenure_years = rng.u8(0..12) as f64;
    let influence = (1 + rng.u8(..5)) as f64;
    let tier = match spend {
        s if s >= 300_000.0 => "diamond",
        s if s >= 100_000.0 => "gold",
        s if s >= 20_000.0 => "silver",
        _ => "regular",
    };
    let last_rated_on = today - Duration::days(rng.i64(0..365));
    let registered_on = today - Duration::days((tenure_years * 365.0) as i64 + rng.i64(0..300));
    let gender = if company {
        None
    } else if rng.bool() {
        Some(Gender::Male)
    } else {
        Some(Gender::Female)
    };
    let birth_date = if company {
        None
    } else {
        NaiveDate::from_ymd_opt(
            1955 + rng.i32(0..50),
            1 + rng.u32(0..12),
            1 + rng.u32(0..28),
        )
    };
    let mut tags = Vec::new();
    if rng.u8(..100) < 30 {
        tags.push(pick(rng, TAGS).to_owned());
    }
    CustomerDraft {
        code: Some(format!("C{:07}", i + 1)),
        name,
        phone: Some(phone),
        spend: Some(spend),
        frequency: Some(frequency),
        tenure_years: Some(tenure_years),
        influence: Some(influence),
        tier: Some(tier.to_owned()),
        last_rated_on: Some(last_rated_on),
        next_rating_on: Some(last_rated_on + Duration::days(365)),
        gender,
        birth_date,
        email: if rng.u8(..100) < 40 {
            Some(format!("user{}@example.com", i + 1))
        } else {
            None
        },
        address: Some(format!(
            "{city}市{}{}号",
            pick(rng, STREETS),
            1 + rng.u32(..300)
        )),
        registered_on: Some(registered_on),
        last_contact_on: Some(today - Duration::days(rng.i64(0..120))),
        preferred_category: Some(pick(rng, CATEGORIES).to_owned()),
        notes: None,
        manager: Some(pick(rng, MANAGERS).to_owned()),
        tags,
        fields: Default::default(),
    }
}

impl Api {
    /// Fills the database with `n` demo customers, in batches of one
    /// transaction each so memory stays flat for a million rows. A demo of at
    /// most [`CARE_MAX`](crate::demo_care::CARE_MAX) customers also gets their
    /// follow-ups, contacts, complaints, survey answers and to-dos.
    pub fn fill_demo(
        &mut self,
        n: usize,
        seed: u64,
        mut progress: impl FnMut(usize),
    ) -> Result<usize> {
        self.allow(crate::domain::Perm::Settings)?;
        let now = chrono::Local::now().naive_local();
        let today = now.date();
        let start = self.store.customer_count()? as usize;
        let last_id = self.store.max_customer_id()?;
        let mut drafts = demo_customers(n, seed, today)
            .enumerate()
            .map(|(k, mut d)| {
                // Continue numbering after existing demo customers so codes stay unique.
                d.code = Some(format!("C{:07}", start + k + 1));
                d
            });
        let mut done = 0;
        loop {
            let batch: Vec<CustomerDraft> = drafts.by_ref().take(20_000).collect();
            if batch.is_empty() {
                break;
            }
            done += self.store.insert_customers(&batch)?;
            progress(done);
        }
        if n <= crate::demo_care::CARE_MAX {
            self.fill_demo_care(last_id, seed, now)?;
        }
        self.store.analyze()?;
        Ok(done)
    }
}
