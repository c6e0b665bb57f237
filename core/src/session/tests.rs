use super::*;
use crate::callback::{CallbackState, CallbackStatus, NumberProblem};
use crate::error::ErrorCode;
use crate::error::PollError;
use crate::i18n::{EnglishRules, Locale, Overrides};
use crate::metrics::Reading;
use crate::metrics::Snapshot;
use crate::offers::{OfferKind, Threshold};
use crate::schedule::Hints;

fn session(config: SessionConfig) -> Session<EnglishRules> {
    Session::new(
        config,
        Catalog::new(Locale::En, EnglishRules, Overrides::default()),
        7,
    )
}

fn queued(position: u32, ewt: Option<u32>) -> Result<Reading, PollError> {
    Ok(Reading::InQueue(Snapshot {
        position,
        ewt_seconds: ewt,
    }))
}

#[test]
fn loading_then_in_queue_with_an_update_event() {
    let mut s = session(SessionConfig::default());
    let frame = s.step(Event::Start, 0);
    assert_eq!(
        frame.view.text.headline,
        "Checking your place in the queue…"
    );
    assert_eq!(
        (frame.effects.next_poll_ms, frame.effects.announcement),
        (Some(0), None)
    );

    let frame = s.step(Event::Answer(queued(3, Some(250)), Hints::default()), 1_000);
    assert_eq!(frame.view.text.headline, "You're 3rd in line");
    assert_eq!(
        frame.effects.notices,
        vec![Notice::Update {
            position: 3,
            ewt_seconds: Some(250),
            stale: false
        }]
    );
    assert_eq!(
        frame.effects.announcement.as_deref(),
        Some("You're 3rd in line\nEstimated wait: about 5 minutes")
    );
    // Near the front (half of 10 s), ±20% jitter.
    assert!(
        (4_000..=6_000).contains(&frame.effects.next_poll_ms.unwrap()),
        "{:?}",
        frame.effects.next_poll_ms
    );
    assert!(frame.view.ticking);
}

#[test]
fn the_estimate_counts_down_on_ticks_without_announcing() {
    let mut s = session(SessionConfig::default());
    s.step(Event::Answer(queued(3, Some(250)), Hints::default()), 0);
    let frame = s.step(Event::Tick, 70_000);
    assert_eq!(
        frame.view.text.detail.as_deref(),
        Some("Estimated wait: about 3 minutes")
    );
    assert_eq!(frame.effects.announcement, None);
    assert!(frame.effects.notices.is_empty());
}

#[test]
fn changes_are_announced_at_most_once_a_minute_but_milestones_at_once() {
    let mut s = session(SessionConfig::default());
    assert!(
        s.step(Event::Answer(queued(3, None), Hints::default()), 0)
            .effects
            .announcement
            .is_some()
    );
    assert_eq!(
        s.step(Event::Answer(queued(2, None), Hints::default()), 10_000)
            .effects
            .announcement,
        None
    );
    assert_eq!(
        s.step(Event::Answer(queued(1, None), Hints::default()), 20_000)
            .effects
            .announcement
            .as_deref(),
        Some("You're next")
    );
    assert_eq!(
        s.step(Event::Answer(queued(1, None), Hints::default()), 30_000)
            .effects
            .announcement,
        None
    );
    assert_eq!(
        s.step(
            Event::Answer(Ok(Reading::NotInQueue(None)), Hints::default()),
            40_000
        )
        .effects
        .announcement
        .as_deref(),
        Some("An agent will be with you shortly")
    );
}

/// A customer moving from 11th to next over 40 s, polled every 4 s, with announcements
/// at most every 5 s; the shell ticks every second while the frame asks it to.
#[test]
fn screen_readers_hear_every_change_over_a_long_wait() {
    let config = SessionConfig {
        announce_every_seconds: 5,
        ..SessionConfig::default()
    };
    let mut s = session(config);
    let mut heard: Vec<(u64, String)> = Vec::new();
    let mut ticking = false;
    let mut shown = String::new();
    let mut unsaid_since: Option<u64> = None;
    for second in 0..=60_u64 {
        let now = second * 1_000;
        let frame = if second % 4 == 0 && second <= 40 {
            let position = 11 - u32::try_from(second / 4).unwrap();
            s.step(
                Event::Answer(queued(position, Some(position * 30)), Hints::default()),
                now,
            )
        } else if ticking {
            s.step(Event::Tick, now)
        } else {
            continue;
        };
        ticking = frame.view.ticking;
        if let Some(said) = frame.effects.announcement {
            heard.push((now, said));
        }
        let summary = frame.view.text.announcement();
        if summary != shown {
            shown = summary;
        }
        let last_said = heard.last().map(|(_, t)| t.as_str());
        if last_said == Some(shown.as_str()) {
            unsaid_since = None;
        } else {
            let since = *unsaid_since.get_or_insert(now);
            assert!(
                now - since <= 5_000,
                "\"{shown}\" unsaid for {} ms; heard {heard:?}",
                now - since
            );
        }
    }
    let positions: Vec<&str> = heard
        .iter()
        .map(|(_, t)| t.lines().next().unwrap_or_default())
        .collect();
    assert!(heard.len() >= 8, "heard only {positions:?}");
    assert_eq!(positions.first(), Some(&"You're 11th in line"));
    assert_eq!(positions.last(), Some(&"You're next"));
    for pair in heard.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        assert!(
            after.0 - before.0 >= 5_000 || after.1.starts_with("You're next"),
            "{} ms apart: {heard:?}",
            after.0 - before.0
        );
    }
    eprintln!("heard {} announcements: {positions:?}", heard.len());
}

#[test]
fn offers_appear_with_an_event_and_are_announced() {
    let config = SessionConfig {
        callback: Threshold {
            after_seconds: Some(600),
            after_position: None,
        },
        self_service: Threshold {
            after_seconds: None,
            after_position: Some(5),
        },
        ..SessionConfig::default()
    };
    let mut s = session(config);
    let frame = s.step(Event::Answer(queued(2, Some(100)), Hints::default()), 0);
    assert!(frame.view.offers.is_empty());
    let frame = s.step(
        Event::Answer(queued(6, Some(900)), Hints::default()),
        10_000,
    );
    assert_eq!(
        frame.effects.notices,
        vec![
            Notice::Update {
                position: 6,
                ewt_seconds: Some(900),
                stale: false
            },
            Notice::Offer(OfferKind::Callback),
            Notice::Offer(OfferKind::SelfService),
        ]
    );
    assert_eq!(
        frame
            .view
            .offers
            .iter()
            .map(|o| o.action.as_str())
            .collect::<Vec<_>>(),
        ["Call me back", "Visit the help center"]
    );
    assert!(
        frame.effects.announcement.is_some(),
        "an offer is a milestone"
    );
    // Leaving the queue withdraws them.
    assert!(
        s.step(
            Event::Answer(Ok(Reading::NotInQueue(None)), Hints::default()),
            20_000
        )
        .view
        .offers
        .is_empty()
    );
}

#[test]
fn failures_keep_values_and_report_errors() {
    let mut s = session(SessionConfig::default());
    s.step(Event::Answer(queued(4, Some(600)), Hints::default()), 0);
    let frame = s.step(
        Event::Answer(
            Err(PollError::Http {
                status: 429,
                code: Some(ErrorCode::Throttling),
                retry_after: Some(5),
            }),
            Hints::default(),
        ),
        10_000,
    );
    assert_eq!(
        (frame.view.text.note.as_deref(), frame.view.state),
        (Some("Updating…"), "stale")
    );
    assert_eq!(
        frame.view.text.detail.as_deref(),
        Some("Estimated wait: about 10 minutes")
    );
    assert_eq!(
        frame.effects.notices,
        vec![
            Notice::Update {
                position: 4,
                ewt_seconds: Some(590),
                stale: true
            },
            Notice::Error {
                code: "ThrottlingException".into(),
                message: "HTTP 429 (ThrottlingException)".into(),
                retrying: true
            },
        ]
    );
    assert_eq!(
        frame.effects.announcement, None,
        "a stale refresh is not announced"
    );
    assert_eq!(frame.effects.next_poll_ms, Some(5_000));
}

#[test]
fn a_refusal_is_a_terminal_error_event() {
    let mut s = session(SessionConfig::default());
    let frame = s.step(
        Event::Answer(
            Err(PollError::Http {
                status: 403,
                code: Some(ErrorCode::AccessDenied),
                retry_after: None,
            }),
            Hints::default(),
        ),
        0,
    );
    assert_eq!(
        frame.view.text.headline,
        "We can't show your place in the queue right now"
    );
    assert_eq!(frame.effects.next_poll_ms, None);
    assert!(
        matches!(&frame.effects.notices[..], [Notice::Error { retrying: false, code, .. }] if code == "AccessDeniedException")
    );
    assert!(frame.effects.announcement.is_some());
}

#[test]
fn connecting_is_reported_once() {
    let mut s = session(SessionConfig::default());
    s.step(Event::Answer(queued(1, Some(20)), Hints::default()), 0);
    let frame = s.step(
        Event::Answer(
            Err(PollError::Http {
                status: 404,
                code: Some(ErrorCode::ResourceNotFound),
                retry_after: None,
            }),
            Hints::default(),
        ),
        5_000,
    );
    assert_eq!(frame.effects.notices, vec![Notice::Connecting]);
    assert_eq!(frame.effects.next_poll_ms, None);
    assert!(!frame.view.ticking);
}

fn offering_a_callback() -> Session<EnglishRules> {
    let mut s = session(SessionConfig {
        callback: Threshold {
            after_seconds: None,
            after_position: Some(3),
        },
        ..SessionConfig::default()
    });
    s.step(Event::Answer(queued(5, Some(600)), Hints::default()), 0);
    s
}

fn callback(
    state: CallbackState,
    starts_in_seconds: Option<u32>,
    snapshot: Option<(u32, u32)>,
) -> Result<Reading, PollError> {
    Ok(Reading::Callback(CallbackStatus {
        state,
        starts_in_seconds,
        snapshot: snapshot.map(|(position, ewt)| Snapshot {
            position,
            ewt_seconds: Some(ewt),
        }),
    }))
}

#[test]
fn the_form_opens_only_with_the_offer_and_says_what_is_wrong_with_a_number() {
    let mut plain = session(SessionConfig::default());
    plain.step(Event::Answer(queued(5, Some(600)), Hints::default()), 0);
    assert_eq!(
        plain.step(Event::Form { open: true }, 1_000).view.form,
        None,
        "no offer, no form"
    );

    let mut s = offering_a_callback();
    let frame = s.step(Event::Form { open: true }, 1_000);
    let form = frame.view.form.expect("the form is open");
    assert_eq!(
        (
            form.label.as_str(),
            form.confirm.as_str(),
            form.cancel.as_str()
        ),
        ("Your phone number", "Call me", "Back")
    );
    assert_eq!(form.error, None);
    assert!(
        frame.view.offers.is_empty(),
        "the form stands in for the offer"
    );

    let frame = s.step(
        Event::Submit {
            number: "call me",
            country: None,
        },
        2_000,
    );
    assert_eq!(frame.effects.send, None);
    assert_eq!(
        frame.view.form.and_then(|f| f.error).as_deref(),
        Some("Enter a number we can call, with + and the country code if it's abroad.")
    );
    let frame = s.step(
        Event::Submit {
            number: "+1 201 555 0123",
            country: Some("US"),
        },
        3_000,
    );
    assert_eq!(
        frame.effects.send.as_deref(),
        Some(r#"{"phoneNumber":"+1 201 555 0123","country":"US"}"#)
    );
    assert!(
        frame
            .view
            .form
            .is_some_and(|f| f.sending && f.error.is_none())
    );
    assert_eq!(
        s.step(
            Event::Submit {
                number: "+1 201 555 0123",
                country: None
            },
            3_100
        )
        .effects
        .send,
        None,
        "sent once"
    );

    let frame = s.step(
        Event::Refused(FormProblem::Number(NumberProblem::Country)),
        4_000,
    );
    assert_eq!(
        frame.view.form.and_then(|f| f.error).as_deref(),
        Some("We can't call numbers in this country.")
    );
    let frame = s.step(Event::Form { open: false }, 5_000);
    assert_eq!(frame.view.form, None);
    assert_eq!(frame.view.offers.len(), 1, "back to the offer");
}

#[test]
fn a_callback_is_followed_through_its_delay_to_the_call() {
    let mut s = offering_a_callback();
    s.step(Event::Form { open: true }, 1_000);
    s.step(
        Event::Submit {
            number: "+1 201 555 0123",
            country: None,
        },
        2_000,
    );
    let frame = s.step(
        Event::Follow {
            contact_id: "cb-1",
            phone_number: "•••• 0123",
            requested: true,
        },
        3_000,
    );
    assert!(s.following_callback());
    assert_eq!(frame.effects.next_poll_ms, Some(0));
    assert_eq!(frame.view.form, None);
    assert!(frame.view.offers.is_empty());
    assert_eq!(
        frame.effects.notices,
        vec![Notice::CallbackRequested {
            contact_id: "cb-1".into(),
            phone_number: "•••• 0123".into()
        }]
    );
    assert_eq!(
        frame.view.text.headline,
        "We'll call you at \u{2068}•••• 0123\u{2069} shortly"
    );

    let frame = s.step(
        Event::Answer(
            callback(CallbackState::Scheduled, Some(120), None),
            Hints::default(),
        ),
        4_000,
    );
    assert_eq!(frame.view.state, "callback-scheduled");
    assert_eq!(
        frame.view.text.headline,
        "We'll call you at \u{2068}•••• 0123\u{2069} in about 2 minutes"
    );
    assert!(frame.view.ticking, "the delay counts down");
    assert!(frame.effects.next_poll_ms.is_some());
    assert_eq!(
        frame.effects.notices,
        vec![Notice::CallbackState {
            state: CallbackState::Scheduled,
            position: None,
            ewt_seconds: None,
            starts_in_seconds: Some(120)
        }]
    );
    assert!(
        frame.effects.announcement.is_some(),
        "a new state is a milestone"
    );
    let frame = s.step(Event::Tick, 95_000);
    assert_eq!(
        frame.view.text.headline,
        "We'll call you at \u{2068}•••• 0123\u{2069} in less than a minute"
    );
    let frame = s.step(Event::Tick, 130_000);
    assert_eq!(
        frame.view.text.headline,
        "We'll call you at \u{2068}•••• 0123\u{2069} shortly"
    );

    let frame = s.step(
        Event::Answer(
            callback(CallbackState::Queued, None, Some((2, 90))),
            Hints::default(),
        ),
        140_000,
    );
    assert_eq!(frame.view.state, "callback-queued");
    assert_eq!(frame.view.text.headline, "You're 2nd in line");
    assert_eq!(
        frame.view.text.detail.as_deref(),
        Some("Estimated wait: about 2 minutes")
    );
    assert_eq!(
        frame.view.text.note.as_deref(),
        Some("We'll call you at \u{2068}•••• 0123\u{2069} shortly")
    );

    // A failed refresh keeps the callback on screen, marked as updating.
    let frame = s.step(
        Event::Answer(Err(PollError::Network), Hints::default()),
        150_000,
    );
    assert_eq!(frame.view.state, "callback-queued");
    assert_eq!(frame.view.text.note.as_deref(), Some("Updating…"));

    let frame = s.step(
        Event::Answer(
            callback(CallbackState::Calling, None, None),
            Hints::default(),
        ),
        160_000,
    );
    assert_eq!(frame.view.state, "callback-calling");
    assert_eq!(
        frame.view.text.headline,
        "We're calling you now at \u{2068}•••• 0123\u{2069}"
    );
    assert!(frame.effects.announcement.is_some());

    let frame = s.step(
        Event::Answer(callback(CallbackState::Done, None, None), Hints::default()),
        300_000,
    );
    assert_eq!(frame.view.state, "callback-done");
    assert_eq!(
        frame.view.text.headline,
        "Your callback is complete. Thank you."
    );
    assert_eq!(frame.effects.next_poll_ms, None, "nothing more will happen");
}

#[test]
fn a_callback_that_ends_before_an_agent_says_so_and_stops() {
    let mut s = offering_a_callback();
    s.step(
        Event::Follow {
            contact_id: "cb-1",
            phone_number: "•••• 0123",
            requested: false,
        },
        0,
    );
    let frame = s.step(
        Event::Answer(
            callback(CallbackState::Failed, None, None),
            Hints::default(),
        ),
        1_000,
    );
    assert_eq!(frame.view.state, "callback-failed");
    assert_eq!(
        frame.view.text.headline,
        "We couldn't reach you. Please contact us again."
    );
    assert_eq!(frame.effects.next_poll_ms, None);
}

#[test]
fn a_remembered_callback_is_followed_without_announcing_a_new_request() {
    let mut s = session(SessionConfig::default());
    s.step(Event::Start, 0);
    let frame = s.step(
        Event::Follow {
            contact_id: "cb-1",
            phone_number: "•••• 0123",
            requested: false,
        },
        0,
    );
    assert!(frame.effects.notices.is_empty());
    assert_eq!(frame.effects.next_poll_ms, Some(0));
}

/// A reload: the shell resumes the remembered callback before `start` and never shows that
/// frame, so nothing it holds counts as said; the first status is heard even when it reads
/// exactly as the placeholder did.
#[test]
fn a_resumed_callback_says_its_first_status() {
    let mut s = session(SessionConfig::default());
    let resumed = s.step(
        Event::Follow {
            contact_id: "cb-1",
            phone_number: "•••• 0123",
            requested: false,
        },
        0,
    );
    assert_eq!(
        resumed.effects.announcement, None,
        "nothing is said on resuming"
    );
    let frame = s.step(Event::Start, 0);
    assert_eq!(
        (frame.view.state, frame.effects.announcement),
        ("loading", None)
    );
    let frame = s.step(
        Event::Answer(
            callback(CallbackState::Queued, None, None),
            Hints::default(),
        ),
        1_000,
    );
    assert_eq!(frame.view.state, "callback-queued");
    assert_eq!(
        frame.effects.announcement.as_deref(),
        Some("We'll call you at \u{2068}•••• 0123\u{2069} shortly")
    );
}

/// Asked for in the widget: the customer sees and hears at once that it was made, and the
/// same words are not said again when the first status reads the same.
#[test]
fn a_requested_callback_is_said_once() {
    let mut s = offering_a_callback();
    s.step(Event::Form { open: true }, 1_000);
    s.step(
        Event::Submit {
            number: "+1 201 555 0123",
            country: None,
        },
        2_000,
    );
    let frame = s.step(
        Event::Follow {
            contact_id: "cb-1",
            phone_number: "•••• 0123",
            requested: true,
        },
        3_000,
    );
    assert_eq!(
        frame.effects.announcement.as_deref(),
        Some("We'll call you at \u{2068}•••• 0123\u{2069} shortly")
    );
    let frame = s.step(
        Event::Answer(
            callback(CallbackState::Queued, None, None),
            Hints::default(),
        ),
        4_000,
    );
    assert_eq!(frame.effects.announcement, None);
}
