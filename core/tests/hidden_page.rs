//! What a customer who is not looking gets, both opt-in: the place in the page's title while
//! it is hidden (`titlePosition`), and one notification when next (`notifyNext`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use waitline_core::callback::{CallbackState, CallbackStatus};
use waitline_core::i18n::{Catalog, EnglishRules, Locale, Overrides};
use waitline_core::offers::OfferKind;
use waitline_core::{Frame, PollError, Reading, Session, SessionConfig, Snapshot};

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
        .offers
        .iter()
        .find(|o| o.kind == OfferKind::Notify)
        .map(|o| o.action.as_str())
}

#[test]
fn the_title_shows_the_place_only_while_hidden() {
    let mut s = session(true, false);
    s.start(0);
    assert_eq!(s.on_result(queued(4), 100).title, None, "visible");
    s.set_hidden(true);
    assert_eq!(s.on_tick(1_000).title.as_deref(), Some("(4th) {title}"));
    assert_eq!(
        s.on_result(queued(3), 2_000).title.as_deref(),
        Some("(3rd) {title}"),
        "follows the position"
    );
    assert_eq!(
        s.on_result(Err(PollError::Network), 3_000).title.as_deref(),
        Some("(3rd) {title}"),
        "the last position, still shown"
    );
    s.set_hidden(false);
    assert_eq!(s.on_tick(4_000).title, None, "the page's own title back");
}

#[test]
fn the_title_is_left_alone_by_default_and_outside_the_queue() {
    let mut s = session(false, false);
    s.start(0);
    s.set_hidden(true);
    assert_eq!(s.on_result(queued(4), 100).title, None, "not opted in");

    let mut s = session(true, false);
    s.set_hidden(true);
    assert_eq!(s.start(0).title, None, "loading");
    assert_eq!(
        s.on_result(Ok(Reading::NotInQueue(None)), 100).title,
        None,
        "not queued yet"
    );
    assert!(s.on_result(queued(2), 200).title.is_some());
    assert_eq!(
        s.on_result(Ok(Reading::NotInQueue(None)), 300).title,
        None,
        "the wait is over: the page's title back"
    );
}

#[test]
fn a_queued_callback_puts_its_place_in_the_title() {
    let mut s = session(true, false);
    s.start(0);
    s.follow("cb-1", "•••• 0123", false, 0);
    s.set_hidden(true);
    let frame = s.on_result(
        Ok(Reading::Callback(CallbackStatus {
            state: CallbackState::Queued,
            starts_in_seconds: None,
            snapshot: Some(Snapshot {
                position: 2,
                ewt_seconds: Some(60),
            }),
        })),
        100,
    );
    assert_eq!(frame.title.as_deref(), Some("(2nd) {title}"));
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
        s.permission(permission, 0);
        s.start(0);
        let frame = s.on_result(queued(5), 100);
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
    s.permission(Some("default"), 0);
    assert_eq!(notify_button(&s.start(0)), None, "loading");
    assert!(notify_button(&s.on_result(queued(2), 100)).is_some());
    assert_eq!(
        notify_button(&s.on_result(queued(1), 200)),
        None,
        "already next"
    );
    assert_eq!(
        notify_button(&s.on_result(Ok(Reading::NotInQueue(None)), 300)),
        None
    );
}

#[test]
fn once_granted_the_button_goes_and_next_while_hidden_notifies_once() {
    let mut s = session(false, true);
    s.permission(Some("default"), 0);
    s.start(0);
    s.on_result(queued(3), 100);
    let frame = s.permission(Some("granted"), 1_000);
    assert_eq!(notify_button(&frame), None, "granted: the button goes");
    s.set_hidden(true);
    assert_eq!(s.on_result(queued(2), 2_000).notification, None);
    assert_eq!(
        s.on_result(queued(1), 3_000).notification.as_deref(),
        Some("You're next")
    );
    assert_eq!(s.on_result(queued(1), 4_000).notification, None);
    s.on_result(queued(2), 5_000);
    assert_eq!(
        s.on_result(queued(1), 6_000).notification,
        None,
        "one notification per wait"
    );
}

#[test]
fn next_while_looking_needs_no_notification() {
    let mut s = session(false, true);
    s.permission(Some("default"), 0);
    s.start(0);
    s.on_result(queued(3), 100);
    s.permission(Some("granted"), 1_000);
    assert_eq!(s.on_result(queued(1), 2_000).notification, None);
    // Back to second place, then next while hidden: that one is told.
    s.on_result(queued(2), 3_000);
    s.set_hidden(true);
    assert!(s.on_result(queued(1), 4_000).notification.is_some());
}

#[test]
fn a_permission_granted_before_the_click_is_not_consent() {
    let mut s = session(false, true);
    s.permission(Some("granted"), 0);
    s.start(0);
    s.on_result(queued(3), 100);
    s.set_hidden(true);
    assert_eq!(s.on_result(queued(1), 2_000).notification, None);
}

#[test]
fn denied_removes_the_button_for_good_and_dismissed_keeps_it() {
    let mut s = session(false, true);
    s.permission(Some("default"), 0);
    s.start(0);
    s.on_result(queued(4), 100);
    let frame = s.permission(Some("default"), 1_000);
    assert!(
        notify_button(&frame).is_some(),
        "dismissed: asked again on a click"
    );
    let frame = s.permission(Some("denied"), 2_000);
    assert_eq!(notify_button(&frame), None);
    assert_eq!(notify_button(&s.on_result(queued(3), 3_000)), None);
    s.set_hidden(true);
    assert_eq!(s.on_result(queued(1), 4_000).notification, None);
    // A late "granted" (another tab changed it) does not bring it back.
    assert_eq!(notify_button(&s.permission(Some("granted"), 5_000)), None);
    s.on_result(queued(2), 6_000);
    assert_eq!(s.on_result(queued(1), 7_000).notification, None);
}
