use super::*;
use crate::error::ErrorCode;

const CONFIG: TrackerConfig = TrackerConfig {
    poll_interval_ms: 10_000,
    max_backoff_ms: 60_000,
    not_found_retries: 2,
};

/// Mid-range randomness: no jitter on successes, half the ceiling on failures.
trait Feed {
    fn on(&mut self, result: Result<Reading, PollError>) -> Step;
}
impl Feed for Tracker {
    fn on(&mut self, result: Result<Reading, PollError>) -> Step {
        self.on_result(result, Hints::default(), 0.5)
    }
}

fn queued(position: u32, ewt: u32) -> Result<Reading, PollError> {
    Ok(Reading::InQueue(Snapshot {
        position,
        ewt_seconds: Some(ewt),
    }))
}

fn http(status: u16, code: Option<ErrorCode>) -> Result<Reading, PollError> {
    Err(PollError::Http {
        status,
        code,
        retry_after: None,
    })
}

#[test]
fn starts_loading_and_polls_at_once() {
    let tracker = Tracker::new(CONFIG);
    assert_eq!(
        tracker.start(),
        Step {
            view: View::Loading,
            next_poll_ms: Some(0)
        }
    );
}

#[test]
fn shows_position_and_polls_on_the_interval() {
    let mut tracker = Tracker::new(CONFIG);
    let step = tracker.on(queued(3, 240));
    // Third in line is near the front: half the interval.
    assert_eq!(step.next_poll_ms, Some(5_000));
    assert!(matches!(
        step.view,
        View::InQueue {
            snapshot: Snapshot { position: 3, .. },
            stale: false
        }
    ));
}

#[test]
fn failure_after_metrics_keeps_last_values_marked_stale_and_backs_off() {
    let mut tracker = Tracker::new(CONFIG);
    tracker.on(queued(3, 240));
    let delays: Vec<_> = (0..5)
        .map(|_| {
            let step = tracker.on(Err(PollError::Network));
            assert_eq!(
                step.view,
                View::InQueue {
                    snapshot: Snapshot {
                        position: 3,
                        ewt_seconds: Some(240)
                    },
                    stale: true
                }
            );
            step.next_poll_ms.unwrap()
        })
        .collect();
    // Full jitter: a draw of 0.5 waits half of each ceiling (10 s, 20 s, 40 s, 60 s cap).
    assert_eq!(delays, [5_000, 10_000, 20_000, 30_000, 30_000]);
    // Recovery resets the backoff.
    assert_eq!(tracker.on(queued(8, 100)).next_poll_ms, Some(10_000));
    assert_eq!(
        tracker.on(Err(PollError::Timeout)).next_poll_ms,
        Some(5_000)
    );
}

#[test]
fn retry_after_wins_over_backoff() {
    let mut tracker = Tracker::new(CONFIG);
    let step = tracker.on(Err(PollError::Http {
        status: 429,
        code: Some(ErrorCode::Throttling),
        retry_after: Some(7),
    }));
    assert_eq!(
        step,
        Step {
            view: View::Loading,
            next_poll_ms: Some(7_000)
        }
    );
}

#[test]
fn leaving_the_queue_means_connecting_and_stops() {
    let mut tracker = Tracker::new(CONFIG);
    tracker.on(queued(1, 10));
    assert_eq!(
        tracker.on(Ok(Reading::NotInQueue(None))),
        Step {
            view: View::Connecting,
            next_poll_ms: None
        }
    );

    let mut tracker = Tracker::new(CONFIG);
    tracker.on(queued(1, 10));
    let step = tracker.on(http(404, Some(ErrorCode::ResourceNotFound)));
    assert_eq!(
        step,
        Step {
            view: View::Connecting,
            next_poll_ms: None
        }
    );
}

#[test]
fn not_found_before_queueing_is_retried_then_an_error() {
    let mut tracker = Tracker::new(CONFIG);
    let not_found = || http(404, Some(ErrorCode::ResourceNotFound));
    assert_eq!(tracker.on(not_found()).next_poll_ms, Some(10_000));
    assert_eq!(tracker.on(not_found()).next_poll_ms, Some(10_000));
    assert_eq!(
        tracker.on(not_found()),
        Step {
            view: View::Error(ErrorKind::NotFound),
            next_poll_ms: None
        }
    );
}

#[test]
fn not_yet_queued_keeps_loading() {
    let mut tracker = Tracker::new(CONFIG);
    assert_eq!(
        tracker.on(Ok(Reading::NotInQueue(None))),
        Step {
            view: View::Loading,
            next_poll_ms: Some(10_000)
        }
    );
}

#[test]
fn refusals_are_terminal() {
    for (status, code, kind) in [
        (401, Some(ErrorCode::Unauthorized), ErrorKind::NotAllowed),
        (403, Some(ErrorCode::AccessDenied), ErrorKind::NotAllowed),
        (
            400,
            Some(ErrorCode::InvalidParameter),
            ErrorKind::BadRequest,
        ),
    ] {
        let mut tracker = Tracker::new(CONFIG);
        assert_eq!(
            tracker.on(http(status, code)),
            Step {
                view: View::Error(kind),
                next_poll_ms: None
            }
        );
        assert_eq!(tracker.view(), View::Error(kind));
    }
}

#[test]
fn server_errors_are_retried() {
    let mut tracker = Tracker::new(CONFIG);
    let step = tracker.on(http(500, Some(ErrorCode::InternalService)));
    assert_eq!(
        step,
        Step {
            view: View::Loading,
            next_poll_ms: Some(5_000)
        }
    );
    let step = tracker.on(Err(PollError::InvalidBody));
    assert_eq!(step.next_poll_ms, Some(10_000));
}
