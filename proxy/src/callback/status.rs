//! Where a callback stands, from its task's `DescribeContact` and, while it waits in queue,
//! `GetContactMetrics` (through the metrics budget, which caches and paces those calls). Each
//! callback's `DescribeContact` is cached for the metrics route's freshness window, so many
//! polls cost few calls; a callback that has ended is never asked about again.

use std::time::{Duration, Instant};

use serde::Serialize;
use waitline_core::callback::CallbackState;
use waitline_core::metrics::Reading;

use super::{CallbackError, Callbacks};
use crate::budget::operations::{MAX_WAIT, Operation};
use crate::budget::{self, Budget, freshness_target};
use crate::clients::Allowance;
use crate::source::{ContactView, SourceError};

/// Where a callback stands, from its task's contact: the state the widget reads (one enum, in
/// the core, for both ends of the wire).
pub fn state_of(view: &ContactView) -> CallbackState {
    let agent_reached = view.accepted.is_some() || view.connected_to_agent.is_some();
    match (view.disconnected, agent_reached, view.enqueued) {
        (Some(_), true, _) => CallbackState::Done,
        (Some(_), false, _) => CallbackState::Failed,
        (None, true, _) => CallbackState::Calling,
        (None, false, Some(_)) => CallbackState::Queued,
        (None, false, None) => CallbackState::Scheduled,
    }
}

/// The status route's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallbackStatusBody {
    pub state: CallbackState,
    /// When the callback enters (or entered) the queue, Unix seconds on Connect's clock.
    pub scheduled_at: u64,
    /// While scheduled: seconds from this answer until `scheduled_at`, on Connect's clock, so
    /// a browser counts down without trusting its own clock (or seeing Connect's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starts_in_seconds: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ewt_seconds: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusAnswer {
    pub status: CallbackStatusBody,
    /// How old the `DescribeContact` behind it is.
    pub age: Duration,
    /// When asking again could bring something new.
    pub max_age: Duration,
}

/// A callback's last `DescribeContact`, and the position it had then (which sets how soon to
/// ask again).
#[derive(Debug, Clone, Copy)]
pub(super) struct Fetched {
    view: ContactView,
    at: Instant,
    /// `at` on Connect's clock.
    at_connect: f64,
    position: Option<u32>,
}

impl Fetched {
    fn target(&self) -> Duration {
        freshness_target(self.position)
    }

    /// Fresh enough to answer with, at `now` (`connect_now` on Connect's clock).
    fn serves(&self, now: Instant, connect_now: f64) -> bool {
        let state = state_of(&self.view);
        if state.is_final() {
            return true;
        }
        // Read while scheduled, and due in queue since: worth reading again at once.
        let due_since = state == CallbackState::Scheduled
            && self
                .view
                .scheduled
                .is_some_and(|at| self.at_connect < at && at <= connect_now);
        !due_since && now.saturating_duration_since(self.at) <= self.target()
    }

    /// How long until a scheduled callback is due in queue, on Connect's clock.
    fn due_in(&self, connect_now: f64) -> Option<Duration> {
        let at = self.view.scheduled?;
        (state_of(&self.view) == CallbackState::Scheduled)
            .then(|| Duration::try_from_secs_f64(at - connect_now).unwrap_or_default())
    }
}

impl Callbacks {
    /// Where the callback `task` (a UUID) stands.
    pub async fn status(
        &self,
        task: &str,
        metrics: &Budget,
        allowance: &Allowance,
    ) -> Result<StatusAnswer, CallbackError> {
        let connect_now = (self.shared.clock)();
        let slot = self.shared.statuses.get(task);
        let mut cached = slot.lock().await;
        let fetched = self.fetch(task, *cached, connect_now, allowance).await?;
        let state = state_of(&fetched.view);
        let mut status = CallbackStatusBody {
            state,
            scheduled_at: seconds(fetched.view.scheduled.or(fetched.view.initiated)),
            starts_in_seconds: None,
            position: None,
            ewt_seconds: None,
        };
        if state == CallbackState::Scheduled {
            status.starts_in_seconds = fetched.view.scheduled.map(|at| {
                // Whole seconds, rounded up: "in about 1 minute" until it is really due.
                let left = (at - connect_now).max(0.0).ceil();
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let left = left.min(f64::from(u32::MAX)) as u32;
                left
            });
        }
        let age = budget::now().saturating_duration_since(fetched.at);
        let mut max_age = fetched.target().saturating_sub(age);
        if let Some(due) = fetched.due_in(connect_now) {
            max_age = max_age.min(due);
        }
        if state == CallbackState::Queued {
            // The metrics budget paces these calls; a callback it cannot serve yet is still
            // queued, just without a position this time.
            if let Ok(answer) = metrics.get(task, allowance).await {
                if let Ok(Ok(Reading::InQueue(snapshot))) =
                    answer.outcome.as_ref().map(|m| m.reading())
                {
                    status.position = Some(snapshot.position);
                    status.ewt_seconds = snapshot.ewt_seconds;
                }
                max_age = max_age.min(answer.max_age);
            }
        }
        *cached = Some(Fetched {
            position: status.position,
            ..fetched
        });
        Ok(StatusAnswer {
            status,
            age,
            max_age: max_age.max(Duration::from_secs(1)),
        })
    }

    /// The cached `DescribeContact` while it serves, else a new one if the budget allows, else
    /// the stale one; with nothing cached and no call left, `Throttled`.
    async fn fetch(
        &self,
        task: &str,
        cached: Option<Fetched>,
        connect_now: f64,
        allowance: &Allowance,
    ) -> Result<Fetched, CallbackError> {
        if let Some(fetched) = cached.filter(|f| f.serves(budget::now(), connect_now)) {
            return Ok(fetched);
        }
        // Stale data is answered at once rather than after a wait for a call; with none, a
        // short wait for one beats a 429.
        let max_wait = if cached.is_some() {
            Duration::ZERO
        } else {
            MAX_WAIT
        };
        if let Err(spent) = self
            .spend(&[Operation::DescribeContact], max_wait, allowance)
            .await
        {
            return cached.ok_or(as_read(spent));
        }
        match (self.shared.connect.describe_contact(task).await, cached) {
            (Ok(view), _) => Ok(Fetched {
                view,
                at: budget::now(),
                at_connect: connect_now,
                position: cached.and_then(|c| c.position),
            }),
            // Old data beats none.
            (Err(SourceError::Throttled), Some(stale)) => {
                self.failed(Operation::DescribeContact, SourceError::Throttled);
                Ok(stale)
            }
            (Err(error), _) => Err(as_read(self.failed(Operation::DescribeContact, error))),
        }
    }
}

/// A read over its budget is throttled (429, as the metrics route says it), not refused.
fn as_read(error: CallbackError) -> CallbackError {
    match error {
        CallbackError::BudgetSpent { retry_after } => CallbackError::Throttled { retry_after },
        other => other,
    }
}

/// Whole Unix seconds; a missing or impossible time reads as 0.
fn seconds(time: Option<f64>) -> u64 {
    time.filter(|t| t.is_finite() && *t >= 0.0)
        // Bounded below by the filter; `as` saturates above.
        .map_or(0, |t| t.round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> ContactView {
        ContactView {
            initiated: Some(100.0),
            scheduled: Some(199.0),
            ..ContactView::default()
        }
    }

    #[test]
    fn the_state_follows_the_contacts_steps() {
        let scheduled = view();
        let queued = ContactView {
            enqueued: Some(199.0),
            ..scheduled
        };
        // Offered to an agent (AgentInfo appears) but not yet accepted: still queued.
        let offered = ContactView {
            with_agent: true,
            ..queued
        };
        let calling = ContactView {
            accepted: Some(220.0),
            connected_to_agent: Some(220.0),
            ..offered
        };
        let done = ContactView {
            disconnected: Some(500.0),
            ..calling
        };
        let stopped_in_delay = ContactView {
            disconnected: Some(150.0),
            ..scheduled
        };
        let abandoned_in_queue = ContactView {
            disconnected: Some(300.0),
            ..queued
        };
        for (view, state) in [
            (scheduled, CallbackState::Scheduled),
            (queued, CallbackState::Queued),
            (offered, CallbackState::Queued),
            (calling, CallbackState::Calling),
            (done, CallbackState::Done),
            (stopped_in_delay, CallbackState::Failed),
            (abandoned_in_queue, CallbackState::Failed),
        ] {
            assert_eq!(state_of(&view), state, "{view:?}");
        }
        assert!(CallbackState::Done.is_final() && CallbackState::Failed.is_final());
        assert!(!CallbackState::Calling.is_final());
    }

    #[test]
    fn a_fetch_serves_for_its_freshness_window_and_a_final_one_for_good() {
        let t0 = Instant::now();
        // Read at Connect's second 150; the callback is due in queue at 199.
        let fetched = |view, position| Fetched {
            view,
            at: t0,
            at_connect: 150.0,
            position,
        };
        let scheduled = fetched(view(), None);
        assert!(scheduled.serves(t0 + Duration::from_secs(10), 155.0));
        assert!(!scheduled.serves(t0 + Duration::from_secs(11), 155.0));
        assert!(
            !scheduled.serves(t0 + Duration::from_secs(1), 199.0),
            "due in queue since it was read"
        );
        assert_eq!(scheduled.due_in(189.0), Some(Duration::from_secs(10)));
        assert_eq!(scheduled.due_in(250.0), Some(Duration::ZERO));
        let front = fetched(
            ContactView {
                enqueued: Some(199.0),
                ..view()
            },
            Some(1),
        );
        assert!(
            !front.serves(t0 + Duration::from_secs(3), 202.0),
            "2 s at the front"
        );
        assert_eq!(front.due_in(202.0), None);
        let failed = fetched(
            ContactView {
                disconnected: Some(150.0),
                ..view()
            },
            None,
        );
        assert!(failed.serves(t0 + Duration::from_secs(86_400), 1e9));
    }

    #[test]
    fn status_serialises_as_the_widget_reads_it() {
        let status = CallbackStatusBody {
            state: CallbackState::Queued,
            scheduled_at: 199,
            starts_in_seconds: None,
            position: Some(2),
            ewt_seconds: None,
        };
        assert_eq!(
            serde_json::to_value(&status).unwrap(),
            serde_json::json!({ "state": "queued", "scheduledAt": 199, "position": 2 })
        );
        assert_eq!(seconds(Some(f64::NAN)), 0);
        assert_eq!(seconds(Some(199.6)), 200);
    }

    #[test]
    fn a_scheduled_callback_says_how_long_until_it_is_due() {
        let status = CallbackStatusBody {
            state: CallbackState::Scheduled,
            scheduled_at: 1_795_433_820,
            starts_in_seconds: Some(120),
            position: None,
            ewt_seconds: None,
        };
        assert_eq!(
            serde_json::to_value(&status).unwrap(),
            serde_json::json!({ "state": "scheduled", "scheduledAt": 1_795_433_820, "startsInSeconds": 120 })
        );
    }
}
