//! What a customer who is not looking gets, both opt-in: the place in the page's title while
//! it is hidden (`titlePosition`), and one notification when next (`notifyNext`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use waitline_core::callback::{CallbackState, CallbackStatus};
use waitline_core::i18n::{Catalog, EnglishRules, Locale, Overrides};
use waitline_core::offers::OfferKind;
use waitline_core::schedule::Hints;
use waitline_core::session::{Effects, Event};
use waitline_core::{Frame, PollError, Reading, Session, SessionConfig, Snapshot};

/// The page as it is now (`hidden`, and the browser `offline`): what the shell tells the session
/// on every visibility or connectivity change.
fn page(s: &mut Session<EnglishRules>, hidden: bool, offline: bool, now: u64) -> Effects {
    s.update(Event::Page { hidden, offline }, now)
}

fn session(title_position: bool, notify_next: bool) -> Session<EnglishRules> {
    let config = SessionConfig {
        title_position,
        notify_next,
        ..SessionConfig::default()
    };
    Session::new(
        config,
        Catalog::new(Locale::En, EnglishRules, Overrides::default()),
        3,
    )
}

fn queued(position: u32) -> Result<Reading, PollError> {
    Ok(Reading::InQueue(Snapshot {
        position,
        ewt_seconds: Some(position * 60),
    }))
}

fn notify_button(frame: &Frame) -> Option<&str> {
    frame
        .view
        .offers
        .iter()
        .find(|o| o.kind == OfferKind::Notify)
        .map(|o| o.action.as_str())
}

#[test]
fn the_title_shows_the_place_only_while_hidden() {
    let mut s = session(true, false);
    s.step(Event::Start, 0);
    assert_eq!(
        s.step(Event::Answer(queued(4), Hints::default()), 100)
            .view
            .title,
        None,
        "visible"
    );
    page(&mut s, true, false, 0);
    assert_eq!(
        s.step(Event::Tick, 1_000).view.title.as_deref(),
        Some("(4th) {title}")
    );
    assert_eq!(
        s.step(Event::Answer(queued(3), Hints::default()), 2_000)
            .view
            .title
            .as_deref(),
        Some("(3rd) {title}"),
        "follows the position"
    );
    assert_eq!(
        s.step(
            Event::Answer(Err(PollError::Network), Hints::default()),
            3_000
        )
        .view
        .title
        .as_deref(),
        Some("(3rd) {title}"),
        "the last position, still shown"
    );
    page(&mut s, false, false, 0);
    assert_eq!(
        s.step(Event::Tick, 4_000).view.title,
        None,
        "the page's own title back"
    );
}

#[test]
fn the_title_is_left_alone_by_default_and_outside_the_queue() {
    let mut s = session(false, false);
    s.step(Event::Start, 0);
    page(&mut s, true, false, 0);
    assert_eq!(
        s.step(Event::Answer(queued(4), Hints::default()), 100)
            .view
            .title,
        None,
        "not opted in"
    );

    let mut s = session(true, false);
    page(&mut s, true, false, 0);
    assert_eq!(s.step(Event::Start, 0).view.title, None, "loading");
    assert_eq!(
        s.step(
            Event::Answer(Ok(Reading::NotInQueue(None)), Hints::default()),
            100
        )
        .view
        .title,
        None,
        "not queued yet"
    );
    assert!(
        s.step(Event::Answer(queued(2), Hints::default()), 200)
            .view
            .title
            .is_some()
    );
    assert_eq!(
        s.step(
            Event::Answer(Ok(Reading::NotInQueue(None)), Hints::default()),
            300
        )
        .view
        .title,
        None,
        "the wait is over: the page's title back"
    );
}

#[test]
fn a_queued_callback_puts_its_place_in_the_title() {
    let mut s = session(true, false);
    s.step(Event::Start, 0);
    s.step(
        Event::Follow {
            contact_id: "cb-1",
            phone_number: "•••• 0123",
            requested: false,
        },
        0,
    );
    page(&mut s, true, false, 0);
    let frame = s.step(
        Event::Answer(
            Ok(Reading::Callback(CallbackStatus {
                state: CallbackState::Queued,
                starts_in_seconds: None,
                snapshot: Some(Snapshot {
                    position: 2,
                    ewt_seconds: Some(60),
                }),
            })),
            Hints::default(),
        ),
        100,
    );
    assert_eq!(frame.view.title.as_deref(), Some("(2nd) {title}"));
}

#[test]
fn the_notify_button_needs_the_option_and_a_permission_not_denied() {
    for (option, permission, shown) in [
        (true, Some("default"), true),
        (true, Some("granted"), true),
        (true, Some("denied"), false),
        (true, None, false),
        (false, Some("default"), false),
    ] {
        let mut s = session(false, option);
        s.step(Event::Permission(permission), 0);
        s.step(Event::Start, 0);
        let frame = s.step(Event::Answer(queued(5), Hints::default()), 100);
        assert_eq!(
            notify_button(&frame),
            shown.then_some("Notify me when I'm next"),
            "{option} {permission:?}"
        );
    }
}

#[test]
fn the_button_shows_only_while_there_is_a_place_to_wait_for() {
    let mut s = session(false, true);
    s.step(Event::Permission(Some("default")), 0);
    assert_eq!(notify_button(&s.step(Event::Start, 0)), None, "loading");
    assert!(notify_button(&s.step(Event::Answer(queued(2), Hints::default()), 100)).is_some());
    assert_eq!(
        notify_button(&s.step(Event::Answer(queued(1), Hints::default()), 200)),
        None,
        "already next"
    );
    assert_eq!(
        notify_button(&s.step(
            Event::Answer(Ok(Reading::NotInQueue(None)), Hints::default()),
            300
        )),
        None
    );
}

#[test]
fn once_granted_the_button_goes_and_next_while_hidden_notifies_once() {
    let mut s = session(false, true);
    s.step(Event::Permission(Some("default")), 0);
    s.step(Event::Start, 0);
    s.step(Event::Answer(queued(3), Hints::default()), 100);
    let frame = s.step(Event::Permission(Some("granted")), 1_000);
    assert_eq!(notify_button(&frame), None, "granted: the button goes");
    page(&mut s, true, false, 0);
    assert_eq!(
        s.step(Event::Answer(queued(2), Hints::default()), 2_000)
            .effects
            .notification,
        None
    );
    assert_eq!(
        s.step(Event::Answer(queued(1), Hints::default()), 3_000)
            .effects
            .notification
            .as_deref(),
        Some("You're next")
    );
    assert_eq!(
        s.step(Event::Answer(queued(1), Hints::default()), 4_000)
            .effects
            .notification,
        None
    );
    s.step(Event::Answer(queued(2), Hints::default()), 5_000);
    assert_eq!(
        s.step(Event::Answer(queued(1), Hints::default()), 6_000)
            .effects
            .notification,
        None,
        "one notification per wait"
    );
}

#[test]
fn next_while_looking_needs_no_notification() {
    let mut s = session(false, true);
    s.step(Event::Permission(Some("default")), 0);
    s.step(Event::Start, 0);
    s.step(Event::Answer(queued(3), Hints::default()), 100);
    s.step(Event::Permission(Some("granted")), 1_000);
    assert_eq!(
        s.step(Event::Answer(queued(1), Hints::default()), 2_000)
            .effects
            .notification,
        None
    );
    // Back to second place, then next while hidden: that one is told.
    s.step(Event::Answer(queued(2), Hints::default()), 3_000);
    page(&mut s, true, false, 0);
    assert!(
        s.step(Event::Answer(queued(1), Hints::default()), 4_000)
            .effects
            .notification
            .is_some()
    );
}

#[test]
fn a_permission_granted_before_the_click_is_not_consent() {
    let mut s = session(false, true);
    s.step(Event::Permission(Some("granted")), 0);
    s.step(Event::Start, 0);
    s.step(Event::Answer(queued(3), Hints::default()), 100);
    page(&mut s, true, false, 0);
    assert_eq!(
        s.step(Event::Answer(queued(1), Hints::default()), 2_000)
            .effects
            .notification,
        None
    );
}

#[test]
fn denied_removes_the_button_for_good_and_dismissed_keeps_it() {
    let mut s = session(false, true);
    s.step(Event::Permission(Some("default")), 0);
    s.step(Event::Start, 0);
    s.step(Event::Answer(queued(4), Hints::default()), 100);
    let frame = s.step(Event::Permission(Some("default")), 1_000);
    assert!(
        notify_button(&frame).is_some(),
        "dismissed: asked again on a click"
    );
    let frame = s.step(Event::Permission(Some("denied")), 2_000);
    assert_eq!(notify_button(&frame), None);
    assert_eq!(
        notify_button(&s.step(Event::Answer(queued(3), Hints::default()), 3_000)),
        None
    );
    page(&mut s, true, false, 0);
    assert_eq!(
        s.step(Event::Answer(queued(1), Hints::default()), 4_000)
            .effects
            .notification,
        None
    );
    // A late "granted" (another tab changed it) does not bring it back.
    assert_eq!(
        notify_button(&s.step(Event::Permission(Some("granted")), 5_000)),
        None
    );
    s.step(Event::Answer(queued(2), Hints::default()), 6_000);
    assert_eq!(
        s.step(Event::Answer(queued(1), Hints::default()), 7_000)
            .effects
            .notification,
        None
    );
}
