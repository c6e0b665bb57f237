//! Where the proxy's account-wide state lives: in the process (the default: one proxy owns the
//! account's Connect quota), or in Valkey/Redis (`--redis-url`), shared by every replica:
//! - the call budget of each Connect operation, a token bucket taken by a server-side script
//!   on the store's clock, so the replicas together never exceed it;
//! - each contact's cached metrics and when they were fetched, and a lock per contact, so a
//!   contact polled through any replica costs one `GetContactMetrics` per freshness window
//!   (`budget/shared.rs`).
//!
//! The store failing is survived, not an outage: its first failed call (or a store already
//! down at start) puts the replica in [`Mode::Degraded`], where it runs on its local buckets at
//! its share of the account's rate, `1 / replicas` (the replicas it last saw through the
//! store's heartbeat set, or `--replicas`, whichever is more), and serves what it has cached.
//! A heartbeat every second notices the store back; the replica then empties the shared
//! buckets (its own and the others' local calls may have spent them) and returns to
//! [`Mode::Shared`], where it plans at its share of the rate too (`1 / replicas` it sees) and
//! the store's bucket holds the replicas together to the whole rate.

mod redis;

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use tokio::sync::watch;

use crate::tasks::TaskGuard;

pub use redis::{BucketParams, CALL_TIMEOUT, Claimed, RedisStore, StoreError};

/// How often a replica announces itself, and checks a store it lost.
pub const HEARTBEAT: Duration = Duration::from_secs(1);
/// A replica silent this long is no longer counted.
pub const REPLICA_ALIVE: Duration = Duration::from_secs(5);
const REPLICAS_KEY: &str = "waitline:replicas";

/// This process's ID as a replica: its member of the store's heartbeat set, and the `replica`
/// label of its Connect call counters in `/metrics`. Random (a UUID), made once per process:
/// hostnames and PIDs repeat across containers and Lambda sandboxes, and two replicas sharing
/// an ID would be counted as one, doubling each one's share of the budget while degraded.
pub fn replica_id() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| uuid::Uuid::new_v4().to_string())
}

/// How this replica spends the account's budget right now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mode {
    /// No store: this process owns the account's budget.
    InProcess,
    /// Through the store, with every other replica: this replica plans its calls at `share`
    /// of the account's rate (one replica's part of those the heartbeats count), and the
    /// store's bucket holds all of them to the account's rate together.
    Shared { share: f64 },
    /// The store is unreachable: local buckets at `share` of the account's rate (0 when the
    /// replicas are unknown: no Connect call until the store answers).
    Degraded { share: f64 },
}

impl Mode {
    /// The part of the account's rate and burst the local buckets run at. In shared mode the
    /// local bucket paces the planning at this replica's share, so every replica's customers
    /// get their part of the account. At the whole rate the replicas would race for each
    /// refill of the store's bucket, and one replica could win every call while the others'
    /// customers got only 429.
    pub fn local_share(self) -> f64 {
        match self {
            Self::InProcess => 1.0,
            Self::Shared { share } | Self::Degraded { share } => share,
        }
    }
}

/// A degraded replica's share of the account: one replica's part of the largest number of
/// replicas it knows of. None known: nothing, since any guess could overspend.
pub fn degraded_share(replicas_flag: Option<u32>, replicas_seen: u32) -> f64 {
    match replicas_flag.unwrap_or(0).max(replicas_seen) {
        0 => 0.0,
        n => 1.0 / f64::from(n),
    }
}

/// A sharing replica's part of the account: one of the replicas the heartbeats count (itself
/// at least). The replicas spread the customers between them (a load balancer does), so equal
/// parts serve each replica's most urgent customers; a replica with more customers than the
/// others does not borrow their unused part.
pub fn shared_share(replicas_seen: u32) -> f64 {
    1.0 / f64::from(replicas_seen.max(1))
}

/// The store's mode as a local bucket last followed it ([`Store::share_change`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ModeSeen {
    number: u64,
    degraded: bool,
}

impl ModeSeen {
    /// Follows `mode`, numbered `number`: its share if the number changed, and whether to
    /// empty the bucket. Only on entering degraded mode: calls just made through the store may
    /// have used whatever the bucket holds. A degraded mode seen again must not empty it a
    /// second time, undoing the wait of a request already paced by the share. It can be seen
    /// twice: a replica degrades by setting its flag, then numbering the change, so a bucket
    /// that had not yet followed the number before (a change in the replicas counted) may see
    /// the degraded mode under that number, then under its own; emptying it again would send a
    /// request that already waited for its call away with 429.
    pub fn follow(&mut self, mode: Mode, number: u64) -> Option<(f64, bool)> {
        if number == self.number {
            return None;
        }
        let degraded = matches!(mode, Mode::Degraded { .. });
        let empty = degraded && !self.degraded;
        *self = Self { number, degraded };
        Some((mode.local_share(), empty))
    }
}

/// The in-process store, or a shared one. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub enum Store {
    #[default]
    InProcess,
    Shared(SharedStore),
}

impl Store {
    pub fn mode(&self) -> Mode {
        match self {
            Self::InProcess => Mode::InProcess,
            Self::Shared(shared) => shared.mode(),
        }
    }

    pub fn shared(&self) -> Option<&SharedStore> {
        match self {
            Self::InProcess => None,
            Self::Shared(shared) => Some(shared),
        }
    }

    /// The mode's share for a local bucket that last saw the mode `seen`, if it changed since
    /// (and then `seen` is updated), with whether to empty the bucket ([`ModeSeen::follow`]).
    pub fn share_change(&self, seen: &mut ModeSeen) -> Option<(f64, bool)> {
        let (mode, number) = self.shared()?.mode_and_number();
        seen.follow(mode, number)
    }

    /// Wakes when the mode changes; `None` in process, where it never does.
    pub fn changes(&self) -> Option<watch::Receiver<u64>> {
        self.shared()
            .map(|shared| shared.inner.mode_number.subscribe())
    }
}

/// The store's health as `/healthz` and `/metrics` show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreHealth {
    pub degraded: bool,
    /// Replicas seen through the heartbeat set at its last answer, this one included.
    pub replicas_seen: u32,
    /// Store calls that failed (errors and timeouts) since start.
    pub errors: u64,
}

/// Valkey or Redis, and what this replica knows of its health.
#[derive(Debug, Clone)]
pub struct SharedStore {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    redis: RedisStore,
    /// This process, in the heartbeat set.
    replica: String,
    replicas_flag: Option<u32>,
    /// The buckets this proxy spends and their parameters, emptied on a return from degraded
    /// mode.
    buckets: Vec<String>,
    params: BucketParams,
    degraded: AtomicBool,
    replicas_seen: AtomicU32,
    /// When `replicas_seen` last rose or held: it falls only after [`REPLICA_ALIVE`] more, so
    /// a store just restarted (whose set holds only the replicas that beat since) does not
    /// shrink the count a failure right after would divide the budget by.
    seen_held_at: std::sync::Mutex<tokio::time::Instant>,
    errors: AtomicU64,
    /// Counts mode changes; local buckets follow it ([`Store::share_change`]).
    mode_number: watch::Sender<u64>,
}

impl SharedStore {
    /// Opens the store at `url` and makes a first heartbeat (a store down at start means a
    /// degraded start); [`Self::start`] keeps beating. `buckets` are the keys of the budgets
    /// this proxy spends, all at `params`.
    pub async fn connect(
        url: &str,
        params: BucketParams,
        buckets: Vec<String>,
        replicas_flag: Option<u32>,
    ) -> Result<Self, StoreError> {
        Self::connect_as(replica_id(), url, params, buckets, replicas_flag).await
    }

    /// As [`Self::connect`], announcing itself as `replica`: for several replicas in one
    /// process (the load benchmark), which would otherwise count as one.
    pub async fn connect_as(
        replica: &str,
        url: &str,
        params: BucketParams,
        buckets: Vec<String>,
        replicas_flag: Option<u32>,
    ) -> Result<Self, StoreError> {
        let inner = Arc::new(Inner {
            redis: RedisStore::open(url)?,
            replica: replica.to_owned(),
            replicas_flag,
            buckets,
            params,
            // Until the first heartbeat answers, nothing shared can be trusted.
            degraded: AtomicBool::new(true),
            replicas_seen: AtomicU32::new(0),
            seen_held_at: std::sync::Mutex::new(tokio::time::Instant::now()),
            errors: AtomicU64::new(0),
            mode_number: watch::Sender::new(1),
        });
        inner.beat().await;
        Ok(Self { inner })
    }

    /// Beats every [`HEARTBEAT`], counting the replicas and following the store's health,
    /// until the guard or the last clone of this store is dropped.
    pub fn start(&self) -> TaskGuard {
        let mut tasks = TaskGuard::default();
        tasks.spawn(heartbeat(Arc::downgrade(&self.inner)));
        tasks
    }

    pub fn redis(&self) -> &RedisStore {
        &self.inner.redis
    }

    /// This replica's ID in the heartbeat set.
    pub fn replica(&self) -> &str {
        &self.inner.replica
    }

    pub fn params(&self) -> BucketParams {
        self.inner.params
    }

    pub fn mode(&self) -> Mode {
        self.mode_and_number().0
    }

    fn mode_and_number(&self) -> (Mode, u64) {
        // The number first: a change landing between the two reads is seen again next time.
        let number = *self.inner.mode_number.borrow();
        let mode = if self.inner.degraded.load(Ordering::Acquire) {
            Mode::Degraded {
                share: degraded_share(
                    self.inner.replicas_flag,
                    self.inner.replicas_seen.load(Ordering::Relaxed),
                ),
            }
        } else {
            Mode::Shared {
                share: shared_share(self.inner.replicas_seen.load(Ordering::Relaxed)),
            }
        };
        (mode, number)
    }

    pub fn health(&self) -> StoreHealth {
        StoreHealth {
            degraded: self.inner.degraded.load(Ordering::Acquire),
            replicas_seen: self.inner.replicas_seen.load(Ordering::Relaxed),
            errors: self.inner.errors.load(Ordering::Relaxed),
        }
    }

    /// A store call failed: counted, and the replica degrades until a heartbeat answers.
    pub fn failed(&self, error: &StoreError) {
        self.inner.failed(error);
    }

    /// `result`'s value, or `None` after [`Self::failed`].
    pub fn ok<T>(&self, result: Result<T, StoreError>) -> Option<T> {
        result.map_err(|error| self.failed(&error)).ok()
    }
}

impl Inner {
    /// Logged once per outage (and for the first failure, a store already away at start): a
    /// heartbeat failing every second while it lasts would drown the log.
    fn failed(&self, error: &StoreError) {
        let first = self.errors.fetch_add(1, Ordering::Relaxed) == 0;
        let was_degraded = self.degraded.swap(true, Ordering::AcqRel);
        if !was_degraded || first {
            tracing::warn!(%error, "shared store unreachable: degraded to a local share of the budget");
        }
        if !was_degraded {
            self.mode_number.send_modify(|n| *n += 1);
        }
    }

    /// Announces this replica; a store back after failing is drained, then shared again.
    async fn beat(&self) {
        let seen = match self
            .redis
            .heartbeat(REPLICAS_KEY, &self.replica, REPLICA_ALIVE)
            .await
        {
            Ok(seen) => seen,
            Err(error) => return self.failed(&error),
        };
        self.count(seen);
        if !self.degraded.load(Ordering::Acquire) {
            return;
        }
        if let Err(error) = self.redis.drain(&self.buckets, self.params).await {
            return self.failed(&error);
        }
        self.degraded.store(false, Ordering::Release);
        self.mode_number.send_modify(|n| *n += 1);
        tracing::info!(
            replicas = seen,
            "shared store reachable: sharing the budget"
        );
    }
}

impl Inner {
    /// Takes a heartbeat's count of replicas: at once if it is no fewer, else once the higher
    /// count is [`REPLICA_ALIVE`] old.
    fn count(&self, seen: u32) {
        let now = tokio::time::Instant::now();
        let mut held_at = self
            .seen_held_at
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let previous = self.replicas_seen.load(Ordering::Relaxed);
        if seen >= previous || now.duration_since(*held_at) > REPLICA_ALIVE {
            *held_at = now;
            self.replicas_seen.store(seen, Ordering::Relaxed);
            if seen != previous {
                // Every share follows the count: the local buckets pick the new one up.
                self.mode_number.send_modify(|n| *n += 1);
            }
        }
    }
}

/// Beats every [`HEARTBEAT`] until the store is dropped.
async fn heartbeat(inner: Weak<Inner>) {
    loop {
        tokio::time::sleep(HEARTBEAT).await;
        let Some(inner) = inner.upgrade() else {
            return;
        };
        inner.beat().await;
    }
}

#[cfg(test)]
mod tests;
