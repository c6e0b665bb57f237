//! Departures shared between replicas. EventBridge posts each contact event to one replica
//! (whichever the load balancer picks), so that replica tells the others through the store's
//! publish/subscribe: every replica's places move as the queue does. A message lost (the
//! store away, a replica reconnecting) only leaves places as they were until the next answer:
//! departures only ever lower a position Connect gave, never invent one.

use std::sync::Weak;
use std::time::Duration;

use tokio_stream::StreamExt;

use super::Shared;
use crate::events::Departure;
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
