//! What a column can be: the fields of a customer and of an order line, and
//! the header words office sheets use for each.

use serde::{Deserialize, Serialize};
use tierdesk_domain::FieldKind;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CustomerField {
    Code,
    Name,
    Phone,
    Spend,
    Frequency,
    TenureYears,
    Influence,
    Tier,
    LastRatedOn,
    NextRatingOn,
    Gender,
    BirthDate,
    Email,
    Address,
    RegisteredOn,
    LastContactOn,
    PreferredCategory,
    Notes,
    Manager,
    Tags,
    /// 期初积分: the points balance an old sheet carries, imported as one
    /// opening row of the ledger (not a field of the customer record).
    OpeningPoints,
}

impl CustomerField {
    pub const ALL: [CustomerField; 21] = [
        CustomerField::Code,
        CustomerField::Name,
        CustomerField::Phone,
        CustomerField::Spend,
        CustomerField::Frequency,
        CustomerField::TenureYears,
        CustomerField::Influence,
        CustomerField::Tier,
        CustomerField::LastRatedOn,
        CustomerField::NextRatingOn,
        CustomerField::Gender,
        CustomerField::BirthDate,
        CustomerField::Email,
        CustomerField::Address,
        CustomerField::RegisteredOn,
        CustomerField::LastContactOn,
        CustomerField::PreferredCategory,
        CustomerField::Notes,
        CustomerField::Manager,
        CustomerField::Tags,
        CustomerField::OpeningPoints,
    ];

    /// The canonical header, as the 星级客户管理表 and the export template write it.
    pub fn label(self) -> &'static str {
        match self {
            CustomerField::Code => "客户编号",
            CustomerField::Name => "客户名称",
            CustomerField::Phone => "联系方式",
            CustomerField::Spend => "消费金额",
            CustomerField::Frequency => "购买频次",
            CustomerField::TenureYears => "使用年限",
            CustomerField::Influence => "影响力评分",
            CustomerField::Tier => "当前等级",
            CustomerField::LastRatedOn => "上次评级日期",
            CustomerField::NextRatingOn => "下一次评级日期",
            CustomerField::Gender => "性别",
            CustomerField::BirthDate => "出生日期",
            CustomerField::Email => "邮箱",
            CustomerField::Address => "地址",
            CustomerField::RegisteredOn => "注册时间",
            CustomerField::LastContactOn => "最近联系时间",
            CustomerField::PreferredCategory => "偏好品类",
            CustomerField::Notes => "备注",
            CustomerField::Manager => "客户经理",
            CustomerField::Tags => "标签",
            CustomerField::OpeningPoints => "期初积分",
        }
    }

    /// The key of the field in `CustomerDraft` (and in validation problems).
    pub fn key(self) -> &'static str {
        match self {
            CustomerField::Code => "code",
            CustomerField::Name => "name",
            CustomerField::Phone => "phone",
            CustomerField::Spend => "spend",
            CustomerField::Frequency => "frequency",
            CustomerField::TenureYears => "tenure_years",
            CustomerField::Influence => "influence",
            CustomerField::Tier => "tier",
            CustomerField::LastRatedOn => "last_rated_on",
            CustomerField::NextRatingOn => "next_rating_on",
            CustomerField::Gender => "gender",
            CustomerField::BirthDate => "birth_date",
            CustomerField::Email => "email",
            CustomerField::Address => "address",
            CustomerField::RegisteredOn => "registered_on",
            CustomerField::LastContactOn => "last_contact_on",
            CustomerField::PreferredCategory => "preferred_category",
            CustomerField::Notes => "notes",
            CustomerField::Manager => "manager",
            CustomerField::Tags => "tags",
            CustomerField::OpeningPoints => "opening_points",
        }
    }

    /// Header words for the field, best first. Compared after
    /// [`crate::header::normalize`]: lower case, half width, no spaces, no unit.
    /// Long because it is the synonym table itself, one field after another.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            CustomerField::Code => &[
                "客户编号",
                "客户id",
                "客户代码",
                "会员编号",
                "会员id",
                "会员卡号",
                "卡号",
                "编号",
                "id",
                "customerid",
                "customercode",
                "code",
            ],
            CustomerField::Name => &[
                "客户名称",
                "客户姓名",
                "姓名",
                "单位名称",
                "公司名称",
                "客户",
                "名称",
                "会员姓名",
                "会员名称",
                "企业名称",
                "customername",
                "name",
                "customer",
            ],
            CustomerField::Phone => &[
                "联系方式",
                "联系电话",
                "手机",
                "手机号",
                "手机号码",
                "电话",
                "电话号码",
                "移动电话",
                "联系手机",
                "phone",
                "mobile",
                "tel",
                "telephone",
            ],
            CustomerField::Spend => &[
                "消费金额",
                "累计消费",
                "年消费额",
                "销售额",
                "金额",
                "消费总额",
                "累计消费金额",
                "消费额",
                "年消费金额",
                "营业额",
                "spend",
                "amount",
                "sales",
                "revenue",
                "monetary",
                // Only ever proposed for confirming (see `WEAK_WORDS`): a
                // member company's turnover or assets are not what it
                // bought from us.
                "营业收入",
                "年收入",
                "收入",
                "总资产",
                "资产",
            ],
            CustomerField::Frequency => &[
                "购买频次",
                "购买次数",
                "消费次数",
                "频次",
                "消费频次",
                "购买频率",
                "frequency",
                "orders",
            ],
            CustomerField::TenureYears => &[
                "使用年限",
                "合作年限",
                "客户年限",
                "年限",
                "会员年限",
                "tenure",
                "years",
            ],
            CustomerField::Influence => &["影响力评分", "影响力", "影响力得分", "influence"],
            CustomerField::Tier => &[
                "当前等级",
                "客户等级",
                "会员等级",
                "星级",
                "等级",
                "客户星级",
                "级别",
                "tier",
                "level",
                "grade",
            ],
            CustomerField::LastRatedOn => &[
                "上次评级日期",
                "上次评级",
                "上次评级时间",
                "评级日期",
                "lastrated",
            ],
            CustomerField::NextRatingOn => &[
                "下一次评级日期",
                "下次评级日期",
                "下一次评级",
                "下次评级",
                "下次评级时间",
                "nextrating",
            ],
            CustomerField::Gender => &["性别", "gender", "sex"],
            CustomerField::BirthDate => &["出生日期", "生日", "出生年月", "birthday", "birthdate"],
            CustomerField::Email => &[
                "邮箱",
                "电子邮件",
                "电子邮箱",
                "电邮",
                "电邮地址",
                "email",
                "e-mail",
                "mail",
            ],
            CustomerField::Address => &[
                "地址",
                "联系地址",
                "通讯地址",
                "单位地址",
                "公司地址",
                "address",
            ],
            CustomerField::RegisteredOn => &[
                "注册时间",
                "注册日期",
                "入会时间",
                "入会日期",
                "开户日期",
                "建档日期",
                "registered",
            ],
            CustomerField::LastContactOn => &[
                "最近联系时间",
                "最近联系日期",
                "最后联系时间",
                "上次联系时间",
                "lastcontact",
            ],
            CustomerField::PreferredCategory => {
                &["偏好品类", "偏好", "喜好品类", "偏好类别", "category"]
            }
            CustomerField::Notes => &[
                "备注",
                "说明",
                "备注说明",
                "notes",
                "note",
                "remark",
                "remarks",
            ],
            CustomerField::Manager => &[
                "客户经理",
                "业务员",
                "销售代表",
                "负责人",
                "跟进人",
                "销售",
                "manager",
                "salesrep",
            ],
            CustomerField::Tags => &["标签", "客户标签", "tags", "tag"],
            CustomerField::OpeningPoints => &[
                "期初积分",
                "积分",
                "积分余额",
                "当前积分",
                "剩余积分",
                "可用积分",
                "会员积分",
                "积分结余",
                "points",
            ],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TxField {
    OrderNo,
    CustomerCode,
    CustomerName,
    OccurredAt,
    Product,
    ProductCode,
    Quantity,
    UnitPrice,
    Amount,
    Status,
}

impl TxField {
    pub const ALL: [TxField; 10] = [
        TxField::OrderNo,
        TxField::CustomerCode,
        TxField::CustomerName,
        TxField::OccurredAt,
        TxField::Product,
        TxField::ProductCode,
        TxField::Quantity,
        TxField::UnitPrice,
        TxField::Amount,
        TxField::Status,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TxField::OrderNo => "订单编号",
            TxField::CustomerCode => "客户编号（订单）",
            TxField::CustomerName => "客户名称（订单）",
            TxField::OccurredAt => "下单日期",
            TxField::Product => "产品名称",
            TxField::ProductCode => "产品编号",
            TxField::Quantity => "数量",
            TxField::UnitPrice => "单价",
            TxField::Amount => "金额",
            TxField::Status => "订单状态",
        }
    }

    fn synonyms(self) -> &'static [&'static str] {
        match self {
            TxField::OrderNo => &[
                "订单编号",
                "订单号",
                "单号",
                "订单id",
                "销售单号",
                "invoiceno",
                "invoice",
                "orderid",
                "orderno",
                "ordernumber",
            ],
            TxField::CustomerCode => &[
                "客户编号",
                "客户id",
                "客户代码",
                "会员编号",
                "会员id",
                "customerid",
                "customercode",
            ],
            TxField::CustomerName => &[
                "客户名称",
                "客户姓名",
                "客户",
                "姓名",
                "会员姓名",
                "customername",
                "customer",
            ],
            TxField::OccurredAt => &[
                "下单日期",
                "订单日期",
                "下单时间",
                "订单时间",
                "交易日期",
                "销售日期",
                "日期",
                "invoicedate",
                "orderdate",
                "date",
            ],
            TxField::Product => &[
                "产品名称",
                "商品名称",
                "品名",
                "产品",
                "商品",
                "description",
                "product",
                "productname",
            ],
            TxField::ProductCode => &[
                "产品id",
                "产品编号",
                "商品编号",
                "商品id",
                "货号",
                "stockcode",
                "productid",
                "sku",
            ],
            TxField::Quantity => &["数量", "购买数量", "件数", "quantity", "qty"],
            TxField::UnitPrice => &["单价", "价格", "售价", "unitprice", "price"],
            TxField::Amount => &[
                "金额",
                "订单金额",
                "销售金额",
                "实付金额",
                "合计金额",
                "小计金额",
                "amount",
                "total",
                "sales",
            ],
            TxField::Status => &["状态", "订单状态", "交易状态", "status"],
        }
    }
}

/// Where a column goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "t", content = "v", rename_all = "snake_case")]
pub enum Target {
    Customer(CustomerField),
    Tx(TxField),
    /// A user-defined field (created by the import when new).
    Custom {
        key: String,
        label: String,
        kind: FieldKind,
    },
    Ignore,
}

/// The scale a header puts on its numbers: 消费金额（万元） means ×10,000.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Yuan,
    Wan,
}

impl Unit {
    pub fn factor(self) -> f64 {
        match self {
            Unit::Yuan => 1.0,
            Unit::Wan => 10_000.0,
        }
    }
}

/// How sure a proposed mapping is. A column whose header is a field's name
/// or a near-exact synonym maps at once; any weaker guess is proposed, but
/// the import leaves it out until a person confirms it (or a saved mapping,
/// or `--accept-guesses`, says so).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// 高: the header names the field (or the person chose it).
    #[default]
    High,
    /// 需确认: a guess from a word that often means something else.
    Low,
}

/// Customer-sheet header words that name a figure only loosely: 营业额 is a
/// member company's own turnover, 金额 could be anything a sheet counts.
/// A column matched through one of them is proposed, never applied unasked.
/// `金额` and `amount` are sure when the sheet speaks of purchases elsewhere
/// (see [`crate::header`]).
const WEAK_WORDS: [&str; 11] = [
    "金额",
    "营业额",
    "销售额",
    "amount",
    "sales",
    "revenue",
    "营业收入",
    "年收入",
    "收入",
    "总资产",
    "资产",
];

/// Whether `word` (a synonym a header matched) is a loose one for `field`.
pub(crate) fn is_weak_word(field: CustomerField, word: &str) -> bool {
    field == CustomerField::Spend && WEAK_WORDS.contains(&word)
}

/// The extra characters a header may add around a synonym of three or more
/// characters and still be near-exact (手机号码1 is; 参会代表手机 and 银行卡号,
/// around a two-character word, are not).
const NEAR_EXACT_EXTRA: usize = 2;

/// How sure a match of `header` through `word` (with its rank) is: exact or
/// near-exact is sure, unless the word is loose.
pub(crate) fn match_confidence(header: &str, word: &str, rank: usize, weak: bool) -> Confidence {
    let word_chars = word.chars().count();
    let extra = header.chars().count().saturating_sub(word_chars);
    let contained = rank >= 100;
    if weak || (contained && (extra > NEAR_EXACT_EXTRA || word_chars < 3)) {
        Confidence::Low
    } else {
        Confidence::High
    }
}

/// A header's best field: the field, its rank (0 is an exact synonym, the
/// smaller the better) and the synonym that matched.
pub(crate) type Matched<F> = (F, usize, &'static str);

/// How well a normalised header names a field: 0 is an exact synonym (the
/// smaller the better), `None` no match. A header that merely contains a
/// synonym of three or more characters matches more weakly.
pub(crate) fn customer_match(header: &str) -> Option<(CustomerField, usize)> {
    customer_match_word(header).map(|(f, r, _)| (f, r))
}

/// [`customer_match`] with the synonym that matched.
pub(crate) fn customer_match_word(header: &str) -> Option<Matched<CustomerField>> {
    best_match(
        header,
        CustomerField::ALL.iter().map(|f| (*f, f.synonyms())),
    )
}

pub(crate) fn tx_match(header: &str) -> Option<(TxField, usize)> {
    tx_match_word(header).map(|(f, r, _)| (f, r))
}

/// [`tx_match`] with the synonym that matched.
pub(crate) fn tx_match_word(header: &str) -> Option<Matched<TxField>> {
    best_match(header, TxField::ALL.iter().map(|f| (*f, f.synonyms())))
}

fn best_match<F: Copy>(
    header: &str,
    table: impl Iterator<Item = (F, &'static [&'static str])>,
) -> Option<Matched<F>> {
    if header.is_empty() {
        return None;
    }
    let mut best: Option<Matched<F>> = None;
    for (field, words) in table {
        for (rank, w) in words.iter().enumerate() {
            let score = if header == *w {
                rank
            } else if w.chars().count() >= 2 && header.contains(w) && !w.is_ascii() {
                // 年消费金额合计 still says 消费金额; the longer the word, the surer.
                100 + rank + 10 * header.chars().count().saturating_sub(w.chars().count())
            } else {
                continue;
            };
            if best.as_ref().is_none_or(|b| score < b.1) {
                best = Some((field, score, *w));
            }
        }
    }
    best
}
