//! Where a contact stands when `GetContactMetrics` gives it no position: still in a flow (an IVR
//! or a bot), with an agent, or ended. Connect's metrics exist only while a contact is in queue,
//! so without this a contact that went straight to an agent, or is still in a flow, would show
//! "Checking your place in the queue…" until Connect forgot it. `DescribeContact` tells which,
//! and the metrics answer carries it as `ContactStage`.
//!
//! One `DescribeContact` per contact while it is in a flow at most every [`IN_FLOW_FOR`], and
//! once for good when it has reached an agent or ended; from the account's `DescribeContact`
//! budget and the client's share of it, never waited for: without a call left, the answer goes
//! without a stage.

use std::sync::Arc;
use std::time::{Duration, Instant};

use waitline_core::metrics::ContactStage;

use crate::budget::operations::{Operation, OperationBudgets};
use crate::budget::{self};
use crate::clients::Allowance;
use crate::slots::Slots;
use crate::source::{ConnectClient, ContactView, SourceError};

/// How long an "in a flow" reading stands: the widget's own polls find the position once the
/// contact is queued; this only says what to show until then.
pub const IN_FLOW_FOR: Duration = Duration::from_secs(15);

/// Where `DescribeContact` has a contact: `None` while it is queued (its position is on its
/// way, and there is nothing to add).
pub fn stage_of(view: &ContactView) -> Option<ContactStage> {
    if view.disconnected.is_some() {
        Some(ContactStage::Ended)
    } else if view.with_agent {
        Some(ContactStage::WithAgent)
    } else if view.enqueued.is_some() {
        None
    } else {
        Some(ContactStage::InFlow)
    }
}

/// Whether a reading of `stage` at `read` still stands at `now`: an agent or an end for good,
/// the rest for [`IN_FLOW_FOR`].
fn holds(stage: Option<ContactStage>, read: Instant, now: Instant) -> bool {
    match stage {
        Some(ContactStage::WithAgent | ContactStage::Ended) => true,
        Some(ContactStage::InFlow) | None => now.saturating_duration_since(read) < IN_FLOW_FOR,
    }
}

#[derive(Clone)]
pub struct Stages {
    connect: ConnectClient,
    operations: Arc<OperationBudgets>,
    read: Arc<Slots<(Option<ContactStage>, Instant)>>,
    calls: Arc<std::sync::atomic::AtomicU64>,
}

impl std::fmt::Debug for Stages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stages")
            .field("remembered", &self.read.len())
            .finish_non_exhaustive()
    }
}

impl Stages {
    pub fn new(connect: ConnectClient, operations: Arc<OperationBudgets>) -> Self {
        Self {
            connect,
            operations,
            read: Arc::new(Slots::default()),
            calls: Arc::default(),
        }
    }

    /// Contacts whose stage is remembered (bounded), for tests.
    pub fn remembered(&self) -> usize {
        self.read.len()
    }

    /// `DescribeContact` calls made, for tests.
    pub fn calls(&self) -> u64 {
        self.calls.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Where `contact` stands, if it is out of the queue and that is known or a call is left
    /// to learn it.
    pub async fn stage(&self, contact: &str, allowance: &Allowance) -> Option<ContactStage> {
        let slot = self.read.get(contact);
        let mut read = slot.lock().await;
        let now = budget::now();
        if let Some((stage, at)) = *read
            && holds(stage, at, now)
        {
            return stage;
        }
        let describe = [Operation::DescribeContact];
        allowance.share(&describe).ok()?;
        self.operations.take(&describe, Duration::ZERO).await.ok()?;
        self.calls
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        match self.connect.describe_contact(contact).await {
            Ok(view) => {
                let stage = stage_of(&view);
                *read = Some((stage, budget::now()));
                stage
            }
            Err(error) => {
                match &error {
                    SourceError::Throttled => self
                        .operations
                        .throttled(Operation::DescribeContact, budget::now()),
                    // The proxy's identity may lack connect:DescribeContact: the widget then
                    // waits for a position, and the operator learns why here.
                    SourceError::Internal(detail) => {
                        tracing::warn!(%detail, "DescribeContact failed: no ContactStage");
                    }
                    SourceError::NotFound | SourceError::Invalid => {}
                }
                read.and_then(|(stage, _)| stage)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stage_follows_describe_contact() {
        let flow = ContactView {
            initiated: Some(100.0),
            ..ContactView::default()
        };
        let queued = ContactView {
            enqueued: Some(110.0),
            ..flow
        };
        let agent = ContactView {
            with_agent: true,
            ..queued
        };
        let ended = ContactView {
            disconnected: Some(120.0),
            ..flow
        };
        assert_eq!(stage_of(&flow), Some(ContactStage::InFlow));
        assert_eq!(stage_of(&queued), None);
        assert_eq!(stage_of(&agent), Some(ContactStage::WithAgent));
        assert_eq!(stage_of(&ended), Some(ContactStage::Ended));
        let t0 = Instant::now();
        let flow = Some(ContactStage::InFlow);
        assert!(holds(flow, t0, t0 + IN_FLOW_FOR / 2));
        assert!(!holds(flow, t0, t0 + IN_FLOW_FOR));
        assert!(!holds(None, t0, t0 + IN_FLOW_FOR));
        assert!(holds(
            Some(ContactStage::Ended),
            t0,
            t0 + 1000 * IN_FLOW_FOR
        ));
    }
}
