//! "Call me back": a customer waiting in queue asks to be called, and follows the callback until
//! an agent calls.
//!
//! Connect has no public API that creates a queued callback and returns its contact ID, so the
//! proxy creates a web callback as a scheduled task (`create`): `StartTaskContact` into the
//! configured callback flow, linked to the customer's contact, scheduled after the initial
//! delay, the number in its attributes and references; then `StopContact` ends the customer's
//! contact, as Connect's own callback flow disconnects it. Where the callback stands is read
//! from the task's `DescribeContact` and, once it is in queue, `GetContactMetrics` (`status`).

mod create;
pub mod daily;
pub mod phone;
mod status;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use phonenumber::country::Id;
use waitline_simulator::connect::SIMULATED_CALLBACK_FLOW_ID;

use crate::budget;
use crate::budget::operations::{Operation, OperationBudgets};
use crate::clients::Allowance;
use crate::slots::Slots;
use crate::source::{ConnectClient, SourceError};
use daily::DailyCounts;
use phone::NumberKind;

pub use create::Created;
pub use waitline_core::refusal::CallbackRefusal as Refusal;

use crate::error::ApiError;
pub use status::{CallbackStatusBody, StatusAnswer};
pub use waitline_core::callback::CallbackState;

pub use crate::clock::{ConnectClock, wall_clock};

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
    /// Kinds of number that may be called (fixed lines and mobiles unless the operator lists
    /// more).
    pub number_types: Vec<NumberKind>,
    /// Callbacks one number may be called back for within a day.
    pub per_number_per_day: u32,
    /// Callbacks one client may ask for within a day.
    pub per_client_per_day: u32,
    /// How long a callback's token lasts beyond the initial delay.
    pub token_ttl: Duration,
}

pub const DEFAULT_PER_NUMBER_PER_DAY: u32 = 3;
pub const DEFAULT_PER_CLIENT_PER_DAY: u32 = 10;
pub const DEFAULT_TOKEN_TTL_SECONDS: u64 = 86_400;

impl CallbackConfig {
    /// The embedded simulator's callback flow, and the widget's languages' countries.
    pub fn simulated() -> Self {
        Self {
            flow_id: SIMULATED_CALLBACK_FLOW_ID.to_owned(),
            delay_seconds: DEFAULT_DELAY_SECONDS,
            stop_original: true,
            countries: SIMULATED_COUNTRIES.to_vec(),
            number_types: NumberKind::DEFAULT.to_vec(),
            per_number_per_day: DEFAULT_PER_NUMBER_PER_DAY,
            per_client_per_day: DEFAULT_PER_CLIENT_PER_DAY,
            token_ttl: Duration::from_secs(DEFAULT_TOKEN_TTL_SECONDS),
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
    /// Nothing cached for this callback and no `DescribeContact` call left now; or the client
    /// has spent its own allowance (new contacts, its share of an operation).
    Throttled {
        retry_after: Duration,
    },
    /// The client or the number has had its callbacks for the day.
    TooMany {
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
    connect: ConnectClient,
    config: CallbackConfig,
    clock: ConnectClock,
    /// The account's operation budgets, shared with everything else that calls Connect.
    operations: Arc<OperationBudgets>,
    /// By the customer's contact (UUID): the callback created for it, once there is one. The
    /// async lock makes concurrent requests for one contact wait for the first one's answer.
    created: Slots<Created>,
    /// By callback (UUID): its last `DescribeContact`.
    statuses: Slots<status::Fetched>,
    /// Callbacks per number and per client, over a day.
    daily: DailyCounts,
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
    /// Callbacks spending Connect's operations from `operations` (the account's budgets).
    pub fn new(
        connect: ConnectClient,
        config: CallbackConfig,
        clock: ConnectClock,
        operations: Arc<OperationBudgets>,
    ) -> Self {
        Self {
            shared: Arc::new(Shared {
                connect,
                config,
                clock,
                daily: DailyCounts::new(operations.store().clone()),
                operations,
                created: Slots::default(),
                statuses: Slots::default(),
                created_total: AtomicU64::new(0),
            }),
        }
    }

    pub fn config(&self) -> &CallbackConfig {
        &self.shared.config
    }

    /// The same Connect, clock and budgets with another configuration, and nothing created yet:
    /// for tests that compare configurations on one account.
    #[must_use]
    pub fn with_config(&self, config: CallbackConfig) -> Self {
        Self::new(
            self.shared.connect.clone(),
            config,
            Arc::clone(&self.shared.clock),
            Arc::clone(&self.shared.operations),
        )
    }

    /// Callbacks this process created, for `/metrics`.
    pub fn created_total(&self) -> u64 {
        self.shared.created_total.load(Ordering::Relaxed)
    }

    /// Contacts and callbacks remembered now (each bounded), for tests and `/metrics`.
    pub fn remembered(&self) -> usize {
        self.shared.created.len() + self.shared.statuses.len()
    }

    /// One call of each of `operations` from the client's shares and from their budgets
    /// (waiting up to `max_wait` for the budgets, at most
    /// [`MAX_WAIT`](crate::budget::operations::MAX_WAIT)), or `BudgetSpent`; `Throttled` when
    /// the client's own share is spent, or the refusal is the degraded share's (the store is
    /// away).
    async fn spend(
        &self,
        operations: &[Operation],
        max_wait: Duration,
        allowance: &Allowance,
    ) -> Result<(), CallbackError> {
        allowance
            .share(operations)
            .map_err(|retry_after| CallbackError::Throttled {
                retry_after: retry_after.max(Duration::from_secs(1)),
            })?;
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

/// What a client hears of a callback that could not be made.
impl From<CallbackError> for ApiError {
    fn from(error: CallbackError) -> Self {
        match error {
            CallbackError::Refused(refusal) => ApiError::CallbackRefused(refusal),
            CallbackError::NotFound => ApiError::NotFound,
            CallbackError::InvalidContact => {
                ApiError::InvalidParameter("Connect does not accept this contact ID")
            }
            CallbackError::BudgetSpent { retry_after } => ApiError::BudgetSpent { retry_after },
            CallbackError::Throttled { retry_after } => ApiError::Throttled { retry_after },
            CallbackError::TooMany { retry_after } => ApiError::TooManyCallbacks { retry_after },
            CallbackError::Internal(detail) => ApiError::Internal(detail),
        }
    }
}
