//! To-dos (待办): what a person adds, completes, postpones, cancels and
//! edits; 今日待办 and its counts; the rules that create to-dos from the
//! active scheme's visit intervals, birthdays and rating dates; the text of
//! the system notification.
//!
//! Every use case takes the moment it runs as a parameter (`now`, or the day
//! `as_of`): the shells read the clock (`crate::now`, `crate::today`).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};
use tierdesk_domain::todo::notice_text;
use tierdesk_domain::{
    manager_or, NewTodo, Repeat, Todo, TodoCounts, TodoDue, TodoFilter, TodoKind, TodoRefresh,
};
pub use tierdesk_store::TodoRun;
use tierdesk_store::{TodoEdit, TodoRules, REFRESH_CHUNK};
use ts_rs::TS;

use crate::{Api, ApiError, Result};

/// A to-do as a person writes it (a new one, or the new values of one).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TodoRequest {
    /// `None`: about no customer.
    #[serde(default)]
    pub customer_id: Option<i64>,
    /// 自定义 when not given. Ignored when editing.
    #[serde(default)]
    pub kind: Option<TodoKind>,
    pub title: String,
    #[serde(default)]
    pub note: String,
    pub due_on: NaiveDate,
    /// `HH:MM`; `None` or empty for the whole day.
    #[serde(default)]
    pub due_time: Option<String>,
    /// Empty: the customer's 客户经理, else the person adding it.
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub repeat: Option<Repeat>,
}

/// A completed to-do and, when it repeats, the next one.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TodoDone {
    pub todo: Todo,
    pub next: Option<Todo>,
}

/// What 今日待办 shows: the counts, and the to-dos overdue, due today and
/// due later this week (each list soonest first, at most `TODAY_LIST` long).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TodayTodos {
    pub counts: TodoCounts,
    pub overdue: Vec<Todo>,
    pub today: Vec<Todo>,
    /// Due after today, through the next 7 days.
    pub week: Vec<Todo>,
}

/// The longest list 今日待办 shows per section; the counts say how many there are.
pub const TODAY_LIST: u32 = 200;

/// Reads `HH:MM` (or `H:MM`, or `HH:MM:SS`); empty is none.
pub fn parse_due_time(text: Option<&str>) -> Result<Option<NaiveTime>> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    NaiveTime::parse_from_str(t, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
        .map(Some)
        .map_err(|_| ApiError::invalid(format!("时间「{t}」看不懂，请写成 14:30 这样")))
}

impl Api {
    /// The owner of a new to-do when none is given: the customer's manager,
    /// else the person adding it.
    fn default_owner(&self, customer_id: Option<i64>) -> Result<String> {
        let manager = match customer_id {
            Some(id) => self.customer(id)?.manager,
            None => None,
        };
        Ok(manager_or(manager.as_deref(), &self.actor().user))
    }

    pub fn todo_add(&mut self, req: &TodoRequest, now: NaiveDateTime) -> Result<Todo> {
        match req.customer_id {
            Some(c) => self.allow_customer(c)?,
            None => self.allow(crate::domain::Perm::EditOwn)?,
        }
        let due_time = parse_due_time(req.due_time.as_deref())?;
        let owner = if req.owner.trim().is_empty() {
            self.default_owner(req.customer_id)?
        } else {
            req.owner.trim().to_owned()
        };
        let todo = NewTodo {
            customer_id: req.customer_id,
            note: req.note.trim().to_owned(),
            due_time,
            owner,
            repeat: req.repeat,
            who: self.actor().user,
            ..NewTodo::new(
                req.kind.unwrap_or(TodoKind::Custom),
                req.title.trim(),
                req.due_on,
            )
        };
        let problems = todo.problems();
        if !problems.is_empty() {
            return Err(ApiError::invalid(problems.join("；")));
        }
        Ok(self.store.add_todo(&todo, now)?)
    }

    /// Marks a to-do done; a repeating one gets its next.
    pub fn todo_done(&mut self, id: i64, now: NaiveDateTime) -> Result<TodoDone> {
        self.allow_record(crate::users::Owned::Todo, id)?;
        let who = self.actor().user;
        let (todo, next) = self.store.complete_todo(id, &who, now)?;
        let next = match next {
            Some(n) => self.store.todo(n, now)?,
            None => None,
        };
        Ok(TodoDone { todo, next })
    }

    pub fn todo_cancel(&mut self, id: i64, now: NaiveDateTime) -> Result<Todo> {
        self.allow_record(crate::users::Owned::Todo, id)?;
        let who = self.actor().user;
        Ok(self.store.cancel_todo(id, &who, now)?)
    }

    /// Moves a to-do to a new day (and hour); the day may not be before today.
    pub fn todo_postpone(
        &mut self,
        id: i64,
        due_on: NaiveDate,
        due_time: Option<String>,
        now: NaiveDateTime,
    ) -> Result<Todo> {
        self.allow_record(crate::users::Owned::Todo, id)?;
        let due_time = parse_due_time(due_time.as_deref())?;
        if due_on < now.date() {
            return Err(ApiError::invalid(format!(
                "延期到的日期 {due_on} 已经过去，请选今天或以后的日期"
            )));
        }
        Ok(self.store.postpone_todo(id, due_on, due_time, now)?)
    }

    pub fn todo_edit(&mut self, id: i64, req: &TodoRequest, now: NaiveDateTime) -> Result<Todo> {
        self.allow_record(crate::users::Owned::Todo, id)?;
        let edit = TodoEdit {
            title: req.title.trim().to_owned(),
            note: req.note.trim().to_owned(),
            due_on: req.due_on,
            due_time: parse_due_time(req.due_time.as_deref())?,
            owner: req.owner.trim().to_owned(),
            repeat: req.repeat,
        };
        Ok(self.store.edit_todo(id, &edit, now)?)
    }

    pub fn todo(&self, id: i64, now: NaiveDateTime) -> Result<Todo> {
        self.allow(crate::domain::Perm::View)?;
        self.store
            .todo(id, now)?
            .ok_or_else(|| tierdesk_store::StoreError::TodoNotFound(id).into())
    }

    pub fn todos(&self, filter: &TodoFilter, now: NaiveDateTime) -> Result<Vec<Todo>> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.store.todos(filter, now)?)
    }

    /// 今日待办, for one owner or everyone.
    pub fn todo_today(&self, owner: Option<String>, now: NaiveDateTime) -> Result<TodayTodos> {
        self.allow(crate::domain::Perm::View)?;
        let counts = self.store.todo_counts(now, owner.as_deref())?;
        let list = |due| {
            self.store.todos(
                &TodoFilter {
                    due: Some(due),
                    owner: owner.clone(),
                    limit: Some(TODAY_LIST),
                    ..TodoFilter::default()
                },
                now,
            )
        };
        Ok(TodayTodos {
            counts,
            overdue: list(TodoDue::Overdue)?,
            today: list(TodoDue::Today)?,
            week: list(TodoDue::Upcoming)?,
        })
    }

    pub fn todo_counts(&self, now: NaiveDateTime) -> Result<TodoCounts> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.store.todo_counts(now, None)?)
    }

    /// The system notification's text (「今日待办 N 项，逾期 M 项」), or
    /// `None` when nothing is due today or overdue.
    pub fn todo_notice(&self, now: NaiveDateTime) -> Result<Option<String>> {
        self.allow(crate::domain::Perm::View)?;
        Ok(notice_text(&self.todo_counts(now)?))
    }

    /// A customer's to-dos for their copy (titles and notes may hold
    /// personal text), every status, as the customer's tab lists them.
    pub(crate) fn todo_section(&self, customer_id: i64) -> Result<crate::PersonSection> {
        let filter = TodoFilter {
            customer_id: Some(customer_id),
            include_closed: true,
            limit: Some(u32::MAX),
            ..TodoFilter::default()
        };
        let midnight = NaiveDate::MIN.and_time(NaiveTime::MIN);
        let rows = self
            .store
            .todos(&filter, midnight)?
            .into_iter()
            .map(|t| {
                vec![
                    t.kind.label().to_owned(),
                    t.title,
                    t.note,
                    t.due_on.to_string(),
                    t.due_time.unwrap_or_default(),
                    t.owner,
                    t.status.label().to_owned(),
                    t.done_at.unwrap_or_default(),
                    t.created_at,
                ]
            })
            .collect();
        let headers = [
            "类型",
            "待办事项",
            "备注",
            "到期日",
            "时间",
            "负责人",
            "状态",
            "完成时间",
            "创建时间",
        ];
        Ok(crate::PersonSection {
            title: "待办".into(),
            headers: headers.map(String::from).to_vec(),
            rows,
        })
    }

    /// Runs the to-do rules as of a day with the active scheme's visit
    /// intervals, all steps in a row (the CLI, after a rating). Idempotent:
    /// a second run adds nothing.
    pub fn refresh_todos(&mut self, as_of: NaiveDate) -> Result<TodoRefresh> {
        self.allow(crate::domain::Perm::EditOwn)?;
        let rules = self.todo_rules(as_of)?;
        Ok(self.store.refresh_todos(&rules)?)
    }

    /// A run of the to-do rules to take step by step
    /// ([`Api::todo_refresh_step`]), so that whoever holds the Api (the app's
    /// lock) can let other calls in between steps.
    pub fn todo_refresh_start(&self, as_of: NaiveDate) -> Result<TodoRun> {
        self.allow(crate::domain::Perm::EditOwn)?;
        let rules = self.todo_rules(as_of)?;
        Ok(self.store.start_todo_refresh(&rules, REFRESH_CHUNK)?)
    }

    /// Runs the next step of `run` (each its own short transaction; the last
    /// one records the run's audit entry). Returns whether it is finished;
    /// `run.done()` then says what the whole run added and closed.
    pub fn todo_refresh_step(&mut self, run: &mut TodoRun) -> Result<bool> {
        self.allow(crate::domain::Perm::EditOwn)?;
        Ok(self.store.refresh_todos_step(run)?)
    }

    fn todo_rules(&self, as_of: NaiveDate) -> Result<TodoRules> {
        let scheme = self.active_scheme()?;
        let visits = scheme
            .tiers
            .iter()
            .filter_map(|t| {
                scheme
                    .care(&t.key)
                    .visit_days
                    .filter(|d| *d > 0)
                    .map(|d| (t.key.clone(), d))
            })
            .collect();
        Ok(TodoRules { as_of, visits })
    }
}

impl Api {
    /// Adds `count` demo to-dos over the archive's customers (the
    /// benchmark's fill; see `Store::fill_demo_todos`), then gathers the
    /// statistics the planner uses.
    pub fn fill_demo_todos(&mut self, count: u64, today: NaiveDate) -> Result<u64> {
        self.allow(crate::domain::Perm::Settings)?;
        let added = self.store.fill_demo_todos(count, today)?;
        self.store.analyze()?;
        Ok(added)
    }
}
