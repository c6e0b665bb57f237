//! Keeps the whole AWS account inside Connect's API quota however many customers wait.
//!
//! Browsers never cause a Connect call directly. Each request answers from a per-contact cache
//! and marks its contact as wanted; one refresher task spends the account's call budget
//! ([`TokenBucket`]) on the wanted contact whose data is most overdue, where "overdue" is
//! measured against a freshness target that is tighter near the front of the queue. So:
//! - Connect is never called faster than the budget allows, whatever the load;
//! - concurrent requests for one contact share one call;
//! - under overload, customers near the front are refreshed first, and everyone gets the data's
//!   `Age` and a `max-age` hint that slows their polling to what the budget can serve.
//!
//! The decisions are pure and unit-tested ([`scheduler`]); this module is their async shell:
//! the lock, the refresher task, the Connect calls and the requests waiting for them. The
//! refresher sleeps until the scheduler's next due time or until a request changes the plan.

mod limiter;
pub mod operations;
pub mod scheduler;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::Duration;

use tokio::sync::{Notify, watch};

pub use limiter::TokenBucket;
pub use scheduler::{Answer, Busy, freshness_target};

use crate::source::{ConnectSource, SourceError};
use scheduler::{Lookup, Outcome, Scheduler};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BudgetConfig {
    /// Connect calls per second for the whole account (Connect's default quota: 2).
    pub rate: f64,
    /// Calls allowed at once (Connect's default: 5).
    pub burst: u32,
    /// How long a request with cached data waits for a fresher answer before taking the cache.
    pub wait_for_fresh: Duration,
    /// How long a request for a contact never fetched waits before answering "throttled".
    pub wait_for_first: Duration,
    /// A contact nobody asked about for this long is dropped.
    pub forget_after: Duration,
}

impl Default for BudgetConfig {
    fn default() -> Self {
        Self {
            rate: 2.0,
            burst: 5,
            wait_for_fresh: Duration::from_millis(1500),
            wait_for_first: Duration::from_secs(5),
            forget_after: Duration::from_secs(120),
        }
    }
}

/// Counters for `/metrics`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BudgetStats {
    pub connect_calls: u64,
    pub connect_throttles: u64,
    pub cache_hits: u64,
    pub cache_misses: u64,
    pub tracked_contacts: u64,
    /// Times the refresher woke and looked for work: on an idle proxy it should not.
    pub refresher_wakeups: u64,
    /// How old the data in each successful answer was.
    pub served_age: AgeHistogram,
}

/// A Prometheus histogram of data age: cumulative counts per upper bound.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AgeHistogram {
    /// `counts[i]`: answers no older than `AGE_BUCKETS[i]` seconds.
    pub counts: [u64; AGE_BUCKETS.len()],
    pub count: u64,
    pub sum_millis: u64,
}

/// Upper bounds, in seconds, around the freshness targets (2, 5, 10, 15 s).
pub const AGE_BUCKETS: [u64; 8] = [1, 2, 5, 10, 15, 30, 60, 120];

impl AgeHistogram {
    fn record(&mut self, age: Duration) {
        for (count, bound) in self.counts.iter_mut().zip(AGE_BUCKETS) {
            if age <= Duration::from_secs(bound) {
                *count += 1;
            }
        }
        self.count += 1;
        self.sum_millis += u64::try_from(age.as_millis()).unwrap_or(u64::MAX);
    }
}

#[derive(Debug, Clone)]
pub struct Budget {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    source: ConnectSource,
    state: Mutex<State>,
    /// Wakes the refresher: the plan changed. `notify_one` keeps a permit, so a wake-up sent
    /// while the refresher is busy planning is not lost.
    wake: Arc<Notify>,
}

#[derive(Debug)]
struct State {
    scheduler: Scheduler,
    stats: BudgetStats,
    /// Requests waiting for a contact's next fetch to land subscribe here, under the lock, so a
    /// fetch landing between their releasing the lock and their waiting is still seen.
    waiters: HashMap<String, watch::Sender<()>>,
}

/// A request that waits for its contact's next fetch.
#[derive(Debug)]
struct Ticket {
    contact_id: String,
    wait: Duration,
    /// Subscribed under the lock: marked changed by the first fetch to land after that.
    updated: watch::Receiver<()>,
}

#[derive(Debug)]
enum Asked {
    Answered(Answer),
    Wait(Ticket),
}

/// The clock the budget runs on: Tokio's, so a paused test runtime controls it too.
pub fn now() -> std::time::Instant {
    tokio::time::Instant::now().into_std()
}

impl Budget {
    /// Starts the refresher; it stops when the last `Budget` clone is dropped.
    pub fn new(source: ConnectSource, config: BudgetConfig) -> Self {
        let budget = Self::unstarted(source, config);
        tokio::spawn(refresher(
            Arc::downgrade(&budget.shared),
            Arc::clone(&budget.shared.wake),
        ));
        budget
    }

    /// A budget whose refresher is not running: tests land fetches themselves.
    fn unstarted(source: ConnectSource, config: BudgetConfig) -> Self {
        Self {
            shared: Arc::new(Shared {
                source,
                state: Mutex::new(State {
                    scheduler: Scheduler::new(config, now()),
                    stats: BudgetStats::default(),
                    waiters: HashMap::new(),
                }),
                wake: Arc::new(Notify::new()),
            }),
        }
    }

    pub fn stats(&self) -> BudgetStats {
        let state = self.shared.lock();
        BudgetStats {
            tracked_contacts: state.scheduler.tracked() as u64,
            ..state.stats
        }
    }

    /// The contact's metrics, fresh if the budget allows, else the freshest there is.
    pub async fn get(&self, contact_id: &str) -> Result<Answer, Busy> {
        match self.ask(contact_id)? {
            Asked::Answered(answer) => Ok(answer),
            Asked::Wait(ticket) => self.wait(ticket).await,
        }
    }

    /// Everything a request decides under the lock.
    fn ask(&self, contact_id: &str) -> Result<Asked, Busy> {
        let now = now();
        let mut guard = self.shared.lock();
        let state = &mut *guard;
        let request = state.scheduler.request(contact_id, now);
        if request.reschedule {
            self.shared.wake.notify_one();
        }
        let wait = match request.lookup {
            Lookup::Fresh(answer) => {
                state.stats.cache_hits += 1;
                state.stats.served_age.record(answer.age);
                return Ok(Asked::Answered(answer));
            }
            Lookup::Busy(busy) => {
                state.stats.cache_misses += 1;
                return Err(busy);
            }
            Lookup::Wait(wait) => {
                state.stats.cache_misses += 1;
                wait
            }
        };
        if wait.is_zero() {
            let answer = state.scheduler.answer(contact_id, now)?;
            state.stats.served_age.record(answer.age);
            return Ok(Asked::Answered(answer));
        }
        let updated = state
            .waiters
            .entry(contact_id.to_owned())
            .or_insert_with(|| watch::Sender::new(()))
            .subscribe();
        Ok(Asked::Wait(Ticket {
            contact_id: contact_id.to_owned(),
            wait,
            updated,
        }))
    }

    /// Waits for the contact's next fetch, at most the ticket's wait, then answers with what
    /// there is.
    async fn wait(&self, mut ticket: Ticket) -> Result<Answer, Busy> {
        // Returns at once if the fetch already landed.
        let _ = tokio::time::timeout(ticket.wait, ticket.updated.changed()).await;
        let mut state = self.shared.lock();
        let answer = state.scheduler.answer(&ticket.contact_id, now())?;
        state.stats.served_age.record(answer.age);
        Ok(answer)
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // The state stays consistent under every early return, so a poisoned lock is reused.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts the calls the scheduler plans, and says when to look again.
    fn run_plan(self: &Arc<Self>) -> Option<std::time::Instant> {
        let mut guard = self.lock();
        let state = &mut *guard;
        state.stats.refresher_wakeups += 1;
        let plan = state.scheduler.plan(now());
        let scheduler = &state.scheduler;
        // Channels nobody listens to any more, and those of forgotten contacts (no fetch will come).
        state
            .waiters
            .retain(|id, updated| updated.receiver_count() > 0 && scheduler.is_tracked(id));
        for id in plan.fetch {
            state.stats.connect_calls += 1;
            tokio::spawn(fetch(Arc::clone(self), id));
        }
        plan.next
    }

    /// A Connect call came back: cache it and answer whoever waits for it.
    fn landed(&self, contact_id: &str, outcome: Outcome) {
        let mut state = self.lock();
        if outcome == Err(SourceError::Throttled) {
            state.stats.connect_throttles += 1;
        }
        state.scheduler.fetched(contact_id, outcome, now());
        if let Some(updated) = state.waiters.remove(contact_id) {
            updated.send_replace(());
        }
        drop(state);
        // The contact can be forgotten, and the bucket may have changed: plan again.
        self.wake.notify_one();
    }
}

impl Drop for Shared {
    /// The refresher sleeps holding no strong reference; this wakes it to find the budget gone.
    fn drop(&mut self) {
        self.wake.notify_one();
    }
}

/// Starts the planned calls, then sleeps until something falls due or a request changes the
/// plan. An idle proxy's refresher sleeps until the next request.
async fn refresher(shared: Weak<Shared>, wake: Arc<Notify>) {
    loop {
        let next = {
            let Some(shared) = shared.upgrade() else {
                return;
            };
            shared.run_plan()
        };
        match next {
            Some(at) => {
                let _ = tokio::time::timeout_at(at.into(), wake.notified()).await;
            }
            None => wake.notified().await,
        }
    }
}

async fn fetch(shared: Arc<Shared>, contact_id: String) {
    let outcome = shared.source.contact_metrics(&contact_id).await;
    shared.landed(&contact_id, outcome);
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::pin::pin;

    use waitline_core::GetContactMetricsResponse;
    use waitline_simulator::connect::SIMULATED_INSTANCE_ID;

    use super::*;

    const CONTACT: &str = "9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e5f";

    /// A budget whose first fetch a request would wait a minute for; the test lands it.
    fn budget() -> Budget {
        let config = BudgetConfig {
            wait_for_first: Duration::from_secs(60),
            ..BudgetConfig::default()
        };
        // Never called: no refresher runs.
        let source = ConnectSource::simulator("http://127.0.0.1:9", SIMULATED_INSTANCE_ID);
        Budget::unstarted(source, config)
    }

    fn in_queue() -> Outcome {
        Ok(GetContactMetricsResponse {
            metric_results: Some(Vec::new()),
            id: Some(CONTACT.into()),
            arn: None,
        })
    }

    fn ticket(budget: &Budget) -> Ticket {
        match budget.ask(CONTACT) {
            Ok(Asked::Wait(ticket)) => ticket,
            other => panic!("a newcomer waits for its first data: {other:?}"),
        }
    }

    /// Polls `future` once: its output if it is ready without waiting for anything.
    async fn at_once<F: Future + Unpin>(future: F) -> Option<F::Output> {
        tokio::select! {
            biased;
            output = future => Some(output),
            () = std::future::ready(()) => None,
        }
    }

    #[tokio::test]
    async fn data_landing_before_the_request_starts_waiting_answers_it() {
        let budget = budget();
        let ticket = ticket(&budget);
        // The fetch lands after the request released the lock, before it began to wait.
        budget.shared.landed(CONTACT, in_queue());
        let answer = at_once(pin!(budget.wait(ticket)))
            .await
            .expect("answered at once, not after the minute's wait");
        assert_eq!(answer.map(|a| a.outcome), Ok(in_queue()));
    }

    #[tokio::test]
    async fn data_landing_while_the_request_waits_answers_it() {
        let budget = budget();
        let mut waiting = pin!(budget.wait(ticket(&budget)));
        assert!(
            at_once(&mut waiting).await.is_none(),
            "nothing to answer yet"
        );
        budget.shared.landed(CONTACT, in_queue());
        let answer = at_once(&mut waiting)
            .await
            .expect("answered as the data lands");
        assert_eq!(answer.map(|a| a.outcome), Ok(in_queue()));
    }
}
