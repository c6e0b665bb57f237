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
//!
//! With a shared store (`--redis-url`) the scheduler still decides locally what to refresh and
//! when; each refresh then goes through the store ([`shared`]): the account's budget, the
//! cache and the lock every replica shares. The local bucket keeps pacing the planning at the
//! replica's share of the rate (`1 / replicas`), shared or degraded.

mod departures;
mod describe;
mod due;
mod limiter;
pub mod operations;
mod placing;
pub mod scheduler;
mod shared;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::Duration;

use prometheus_client::metrics::histogram::Histogram;
use tokio::sync::{Notify, watch};

pub use limiter::TokenBucket;
pub use scheduler::{Answer, Busy, freshness_target};
pub use shared::BUCKET as GET_CONTACT_METRICS_BUCKET;

use crate::clients::Allowance;
use crate::clock::{ConnectClock, wall_clock};
use crate::events::{Departure, Learned, Way};
use crate::places::Places;
use crate::source::{ConnectSource, SourceError};
use crate::store::{BucketParams, Mode, ModeSeen, Store};
use crate::tasks::TaskGuard;
use operations::{Operation, OperationBudgets};
use scheduler::{Lookup, Scheduler};
use shared::Refreshed;

/// The shared buckets' parameters for an account rate and burst: part of the burst held back
/// for jitter, as the local buckets do ([`limiter::usable_burst`]).
pub fn bucket_params(rate: f64, burst: u32) -> BucketParams {
    BucketParams {
        rate,
        burst: limiter::usable_burst(rate, burst),
        recovery: limiter::RECOVERY,
        // Idle for longer than a burst takes to refill: dropped, and back empty when next used.
        ttl: std::time::Duration::from_secs(600),
    }
}

/// Connect's default quota for `GetContactMetrics`: calls per second for the whole account.
pub const CONNECT_QUOTA_RATE: f64 = 2.0;
/// Connect's default quota's burst: calls allowed at once.
pub const CONNECT_QUOTA_BURST: u32 = 5;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BudgetConfig {
    /// Connect calls per second for the whole account (default [`CONNECT_QUOTA_RATE`]).
    pub rate: f64,
    /// Calls allowed at once (default [`CONNECT_QUOTA_BURST`]).
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
            rate: CONNECT_QUOTA_RATE,
            burst: CONNECT_QUOTA_BURST,
            wait_for_fresh: Duration::from_millis(1500),
            wait_for_first: Duration::from_secs(5),
            forget_after: Duration::from_secs(120),
        }
    }
}

/// Counters for `/metrics`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BudgetStats {
    /// `GetContactMetrics` calls this replica made.
    pub connect_calls: u64,
    pub connect_throttles: u64,
    pub cache_hits: u64,
    pub cache_misses: u64,
    /// Refreshes answered by another replica's call, through the shared store.
    pub shared_cache_hits: u64,
    pub tracked_contacts: u64,
    /// Times the refresher woke and looked for work: on an idle proxy it should not.
    pub refresher_wakeups: u64,
    /// Planned fetches that brought nothing (the shared budget spent, the store failing).
    pub fetches_skipped: u64,
}

/// Upper bounds, in seconds, of the served data age histogram's buckets: around the freshness
/// targets (2, 5, 10, 15 s).
pub const AGE_BUCKETS: [f64; 8] = [1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0];

#[derive(Debug, Clone)]
pub struct Budget {
    shared: Arc<Shared>,
}

struct Shared {
    source: ConnectSource,
    store: Store,
    config: BudgetConfig,
    /// Connect's clock: the moments answers were asked for and came, compared with events'.
    clock: ConnectClock,
    /// `DescribeContact`'s budget, for contacts' places in their queues' order; `None`: no
    /// places, each contact's own answers only.
    operations: Option<Arc<OperationBudgets>>,
    state: Mutex<State>,
    /// How old the data in each successful answer was, in seconds (`/metrics`).
    served_age: Histogram,
    /// Wakes the refresher: the plan changed. `notify_one` keeps a permit, so a wake-up sent
    /// while the refresher is busy planning is not lost.
    wake: Arc<Notify>,
    /// Counts what changed someone's answer (an answer landed, a contact placed or gone): the
    /// streams look again when it moves.
    changes: watch::Sender<u64>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

#[derive(Debug)]
struct State {
    scheduler: Scheduler,
    /// Each tracked contact's place, carried between its own answers.
    places: Places,
    /// Contacts whose `DescribeContact` is on its way, and when each was last asked for.
    describing: HashSet<String>,
    described: HashMap<String, std::time::Instant>,
    /// Contacts seen in queue and not described yet, in the order they were seen, once each.
    undescribed: std::collections::VecDeque<String>,
    to_describe: HashSet<String>,
    /// Contacts nobody here followed that hung up, waiting for their `DescribeContact`
    /// before anyone behind them moves; described before any contact of `undescribed`, since
    /// one moves everyone behind it (bounded: [`describe::HUNG_UP_HELD`]).
    hung_up: std::collections::VecDeque<Departure>,
    /// Each queue's front, as the scheduler was last told.
    fronts: HashSet<String>,
    stats: BudgetStats,
    /// Requests waiting for a contact's next fetch to land subscribe here, under the lock, so a
    /// fetch landing between their releasing the lock and their waiting is still seen.
    waiters: HashMap<String, watch::Sender<()>>,
    /// The store's mode the local bucket last followed ([`Store::share_change`]).
    mode_seen: ModeSeen,
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
    /// A budget for each contact's own answers only (no places). Nothing runs until
    /// [`Self::start`].
    pub fn new(source: ConnectSource, config: BudgetConfig) -> Self {
        Self::with_store(source, config, Store::InProcess)
    }

    /// A budget spending the account's calls through `store`.
    pub fn with_store(source: ConnectSource, config: BudgetConfig, store: Store) -> Self {
        Self::build(source, config, store, wall_clock(), None)
    }

    /// A budget on Connect's `clock` that carries contacts' places between their answers,
    /// describing them (their queue, priority and time in queue) from `operations`' budget.
    pub fn placing(
        source: ConnectSource,
        config: BudgetConfig,
        store: Store,
        clock: ConnectClock,
        operations: Arc<OperationBudgets>,
    ) -> Self {
        Self::build(source, config, store, clock, Some(operations))
    }

    /// Starts the refresher (and, with a shared store, the other replicas' departures heard);
    /// they run until the guard is dropped or the last clone of this budget is.
    pub fn start(&self) -> TaskGuard {
        let mut tasks = TaskGuard::default();
        if let Store::Shared(store) = &self.shared.store {
            tasks.spawn(departures::follow(
                Arc::downgrade(&self.shared),
                store.clone(),
            ));
        }
        tasks.spawn(refresher(
            Arc::downgrade(&self.shared),
            Arc::clone(&self.shared.wake),
            self.shared.store.changes(),
        ));
        tasks
    }

    fn build(
        source: ConnectSource,
        config: BudgetConfig,
        store: Store,
        clock: ConnectClock,
        operations: Option<Arc<OperationBudgets>>,
    ) -> Self {
        Self {
            shared: Arc::new(Shared {
                source,
                store,
                config,
                clock,
                operations,
                state: Mutex::new(State {
                    scheduler: Scheduler::new(config, now()),
                    places: Places::default(),
                    describing: HashSet::new(),
                    described: HashMap::new(),
                    undescribed: std::collections::VecDeque::new(),
                    to_describe: HashSet::new(),
                    hung_up: std::collections::VecDeque::new(),
                    fronts: HashSet::new(),
                    stats: BudgetStats::default(),
                    waiters: HashMap::new(),
                    mode_seen: ModeSeen::default(),
                }),
                served_age: Histogram::new(AGE_BUCKETS),
                wake: Arc::new(Notify::new()),
                changes: watch::Sender::new(0),
            }),
        }
    }

    pub fn store(&self) -> &Store {
        &self.shared.store
    }

    pub fn config(&self) -> BudgetConfig {
        self.shared.config
    }

    pub fn source(&self) -> &ConnectSource {
        &self.shared.source
    }

    pub fn stats(&self) -> BudgetStats {
        let state = self.shared.lock();
        BudgetStats {
            tracked_contacts: state.scheduler.tracked() as u64,
            ..state.stats
        }
    }

    /// Moves whenever an answer may have changed: streams wait on it.
    pub fn changes(&self) -> watch::Receiver<u64> {
        self.shared.changes.subscribe()
    }

    /// Whether `contact`'s place in its queue's order is known (described once): from then on
    /// departures ahead of it move it between its own answers.
    pub fn knows_place_of(&self, contact: &str) -> bool {
        self.shared.lock().places.has_ticket(contact)
    }

    /// How `contact`'s place is made up now, for a person reading it (benchmarks, debugging).
    #[doc(hidden)]
    pub fn explain(&self, contact: &str) -> String {
        self.shared.lock().places.explain(contact)
    }

    /// What a contact event says: a departure moves the places of everyone behind it at
    /// once, in this replica and, through the store, in the others. `connect_delay` is the
    /// longest a contact takes from leaving its queue to being connected to an agent.
    pub fn learned(&self, learned: &Learned, connect_delay: Duration) {
        let Some(mut departure) = learned.departure(connect_delay.as_secs_f64()) else {
            return;
        };
        if let Way::Ended { ticket } = &mut departure.way {
            *ticket = self.shared.lock().places.ticket_of(&departure.contact);
            // A contact nobody here followed (a caller without the widget) hung up: where it
            // stood, its own `DescribeContact` says, before anyone behind it moves.
            if ticket.is_none() {
                if self.shared.operations.is_some() {
                    describe::hung_up(&mut self.shared.lock(), departure);
                    self.shared.wake.notify_one();
                }
                return;
            }
        }
        self.shared.tell(departure);
    }

    /// The age of the data served, as a histogram: clones share it.
    pub fn served_age(&self) -> Histogram {
        self.shared.served_age.clone()
    }

    /// The contact's metrics, fresh if the budget allows, else the freshest there is. A
    /// request that would make the contact due for a call is charged to its client's share of
    /// `GetContactMetrics`; with that spent, it gets what is cached (or 429) and causes nothing.
    pub async fn get(&self, contact_id: &str, allowance: &Allowance) -> Result<Answer, Busy> {
        match self.ask(contact_id, allowance)? {
            Asked::Answered(answer) => Ok(answer),
            Asked::Wait(ticket) => self.wait(ticket).await,
        }
    }

    /// Everything a request decides under the lock.
    fn ask(&self, contact_id: &str, allowance: &Allowance) -> Result<Asked, Busy> {
        let now = now();
        let mut guard = self.shared.lock();
        let state = &mut *guard;
        if state.scheduler.would_call(contact_id)
            && let Err(not_before) = allowance.share(&[Operation::GetContactMetrics])
        {
            let answer = state.scheduler.cached(contact_id, now, not_before)?;
            self.shared.served_age.observe(answer.age.as_secs_f64());
            return Ok(Asked::Answered(placing::placed(state, contact_id, answer)));
        }
        let request = state.scheduler.request(contact_id, now);
        if request.reschedule {
            self.shared.wake.notify_one();
        }
        let wait = match request.lookup {
            Lookup::Fresh(answer) => {
                state.stats.cache_hits += 1;
                self.shared.served_age.observe(answer.age.as_secs_f64());
                return Ok(Asked::Answered(placing::placed(state, contact_id, answer)));
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
            self.shared.served_age.observe(answer.age.as_secs_f64());
            return Ok(Asked::Answered(placing::placed(state, contact_id, answer)));
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
        self.shared.served_age.observe(answer.age.as_secs_f64());
        Ok(placing::placed(&mut state, &ticket.contact_id, answer))
    }
}

impl Shared {
    /// A departure told to this replica's places and, through the store, to the others'.
    fn tell(&self, departure: Departure) {
        self.departed(&departure);
        if let Store::Shared(store) = &self.store {
            let store = store.clone();
            tokio::spawn(async move { departures::publish(&store, &departure).await });
        }
    }

    /// A departure told to the places; the streams look again.
    fn departed(&self, departure: &Departure) {
        placing::departed(&mut self.lock(), departure);
        self.changes.send_modify(|n| *n = n.wrapping_add(1));
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state stays consistent under every early return, so a poisoned lock is reused.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts the calls the scheduler plans, and says when to look again.
    fn run_plan(self: &Arc<Self>) -> Option<std::time::Instant> {
        let mut guard = self.lock();
        let state = &mut *guard;
        state.stats.refresher_wakeups += 1;
        let now = now();
        if let Some((share, empty)) = self.store.share_change(&mut state.mode_seen) {
            state.scheduler.set_share(share, empty, now);
        }
        // Planned in this mode, fetched in it: a token taken at the whole rate for the shared
        // budget must not become a direct call if the store fails meanwhile.
        let mode = self.store.mode();
        placing::assign_fronts(state);
        let plan = state.scheduler.plan(now);
        for contact in &plan.forgotten {
            state.places.forget(contact);
            state.described.remove(contact);
            state.to_describe.remove(contact);
        }
        if let Some(operations) = &self.operations {
            for chosen in describe::candidates(state, now) {
                let (shared, operations) = (Arc::clone(self), Arc::clone(operations));
                match chosen {
                    describe::Chosen::Contact(contact) => {
                        tokio::spawn(describe::describe(shared, operations, contact));
                    }
                    describe::Chosen::HungUp(departure) => {
                        tokio::spawn(departures::describe_then_tell(
                            shared, operations, departure,
                        ));
                    }
                }
            }
        }
        let scheduler = &state.scheduler;
        // Channels nobody listens to any more, and those of forgotten contacts (no fetch will come).
        state
            .waiters
            .retain(|id, updated| updated.receiver_count() > 0 && scheduler.is_tracked(id));
        for id in plan.fetch {
            let fresh_for = state.scheduler.target_of(&id);
            tokio::spawn(fetch(Arc::clone(self), id, mode, fresh_for));
        }
        plan.next
    }

    /// What a refresh brought: cache it and answer whoever waits for it. `sent` is when this
    /// replica asked (Connect's clock).
    fn landed(&self, contact_id: &str, refreshed: Refreshed, sent: f64) {
        let mut state = self.lock();
        let now = now();
        let landed = (self.clock)();
        match refreshed {
            Refreshed::Called(outcome) => {
                if outcome == Err(SourceError::Throttled) {
                    state.stats.connect_throttles += 1;
                }
                placing::answered(&mut state, contact_id, &outcome, sent, landed);
                state.scheduler.fetched(contact_id, outcome, now);
            }
            Refreshed::Cached {
                outcome,
                age,
                fresh,
                asked,
            } => {
                state.stats.shared_cache_hits += 1;
                let at = now.checked_sub(age).unwrap_or(now);
                // Another replica's call, as it timed it; from a replica that did not say, it
                // was stored `age` ago and asked for at most a call's timeout before that.
                let asked = asked.unwrap_or_else(|| {
                    let came = landed - age.as_secs_f64();
                    shared::Asked {
                        sent: came - crate::source::CALL_TIMEOUT.as_secs_f64(),
                        landed: came,
                    }
                });
                placing::answered(&mut state, contact_id, &outcome, asked.sent, asked.landed);
                state.scheduler.fetched(contact_id, outcome, at);
                if fresh {
                    state.scheduler.refund(now);
                }
            }
            // Due again: the next plan retries it when the local bucket allows. Whoever waits
            // keeps waiting for that.
            Refreshed::Nothing => {
                state.stats.fetches_skipped += 1;
                state.scheduler.skipped(contact_id);
                drop(state);
                self.wake.notify_one();
                return;
            }
        }
        if let Some(updated) = state.waiters.remove(contact_id) {
            updated.send_replace(());
        }
        drop(state);
        self.changes.send_modify(|n| *n = n.wrapping_add(1));
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

/// Starts the planned calls, then sleeps until something falls due, a request changes the
/// plan, or the store's mode changes (and with it the local bucket's share). An idle proxy's
/// refresher sleeps until the next request.
async fn refresher(
    shared: Weak<Shared>,
    wake: Arc<Notify>,
    mut mode_changes: Option<watch::Receiver<u64>>,
) {
    loop {
        let next = {
            let Some(shared) = shared.upgrade() else {
                return;
            };
            shared.run_plan()
        };
        let mode_changed = async {
            match &mut mode_changes {
                Some(changes) => {
                    if changes.changed().await.is_err() {
                        std::future::pending::<()>().await;
                    }
                }
                None => std::future::pending().await,
            }
        };
        let due = async {
            match next {
                Some(at) => tokio::time::sleep_until(at.into()).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = wake.notified() => {}
            () = mode_changed => {}
            () = due => {}
        }
    }
}

/// Refreshes a contact as the mode it was planned in says: through the shared store, or
/// straight from Connect on the local budget.
async fn fetch(shared: Arc<Shared>, contact_id: String, mode: Mode, fresh_for: Option<Duration>) {
    let sent = (shared.clock)();
    let count_call = || shared.lock().stats.connect_calls += 1;
    let refreshed = match (&shared.store, mode) {
        (Store::Shared(store), Mode::Shared { .. }) => {
            shared::refresh(
                store,
                &shared.source,
                &contact_id,
                shared.config.forget_after,
                fresh_for,
                &shared.clock,
                count_call,
            )
            .await
        }
        _ => {
            count_call();
            Refreshed::Called(shared.source.contact_metrics(&contact_id).await)
        }
    };
    shared.landed(&contact_id, refreshed, sent);
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::pin::pin;

    use waitline_core::GetContactMetricsResponse;
    use waitline_simulator::connect::SIMULATED_INSTANCE_ID;

    use super::scheduler::Outcome;
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
        Budget::new(source, config)
    }

    fn in_queue() -> Outcome {
        Ok(GetContactMetricsResponse {
            metric_results: Some(Vec::new()),
            id: Some(CONTACT.into()),
            arn: None,
        })
    }

    fn ticket(budget: &Budget) -> Ticket {
        match budget.ask(CONTACT, &Allowance::unlimited()) {
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
        budget
            .shared
            .landed(CONTACT, Refreshed::Called(in_queue()), 0.0);
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
        budget
            .shared
            .landed(CONTACT, Refreshed::Called(in_queue()), 0.0);
        let answer = at_once(&mut waiting)
            .await
            .expect("answered as the data lands");
        assert_eq!(answer.map(|a| a.outcome), Ok(in_queue()));
    }

    fn hang_up(contact: &str) -> Departure {
        Departure {
            contact: contact.to_owned(),
            after: 0.0,
            way: Way::Ended { ticket: None },
        }
    }

    fn names(chosen: &[describe::Chosen]) -> Vec<String> {
        chosen
            .iter()
            .map(|chosen| match chosen {
                describe::Chosen::Contact(contact) => format!("contact {contact}"),
                describe::Chosen::HungUp(departure) => format!("hung up {}", departure.contact),
            })
            .collect()
    }

    #[tokio::test]
    async fn hang_ups_are_described_before_any_followed_contact() {
        let budget = budget();
        let _followed = ticket(&budget);
        let mut state = budget.shared.lock();
        describe::want(&mut state, CONTACT);
        for n in 0..3 {
            describe::hung_up(&mut state, hang_up(&format!("gone-{n}")));
        }
        let first = describe::candidates(&mut state, now());
        assert_eq!(names(&first), ["hung up gone-0", "hung up gone-1"]);
        assert!(
            names(&describe::candidates(&mut state, now())).is_empty(),
            "two in flight at most"
        );
        state.describing.clear();
        let next = describe::candidates(&mut state, now());
        assert_eq!(
            names(&next),
            ["hung up gone-2".to_owned(), format!("contact {CONTACT}")]
        );
    }

    #[tokio::test]
    async fn hang_ups_held_for_a_description_are_bounded_the_oldest_let_go() {
        let budget = budget();
        let mut state = budget.shared.lock();
        for n in 0..=describe::HUNG_UP_HELD {
            describe::hung_up(&mut state, hang_up(&format!("gone-{n}")));
        }
        assert_eq!(state.hung_up.len(), describe::HUNG_UP_HELD);
        assert_eq!(
            state.hung_up.front().map(|d| d.contact.as_str()),
            Some("gone-1")
        );
    }
}
