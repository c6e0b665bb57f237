//! Keeps the whole AWS account inside Connect's API quota however many customers wait.
//!
//! Browsers never cause a Connect call directly. Each request answers from a per-contact cache
//! and marks its contact as wanted; one refresher task spends the account's call budget
//! ([`AdaptiveBucket`]) on the wanted contact whose data is most overdue, where "overdue" is
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
//! when; each refresh then goes through the store (`shared`): the account's budget, the
//! cache and the lock every replica shares. The local bucket keeps pacing the planning at the
//! replica's share of the rate (`1 / replicas`), shared or degraded.

mod config;
mod departures;
mod describe;
mod due;
mod limiter;
pub mod operations;
mod placing;
mod refresher;
pub mod scheduler;
mod shared;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use prometheus_client::metrics::histogram::Histogram;
use tokio::sync::{Notify, watch};

pub use config::{
    AGE_BUCKETS, BudgetConfig, BudgetStats, CONNECT_QUOTA_BURST, CONNECT_QUOTA_RATE, bucket_params,
};
pub use limiter::AdaptiveBucket;
pub use scheduler::{Answer, Busy, freshness_target};
pub use shared::BUCKET as GET_CONTACT_METRICS_BUCKET;

use crate::clients::Allowance;
use crate::clock::{ConnectClock, wall_clock};
use crate::events::{Departure, Learned, Way};
use crate::places::Places;
use crate::source::ConnectClient;
use crate::store::{ModeSeen, Store};
use crate::tasks::TaskGuard;
use operations::{Operation, OperationBudgets};
use scheduler::{Lookup, Scheduler};

#[derive(Debug, Clone)]
pub struct Budget {
    shared: Arc<Shared>,
}

struct Shared {
    source: ConnectClient,
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
    pub fn new(source: ConnectClient, config: BudgetConfig) -> Self {
        Self::with_store(source, config, Store::InProcess)
    }

    /// A budget spending the account's calls through `store`.
    pub fn with_store(source: ConnectClient, config: BudgetConfig, store: Store) -> Self {
        Self::build(source, config, store, wall_clock(), None)
    }

    /// A budget on Connect's `clock` that carries contacts' places between their answers,
    /// describing them (their queue, priority and time in queue) from `operations`' budget.
    pub fn placing(
        source: ConnectClient,
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
        tasks.spawn(refresher::refresher(
            Arc::downgrade(&self.shared),
            Arc::clone(&self.shared.wake),
            self.shared.store.changes(),
        ));
        tasks
    }

    fn build(
        source: ConnectClient,
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

    pub fn source(&self) -> &ConnectClient {
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
}

#[cfg(test)]
mod tests;
