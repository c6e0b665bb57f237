//! Departures shared between replicas. EventBridge posts each contact event to one replica
//! (whichever the load balancer picks), so that replica tells the others through the store's
//! publish/subscribe: every replica's places move as the queue does. A message lost (the
//! store away, a replica reconnecting) only leaves places as they were until the next answer:
//! departures only ever lower a position Connect gave, never invent one.

use std::sync::{Arc, Weak};
use std::time::Duration;

use tokio_stream::StreamExt;

use super::operations::OperationBudgets;
use super::{Shared, describe};
use crate::events::{Departure, Way};
use crate::store::SharedStore;

/// The channel: in braces, one cluster slot, as the store's other keys.
const CHANNEL: &str = "waitline:{events}:departures";
/// After a lost subscription, the wait before subscribing again.
const RESUBSCRIBE: Duration = Duration::from_secs(1);
/// How often an idle subscription looks whether its budget still exists.
const ALIVE_CHECK: Duration = Duration::from_secs(5);

/// Tells the other replicas.
pub(super) async fn publish(store: &SharedStore, departure: &Departure) {
    let Ok(message) = serde_json::to_string(departure) else {
        return;
    };
    if let Err(error) = store.redis().publish(CHANNEL, &message).await {
        store.failed(&error);
    }
}

/// Hears the others (and this one: a departure told twice counts once) until the budget is
/// dropped.
pub(super) async fn follow(shared: Weak<Shared>, store: SharedStore) {
    while shared.strong_count() > 0 {
        match store.redis().subscribe(CHANNEL).await {
            Ok(mut messages) => loop {
                tokio::select! {
                    message = messages.next() => {
                        let Some(message) = message else { break };
                        let Some(shared) = shared.upgrade() else { return };
                        let Ok(text) = message.get_payload::<String>() else { continue };
                        match serde_json::from_str::<Departure>(&text) {
                            Ok(departure) => shared.departed(&departure),
                            Err(error) => tracing::warn!(%error, "a shared departure unread"),
                        }
                    }
                    () = tokio::time::sleep(ALIVE_CHECK) => {
                        if shared.strong_count() == 0 {
                            return;
                        }
                    }
                }
            },
            Err(error) => store.failed(&error),
        }
        tokio::time::sleep(RESUBSCRIBE).await;
    }
}

/// Tells `departure` (a contact that ended without an agent) once its own `DescribeContact`
/// says where it stood in its queue's order. An event carries no priority, and a contact of
/// another priority that hung up counts for nobody it was not ahead of. Without a call now it
/// waits its turn again (until [`describe::HUNG_UP_FOR`] after it hung up); for a contact
/// Connect cannot describe, that never queued or that had an agent, nothing moves: places stay
/// as they were until the customers' own answers.
pub(super) async fn describe_then_tell(
    shared: Arc<Shared>,
    operations: Arc<OperationBudgets>,
    mut departure: Departure,
) {
    let told = match describe::call(&shared, &operations, &departure.contact).await {
        // Connect's own record must agree that it ended without an agent: an event is a hint.
        describe::Call::Viewed(view) if !view.with_agent && view.disconnected.is_some() => {
            view.order().map(|ticket| {
                departure.way = Way::Ended {
                    ticket: Some(ticket),
                };
                departure.clone()
            })
        }
        describe::Call::Viewed(_) | describe::Call::Failed => None,
        describe::Call::Spent => {
            if (shared.clock)() - departure.after < describe::HUNG_UP_FOR {
                shared.lock().hung_up.push_front(departure.clone());
            }
            None
        }
    };
    shared.lock().describing.remove(&departure.contact);
    if let Some(departure) = told {
        shared.tell(departure);
    }
    shared.wake.notify_one();
}
