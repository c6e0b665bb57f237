//! The refresher: the task that starts the calls the scheduler plans and lands their answers,
//! then sleeps until something falls due.

use std::sync::{Arc, Weak};
use std::time::Duration;

use tokio::sync::{Notify, watch};

use super::shared::Refreshed;
use super::{Shared, departures, describe, now, placing, shared};
use crate::source::SourceError;
use crate::store::{Mode, Store};

impl Shared {
    /// Starts the calls the scheduler plans, and says when to look again.
    fn run_plan(self: &Arc<Self>) -> Option<std::time::Instant> {
        let mut guard = self.lock();
        let state = &mut *guard;
        state.stats.refresher_wakeups += 1;
        let now = now();
        if let Some((share, empty)) = self.store.share_change(&mut state.mode_seen) {
            state.scheduler.set_share(share, empty, now);
        }
        // Planned in this mode, fetched in it: a token taken at the whole rate for the shared
        // budget must not become a direct call if the store fails meanwhile.
        let mode = self.store.mode();
        placing::assign_fronts(state);
        let plan = state.scheduler.plan(now);
        for contact in &plan.forgotten {
            state.places.forget(contact);
            state.described.remove(contact);
            state.to_describe.remove(contact);
        }
        if let Some(operations) = &self.operations {
            for chosen in describe::candidates(state, now) {
                let (shared, operations) = (Arc::clone(self), Arc::clone(operations));
                match chosen {
                    describe::Chosen::Contact(contact) => {
                        tokio::spawn(describe::describe(shared, operations, contact));
                    }
                    describe::Chosen::HungUp(departure) => {
                        tokio::spawn(departures::describe_then_tell(
                            shared, operations, departure,
                        ));
                    }
                }
            }
        }
        let scheduler = &state.scheduler;
        // Channels nobody listens to any more, and those of forgotten contacts (no fetch will come).
        state
            .waiters
            .retain(|id, updated| updated.receiver_count() > 0 && scheduler.is_tracked(id));
        for id in plan.fetch {
            let fresh_for = state.scheduler.target_of(&id);
            tokio::spawn(fetch(Arc::clone(self), id, mode, fresh_for));
        }
        plan.next
    }

    /// What a refresh brought: cache it and answer whoever waits for it. `sent` is when this
    /// replica asked (Connect's clock).
    pub(super) fn landed(&self, contact_id: &str, refreshed: Refreshed, sent: f64) {
        let mut state = self.lock();
        let now = now();
        let landed = (self.clock)();
        match refreshed {
            Refreshed::Called(outcome) => {
                if outcome == Err(SourceError::Throttled) {
                    state.stats.connect_throttles += 1;
                }
                placing::answered(&mut state, contact_id, &outcome, sent, landed);
                state.scheduler.fetched(contact_id, outcome, now);
            }
            Refreshed::Cached {
                outcome,
                age,
                fresh,
                asked,
            } => {
                state.stats.shared_cache_hits += 1;
                let at = now.checked_sub(age).unwrap_or(now);
                // Another replica's call, as it timed it; from a replica that did not say, it
                // was stored `age` ago and asked for at most a call's timeout before that.
                let asked = asked.unwrap_or_else(|| {
                    let came = landed - age.as_secs_f64();
                    shared::Asked {
                        sent: came - crate::source::CALL_TIMEOUT.as_secs_f64(),
                        landed: came,
                    }
                });
                placing::answered(&mut state, contact_id, &outcome, asked.sent, asked.landed);
                state.scheduler.fetched(contact_id, outcome, at);
                if fresh {
                    state.scheduler.refund(now);
                }
            }
            // Due again: the next plan retries it when the local bucket allows. Whoever waits
            // keeps waiting for that.
            Refreshed::Nothing => {
                state.stats.fetches_skipped += 1;
                state.scheduler.skipped(contact_id);
                drop(state);
                self.wake.notify_one();
                return;
            }
        }
        if let Some(updated) = state.waiters.remove(contact_id) {
            updated.send_replace(());
        }
        drop(state);
        self.changes.send_modify(|n| *n = n.wrapping_add(1));
        // The contact can be forgotten, and the bucket may have changed: plan again.
        self.wake.notify_one();
    }
}

impl Drop for Shared {
    /// The refresher sleeps holding no strong reference; this wakes it to find the budget gone.
    fn drop(&mut self) {
        self.wake.notify_one();
    }
}

/// Starts the planned calls, then sleeps until something falls due, a request changes the
/// plan, or the store's mode changes (and with it the local bucket's share). An idle proxy's
/// refresher sleeps until the next request.
pub(super) async fn refresher(
    shared: Weak<Shared>,
    wake: Arc<Notify>,
    mut mode_changes: Option<watch::Receiver<u64>>,
) {
    loop {
        let next = {
            let Some(shared) = shared.upgrade() else {
                return;
            };
            shared.run_plan()
        };
        let mode_changed = async {
            match &mut mode_changes {
                Some(changes) => {
                    if changes.changed().await.is_err() {
                        std::future::pending::<()>().await;
                    }
                }
                None => std::future::pending().await,
            }
        };
        let due = async {
            match next {
                Some(at) => tokio::time::sleep_until(at.into()).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = wake.notified() => {}
            () = mode_changed => {}
            () = due => {}
        }
    }
}

/// Refreshes a contact as the mode it was planned in says: through the shared store, or
/// straight from Connect on the local budget.
async fn fetch(shared: Arc<Shared>, contact_id: String, mode: Mode, fresh_for: Option<Duration>) {
    let sent = (shared.clock)();
    let count_call = || shared.lock().stats.connect_calls += 1;
    let refreshed = match (&shared.store, mode) {
        (Store::Shared(store), Mode::Shared { .. }) => {
            shared::refresh(
                store,
                &shared.source,
                &contact_id,
                shared.config.forget_after,
                fresh_for,
                &shared.clock,
                count_call,
            )
            .await
        }
        _ => {
            count_call();
            Refreshed::Called(shared.source.contact_metrics(&contact_id).await)
        }
    };
    shared.landed(&contact_id, refreshed, sent);
}
