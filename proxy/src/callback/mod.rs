//! "Call me back": a customer waiting in queue asks to be called, and follows the callback until
//! an agent calls.
//!
//! Connect has no public API that creates a queued callback and returns its contact ID, so the
//! proxy creates a web callback as a scheduled task ([`create`]): `StartTaskContact` into the
//! configured callback flow, linked to the customer's contact, scheduled after the initial
//! delay, the number in its attributes and references; then `StopContact` ends the customer's
//! contact, as Connect's own callback flow disconnects it. Where the callback stands is read
//! from the task's `DescribeContact` and, once it is in queue, `GetContactMetrics` ([`status`]).

mod create;
pub mod phone;
mod refusal;
mod status;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use phonenumber::country::Id;
use waitline_simulator::connect::SIMULATED_CALLBACK_FLOW_ID;

use crate::budget;
use crate::budget::operations::{Operation, OperationBudgets};
use crate::source::{ConnectSource, SourceError};
use crate::store::Store;

pub use create::Created;
pub use refusal::Refusal;
pub use status::{CallbackStatus, StatusAnswer};
pub use waitline_core::callback::CallbackState;

/// Connect's clock, as Unix seconds: a task's `ScheduledTime` is read on it. The wall clock
/// for Amazon Connect; the simulator's own (scaled) clock for the simulator.
pub type ConnectClock = Arc<dyn Fn() -> f64 + Send + Sync>;

/// The wall clock, for Amazon Connect.
pub fn wall_clock() -> ConnectClock {
    Arc::new(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64())
    })
}

/// The default initial delay, as in the seed's example of Connect's own queued callback.
pub const DEFAULT_DELAY_SECONDS: u32 = 99;
/// `StartTaskContact` schedules at most 6 days ahead.
pub const MAX_DELAY_SECONDS: u32 = 518_400;
/// The main countries of the widget's seven languages: the simulator's allow-list.
pub const SIMULATED_COUNTRIES: [Id; 13] = [
    Id::US,
    Id::CA,
    Id::GB,
    Id::ES,
    Id::MX,
    Id::FR,
    Id::DE,
    Id::PT,
    Id::BR,
    Id::JP,
    Id::SA,
    Id::AE,
    Id::EG,
];

#[derive(Debug, Clone, PartialEq)]
pub struct CallbackConfig {
    /// The flow a callback task starts in: it puts the task in the callback queue.
    pub flow_id: String,
    /// From the request to the task's `ScheduledTime`.
    pub delay_seconds: u32,
    /// End the customer's original contact (`StopContact`) once the callback exists.
    pub stop_original: bool,
    /// Countries whose numbers may be called.
    pub countries: Vec<Id>,
    /// How long a callback's token lasts beyond the initial delay.
    pub token_ttl: Duration,
}

impl CallbackConfig {
    /// The embedded simulator's callback flow, and the widget's languages' countries.
    pub fn simulated() -> Self {
        Self {
            flow_id: SIMULATED_CALLBACK_FLOW_ID.to_owned(),
            delay_seconds: DEFAULT_DELAY_SECONDS,
            stop_original: true,
            countries: SIMULATED_COUNTRIES.to_vec(),
            token_ttl: Duration::from_secs(86_400),
        }
    }
}

/// Why a callback request or status has no answer. [`Refusal`]s are the client's; the rest
/// are Connect's or the budget's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallbackError {
    Refused(Refusal),
    /// Connect does not know the contact.
    NotFound,
    /// Connect refused the contact ID.
    InvalidContact,
    /// A call this request needs is over its operation's budget: nothing was called.
    BudgetSpent {
        retry_after: Duration,
    },
    /// Nothing cached for this callback and no `DescribeContact` call left now.
    Throttled {
        retry_after: Duration,
    },
    /// Logged, never sent.
    Internal(String),
}

impl From<Refusal> for CallbackError {
    fn from(refusal: Refusal) -> Self {
        Self::Refused(refusal)
    }
}

/// Cheap to clone; clones share the budgets, the callbacks created and the cache.
#[derive(Clone)]
pub struct Callbacks {
    shared: Arc<Shared>,
}

struct Shared {
    connect: ConnectSource,
    config: CallbackConfig,
    clock: ConnectClock,
    /// Each operation's quota, calls per second and burst.
    quota: (f64, u32),
    /// Where the operations' budgets live: this process, or the store replicas share.
    store: Store,
    operations: OperationBudgets,
    /// By the customer's contact (UUID): the callback created for it, once there is one. The
    /// async lock makes concurrent requests for one contact wait for the first one's answer.
    created: Slots<Created>,
    /// By callback (UUID): its last `DescribeContact`.
    statuses: Slots<status::Fetched>,
    created_total: AtomicU64,
}

impl std::fmt::Debug for Callbacks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Callbacks")
            .field("config", &self.shared.config)
            .finish_non_exhaustive()
    }
}

impl Callbacks {
    /// `rate` and `burst` are each of Connect's operations' quota (`--connect-rate`,
    /// `--connect-burst`).
    pub fn new(
        connect: ConnectSource,
        config: CallbackConfig,
        clock: ConnectClock,
        rate: f64,
        burst: u32,
    ) -> Self {
        Self::build(connect, config, clock, (rate, burst), Store::InProcess)
    }

    fn build(
        connect: ConnectSource,
        config: CallbackConfig,
        clock: ConnectClock,
        (rate, burst): (f64, u32),
        store: Store,
    ) -> Self {
        Self {
            shared: Arc::new(Shared {
                connect,
                config,
                clock,
                quota: (rate, burst),
                operations: OperationBudgets::new(rate, burst, budget::now())
                    .with_store(store.clone()),
                store,
                created: Slots::default(),
                statuses: Slots::default(),
                created_total: AtomicU64::new(0),
            }),
        }
    }

    pub fn config(&self) -> &CallbackConfig {
        &self.shared.config
    }

    /// The same Connect and clock with another configuration, and nothing created yet.
    pub fn with_config(&self, config: CallbackConfig) -> Self {
        Self::build(
            self.shared.connect.clone(),
            config,
            Arc::clone(&self.shared.clock),
            self.shared.quota,
            self.shared.store.clone(),
        )
    }

    /// The same, with nothing created yet, spending its operations' budgets through `store`.
    pub fn with_store(&self, store: Store) -> Self {
        Self::build(
            self.shared.connect.clone(),
            self.shared.config.clone(),
            Arc::clone(&self.shared.clock),
            self.shared.quota,
            store,
        )
    }

    /// Callbacks this process created, for `/metrics`.
    pub fn created_total(&self) -> u64 {
        self.shared.created_total.load(Ordering::Relaxed)
    }

    /// One call of each of `operations` from their budgets (waiting up to `max_wait` for them,
    /// at most [`MAX_WAIT`](crate::budget::operations::MAX_WAIT)), or `BudgetSpent`;
    /// `Throttled` when the refusal is the degraded share's (the store is away).
    async fn spend(
        &self,
        operations: &[Operation],
        max_wait: Duration,
    ) -> Result<(), CallbackError> {
        self.shared
            .operations
            .take(operations, max_wait)
            .await
            .map_err(|spent| {
                let retry_after = spent.retry_after.max(Duration::from_secs(1));
                if spent.degraded {
                    CallbackError::Throttled { retry_after }
                } else {
                    CallbackError::BudgetSpent { retry_after }
                }
            })
    }

    /// What a failed call means to the client. A throttle also slows that operation down.
    fn failed(&self, operation: Operation, error: SourceError) -> CallbackError {
        match error {
            SourceError::Throttled => {
                self.shared.operations.throttled(operation, budget::now());
                CallbackError::BudgetSpent {
                    retry_after: Duration::from_secs(1),
                }
            }
            SourceError::NotFound => CallbackError::NotFound,
            SourceError::Invalid => CallbackError::InvalidContact,
            SourceError::Internal(detail) => CallbackError::Internal(detail),
        }
    }
}

/// Per-key async slots: a request takes its key's slot and holds it while it calls Connect, so
/// concurrent requests for one contact share one call.
struct Slots<T> {
    map: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Option<T>>>>>,
}

impl<T> Default for Slots<T> {
    fn default() -> Self {
        Self {
            map: Mutex::new(HashMap::new()),
        }
    }
}

/// Above this many keys, a new one first sweeps out those `keep` says are done with.
const SWEEP_ABOVE: usize = 1024;

impl<T> Slots<T> {
    fn get(&self, key: &str, keep: impl Fn(&T) -> bool) -> Arc<tokio::sync::Mutex<Option<T>>> {
        let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(slot) = map.get(key) {
            return Arc::clone(slot);
        }
        if map.len() >= SWEEP_ABOVE {
            // A slot in use stays; an idle one stays while it holds something worth keeping.
            map.retain(|_, slot| {
                slot.try_lock()
                    .map_or(true, |value| value.as_ref().is_some_and(&keep))
            });
        }
        Arc::clone(map.entry(key.to_owned()).or_default())
    }
}
