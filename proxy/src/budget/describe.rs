//! Each tracked contact's place in its queue's order, from one `DescribeContact` (its queue,
//! priority and time in queue), asked for once it is seen in queue. From the account's
//! `DescribeContact` budget (its own quota), never waited for: a contact the budget cannot
//! describe now is tried again later, and meanwhile shows its own answers.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::operations::{Operation, OperationBudgets};
use super::{Shared, State};
use crate::events::Departure;
use crate::source::{ContactView, SourceError};

/// Descriptions in flight at once: each waits up to [`WAIT`] for its call, so the budget's
/// calls are all used, one after the other, without a queue of waiting tasks.
const IN_FLIGHT: usize = 2;
/// How long a description waits for its `DescribeContact` call.
const WAIT: Duration = Duration::from_secs(2);
/// A contact not described (no call left, Connect failed, not queued yet) is tried again after
/// this.
const RETRY: Duration = Duration::from_secs(5);
/// Hang-ups held for their description at most; past it the oldest is let go (its customers'
/// own answers correct them). Events come from one authenticated sender, but a burst of them
/// still must not grow memory without bound.
pub(super) const HUNG_UP_HELD: usize = 1_000;
/// A hang-up not described within this is let go: by then every customer behind it has had
/// an answer of their own (the longest freshness target).
pub(super) const HUNG_UP_FOR: f64 = 600.0;

/// What to describe next.
pub(super) enum Chosen {
    /// A followed contact, for its own place in its queue's order.
    Contact(String),
    /// A contact nobody here followed that hung up: where it stood moves everyone behind it.
    HungUp(Departure),
}

/// A contact nobody here followed hung up: it waits for its description, ahead of every
/// contact waiting for theirs.
pub(super) fn hung_up(state: &mut State, departure: Departure) {
    if state.hung_up.len() >= HUNG_UP_HELD {
        state.hung_up.pop_front();
    }
    state.hung_up.push_back(departure);
}

/// `contact` was seen in queue without a place in its order: it waits to be described, once.
pub(super) fn want(state: &mut State, contact: &str) {
    if !state.describing.contains(contact) && state.to_describe.insert(contact.to_owned()) {
        state.undescribed.push_back(contact.to_owned());
    }
}

/// Contacts to describe now, hang-ups first; they are marked as being described.
pub(super) fn candidates(state: &mut State, now: Instant) -> Vec<Chosen> {
    let mut chosen = Vec::new();
    while state.describing.len() < IN_FLIGHT {
        let Some(departure) = state.hung_up.pop_front() else {
            break;
        };
        if state.describing.insert(departure.contact.clone()) {
            chosen.push(Chosen::HungUp(departure));
        }
    }
    let mut later = Vec::new();
    while state.describing.len() < IN_FLIGHT {
        let Some(contact) = state.undescribed.pop_front() else {
            break;
        };
        if state.places.has_ticket(&contact) || !state.scheduler.is_tracked(&contact) {
            state.to_describe.remove(&contact);
            continue;
        }
        let recent = state
            .described
            .get(&contact)
            .is_some_and(|at| now.saturating_duration_since(*at) < RETRY);
        if recent {
            later.push(contact);
            continue;
        }
        state.to_describe.remove(&contact);
        state.describing.insert(contact.clone());
        state.described.insert(contact.clone(), now);
        chosen.push(Chosen::Contact(contact));
    }
    state.undescribed.extend(later);
    chosen
}

/// What a description brought.
enum Described {
    /// In queue: its place in the order.
    Queued(crate::places::Ticket),
    /// Not in a queue (any more): nothing to place.
    Elsewhere,
    /// No call left, or Connect failed: try again later.
    Unknown,
}

/// What one `DescribeContact` from the account's budget brought.
pub(super) enum Call {
    /// The budget had no call within [`WAIT`].
    Spent,
    /// Connect failed (a throttle is told to the budget).
    Failed,
    Viewed(ContactView),
}

/// Describes `contact` with a call from the account's budget, waited for up to [`WAIT`].
pub(super) async fn call(shared: &Shared, operations: &OperationBudgets, contact: &str) -> Call {
    if operations
        .take(&[Operation::DescribeContact], WAIT)
        .await
        .is_err()
    {
        return Call::Spent;
    }
    match shared.source.describe_contact(contact).await {
        Ok(view) => Call::Viewed(view),
        Err(SourceError::Throttled) => {
            operations.throttled(Operation::DescribeContact, super::now());
            Call::Failed
        }
        Err(_) => Call::Failed,
    }
}

/// Describes `contact` if the budget has a call now, and gives it its ticket.
pub(super) async fn describe(
    shared: Arc<Shared>,
    operations: Arc<OperationBudgets>,
    contact: String,
) {
    let described = match call(&shared, &operations, &contact).await {
        Call::Viewed(view) => view
            .ticket()
            .map_or(Described::Elsewhere, Described::Queued),
        Call::Spent | Call::Failed => Described::Unknown,
    };
    let mut state = shared.lock();
    state.describing.remove(&contact);
    match described {
        Described::Queued(ticket) => {
            state.places.ticket(&contact, ticket);
            state.described.remove(&contact);
        }
        // Seen in queue again, it is described again (`placing::answered`), after a while.
        Described::Elsewhere => {}
        // Tried again after a while, if it is still followed.
        Described::Unknown => want(&mut state, &contact),
    }
    drop(state);
    shared.changes.send_modify(|n| *n = n.wrapping_add(1));
    shared.wake.notify_one();
}
