//! Complaints and feedback (投诉与反馈): receiving a case, its steps, the
//! list with overdue cases first, one case with its steps, and the counts
//! per tier for the report.
//!
//! A case's deadlines come from the active scheme's care settings for the
//! tier the customer holds when the case is received (`Scheme::care`:
//! response and resolution hours, defaults by the tier's place); customers
//! without a tier of the scheme get those of the lowest tier
//! (`TierCare::untiered`). The time is always a parameter (`now`).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use tierdesk_domain::case::{
    check_move, deadlines, Case, CaseChannel, CaseFilter, CaseMove, CaseSeverity, CaseStatus,
    CaseStep, CaseTierCounts, CaseType, NewCase,
};
use tierdesk_domain::{manager_or, Page, TierLabel};
use tierdesk_tiers::TierCare;
use ts_rs::TS;

use tierdesk_domain::merge::{EditBase, RowKind, Saved};

use crate::conflict::{self, CaseState, LastWrite};
use crate::{Api, ApiError, ErrorCode, Result};

/// The longest description kept.
pub const MAX_DESCRIPTION: usize = 4000;

/// A case to receive.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CaseRequest {
    pub customer_id: i64,
    pub channel: CaseChannel,
    pub kind: CaseType,
    /// 一般 when absent.
    #[serde(default)]
    pub severity: Option<CaseSeverity>,
    pub description: String,
    /// The customer's 客户经理 when absent, else the person recording it.
    #[serde(default)]
    pub owner: Option<String>,
    /// When the customer complained; now when absent. Local time.
    #[serde(default)]
    pub received_at: Option<NaiveDateTime>,
}

/// A case as a list shows it: with its customer and tier.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CaseLine {
    #[serde(flatten)]
    pub case: Case,
    pub customer_code: Option<String>,
    pub customer_name: String,
    /// The tier held when received, as the active scheme shows it (`None`:
    /// no tier, or one the scheme does not know: see `case.tier_at`).
    pub tier: Option<TierLabel>,
}

/// One case with its steps and what may be done next.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CaseDetail {
    pub line: CaseLine,
    pub steps: Vec<CaseStep>,
    /// The statuses it may move to now, in button order.
    pub next: Vec<CaseStatus>,
}

/// The choices of a case's fields with their Chinese labels, for forms.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CaseChoices {
    pub channels: Vec<(CaseChannel, String)>,
    pub kinds: Vec<(CaseType, String)>,
    pub severities: Vec<(CaseSeverity, String)>,
    pub statuses: Vec<(CaseStatus, String)>,
    /// Owners of existing cases.
    pub owners: Vec<String>,
}

fn labelled<T: Copy>(all: &[T], label: fn(T) -> &'static str) -> Vec<(T, String)> {
    all.iter().map(|c| (*c, label(*c).to_owned())).collect()
}

impl Api {
    /// Receives a case: its number, its deadlines from the customer's tier,
    /// its first step and its owner's to-do, in one transaction.
    pub fn open_case(&mut self, req: &CaseRequest, now: NaiveDateTime) -> Result<Case> {
        self.allow_customer(req.customer_id)?;
        let description = req.description.trim();
        if description.is_empty() {
            return Err(ApiError::invalid("请填写投诉或反馈的内容。"));
        }
        if description.chars().count() > MAX_DESCRIPTION {
            return Err(ApiError::invalid(format!(
                "内容太长了（{} 字），最多 {MAX_DESCRIPTION} 字。",
                description.chars().count()
            )));
        }
        let received = req.received_at.unwrap_or(now);
        if received > now + chrono::Duration::minutes(5) {
            return Err(ApiError::invalid(format!(
                "收到时间 {} 晚于现在，请检查日期。",
                received.format("%Y-%m-%d %H:%M")
            )));
        }
        let c = self.customer(req.customer_id)?;
        if c.deleted_at.is_some() {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                format!("客户 {} 在回收站中，请先恢复再登记投诉。", c.name),
            ));
        }
        let tier = c.tier.clone().filter(|t| !t.is_empty());
        let care = self.care_of(tier.as_deref())?;
        let (respond_by, resolve_by) = deadlines(received, care.response_hours, care.resolve_hours);
        let owner = req
            .owner
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| manager_or(c.manager.as_deref(), &self.actor().user));
        Ok(self.store.open_case(&NewCase {
            customer_id: c.id,
            received_at: received,
            channel: req.channel,
            kind: req.kind,
            severity: req.severity.unwrap_or(CaseSeverity::Normal),
            description: description.to_owned(),
            owner,
            tier_at: tier,
            respond_by,
            resolve_by,
        })?)
    }

    /// A tier's complaint limits in the active scheme.
    fn care_of(&self, tier: Option<&str>) -> Result<TierCare> {
        let scheme = self.active_scheme()?;
        Ok(match tier {
            Some(t) => scheme.care(t),
            None => TierCare::untiered(),
        })
    }

    /// Takes one step of a case at `now`; a step the table does not allow,
    /// or without the note or resolution it needs, is refused in Chinese.
    pub fn step_case(&mut self, id: i64, m: &CaseMove, now: NaiveDateTime) -> Result<CaseDetail> {
        self.allow_record(crate::users::Owned::Case, id)?;
        let c = self.case_by_id(id)?;
        check_move(c.status, &c.resolution, m).map_err(ApiError::invalid)?;
        if self.store.step_case(id, c.status, m, now)?.is_none() {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!(
                    "投诉 {} 刚被另一个窗口或程序改过，这次没有保存。请重新打开它再操作。",
                    c.number
                ),
            ));
        }
        self.case_detail(id, now)
    }

    /// Takes one step of a case opened at `base` (its version, status,
    /// resolution and satisfaction then). Moved by someone else since, the
    /// step is merged as a customer's save is: their status and mine both
    /// changed → [`ErrorCode::EditConflict`] (「此投诉已被 张三 于 10:32
    /// 修改」), nothing saved; after the dialog, theirs for the status takes
    /// no step, mine takes it from the status the case has now, when the
    /// table allows it.
    pub fn save_case_step(
        &mut self,
        id: i64,
        m: &CaseMove,
        base: EditBase<CaseState>,
        now: NaiveDateTime,
    ) -> Result<Saved<CaseDetail>> {
        self.allow_record(crate::users::Owned::Case, id)?;
        let none = |_: &str| None;
        let label = |k: &str| conflict::label_of(k, conflict::CASE_LABELS, &none);
        let mine = CaseState {
            status: m.to,
            resolution: m
                .resolution
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map_or_else(|| base.values.resolution.clone(), str::to_owned),
            satisfaction: m.satisfaction.or(base.values.satisfaction),
        };
        for _ in 0..conflict::TRIES {
            let c = self.case_by_id(id)?;
            let last = LastWrite {
                kind: RowKind::Case,
                who: c.updated_by.as_deref(),
                when: &c.updated_at,
                version: c.version,
            };
            let theirs = CaseState::from(&c);
            let decided = conflict::decide(&base, &mine, &theirs, last, &[], &label, None)?;
            let (state, kept) = decided.unwrap_or_else(|| (mine.clone(), Vec::new()));
            let theirs_kept = conflict::kept(kept, &label);
            if state.status == c.status {
                // Their status kept: no step of mine is left to take. What
                // the person typed with the step (a note, a resolution or a
                // satisfaction the case does not hold) is never dropped
                // quietly: the save is refused and says so — unless the
                // status is there by this person's own step (sent twice).
                let typed = !m.note.trim().is_empty()
                    || state.resolution != c.resolution
                    || state.satisfaction.is_some() && state.satisfaction != c.satisfaction;
                let by_me = c.updated_by.as_deref() == Some(self.store.actor().user.as_str());
                if typed && !by_me {
                    return Err(ApiError::coded(
                        ErrorCode::Conflict,
                        tierdesk_domain::Msg::new("conflict.case_step_gone")
                            .with("who", c.updated_by.as_deref().unwrap_or(""))
                            .with("when", &c.updated_at),
                    ));
                }
                let item = self.case_detail(id, now)?;
                return Ok(Saved { item, theirs_kept });
            }
            let step = CaseMove {
                to: state.status,
                note: m.note.clone(),
                resolution: (state.resolution != c.resolution).then(|| state.resolution.clone()),
                satisfaction: state
                    .satisfaction
                    .filter(|_| state.status == CaseStatus::Closed),
            };
            check_move(c.status, &c.resolution, &step).map_err(ApiError::invalid)?;
            match self
                .store
                .step_case_at(id, (c.status, Some(c.version)), &step, now)
            {
                Err(tierdesk_store::StoreError::VersionMoved { .. }) | Ok(None) => continue,
                Err(e) => return Err(e.into()),
                Ok(Some(_)) => {
                    let item = self.case_detail(id, now)?;
                    return Ok(Saved { item, theirs_kept });
                }
            }
        }
        Err(conflict::still_moving())
    }

    fn case_by_id(&self, id: i64) -> Result<Case> {
        self.store.case(id)?.ok_or_else(|| {
            ApiError::new(ErrorCode::NotFound, format!("没有内部编号为 {id} 的投诉。"))
        })
    }

    /// Finds a case by its number (TS202611300001) or its internal id.
    pub fn find_case(&self, id_or_number: &str) -> Result<Case> {
        self.allow(crate::domain::Perm::View)?;
        let key = id_or_number.trim();
        if let Some(c) = self.store.case_by_number(&key.to_uppercase())? {
            return Ok(c);
        }
        match key.parse::<i64>() {
            Ok(id) => self.case_by_id(id),
            Err(_) => Err(ApiError::new(
                ErrorCode::NotFound,
                format!("没有编号为「{key}」的投诉。"),
            )),
        }
    }

    /// One case with its customer, steps and next allowed statuses, its
    /// overdue minutes as of `now`.
    pub fn case_detail(&self, id: i64, now: NaiveDateTime) -> Result<CaseDetail> {
        self.allow(crate::domain::Perm::View)?;
        let c = self.case_by_id(id)?.with_overdue(now);
        let next = c.status.next().to_vec();
        let steps = self.store.case_steps(id)?;
        let line = self.case_lines(vec![c])?.remove(0);
        Ok(CaseDetail { line, steps, next })
    }

    /// Cases matching `filter` as of `now`, overdue first (see
    /// `Store::list_cases`), each with its customer and tier.
    pub fn list_cases(&self, filter: &CaseFilter, now: NaiveDateTime) -> Result<Page<CaseLine>> {
        self.allow(crate::domain::Perm::View)?;
        let page = self.store.list_cases(filter, now)?;
        Ok(Page {
            total: page.total,
            items: self.case_lines(page.items)?,
        })
    }

    fn case_lines(&self, cases: Vec<Case>) -> Result<Vec<CaseLine>> {
        let labels = self.tier_labels()?;
        let mut customers: HashMap<i64, (Option<String>, String)> = HashMap::new();
        let mut out = Vec::with_capacity(cases.len());
        for case in cases {
            let (code, name) = match customers.entry(case.customer_id) {
                std::collections::hash_map::Entry::Occupied(e) => e.get().clone(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    let c = self.store.customer(case.customer_id)?;
                    e.insert((c.code, c.name)).clone()
                }
            };
            let tier = case
                .tier_at
                .as_deref()
                .and_then(|t| labels.iter().find(|l| l.key == t))
                .cloned();
            out.push(CaseLine {
                case,
                customer_code: code,
                customer_name: name,
                tier,
            });
        }
        Ok(out)
    }

    /// The choices of a case's fields, for the form and the filters.
    pub fn case_choices(&self) -> Result<CaseChoices> {
        self.allow(crate::domain::Perm::View)?;
        Ok(CaseChoices {
            channels: labelled(CaseChannel::ALL, CaseChannel::label),
            kinds: labelled(CaseType::ALL, CaseType::label),
            severities: labelled(CaseSeverity::ALL, CaseSeverity::label),
            statuses: labelled(CaseStatus::ALL, CaseStatus::label),
            owners: self.store.case_owners()?,
        })
    }

    /// Complaints per tier held when received, for the report's 客户服务
    /// section: received and closed from `from` to `to` (days included),
    /// open and overdue at `as_of`. Tiers are keys (`""`: no tier).
    pub fn case_counts_by_tier(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        as_of: NaiveDateTime,
    ) -> Result<Vec<CaseTierCounts>> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.store.case_counts_by_tier(from, to, as_of)?)
    }
}

impl Api {
    /// A customer's cases for their copy (个人信息副本), oldest first.
    pub(crate) fn case_section(&self, customer_id: i64) -> Result<crate::PersonSection> {
        let rows = self
            .store
            .customer_cases(customer_id)?
            .into_iter()
            .map(|(c, _)| {
                vec![
                    c.number,
                    c.received_at,
                    c.channel.label().to_owned(),
                    c.kind.label().to_owned(),
                    c.severity.label().to_owned(),
                    c.status.label().to_owned(),
                    c.description,
                    c.owner,
                    c.resolution,
                    c.satisfaction.map(|s| s.to_string()).unwrap_or_default(),
                    c.closed_at.unwrap_or_default(),
                ]
            })
            .collect();
        Ok(crate::PersonSection {
            title: "投诉与反馈".into(),
            headers: [
                "编号",
                "收到时间",
                "渠道",
                "类型",
                "严重程度",
                "状态",
                "内容",
                "负责人",
                "处理结果",
                "满意度",
                "关闭时间",
            ]
            .map(str::to_owned)
            .to_vec(),
            rows,
        })
    }

    /// Every step of a customer's cases for their copy, case by case.
    pub(crate) fn case_step_section(&self, customer_id: i64) -> Result<crate::PersonSection> {
        let label = |s: Option<CaseStatus>| s.map(|s| s.label().to_owned()).unwrap_or_default();
        let rows = self
            .store
            .customer_cases(customer_id)?
            .into_iter()
            .flat_map(|(c, steps)| {
                steps.into_iter().map(move |s| {
                    vec![
                        c.number.clone(),
                        s.at,
                        label(s.from_status),
                        s.to_status.label().to_owned(),
                        s.note,
                        s.who,
                    ]
                })
            })
            .collect();
        Ok(crate::PersonSection {
            title: "投诉处理记录".into(),
            headers: ["编号", "时间", "原状态", "新状态", "说明", "经办人"]
                .map(str::to_owned)
                .to_vec(),
            rows,
        })
    }
}
