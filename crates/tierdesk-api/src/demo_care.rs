//! Customer care for demo archives of at most [`CARE_MAX`] customers:
//! follow-ups (the newest on each customer's 最近联系 day), contacts and dates
//! that matter of companies, complaints in every status, survey answers over
//! the last 12 months, then one run of the to-do rules. Deterministic from
//! the seed and relative to today.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use tierdesk_domain::case::{
    deadlines, CaseChannel, CaseMove, CaseSeverity, CaseStatus, CaseType, NewCase,
};
use tierdesk_domain::record::{ContactDraft, DateDraft, DateKind};
use tierdesk_domain::survey::{NewSurveyAnswer, SurveyChannel};
use tierdesk_domain::{Channel, CheckedFollowup};
use tierdesk_store::{DemoCareCustomer, DemoCase};

use crate::demo::{mobile, person_name};
use crate::{Api, Result};

/// Rows to add, each with its customer's id.
type Rows<T> = Vec<(i64, T)>;

/// Demos larger than this are for benchmarks and get customers only.
pub const CARE_MAX: usize = 20_000;

/// Subject, content and outcome of a follow-up, in office language.
const TALKS: &[(&str, &str, &str)] = &[
    (
        "季度回访",
        "电话回访本季度采购情况，客户对交货及时性表示满意，提到下季度可能增加订货量。",
        "客户满意",
    ),
    (
        "新品推荐",
        "介绍了新到的产品系列并发送了报价单，客户表示需要和采购部门商量后答复。",
        "待客户答复",
    ),
    (
        "节日问候",
        "节前致电问候，顺便确认了年底的对账安排。",
        "已确认对账时间",
    ),
    (
        "对账确认",
        "核对了上月账单，金额无误，客户承诺本月底前付款。",
        "账目一致",
    ),
    (
        "售后跟进",
        "上次发货有两箱外包装破损，已安排补发，客户表示理解。",
        "问题已解决",
    ),
    (
        "合同续签",
        "沟通明年合作条款，客户希望账期从30天延长到45天，需向领导请示。",
        "待内部审批",
    ),
    (
        "上门拜访",
        "到客户公司拜访采购负责人，参观了仓库，了解到对方正在扩大门店。",
        "关系良好",
    ),
    (
        "价格沟通",
        "客户反映竞争对手报价更低，已说明我们的质量和服务优势，答应申请优惠。",
        "申请特价",
    ),
    (
        "样品反馈",
        "询问上周寄出样品的试用情况，客户认为质量不错，准备小批量试单。",
        "准备试单",
    ),
    (
        "会员权益说明",
        "向客户说明了本年度会员等级和可享受的权益，客户很感兴趣。",
        "已告知权益",
    ),
];
const NEXT_STEPS: &[&str] = &[
    "发送正式报价单",
    "安排下次上门拜访",
    "确认付款进度",
    "跟进试单结果",
    "回复优惠申请结果",
];
const ROLES: &[&str] = &[
    "采购经理",
    "总经理",
    "财务主管",
    "行政主管",
    "采购专员",
    "运营总监",
];
/// Type, severity, what the customer said, how it was resolved.
const COMPLAINTS: &[(CaseType, CaseSeverity, &str, &str)] = &[
    (
        CaseType::Quality,
        CaseSeverity::Major,
        "收到的一批货中有部分产品存在划痕，要求退换。",
        "已安排换货并承担运费",
    ),
    (
        CaseType::Logistics,
        CaseSeverity::Normal,
        "订单比约定时间晚了三天送达，影响了门店上架。",
        "已与物流公司协调并补偿运费",
    ),
    (
        CaseType::Service,
        CaseSeverity::Normal,
        "客服电话多次无人接听，问题一直得不到答复。",
        "已致歉并指定专人对接",
    ),
    (
        CaseType::Price,
        CaseSeverity::Normal,
        "发现同款商品在其他渠道价格更低，要求差价补偿。",
        "按价格保护政策退还差价",
    ),
    (
        CaseType::Quality,
        CaseSeverity::Critical,
        "食品批次临近保质期，客户担心无法售完。",
        "全部召回并重新发货",
    ),
    (
        CaseType::Suggestion,
        CaseSeverity::Normal,
        "建议增加电子发票和线上对账功能。",
        "已反馈给财务部门，下月上线",
    ),
    (
        CaseType::Logistics,
        CaseSeverity::Major,
        "送货时包装破损，部分商品受潮。",
        "已补发受损商品",
    ),
    (
        CaseType::Praise,
        CaseSeverity::Normal,
        "表扬业务经理响应及时、服务周到。",
        "已转达并记入考核",
    ),
];
const SURVEY_COMMENTS: &[&str] = &[
    "服务很好，响应及时。",
    "产品质量稳定，会继续合作。",
    "价格还可以再优惠一些。",
    "送货速度有待提高。",
    "业务经理很专业。",
    "售后处理太慢了。",
];

fn pick<T: Copy>(rng: &mut fastrand::Rng, items: &[T]) -> T {
    items[rng.usize(..items.len())]
}

/// A tier's place from the top (0 = highest), for how much care it gets.
fn place(c: &DemoCareCustomer) -> usize {
    match c.tier.as_deref() {
        Some("diamond") => 0,
        Some("gold") => 1,
        Some("silver") => 2,
        _ => 3,
    }
}

fn at(day: NaiveDate, rng: &mut fastrand::Rng, now: NaiveDateTime) -> NaiveDateTime {
    let time = NaiveTime::from_hms_opt(9 + rng.u32(..8), rng.u32(..60), 0).unwrap_or_default();
    day.and_time(time).min(now)
}

/// Contacts (1–3, the first primary) of company customers and a date that
/// matters for some of them.
fn contacts(
    rng: &mut fastrand::Rng,
    customers: &[DemoCareCustomer],
    today: NaiveDate,
) -> (Rows<ContactDraft>, Rows<DateDraft>) {
    let (mut people, mut dates) = (Vec::new(), Vec::new());
    for c in customers.iter().filter(|c| c.company) {
        for k in 0..1 + rng.usize(..3) {
            let birth_date = (rng.u8(..100) < 30).then(|| {
                NaiveDate::from_ymd_opt(1965 + rng.i32(0..35), 1 + rng.u32(..12), 1 + rng.u32(..28))
            });
            people.push((
                c.id,
                ContactDraft {
                    name: person_name(rng),
                    role: pick(rng, ROLES).to_owned(),
                    phone: Some(mobile(rng)),
                    wechat: (rng.u8(..100) < 40).then(|| format!("wx_{}", c.id * 10 + k as i64)),
                    email: None,
                    birth_date: birth_date.flatten(),
                    is_primary: k == 0,
                    notes: String::new(),
                },
            ));
        }
        let roll = rng.u8(..100);
        if roll < 45 {
            let (kind, since) = if roll < 30 {
                (DateKind::Cooperation, 1 + rng.i32(0..10))
            } else {
                (DateKind::Opening, 3 + rng.i32(0..20))
            };
            let day = today - Duration::days(rng.i64(0..365));
            dates.push((
                c.id,
                DateDraft {
                    kind,
                    label: kind.label().to_owned(),
                    month: chrono::Datelike::month(&day),
                    day: chrono::Datelike::day(&day).min(28),
                    year: Some(chrono::Datelike::year(&today) - since),
                    remind: true,
                    notes: String::new(),
                },
            ));
        }
    }
    (people, dates)
}

/// Follow-ups of most higher-tier customers and some others; the newest on
/// the customer's 最近联系 day, some with a next contact date.
fn followups(
    rng: &mut fastrand::Rng,
    customers: &[DemoCareCustomer],
    primary: &std::collections::HashMap<i64, String>,
    now: NaiveDateTime,
) -> Vec<(i64, CheckedFollowup)> {
    let mut rows = Vec::new();
    for c in customers {
        let p = place(c);
        let Some(last) = c.last_contact_on else {
            continue;
        };
        if rng.u8(..100) >= [90, 80, 60, 35][p] {
            continue;
        }
        let mut day = last;
        for k in 0..1 + rng.usize(..[6, 4, 3, 2][p]) {
            let (subject, content, outcome) = pick(rng, TALKS);
            let next =
                (k == 0 && rng.u8(..100) < 55).then(|| last + Duration::days(7 + rng.i64(0..60)));
            let channel = if c.company {
                pick(
                    rng,
                    &[
                        Channel::Visit,
                        Channel::Phone,
                        Channel::Meeting,
                        Channel::Email,
                        Channel::Wechat,
                    ],
                )
            } else {
                pick(
                    rng,
                    &[
                        Channel::Phone,
                        Channel::Wechat,
                        Channel::Phone,
                        Channel::Visit,
                    ],
                )
            };
            rows.push((
                c.id,
                CheckedFollowup {
                    channel,
                    at: at(day, rng, now),
                    who: c.manager.clone().unwrap_or_else(|| "演示数据".to_owned()),
                    contact_id: None,
                    contact_name: primary.get(&c.id).cloned().unwrap_or_default(),
                    subject: subject.to_owned(),
                    content: content.to_owned(),
                    outcome: outcome.to_owned(),
                    next_step: if next.is_some() {
                        pick(rng, NEXT_STEPS).to_owned()
                    } else {
                        String::new()
                    },
                    next_contact_on: next,
                    todo_id: None,
                },
            ));
            day -= Duration::days(15 + rng.i64(0..60));
        }
    }
    rows
}

/// The steps that bring a new case to `to`, `hours` apart from `from`.
fn steps_to(
    to: CaseStatus,
    resolution: &str,
    from: NaiveDateTime,
    hours: i64,
) -> Vec<(CaseMove, NaiveDateTime)> {
    let step = |to, note: &str, k: i64| {
        (
            CaseMove {
                to,
                note: note.to_owned(),
                resolution: None,
                satisfaction: None,
            },
            from + Duration::hours(hours * k),
        )
    };
    let mut steps = Vec::new();
    if to == CaseStatus::Rejected {
        steps.push(step(
            CaseStatus::Rejected,
            "经核实不属于我方责任，已向客户说明",
            1,
        ));
        return steps;
    }
    if to != CaseStatus::New {
        steps.push(step(CaseStatus::InProgress, "已联系客户了解详情", 1));
    }
    if matches!(to, CaseStatus::AwaitingCustomer | CaseStatus::Closed) {
        let mut s = step(CaseStatus::AwaitingCustomer, "处理方案已发给客户确认", 2);
        s.0.resolution = Some(resolution.to_owned());
        steps.push(s);
    }
    if to == CaseStatus::Closed {
        let mut s = step(CaseStatus::Closed, "客户确认满意", 3);
        s.0.satisfaction = Some(4 + u8::from(hours % 2 == 0));
        steps.push(s);
    }
    steps
}

impl Api {
    /// Adds the care data to the customers with ids above `after_id` (those
    /// a demo fill has just added), then runs the to-do rules once.
    pub(crate) fn fill_demo_care(
        &mut self,
        after_id: i64,
        seed: u64,
        now: NaiveDateTime,
    ) -> Result<()> {
        let today = now.date();
        let customers = self.store.demo_care_customers(after_id)?;
        if customers.is_empty() {
            return Ok(());
        }
        let mut rng = fastrand::Rng::with_seed(seed ^ 0x5EED_CA5E);
        let (people, dates) = contacts(&mut rng, &customers, today);
        let primary = people
            .iter()
            .filter(|(_, p)| p.is_primary)
            .map(|(id, p)| (*id, p.name.clone()))
            .collect();
        self.store.add_demo_contacts(&people, &dates)?;
        let rows = followups(&mut rng, &customers, &primary, now);
        self.store.add_demo_followups(&rows)?;
        let cases = self.demo_cases(&mut rng, &customers, now)?;
        self.store.add_demo_cases(&cases)?;
        let answers = answers(&mut rng, &customers, today);
        self.store
            .add_demo_survey_answers(&answers, today, today - Duration::days(30))?;
        self.refresh_todos(today)?;
        Ok(())
    }

    /// 10–30 complaints, the statuses in turn; of the new ones every other
    /// was received hours ago (not yet due), the rest days ago (overdue).
    fn demo_cases(
        &self,
        rng: &mut fastrand::Rng,
        customers: &[DemoCareCustomer],
        now: NaiveDateTime,
    ) -> Result<Vec<DemoCase>> {
        let scheme = self.active_scheme()?;
        let count = (customers.len() / 40).clamp(10, 30).min(customers.len());
        let mut cases = Vec::with_capacity(count);
        for k in 0..count {
            let c = &customers[rng.usize(..customers.len())];
            let (kind, severity, description, resolution) = pick(rng, COMPLAINTS);
            let status = CaseStatus::ALL[k % CaseStatus::ALL.len()];
            let received = match (status, k % 2) {
                (CaseStatus::New, 0) => now - Duration::minutes(30 + rng.i64(0..90)),
                (CaseStatus::New | CaseStatus::InProgress, _) => {
                    now - Duration::hours(50 + rng.i64(0..200))
                }
                _ => now - Duration::days(3 + rng.i64(0..60)) - Duration::hours(rng.i64(0..24)),
            };
            let care = c
                .tier
                .as_deref()
                .map(|t| scheme.care(t))
                .unwrap_or_else(tierdesk_tiers::TierCare::untiered);
            let (respond_by, resolve_by) =
                deadlines(received, care.response_hours, care.resolve_hours);
            let hours = 1 + (now - received).num_hours().min(40) / 4;
            cases.push(DemoCase {
                case: NewCase {
                    customer_id: c.id,
                    received_at: received,
                    channel: pick(rng, CaseChannel::ALL),
                    kind,
                    severity,
                    description: description.to_owned(),
                    owner: c.manager.clone().unwrap_or_else(|| "演示数据".to_owned()),
                    tier_at: c.tier.clone(),
                    respond_by,
                    resolve_by,
                },
                steps: steps_to(status, resolution, received, hours),
            });
        }
        Ok(cases)
    }
}

/// Answers of about a third of the customers (more of the higher tiers)
/// over the last 12 months; higher tiers recommend more.
fn answers(
    rng: &mut fastrand::Rng,
    customers: &[DemoCareCustomer],
    today: NaiveDate,
) -> Vec<NewSurveyAnswer> {
    let mut out = Vec::new();
    for c in customers {
        let p = place(c);
        if rng.u8(..100) >= [70, 55, 40, 25][p] {
            continue;
        }
        let roll = rng.u8(..100);
        let (promoter, passive) = [(65, 25), (55, 30), (45, 33), (35, 35)][p];
        let (nps, csat) = if roll < promoter {
            (9 + rng.i64(0..2), 4 + rng.i64(0..2))
        } else if roll < promoter + passive {
            (7 + rng.i64(0..2), 3 + rng.i64(0..2))
        } else {
            (2 + rng.i64(0..5), 2 + rng.i64(0..2))
        };
        out.push(NewSurveyAnswer {
            customer_id: c.id,
            survey_id: None,
            answered_on: today - Duration::days(rng.i64(0..365)),
            channel: pick(
                rng,
                &[
                    SurveyChannel::Phone,
                    SurveyChannel::Wechat,
                    SurveyChannel::Online,
                    SurveyChannel::Sms,
                ],
            ),
            nps: Some(nps),
            csat: Some(csat),
            scores: Default::default(),
            comment: if rng.u8(..100) < 40 {
                pick(rng, SURVEY_COMMENTS).to_owned()
            } else {
                String::new()
            },
        });
    }
    out
}
