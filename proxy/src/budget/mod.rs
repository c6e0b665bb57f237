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

mod limiter;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;
use waitline_core::GetContactMetricsResponse;

pub use limiter::TokenBucket;

use crate::source::{MetricsSource, SourceError};

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

/// How fresh a contact's data should be: near the front, a change matters sooner.
pub fn freshness_target(position: Option<u32>) -> Duration {
    Duration::from_secs(match position {
        Some(p) if p <= 3 => 2,
        Some(p) if p <= 10 => 5,
        Some(_) => 15,
        None => 10,
    })
}

/// What a browser gets back.
#[derive(Debug, Clone)]
pub struct Answer {
    pub outcome: Result<GetContactMetricsResponse, SourceError>,
    /// How old the data is.
    pub age: Duration,
    /// When asking again could bring something new.
    pub max_age: Duration,
}

/// Nothing cached and no budget to fetch within the wait: the caller answers 429.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy {
    pub retry_after: Duration,
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
    source: MetricsSource,
    config: BudgetConfig,
    state: Mutex<State>,
    /// Wakes the refresher: a request wants something.
    wake: Notify,
}

#[derive(Debug)]
struct State {
    bucket: TokenBucket,
    contacts: HashMap<String, Entry>,
    stats: BudgetStats,
    /// Contacts with nothing cached yet: the backlog a newcomer queues behind.
    unfetched: usize,
    /// When forgotten contacts were last dropped.
    swept: Instant,
}

#[derive(Debug)]
struct Entry {
    cached: Option<Cached>,
    /// When a browser first asked: a contact never fetched grows more urgent from then.
    since: Instant,
    /// The last time a browser asked.
    wanted_at: Instant,
    fetching: bool,
    /// Signalled whenever a fetch for this contact completes.
    updated: Arc<Notify>,
}

#[derive(Debug, Clone)]
struct Cached {
    outcome: Result<GetContactMetricsResponse, SourceError>,
    at: Instant,
    position: Option<u32>,
}

impl Cached {
    fn target(&self) -> Duration {
        freshness_target(self.position)
    }
}

impl Budget {
    /// Starts the refresher; it stops when the last `Budget` clone is dropped.
    pub fn new(source: MetricsSource, config: BudgetConfig) -> Self {
        let shared = Arc::new(Shared {
            source,
            config,
            state: Mutex::new(State {
                // One token of the account's burst is held back: calls reach Connect a little
                // sooner or later than they left, and with the whole burst in use that jitter
                // alone would trip Connect's limiter (and halve our rate) at full load.
                bucket: TokenBucket::new(
                    config.rate,
                    config.burst.saturating_sub(1).max(1),
                    Instant::now().into_std(),
                ),
                contacts: HashMap::new(),
                stats: BudgetStats::default(),
                unfetched: 0,
                swept: Instant::now(),
            }),
            wake: Notify::new(),
        });
        tokio::spawn(refresher(Arc::downgrade(&shared)));
        Self { shared }
    }

    pub fn stats(&self) -> BudgetStats {
        let state = self.shared.lock();
        BudgetStats {
            tracked_contacts: state.contacts.len() as u64,
            ..state.stats
        }
    }

    /// The contact's metrics, fresh if the budget allows, else the freshest there is.
    pub async fn get(&self, contact_id: &str) -> Result<Answer, Busy> {
        let now = Instant::now();
        let (updated, wait) = {
            let mut guard = self.shared.lock();
            let load = self.load_interval(&guard);
            let token_now = guard.bucket.wait(now.into_std()).is_zero();
            // Disjoint borrows of the fields.
            let state = &mut *guard;
            let mut created = false;
            let entry = state
                .contacts
                .entry(contact_id.to_owned())
                .or_insert_with(|| {
                    created = true;
                    Entry {
                        cached: None,
                        since: now,
                        wanted_at: now,
                        fetching: false,
                        updated: Arc::new(Notify::new()),
                    }
                });
            if created {
                state.unfetched += 1;
            }
            entry.wanted_at = now;
            if let Some(cached) = entry
                .cached
                .as_ref()
                .filter(|c| now.duration_since(c.at) <= c.target())
            {
                let answer = answer(cached, now, load);
                state.stats.cache_hits += 1;
                state.stats.served_age.record(answer.age);
                return Ok(answer);
            }
            state.stats.cache_misses += 1;
            // Wait only where waiting can pay off; a held request is a held connection.
            let wait = match &entry.cached {
                // Overloaded (a round over all contacts takes longer than this contact's target):
                // the refresher will not get here within the wait, so answer from cache now.
                Some(cached) if load > cached.target() => Duration::ZERO,
                Some(_) => self.shared.config.wait_for_fresh,
                None => {
                    let backlog = Duration::try_from_secs_f64(
                        state.unfetched as f64 / state.bucket.rate().max(0.01),
                    )
                    .unwrap_or(Duration::MAX);
                    if backlog > self.shared.config.wait_for_first {
                        return Err(Busy {
                            retry_after: backlog
                                .clamp(Duration::from_secs(1), Duration::from_secs(60)),
                        });
                    }
                    self.shared.config.wait_for_first
                }
            };
            // Without a token the refresher is already asleep until the next one is due.
            if token_now {
                self.shared.wake.notify_one();
            }
            (Arc::clone(&entry.updated), wait)
        };
        if !wait.is_zero() {
            let notified = updated.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let _ = tokio::time::timeout(wait, notified).await;
        }

        let mut state = self.shared.lock();
        let load = self.load_interval(&state);
        let now = Instant::now();
        let state = &mut *state;
        match state
            .contacts
            .get(contact_id)
            .and_then(|e| e.cached.as_ref())
        {
            Some(cached) => {
                let answer = answer(cached, now, load);
                state.stats.served_age.record(answer.age);
                Ok(answer)
            }
            None => Err(Busy {
                retry_after: state
                    .bucket
                    .wait(now.into_std())
                    .max(Duration::from_secs(1)),
            }),
        }
    }

    /// How long one round over every wanted contact takes at the current rate: under
    /// overload, the soonest a given contact can expect fresh data.
    fn load_interval(&self, state: &State) -> Duration {
        Duration::try_from_secs_f64(state.contacts.len() as f64 / state.bucket.rate().max(0.01))
            .unwrap_or(Duration::MAX)
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // The state stays consistent under every early return, so a poisoned lock is reused.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn answer(cached: &Cached, now: Instant, load: Duration) -> Answer {
    let age = now.duration_since(cached.at);
    let next_refresh = cached.target().max(load.min(Duration::from_secs(60)));
    Answer {
        outcome: cached.outcome.clone(),
        age,
        max_age: next_refresh.saturating_sub(age).max(Duration::from_secs(1)),
    }
}

/// Spends tokens on the most overdue wanted contacts, one Connect call per token.
async fn refresher(shared: Weak<Shared>) {
    loop {
        let Some(shared) = shared.upgrade() else {
            return;
        };
        let wake = {
            let mut state = shared.lock();
            state.stats.refresher_wakeups += 1;
            let now = Instant::now();
            if now.duration_since(state.swept) >= Duration::from_secs(1) {
                let forget = shared.config.forget_after;
                let mut dropped_unfetched = 0;
                state.contacts.retain(|_, e| {
                    let keep = e.fetching || now.duration_since(e.wanted_at) < forget;
                    dropped_unfetched += usize::from(!keep && e.cached.is_none());
                    keep
                });
                state.unfetched -= dropped_unfetched;
                state.swept = now;
            }
            while let Some(id) = most_overdue(&state, now) {
                if !state.bucket.try_take(now.into_std()) {
                    break;
                }
                if let Some(entry) = state.contacts.get_mut(&id) {
                    entry.fetching = true;
                }
                state.stats.connect_calls += 1;
                tokio::spawn(fetch(Arc::clone(&shared), id));
            }
            let until_token = state
                .bucket
                .wait(now.into_std())
                .max(Duration::from_millis(5));
            let notified = shared.wake.notified();
            (until_token, notified)
        };
        let (until_token, notified) = wake;
        // Sleep until a token is due or a request wakes us, whichever comes first.
        let _ = tokio::time::timeout(until_token, notified).await;
    }
}

/// The wanted contact most overdue against its freshness target. A contact never fetched
/// counts as overdue from its first request against the target for an unknown position, so
/// newcomers cannot starve the front of the queue, nor the front starve newcomers.
fn most_overdue(state: &State, now: Instant) -> Option<String> {
    state
        .contacts
        .iter()
        .filter(|(_, e)| !e.fetching)
        .filter_map(|(id, e)| match &e.cached {
            // The small constant puts a newcomer ahead of a contact that is only just due.
            None => Some((
                1.0 + now.duration_since(e.since).as_secs_f64()
                    / freshness_target(None).as_secs_f64(),
                id,
            )),
            // Only contacts someone asked about since the last fetch, and that are stale.
            Some(c) if e.wanted_at > c.at && now.duration_since(c.at) > c.target() => Some((
                now.duration_since(c.at).as_secs_f64() / c.target().as_secs_f64(),
                id,
            )),
            Some(_) => None,
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id.clone())
}

async fn fetch(shared: Arc<Shared>, id: String) {
    let outcome = shared.source.contact_metrics(&id).await;
    let mut state = shared.lock();
    let now = Instant::now();
    if outcome == Err(SourceError::Throttled) {
        state.bucket.throttled(now.into_std());
        state.stats.connect_throttles += 1;
    }
    let state = &mut *state;
    let Some(entry) = state.contacts.get_mut(&id) else {
        return;
    };
    entry.fetching = false;
    if entry.cached.is_none() {
        state.unfetched -= 1;
    }
    // A throttled call leaves the cache as it was: old data beats no data.
    if outcome != Err(SourceError::Throttled) || entry.cached.is_none() {
        let position = outcome
            .as_ref()
            .ok()
            .and_then(GetContactMetricsResponse::position);
        entry.cached = Some(Cached {
            outcome,
            at: now,
            position,
        });
    }
    entry.updated.notify_waiters();
}
