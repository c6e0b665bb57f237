//! What one answer says, once read and validated: a contact's place, where a contact without one
//! is, and where a callback stands. A leaf: the wire readers (`metrics` for the contact's
//! metrics, `callback` for a callback's status) both produce these, and nothing here depends on
//! them.

use serde::{Deserialize, Serialize};

use crate::error::PollError;

/// No real queue is this long, and no estimate this large is worth showing: a value beyond
/// these bounds means a broken upstream, not a long wait.
pub const MAX_POSITION: f64 = 1_000_000.0;
pub const MAX_EWT_SECONDS: f64 = 30.0 * 24.0 * 3600.0;

/// Where Connect has a contact that is not in a queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ContactStage {
    /// Known, but not in a queue yet: a flow (or a bot in it) still runs.
    InFlow,
    /// An agent has it.
    WithAgent,
    /// Disconnected.
    Ended,
}

impl ContactStage {
    /// `IN_FLOW`, `WITH_AGENT` or `ENDED`; any other value is no stage at all, as unknown
    /// union members are no value: a newer proxy may say more.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "IN_FLOW" => Some(Self::InFlow),
            "WITH_AGENT" => Some(Self::WithAgent),
            "ENDED" => Some(Self::Ended),
            _ => None,
        }
    }
}

/// Where a callback stands: what the proxy's status route says (serialised by these names) and
/// what the widget reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CallbackState {
    /// In its initial delay: not in a queue yet, so no position (and that is not an error).
    Scheduled,
    Queued,
    /// An agent accepted it and is calling the customer.
    Calling,
    /// Ended after an agent had it.
    Done,
    /// Ended before any agent had it.
    Failed,
}

impl CallbackState {
    /// The name on the wire, in `waitline:callback-state` events and as serialised.
    pub fn name(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::Queued => "queued",
            Self::Calling => "calling",
            Self::Done => "done",
            Self::Failed => "failed",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "scheduled" => Self::Scheduled,
            "queued" => Self::Queued,
            "calling" => Self::Calling,
            "done" => Self::Done,
            "failed" => Self::Failed,
            _ => return None,
        })
    }

    /// Nothing more will happen to it: polling stops.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Done | Self::Failed)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallbackStatus {
    pub state: CallbackState,
    /// While scheduled: seconds from the answer until it enters the queue.
    pub starts_in_seconds: Option<u32>,
    /// While queued, when Connect has one.
    pub snapshot: Option<Snapshot>,
}

/// A contact's place in the queue, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    /// 1 means next in line.
    pub position: u32,
    /// Connect's estimate, rounded up to whole seconds. Absent on instances without EWT.
    pub ewt_seconds: Option<u32>,
}

/// What one successful poll says about the contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    InQueue(Snapshot),
    /// Connect answered but has no position: the contact is not (yet, or any longer) in queue;
    /// where it is instead, when the answer says.
    NotInQueue(Option<ContactStage>),
    /// Where a callback the customer asked for stands.
    Callback(CallbackStatus),
}

/// `value` as a whole number when it lies in `min..=max`; anything else is a broken answer.
pub(crate) fn checked(value: f64, min: f64, max: f64) -> Result<u32, PollError> {
    if value.is_finite() && (min..=max).contains(&value) {
        // Bounded above, so it fits; rounding up keeps a fractional second or position on the
        // side of not promising too little.
        Ok(crate::round::up(value))
    } else {
        Err(PollError::InvalidBody)
    }
}
