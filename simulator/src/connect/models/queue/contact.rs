//! One contact the simulation knows, as one object: its record (what `DescribeContact` reads),
//! where it is now, and the client token that created it. The queue keeps these in one map by
//! contact ID; its indexes (the lines' order, the contacts on their way, the callers' patience)
//! hold IDs only, never a copy of what is here.

use super::super::record::ContactRecord;
use super::lines::Key;

#[derive(Debug, Clone)]
pub(super) struct Contact {
    pub(super) record: ContactRecord,
    pub(super) stage: Stage,
    /// The `ClientToken` of the `StartTaskContact` that created it: a repeat with the same token
    /// returns this contact for as long as it is known.
    pub(super) client_token: Option<String>,
}

impl Contact {
    pub(super) fn new(record: ContactRecord, stage: Stage) -> Self {
        Self {
            record,
            stage,
            client_token: None,
        }
    }
}

/// Where a contact is now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Stage {
    /// Waiting at `Key` in the line of its record's queue and channel.
    Queued(Key),
    WithAgent {
        since: f64,
    },
    /// A callback in its initial delay, or a task before its scheduled time.
    Scheduled,
    /// In its flow (an IVR, a bot) before the queue.
    InFlow,
    Ended {
        since: f64,
    },
}

impl Stage {
    /// Reached an agent or ended more than `horizon` ago: no longer worth remembering.
    pub(super) fn settled_before(self, horizon: f64) -> bool {
        matches!(self, Self::WithAgent { since } | Self::Ended { since } if since < horizon)
    }
}
