//! The poll state machine: fed the outcome of each request, it says what to show and when to
//! ask again. Pure: no clock, no I/O, so every path is a unit test.

use crate::error::PollError;
use crate::reading::{CallbackStatus, ContactStage, Reading, Snapshot};
use crate::schedule::{self, Hints};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrackerConfig {
    /// Time between polls while things go well.
    pub poll_interval_ms: u32,
    /// Ceiling of the exponential backoff after failures.
    pub max_backoff_ms: u32,
    /// A 404 before the contact was ever seen in queue is retried this many times: a contact
    /// can be created a moment before it is queued.
    pub not_found_retries: u32,
}

impl Default for TrackerConfig {
    fn default() -> Self {
        Self {
            poll_interval_ms: 10_000,
            max_backoff_ms: 60_000,
            not_found_retries: 3,
        }
    }
}

/// What the customer should see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Before the first answer.
    Loading,
    /// In queue. `stale` when the latest refresh failed and these are the last known values.
    InQueue { snapshot: Snapshot, stale: bool },
    /// Known to Connect, not in a queue yet: a flow (or a bot in it) still runs.
    InFlow,
    /// Was in queue, now has no metrics, or an agent has it: an agent is about to pick up.
    Connecting,
    /// Disconnected before it was ever seen in queue: nothing more will happen.
    Ended,
    /// Never got metrics and the proxy refuses: polling has stopped.
    Error(ErrorKind),
    /// Following a callback the customer asked for. `stale` as for `InQueue`.
    Callback { status: CallbackStatus, stale: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// 401 or 403: the token is missing, expired, or for another contact.
    NotAllowed,
    /// 404 after the retries: no such contact in queue.
    NotFound,
    /// 400: the page passed something malformed.
    BadRequest,
}

/// The tracker's answer to one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub view: View,
    /// When to poll next, in milliseconds; `None` means stop polling.
    pub next_poll_ms: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct Tracker {
    config: TrackerConfig,
    last: Option<Snapshot>,
    last_callback: Option<CallbackStatus>,
    consecutive_failures: u32,
    not_found: u32,
    view: View,
    random: f64,
    hints: Hints,
}

impl Tracker {
    pub fn new(config: TrackerConfig) -> Self {
        Self {
            config,
            last: None,
            last_callback: None,
            consecutive_failures: 0,
            not_found: 0,
            view: View::Loading,
            random: 0.5,
            hints: Hints::default(),
        }
    }

    pub fn view(&self) -> View {
        self.view
    }

    /// The first step: show the loading state and poll at once.
    pub fn start(&self) -> Step {
        Step {
            view: View::Loading,
            next_poll_ms: Some(0),
        }
    }

    /// `hints` are the proxy's for a successful answer (an error carries its own
    /// `Retry-After`); `random` is uniform in [0, 1), for jitter.
    pub fn on_result(
        &mut self,
        result: Result<Reading, PollError>,
        hints: Hints,
        random: f64,
    ) -> Step {
        self.random = random;
        self.hints = hints;
        let step = match result {
            Ok(Reading::InQueue(snapshot)) => {
                self.last = Some(snapshot);
                self.consecutive_failures = 0;
                self.not_found = 0;
                self.poll_again(View::InQueue {
                    snapshot,
                    stale: false,
                })
            }
            Ok(Reading::Callback(status)) => {
                self.last = status.snapshot;
                self.last_callback = Some(status);
                self.consecutive_failures = 0;
                self.not_found = 0;
                let view = View::Callback {
                    status,
                    stale: false,
                };
                if status.state.is_final() {
                    stop(view)
                } else {
                    self.poll_again(view)
                }
            }
            Ok(Reading::NotInQueue(stage)) => {
                self.consecutive_failures = 0;
                self.not_in_queue(stage)
            }
            Err(error) if error.is_not_found() => self.not_found(),
            Err(error) if error.is_terminal() => stop(View::Error(match error {
                PollError::Http { status: 400, .. } => ErrorKind::BadRequest,
                _ => ErrorKind::NotAllowed,
            })),
            Err(error) => self.transient_failure(&error),
        };
        self.view = step.view;
        step
    }

    /// No position: the stage the proxy gave says why, else whether it was ever in queue.
    fn not_in_queue(&self, stage: Option<ContactStage>) -> Step {
        let seen = self.last.is_some();
        match stage {
            // On the normal schedule, however long the flow takes: Connect knows the contact.
            Some(ContactStage::InFlow) => self.poll_again(View::InFlow),
            Some(ContactStage::WithAgent) => stop(View::Connecting),
            Some(ContactStage::Ended) if !seen => stop(View::Ended),
            // Left the queue: an agent is about to pick up (or, ended, it was the queue's end).
            _ if seen => stop(View::Connecting),
            // Known to Connect but not queued yet, for all it says: keep checking.
            _ => self.poll_again(View::Loading),
        }
    }

    fn not_found(&mut self) -> Step {
        if self.last.is_some() && self.last_callback.is_none() {
            return stop(View::Connecting);
        }
        self.not_found += 1;
        if self.not_found > self.config.not_found_retries {
            stop(View::Error(ErrorKind::NotFound))
        } else {
            self.poll_again(View::Loading)
        }
    }

    fn transient_failure(&mut self, error: &PollError) -> Step {
        self.consecutive_failures = self.consecutive_failures.saturating_add(1);
        let view = match (self.last_callback, self.last) {
            (Some(status), _) => View::Callback {
                status,
                stale: true,
            },
            // Still in the flow, for all anyone knows.
            _ if matches!(self.view, View::InFlow) => View::InFlow,
            (None, Some(snapshot)) => View::InQueue {
                snapshot,
                stale: true,
            },
            (None, None) => View::Loading,
        };
        let delay = schedule::after_failure(
            self.config.poll_interval_ms,
            self.consecutive_failures,
            self.config.max_backoff_ms,
            error.retry_after(),
            self.random,
        );
        Step {
            view,
            next_poll_ms: Some(delay),
        }
    }

    /// The delay after a successful poll, from what is known now, without the proxy's hints.
    pub fn after_success(&self, random: f64) -> u32 {
        schedule::after_success(
            self.config.poll_interval_ms,
            self.last,
            Hints::default(),
            random,
        )
    }

    fn poll_again(&self, view: View) -> Step {
        Step {
            view,
            next_poll_ms: Some(schedule::after_success(
                self.config.poll_interval_ms,
                self.last,
                self.hints,
                self.random,
            )),
        }
    }
}

fn stop(view: View) -> Step {
    Step {
        view,
        next_poll_ms: None,
    }
}

#[cfg(test)]
mod tests;
