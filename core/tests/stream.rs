//! Answers as a stream (Server-Sent Events), driven on a fake clock: which requests ask for
//! one, events handled as poll answers with no poll scheduled, and every way back to polling.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use waitline_core::i18n::{Catalog, EnglishRules, Locale, Overrides};
use waitline_core::schedule::Hints;
use waitline_core::session::{Effects, Event, Schedule};
use waitline_core::stream::{FIRST_EVENT_MS, SILENCE_MS};
use waitline_core::{Notice, PollError, Reading, Session, SessionConfig, Snapshot};

/// The page as it is now (`hidden`, and the browser `offline`): what the shell tells the session
/// on every visibility or connectivity change.
fn page(s: &mut Session<EnglishRules>, hidden: bool, offline: bool, now: u64) -> Effects {
    s.update(Event::Page { hidden, offline }, now)
}

fn session() -> Session<EnglishRules> {
    Session::new(
        SessionConfig::default(),
        Catalog::new(Locale::En, EnglishRules, Overrides::default()),
        11,
    )
}

fn queued(position: u32, ewt: u32) -> Result<Reading, PollError> {
    Ok(Reading::InQueue(Snapshot {
        position,
        ewt_seconds: Some(ewt),
    }))
}

/// A session whose first request was answered with a stream, at 0 ms.
fn streaming() -> Session<EnglishRules> {
    let mut s = session();
    s.step(Event::Start, 0);
    assert!(s.asks_for_stream(), "the first request asks for a stream");
    assert_eq!(s.opened(true), Some(FIRST_EVENT_MS));
    assert!(s.streaming());
    s
}

#[test]
fn each_event_is_an_answer_and_no_poll_is_scheduled_while_the_stream_is_open() {
    let mut s = streaming();
    let frame = s.step(Event::Answer(queued(5, 300), Hints::default()), 100);
    assert_eq!(frame.view.text.headline, "You're 5th in line");
    assert_eq!(
        frame.effects.notices,
        vec![Notice::Update {
            position: 5,
            ewt_seconds: Some(300),
            stale: false
        }]
    );
    assert!(
        frame.effects.announcement.is_some(),
        "the first figure is heard"
    );
    assert_eq!(frame.effects.next_poll_ms, None, "no poll while streaming");
    assert_eq!(frame.effects.watch, Some(SILENCE_MS));
    assert!(!s.asks_for_stream(), "one stream at a time");

    // The queue moves: every event shows at once, the milestones are heard at once.
    let frame = s.step(Event::Answer(queued(4, 240), Hints::default()), 3_000);
    assert_eq!(frame.view.text.headline, "You're 4th in line");
    assert_eq!(
        (frame.effects.next_poll_ms, frame.effects.watch),
        (None, Some(SILENCE_MS))
    );
    let frame = s.step(Event::Answer(queued(1, 30), Hints::default()), 6_000);
    assert_eq!(
        frame.effects.announcement.as_deref(),
        Some("You're next\nEstimated wait: less than a minute")
    );
    assert_eq!(
        (frame.effects.next_poll_ms, frame.effects.watch),
        (None, Some(SILENCE_MS))
    );
}

#[test]
fn an_answer_that_is_not_a_stream_is_a_poll_and_the_next_request_asks_again() {
    let mut s = session();
    s.step(Event::Start, 0);
    assert_eq!(s.opened(false), None);
    assert!(!s.streaming());
    let frame = s.step(Event::Answer(queued(8, 600), Hints::default()), 100);
    let delay = frame.effects.next_poll_ms.expect("polls on");
    assert!((8_000..=12_000).contains(&delay), "{delay}");
    assert_eq!(frame.effects.watch, None);
    assert!(s.asks_for_stream());
    // An error answer (a proxy holding no more streams may say 503) likewise.
    assert_eq!(s.opened(false), None);
    let frame = s.step(
        Event::Answer(
            Err(PollError::Http {
                status: 503,
                code: None,
                retry_after: Some(4),
            }),
            Hints::default(),
        ),
        10_000,
    );
    assert_eq!(
        (frame.effects.next_poll_ms, frame.effects.watch),
        (Some(4_000), None)
    );
    assert!(s.asks_for_stream());
}

#[test]
fn a_stream_that_ends_or_breaks_goes_back_to_polling_after_the_usual_delay() {
    let mut s = streaming();
    s.step(Event::Answer(queued(8, 600), Hints::default()), 100);
    let frame = s.step(Event::StreamEnded { silent: false }, 20_000);
    let delay = frame.effects.next_poll_ms.expect("polls again");
    assert!(
        (8_000..=12_000).contains(&delay),
        "as after a poll: {delay}"
    );
    assert_eq!(frame.effects.watch, None);
    // What it showed stays, as it was: nothing failed.
    assert_eq!(
        (
            frame.view.state,
            frame.view.text.headline.as_str(),
            frame.view.text.note.as_deref()
        ),
        ("in-queue", "You're 8th in line", None)
    );
    assert!(frame.effects.notices.is_empty());
    assert!(!s.streaming());
    assert!(
        s.asks_for_stream(),
        "the next request asks for a stream again"
    );

    // Near the front, the usual delay is the shorter one.
    assert_eq!(s.opened(true), Some(FIRST_EVENT_MS));
    s.step(Event::Answer(queued(2, 60), Hints::default()), 30_000);
    let delay = s
        .step(Event::StreamEnded { silent: false }, 31_000)
        .effects
        .next_poll_ms
        .unwrap();
    assert!((4_000..=6_000).contains(&delay), "near the front: {delay}");
}

#[test]
fn forty_five_seconds_of_silence_after_an_event_goes_back_to_polling_and_asks_again() {
    let mut s = streaming();
    s.step(Event::Answer(queued(8, 600), Hints::default()), 100);
    let frame = s.step(
        Event::StreamEnded { silent: true },
        100 + u64::from(SILENCE_MS),
    );
    assert!((8_000..=12_000).contains(&frame.effects.next_poll_ms.unwrap()));
    assert!(s.asks_for_stream());
}

#[test]
fn a_stream_that_ends_before_any_event_is_asked_for_again() {
    let mut s = streaming();
    let frame = s.step(Event::StreamEnded { silent: false }, 50);
    assert_eq!(frame.view.state, "loading");
    assert!((8_000..=12_000).contains(&frame.effects.next_poll_ms.unwrap()));
    assert!(s.asks_for_stream());
}

#[test]
fn no_event_within_five_seconds_means_polling_for_the_rest_of_the_mount() {
    let mut s = streaming();
    let frame = s.step(
        Event::StreamEnded { silent: true },
        u64::from(FIRST_EVENT_MS),
    );
    assert_eq!(
        frame.effects.next_poll_ms,
        Some(0),
        "the first poll at once"
    );
    assert!(!s.asks_for_stream());
    for at in 1..5 {
        // A stream answer to a request that did not ask is not read as one.
        assert_eq!(s.opened(true), None);
        let frame = s.step(
            Event::Answer(queued(9 - at, 500), Hints::default()),
            u64::from(at) * 10_000,
        );
        assert!(frame.effects.next_poll_ms.is_some());
        assert!(!s.asks_for_stream(), "never again");
    }
}

#[test]
fn an_event_that_ends_the_wait_stops_everything() {
    let mut s = streaming();
    s.step(Event::Answer(queued(1, 20), Hints::default()), 100);
    let frame = s.step(
        Event::Answer(Ok(Reading::NotInQueue(None)), Hints::default()),
        2_000,
    );
    assert_eq!(frame.effects.notices, vec![Notice::Connecting]);
    assert_eq!(
        (frame.effects.next_poll_ms, frame.effects.watch),
        (None, None)
    );
    assert!(!s.streaming());
    assert!(!s.asks_for_stream());
    assert_eq!(page(&mut s, true, false, 0).schedule, Schedule::Cancel);
    assert_eq!(page(&mut s, false, false, 0).schedule, Schedule::Keep);
}

#[test]
fn an_event_that_is_not_an_answer_shows_updating_and_the_stream_goes_on() {
    let mut s = streaming();
    s.step(Event::Answer(queued(6, 400), Hints::default()), 100);
    let frame = s.step(
        Event::Answer(Err(PollError::InvalidBody), Hints::default()),
        1_000,
    );
    assert_eq!(frame.view.state, "stale");
    assert_eq!(
        (frame.effects.next_poll_ms, frame.effects.watch),
        (None, Some(SILENCE_MS))
    );
    let frame = s.step(Event::Answer(queued(5, 350), Hints::default()), 2_000);
    assert_eq!(frame.view.state, "in-queue");
}

#[test]
fn the_stream_stays_open_while_hidden_and_polling_keeps_its_rules() {
    let mut s = streaming();
    s.step(Event::Answer(queued(6, 400), Hints::default()), 100);
    assert_eq!(
        page(&mut s, true, false, 0).schedule,
        Schedule::Cancel,
        "no poll timer to keep"
    );
    let frame = s.step(Event::Answer(queued(5, 350), Hints::default()), 2_000);
    assert_eq!(
        frame.effects.watch,
        Some(SILENCE_MS),
        "events go on while hidden"
    );
    assert_eq!(
        page(&mut s, false, false, 0).schedule,
        Schedule::Keep,
        "shown again: the open stream is kept, no poll"
    );
    page(&mut s, true, false, 0);
    // A stream that ends while hidden: no poll until the page is shown, then one at once.
    assert_eq!(
        s.step(Event::StreamEnded { silent: false }, 5_000)
            .effects
            .next_poll_ms,
        None
    );
    assert_eq!(page(&mut s, false, false, 0).schedule, Schedule::PollNow);
    // Offline likewise.
    assert_eq!(s.opened(true), Some(FIRST_EVENT_MS));
    assert_eq!(page(&mut s, false, true, 0).schedule, Schedule::Cancel);
    assert_eq!(page(&mut s, false, false, 0).schedule, Schedule::Keep);
}

#[test]
fn a_callback_is_followed_by_polling() {
    let mut s = session();
    s.step(Event::Start, 0);
    s.step(
        Event::Follow {
            contact_id: "cb-1",
            phone_number: "•••• 0123",
            requested: false,
        },
        0,
    );
    assert!(!s.asks_for_stream());
    assert_eq!(s.opened(true), None);

    // Asked for while a stream was open: the shell aborts it, the session closes it.
    let mut s = streaming();
    s.step(Event::Answer(queued(6, 400), Hints::default()), 100);
    s.step(
        Event::Follow {
            contact_id: "cb-1",
            phone_number: "•••• 0123",
            requested: true,
        },
        1_000,
    );
    assert!(!s.streaming() && !s.asks_for_stream());
}
