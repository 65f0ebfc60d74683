//! The churn refresh in steps (流失预警刷新): whoever holds the Api (the
//! app's lock) takes it for one step at a time and lets other calls in
//! between, as the to-do rules do.
//!
//! [`Api::churn_refresh_start`] reads the scheme's settings, the live
//! customers and the service facts, and cuts the customers into parts of
//! [`REFRESH_PART`] ids. Then each [`Api::churn_refresh_step`] reads one
//! part's purchase days (one ordered range of `order_days`); once all are
//! read the MBG/NBD model is fitted ([`ChurnRun::compute`], pure: the app
//! calls it without the lock); then each step assesses one part and writes
//! it in its own transaction (`Store::churn_refresh_part`), the last one
//! with the fit and the refresh's audit entry. A part is complete on its
//! own, so a refresh stopped half way (the app killed) is finished by the
//! next one, which writes nothing twice.

use chrono::{Days, NaiveDate, NaiveTime};
use tierdesk_churn::alert::{FitRecord, RefreshCounts, ScoreFigures};
use tierdesk_churn::history::{History, HistoryCounts};
use tierdesk_churn::model::{fit, MbgParams};
use tierdesk_churn::{CustomerFacts, LowAnswer, ServiceFacts, Signaller};
use tierdesk_domain::manager_or;
use tierdesk_store::{Assessed, ChurnPeople, ChurnServiceFacts, PurchaseDays, RefreshWrite};
use tierdesk_tiers::Scheme;

use crate::{Api, Result};

/// The fewest customers with a purchase the model is fitted on.
pub const MODEL_MIN_CUSTOMERS: u64 = 100;

/// The most customers the model is fitted on: beyond this a systematic
/// sample (every k-th customer by id) is as good an estimate of four
/// parameters, and a fit over a million customers' distinct histories took
/// a minute (P(alive) is still computed for every customer).
pub const MODEL_SAMPLE: usize = 50_000;

/// Live customers per step: a step reads or writes one such part of the
/// ids (a tenth of a second or so; a million customers make 20 parts).
pub const REFRESH_PART: usize = 50_000;

/// The model as a refresh uses it: fitted once on the customers' histories.
struct Model(MbgParams);

impl Model {
    /// Fits the model on the distinct histories; `None` (the reason said on
    /// stderr) when there is nothing to fit or the fit fails: the refresh
    /// then goes on without P(alive), as when the model rule is off.
    fn fit(counts: HistoryCounts, as_of: NaiveDate) -> Option<(Model, FitRecord)> {
        let customers = counts.customers();
        // On a handful of customers the likelihood is flat and the fit
        // lands anywhere (a regular buyer of two came out at P(alive) 0%):
        // below this many the model rule waits for more data.
        if customers < MODEL_MIN_CUSTOMERS {
            return None;
        }
        match fit(&counts.into_rows()) {
            Ok(f) => {
                let record = FitRecord {
                    as_of: as_of.to_string(),
                    r: f.params.r,
                    alpha: f.params.alpha,
                    a: f.params.a,
                    b: f.params.b,
                    log_likelihood: f.log_likelihood,
                    customers,
                    computed_at: String::new(),
                };
                Some((Model(f.params), record))
            }
            Err(e) => {
                eprintln!("流失模型没有拟合：{e}");
                None
            }
        }
    }
}

/// A churn refresh under way (see the module doc).
pub struct ChurnRun {
    as_of: NaiveDate,
    scheme: Scheme,
    signaller: Signaller,
    people: ChurnPeople,
    /// Each tier's P(alive) threshold, by the tier's number in `people`.
    p_alive_below: Vec<f64>,
    service: ChurnServiceFacts,
    who: String,
    /// The parts' customer ids, `lo..=hi`, in order; together every id.
    parts: Vec<(i64, i64)>,
    read: usize,
    purchases: PurchaseDays,
    /// `None` until computed; then the model, if the rule is on and it fits.
    model: Option<Option<(Model, FitRecord)>>,
    written: usize,
    write: RefreshWrite,
    started: std::time::Instant,
}

impl ChurnRun {
    /// Whether every part is read and the model still to fit.
    pub fn wants_compute(&self) -> bool {
        self.read == self.parts.len() && self.model.is_none()
    }

    /// Fits the model once every part's purchase days are read (pure, no
    /// database: the app runs it without its lock). Does nothing before
    /// then or once done.
    pub fn compute(&mut self) {
        if !self.wants_compute() {
            return;
        }
        let as_of = self.as_of;
        self.model = Some(if self.signaller.rules().model {
            let mut counts = HistoryCounts::new();
            // Every k-th customer: at most MODEL_SAMPLE histories.
            let every = self.purchases.customers().div_ceil(MODEL_SAMPLE).max(1);
            for (id, days) in self.purchases.iter().step_by(every) {
                if self.people.find(id).is_some() {
                    if let Some(h) = History::from_days(days.iter().map(|d| d.0), as_of) {
                        counts.add(h);
                    }
                }
            }
            Model::fit(counts, as_of)
        } else {
            None
        });
        self.lap("model fit");
    }

    /// Whether every part is written.
    pub fn done(&self) -> bool {
        self.written == self.parts.len()
    }

    /// What the refresh did so far (all of it once `done`).
    pub fn counts(&self) -> &RefreshCounts {
        self.write.counts()
    }

    fn lap(&self, what: &str) {
        if std::env::var_os("TIERDESK_CHURN_TIMING").is_some() {
            eprintln!("  {what}: {:.3} s", self.started.elapsed().as_secs_f64());
        }
    }

    /// What the refresh finds about one customer, or `None` for a customer
    /// in the recycle bin (not assessed, not scored).
    fn assess(&mut self, id: i64, days: &[(NaiveDate, f64)]) -> Option<Assessed> {
        let people = &self.people;
        let i = people.find(id)?;
        let history = History::from_days(days.iter().map(|d| d.0), self.as_of)?;
        let (p_alive, expected_90) = match self.model.as_ref().and_then(Option::as_ref) {
            Some((m, _)) => {
                let p = m.0.p_alive(&history);
                // The expected purchases cost a hypergeometric series each
                // (most of a million-customer refresh); they are only shown
                // in the model rule's reason, so only the customers under
                // their tier's threshold get them.
                let below = p < self.p_alive_below[people.tier[i] as usize];
                (
                    Some(p),
                    below.then(|| m.0.expected_purchases(90.0, &history)),
                )
            }
            None => (None, None),
        };
        let service = &self.service;
        let downgrade = || -> Option<(&str, &str)> {
            let (from, to) = service.last_move.get(&id)?;
            let (from, to) = (from.as_deref()?, to.as_deref()?);
            // A downgrade is a move to a tier placed lower in the scheme.
            (self.scheme.rank(to)? > self.scheme.rank(from)?).then_some((from, to))
        };
        let facts = CustomerFacts {
            tier: people.tier_of(i),
            days,
            p_alive,
            expected_90,
            service: ServiceFacts {
                overdue_cases: service.overdue_cases.get(&id).copied().unwrap_or(0),
                low_answer: service.unhappy_answer.get(&id).map(|a| LowAnswer {
                    on: a.0,
                    nps: a.1,
                    csat: a.2,
                }),
                last_contact: people.last_contact[i],
                downgrade: downgrade(),
            },
        };
        let a = self.signaller.assess(self.as_of, &facts);
        let s = &a.scores;
        let finding = a
            .finding()
            .map(|f| (f, manager_or(people.manager_of(i), &self.who)));
        Some(Assessed {
            score: ScoreFigures {
                p_alive,
                expected_90,
                median_interval: s.median_interval,
                days_since: s.days_since_last.map(i64::from),
                spend_365: s.spend_365,
                value_at_risk: s.value_at_risk,
            },
            finding,
        })
    }
}

/// The parts' id ranges: `per` live customers each, the first from the
/// smallest id and the last to the largest, so customers in the recycle bin
/// and ids not yet given fall in one of them.
fn parts(ids: &[i64], per: usize) -> Vec<(i64, i64)> {
    let mut starts: Vec<i64> = ids.iter().step_by(per.max(1)).skip(1).copied().collect();
    starts.insert(0, i64::MIN);
    let ends = starts
        .iter()
        .skip(1)
        .map(|s| s - 1)
        .chain(std::iter::once(i64::MAX));
    starts.iter().copied().zip(ends).collect()
}

impl Api {
    /// Refreshes the churn alerts as of `as_of` with the active scheme's
    /// churn settings: scores replaced, alerts raised or merged into the
    /// open ones, their owners' to-dos opened. Refreshing twice with the
    /// same data changes nothing the second time. All the steps of
    /// [`Api::churn_refresh_start`] in one call.
    pub fn churn_refresh(&mut self, as_of: NaiveDate) -> Result<RefreshCounts> {
        self.allow(crate::domain::Perm::EditOwn)?;
        let mut run = self.churn_refresh_start(as_of)?;
        while !self.churn_refresh_step(&mut run)? {}
        Ok(run.counts().clone())
    }

    /// A refresh to take step by step ([`Api::churn_refresh_step`]): reads
    /// the scheme's churn settings, the live customers and the service
    /// facts (overdue complaints by the end of the as-of day, unhappy
    /// answers within the scheme's survey window).
    pub fn churn_refresh_start(&self, as_of: NaiveDate) -> Result<ChurnRun> {
        self.allow(crate::domain::Perm::EditOwn)?;
        self.churn_refresh_start_in(as_of, REFRESH_PART)
    }

    /// The same with `per` live customers a part (tests cut small archives
    /// into several parts).
    pub fn churn_refresh_start_in(&self, as_of: NaiveDate, per: usize) -> Result<ChurnRun> {
        self.allow(crate::domain::Perm::EditOwn)?;
        let started = std::time::Instant::now();
        let scheme = self.active_scheme()?;
        let signaller = Signaller::new(&scheme);
        let rules = signaller.rules();
        let people = self.store.churn_people()?;
        let end = as_of.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default());
        let since = as_of
            .checked_sub_days(Days::new(u64::from(rules.survey_days)))
            .unwrap_or(NaiveDate::MIN);
        let service = self.store.churn_service_facts(end, since)?;
        let p_alive_below = people
            .tiers
            .iter()
            .map(|t| scheme.churn(t.as_deref().unwrap_or_default()).p_alive_below)
            .collect();
        let run = ChurnRun {
            p_alive_below,
            as_of,
            parts: parts(&people.ids, per),
            scheme,
            signaller,
            people,
            service,
            who: self.actor().user,
            read: 0,
            purchases: PurchaseDays::default(),
            model: None,
            written: 0,
            write: RefreshWrite::new(as_of),
            started,
        };
        run.lap("people and service facts");
        Ok(run)
    }

    /// Runs the next step of `run`: reads one part's purchase days, or fits
    /// the model (unless [`ChurnRun::compute`] did), or writes one part in
    /// its own transaction. Returns whether the refresh is finished;
    /// `run.counts()` then says what it did.
    pub fn churn_refresh_step(&mut self, run: &mut ChurnRun) -> Result<bool> {
        self.allow(crate::domain::Perm::EditOwn)?;
        if run.read < run.parts.len() {
            let part = run.parts[run.read];
            self.store
                .add_purchase_days(run.as_of, part, &mut run.purchases)?;
            run.read += 1;
            if run.read == run.parts.len() {
                run.lap("purchase days read");
            }
            return Ok(false);
        }
        if run.model.is_none() {
            run.compute();
            return Ok(false);
        }
        if run.done() {
            return Ok(true);
        }
        let part = run.parts[run.written];
        let last = run.written + 1 == run.parts.len();
        // The write borrows the days while the assessment needs the rest of
        // the run: the days move out for the step.
        let purchases = std::mem::take(&mut run.purchases);
        let mut write = run.write.clone();
        let fit = run
            .model
            .as_ref()
            .and_then(Option::as_ref)
            .map(|m| m.1.clone());
        let result = self.store.churn_refresh_part(
            &mut write,
            part,
            purchases.range(part),
            |id, days| run.assess(id, days),
            last.then_some(fit.as_ref()),
        );
        run.purchases = purchases;
        result?;
        run.write = write;
        run.written += 1;
        if last {
            run.lap("assess and write");
        }
        Ok(run.done())
    }
}

#[cfg(test)]
mod tests {
    use super::parts;

    #[test]
    fn parts_cover_every_id_once_in_order() {
        assert_eq!(parts(&[], 2), vec![(i64::MIN, i64::MAX)]);
        assert_eq!(parts(&[5], 2), vec![(i64::MIN, i64::MAX)]);
        assert_eq!(
            parts(&[3, 5, 9, 12, 20], 2),
            vec![(i64::MIN, 8), (9, 19), (20, i64::MAX)]
        );
        assert_eq!(parts(&[3, 5, 9, 12], 2), vec![(i64::MIN, 8), (9, i64::MAX)]);
    }
}
