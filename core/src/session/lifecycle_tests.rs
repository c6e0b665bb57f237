use super::*;
use crate::error::PollError;
use crate::i18n::{EnglishRules, Locale, Overrides};
use crate::metrics::{Reading, Snapshot};
use crate::schedule::Hints;

fn session() -> Session<EnglishRules> {
    Session::new(
        SessionConfig::default(),
        Catalog::new(Locale::En, EnglishRules, Overrides::default()),
        1,
    )
}

/// The page as it is now (`hidden`, and the browser `offline`): what the shell tells the session
/// on every visibility or connectivity change.
fn page(s: &mut Session<EnglishRules>, hidden: bool, offline: bool, now: u64) -> Effects {
    s.update(Event::Page { hidden, offline }, now)
}

fn queued(position: u32, ewt: u32) -> Result<Reading, PollError> {
    Ok(Reading::InQueue(Snapshot {
        position,
        ewt_seconds: Some(ewt),
    }))
}

#[test]
fn jitter_varies_the_interval_within_twenty_percent() {
    let mut s = session();
    let delays: Vec<u32> = (0..50)
        .map(|i| {
            s.step(Event::Answer(queued(8, 600), Hints::default()), i * 10_000)
                .effects
                .next_poll_ms
                .unwrap()
        })
        .collect();
    assert!(
        delays.iter().all(|d| (8_000..=12_000).contains(d)),
        "{delays:?}"
    );
    let distinct: std::collections::BTreeSet<_> = delays.iter().collect();
    assert!(
        distinct.len() > 20,
        "jitter should spread the delays: {delays:?}"
    );
}

#[test]
fn the_proxys_hints_win() {
    let mut s = session();
    let frame = s.step(
        Event::Answer(
            queued(8, 600),
            Hints {
                retry_after: None,
                max_age: Some(40),
            },
        ),
        0,
    );
    assert_eq!(frame.effects.next_poll_ms, Some(40_000));
    let frame = s.step(
        Event::Answer(
            queued(8, 600),
            Hints {
                retry_after: Some(2),
                max_age: Some(40),
            },
        ),
        0,
    );
    assert_eq!(frame.effects.next_poll_ms, Some(2_000));
}

#[test]
fn hidden_or_offline_pauses_and_resuming_polls_at_once() {
    let mut s = session();
    s.step(Event::Answer(queued(8, 600), Hints::default()), 0);
    assert_eq!(page(&mut s, true, false, 0).schedule, Schedule::Cancel);
    // An answer that lands while hidden schedules nothing.
    assert_eq!(
        s.step(Event::Answer(queued(7, 500), Hints::default()), 1_000)
            .effects
            .next_poll_ms,
        None
    );
    assert_eq!(
        page(&mut s, true, true, 0).schedule,
        Schedule::Keep,
        "already paused"
    );
    assert_eq!(
        page(&mut s, false, true, 0).schedule,
        Schedule::Keep,
        "still offline"
    );
    assert_eq!(page(&mut s, false, false, 0).schedule, Schedule::PollNow);
}

#[test]
fn the_page_as_it_is_now_pauses_or_resumes_once() {
    let mut s = session();
    s.step(Event::Answer(queued(8, 600), Hints::default()), 0);
    assert_eq!(
        page(&mut s, false, false, 0).schedule,
        Schedule::Keep,
        "nothing changed"
    );
    assert_eq!(page(&mut s, true, true, 0).schedule, Schedule::Cancel);
    assert_eq!(
        page(&mut s, false, true, 0).schedule,
        Schedule::Keep,
        "still offline"
    );
    assert_eq!(
        page(&mut s, true, false, 0).schedule,
        Schedule::Keep,
        "hidden now"
    );
    assert_eq!(page(&mut s, false, false, 0).schedule, Schedule::PollNow);
    assert_eq!(
        page(&mut s, false, false, 0).schedule,
        Schedule::Keep,
        "polled already"
    );
}

#[test]
fn a_stopped_widget_stays_stopped_when_shown_again() {
    let mut s = session();
    s.step(Event::Answer(queued(1, 10), Hints::default()), 0);
    s.step(
        Event::Answer(Ok(Reading::NotInQueue(None)), Hints::default()),
        1_000,
    );
    assert_eq!(page(&mut s, true, false, 0).schedule, Schedule::Cancel);
    assert_eq!(page(&mut s, false, false, 0).schedule, Schedule::Keep);
}

#[test]
fn hidden_at_mount_waits_for_visibility() {
    let mut s = session();
    page(&mut s, true, false, 0);
    assert_eq!(s.step(Event::Start, 0).effects.next_poll_ms, None);
    assert_eq!(page(&mut s, false, false, 0).schedule, Schedule::PollNow);
}
