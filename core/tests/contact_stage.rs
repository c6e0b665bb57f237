//! What the widget says of a contact whose metrics carry no position, by the stage the proxy
//! gives beside them (`ContactStage`): still in a flow, with an agent, or ended.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use waitline_core::i18n::{Catalog, EnglishRules, Locale, Overrides};
use waitline_core::schedule::Hints;
use waitline_core::session::{Event, Notice};
use waitline_core::{ContactStage, PollError, Reading, Session, SessionConfig, Snapshot};

fn session() -> Session<EnglishRules> {
    let catalog = Catalog::new(Locale::En, EnglishRules, Overrides::default());
    let mut session = Session::new(SessionConfig::default(), catalog, 3);
    session.step(Event::Start, 0);
    session
}

fn stage(stage: ContactStage) -> Result<Reading, PollError> {
    Ok(Reading::NotInQueue(Some(stage)))
}

fn queued(position: u32) -> Result<Reading, PollError> {
    Ok(Reading::InQueue(Snapshot {
        position,
        ewt_seconds: Some(300),
    }))
}

/// poll-seconds (10 s) with its ±20% jitter: the normal schedule.
fn on_schedule(next_poll_ms: Option<u32>) -> bool {
    next_poll_ms.is_some_and(|ms| (8_000..=12_000).contains(&ms))
}

#[test]
fn in_a_flow_it_is_connecting_said_once_and_polled_on_the_normal_schedule() {
    let mut s = session();
    let frame = s.step(
        Event::Answer(stage(ContactStage::InFlow), Hints::default()),
        1_000,
    );
    assert_eq!(
        (frame.view.state, frame.view.text.headline.as_str()),
        ("in-flow", "Connecting you…")
    );
    assert_eq!(frame.view.text.detail, None);
    assert_eq!(
        frame.effects.announcement.as_deref(),
        Some("Connecting you…")
    );
    assert!(
        frame.effects.notices.is_empty(),
        "{:?}",
        frame.effects.notices
    );
    assert!(
        on_schedule(frame.effects.next_poll_ms),
        "{:?}",
        frame.effects.next_poll_ms
    );
    // However long the bot takes: never the 404 path's few retries, and heard only once.
    for poll in 1..=20_u64 {
        let frame = s.step(
            Event::Answer(stage(ContactStage::InFlow), Hints::default()),
            1_000 + poll * 10_000,
        );
        assert_eq!(
            (frame.view.state, frame.effects.announcement),
            ("in-flow", None),
            "{poll}"
        );
        assert!(
            on_schedule(frame.effects.next_poll_ms),
            "{poll}: {:?}",
            frame.effects.next_poll_ms
        );
    }
    let frame = s.step(Event::Answer(queued(5), Hints::default()), 300_000);
    assert_eq!(frame.view.state, "in-queue");
    assert_eq!(
        frame.effects.announcement.as_deref(),
        Some("You're 5th in line\nEstimated wait: about 5 minutes")
    );
}

#[test]
fn a_failed_refresh_in_a_flow_keeps_saying_so() {
    let mut s = session();
    s.step(
        Event::Answer(stage(ContactStage::InFlow), Hints::default()),
        1_000,
    );
    let frame = s.step(
        Event::Answer(Err(PollError::Network), Hints::default()),
        11_000,
    );
    assert_eq!(frame.view.state, "in-flow");
    assert_eq!(frame.effects.announcement, None);
    assert!(frame.effects.next_poll_ms.is_some());
}

#[test]
fn with_an_agent_it_is_connecting_and_polling_stops() {
    for seen_in_queue in [false, true] {
        let mut s = session();
        if seen_in_queue {
            s.step(Event::Answer(queued(2), Hints::default()), 1_000);
        }
        let frame = s.step(
            Event::Answer(stage(ContactStage::WithAgent), Hints::default()),
            10_000,
        );
        assert_eq!(
            (frame.view.state, frame.view.text.headline.as_str()),
            ("connecting", "An agent will be with you shortly"),
            "seen in queue: {seen_in_queue}"
        );
        assert_eq!(frame.effects.next_poll_ms, None);
        assert_eq!(frame.effects.notices, [Notice::Connecting]);
        assert_eq!(
            frame.effects.announcement.as_deref(),
            Some("An agent will be with you shortly")
        );
    }
}

#[test]
fn ended_before_it_was_ever_in_queue_it_says_so_and_polling_stops() {
    let mut s = session();
    s.step(
        Event::Answer(stage(ContactStage::InFlow), Hints::default()),
        1_000,
    );
    let frame = s.step(
        Event::Answer(stage(ContactStage::Ended), Hints::default()),
        11_000,
    );
    assert_eq!(
        (frame.view.state, frame.view.text.headline.as_str()),
        ("ended", "You're no longer in the queue")
    );
    assert_eq!(frame.effects.next_poll_ms, None);
    assert!(
        frame.effects.notices.is_empty(),
        "{:?}",
        frame.effects.notices
    );
    assert_eq!(
        frame.effects.announcement.as_deref(),
        Some("You're no longer in the queue")
    );
    assert!(!frame.view.ticking);
}

#[test]
fn ended_after_being_in_queue_is_connecting_as_before() {
    let mut s = session();
    s.step(Event::Answer(queued(1), Hints::default()), 1_000);
    let frame = s.step(
        Event::Answer(stage(ContactStage::Ended), Hints::default()),
        10_000,
    );
    assert_eq!(frame.view.state, "connecting");
    assert_eq!(frame.effects.next_poll_ms, None);
    assert_eq!(frame.effects.notices, [Notice::Connecting]);
}

#[test]
fn without_a_stage_it_keeps_checking_as_before() {
    let mut s = session();
    let frame = s.step(
        Event::Answer(Ok(Reading::NotInQueue(None)), Hints::default()),
        1_000,
    );
    assert_eq!(
        (frame.view.state, frame.view.text.headline.as_str()),
        ("loading", "Checking your place in the queue…")
    );
    assert!(on_schedule(frame.effects.next_poll_ms));
    s.step(Event::Answer(queued(3), Hints::default()), 11_000);
    let frame = s.step(
        Event::Answer(Ok(Reading::NotInQueue(None)), Hints::default()),
        16_000,
    );
    assert_eq!(
        (frame.view.state, frame.effects.next_poll_ms),
        ("connecting", None)
    );
}

#[test]
fn reaching_the_queue_from_a_flow_is_heard_at_once() {
    let mut s = session();
    s.step(
        Event::Answer(stage(ContactStage::InFlow), Hints::default()),
        1_000,
    );
    let frame = s.step(Event::Answer(queued(5), Hints::default()), 11_000);
    assert_eq!(
        frame.effects.announcement.as_deref(),
        Some("You're 5th in line\nEstimated wait: about 5 minutes")
    );
    // Then, in the queue, changes wait for the interval as always.
    assert_eq!(
        s.step(Event::Answer(queued(4), Hints::default()), 21_000)
            .effects
            .announcement,
        None
    );
}
