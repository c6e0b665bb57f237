//! One widget's whole behaviour: the poll state machine, the local countdown, offers and the
//! live region, put into words. The browser shell feeds it poll results and clock ticks and
//! renders the [`Frame`]s it returns.

use crate::announce::Announcer;
use crate::countdown::Countdown;
use crate::error::PollError;
use crate::i18n::{Catalog, Key, NumberRules};
use crate::metrics::Reading;
use crate::offers::{OfferKind, Offers, Threshold};
use crate::prelude::*;
use crate::rng::Rng;
use crate::schedule::Hints;
use crate::text::{Text, WaitFormat, render};
use crate::tracker::{Tracker, TrackerConfig, View};
use crate::wait::EwtStyle;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionConfig {
    pub tracker: TrackerConfig,
    pub ewt_style: EwtStyle,
    pub max_wait_seconds: u32,
    pub callback: Threshold,
    pub self_service: Threshold,
    pub announce_every_seconds: u32,
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self {
            tracker: TrackerConfig::default(),
            ewt_style: EwtStyle::Approximate,
            max_wait_seconds: 3600,
            callback: Threshold::default(),
            self_service: Threshold::default(),
            announce_every_seconds: 60,
        }
    }
}

/// Something the host page hears about (a DOM event in the browser).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Update {
        position: u32,
        ewt_seconds: Option<u32>,
        stale: bool,
    },
    Offer(OfferKind),
    Connecting,
    Error {
        code: String,
        message: String,
        retrying: bool,
    },
}

/// An offer as shown: the prompt and the link or button text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferText {
    pub kind: OfferKind,
    pub prompt: String,
    pub action: String,
}

/// Everything the shell needs after one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub text: Text,
    pub offers: Vec<OfferText>,
    /// Set when the live region should speak now.
    pub announcement: Option<String>,
    pub notices: Vec<Notice>,
    /// When to poll next, from `start` and `on_result`; `None` means stop (on ticks: unchanged).
    pub next_poll_ms: Option<u32>,
    /// Whether the shell should call [`Session::on_tick`] every second: a countdown is
    /// running, or an announcement waits for its interval.
    pub ticking: bool,
    /// `loading`, `in-queue`, `position-only`, `stale`, `connecting` or `error`: for styling.
    pub state: &'static str,
}

/// What a frame may say in the live region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Speech {
    /// A poll brought news: say it if due (a milestone is always due), else hold it back.
    Poll { milestone: bool },
    /// Only time passed: say what was held back, if its interval is over.
    Clock,
}

/// What the shell should do with its poll timer after a page-lifecycle change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    Keep,
    /// Paused: clear the timer (a request in flight may finish; nothing new is scheduled).
    Cancel,
    /// Resumed: poll at once.
    PollNow,
}

#[derive(Debug)]
pub struct Session<R> {
    config: SessionConfig,
    rng: Rng,
    hidden: bool,
    offline: bool,
    /// False once polling has stopped for good (connecting, a refusal).
    active: bool,
    tracker: Tracker,
    countdown: Countdown,
    offers: Offers,
    announcer: Announcer,
    catalog: Catalog<R>,
}

impl<R: NumberRules> Session<R> {
    /// `seed` feeds the jitter; the browser passes a random one.
    pub fn new(config: SessionConfig, catalog: Catalog<R>, seed: u64) -> Self {
        Self {
            rng: Rng::new(seed),
            hidden: false,
            offline: false,
            active: true,
            tracker: Tracker::new(config.tracker),
            countdown: Countdown::default(),
            offers: Offers::new(config.callback, config.self_service),
            announcer: Announcer::new(config.announce_every_seconds),
            catalog,
            config,
        }
    }

    pub fn locale(&self) -> crate::i18n::Locale {
        self.catalog.locale
    }

    /// Speaks `locale` from now on (its language pack has arrived); see
    /// [`Catalog::set_language`].
    pub fn set_language(&mut self, locale: crate::i18n::Locale, rules: R, table: String) {
        self.catalog.set_language(locale, rules, table);
    }

    pub fn start(&mut self, now_ms: u64) -> Frame {
        let step = self.tracker.start();
        let mut frame = self.frame(now_ms, Speech::Clock, Vec::new());
        frame.next_poll_ms = step.next_poll_ms.filter(|_| !self.paused());
        frame
    }

    fn paused(&self) -> bool {
        self.hidden || self.offline
    }

    /// `document.hidden` changed: no polling while nobody can see the widget.
    pub fn set_hidden(&mut self, hidden: bool) -> Schedule {
        let was = self.paused();
        self.hidden = hidden;
        self.pause_changed(was)
    }

    /// The browser went offline or came back.
    pub fn set_offline(&mut self, offline: bool) -> Schedule {
        let was = self.paused();
        self.offline = offline;
        self.pause_changed(was)
    }

    fn pause_changed(&self, was_paused: bool) -> Schedule {
        match (was_paused, self.paused()) {
            (false, true) => Schedule::Cancel,
            (true, false) if self.active => Schedule::PollNow,
            _ => Schedule::Keep,
        }
    }

    /// A poll's outcome without hints from the proxy.
    pub fn on_result(&mut self, result: Result<Reading, PollError>, now_ms: u64) -> Frame {
        self.on_response(result, Hints::default(), now_ms)
    }

    /// A poll's outcome, with the proxy's `Retry-After` / `max-age` for a success.
    pub fn on_response(
        &mut self,
        result: Result<Reading, PollError>,
        hints: Hints,
        now_ms: u64,
    ) -> Frame {
        let was = self.tracker.view();
        let error = result.as_ref().err().cloned();
        let step = self.tracker.on_result(result, hints, self.rng.next_f64());
        self.active = step.next_poll_ms.is_some();
        let mut notices = Vec::new();
        let mut milestone = false;
        let mut news = true;
        match step.view {
            View::InQueue { snapshot, stale } => {
                // A failed refresh brings nothing new to say; what is pending still falls due.
                news = !stale;
                let ewt_seconds = if stale {
                    self.countdown.remaining(now_ms)
                } else {
                    let shown = self.countdown.revise(snapshot.ewt_seconds, now_ms);
                    for kind in self.offers.update(&snapshot) {
                        notices.push(Notice::Offer(kind));
                        milestone = true;
                    }
                    shown
                };
                milestone |= snapshot.position == 1
                    && !matches!(was, View::InQueue { snapshot: s, .. } if s.position == 1);
                notices.insert(
                    0,
                    Notice::Update {
                        position: snapshot.position,
                        ewt_seconds,
                        stale,
                    },
                );
            }
            View::Connecting => {
                self.offers.clear();
                milestone = true;
                if was != View::Connecting {
                    notices.push(Notice::Connecting);
                }
            }
            View::Error(_) => {
                self.offers.clear();
                milestone = true;
            }
            View::Loading => {}
        }
        if let Some(error) = error
            && step.view != View::Connecting
        {
            notices.push(Notice::Error {
                code: error.code(),
                message: error.message(),
                retrying: step.next_poll_ms.is_some(),
            });
        }
        let speech = if news {
            Speech::Poll { milestone }
        } else {
            Speech::Clock
        };
        let mut frame = self.frame(now_ms, speech, notices);
        frame.next_poll_ms = step.next_poll_ms.filter(|_| !self.paused());
        frame
    }

    /// The clock moved: the countdown may read differently (never announced by itself), and
    /// a change the announcement interval held back may now be said.
    pub fn on_tick(&mut self, now_ms: u64) -> Frame {
        self.frame(now_ms, Speech::Clock, Vec::new())
    }

    fn frame(&mut self, now_ms: u64, speech: Speech, notices: Vec<Notice>) -> Frame {
        let view = self.tracker.view();
        let format = WaitFormat {
            style: self.config.ewt_style,
            max_wait_seconds: self.config.max_wait_seconds,
        };
        let ewt = match view {
            View::InQueue { .. } => self.countdown.remaining(now_ms),
            _ => None,
        };
        let text = render(&view, ewt, format, &self.catalog);
        let (callback, self_service) = self.offers.shown();
        let offers = [
            (callback, OfferKind::Callback),
            (self_service, OfferKind::SelfService),
        ]
        .into_iter()
        .filter(|(shown, _)| *shown)
        .map(|(_, kind)| self.offer_text(kind))
        .collect();
        let announcement = match (view, speech) {
            (View::Loading, _) => None,
            (_, Speech::Poll { milestone }) => {
                self.announcer
                    .offer(&text.announcement(), milestone, now_ms)
            }
            (_, Speech::Clock) => self.announcer.flush(&text.announcement(), now_ms),
        };
        let state = match view {
            View::Loading => "loading",
            View::InQueue { stale: true, .. } => "stale",
            View::InQueue { .. } if ewt.is_none() => "position-only",
            View::InQueue { .. } => "in-queue",
            View::Connecting => "connecting",
            View::Error(_) => "error",
        };
        Frame {
            text,
            offers,
            announcement,
            notices,
            next_poll_ms: None,
            ticking: ewt.is_some() || self.announcer.pending(),
            state,
        }
    }

    fn offer_text(&self, kind: OfferKind) -> OfferText {
        let (prompt, action) = match kind {
            OfferKind::Callback => (Key::CallbackPrompt, Key::CallbackAction),
            OfferKind::SelfService => (Key::SelfServicePrompt, Key::SelfServiceAction),
        };
        OfferText {
            kind,
            prompt: self.catalog.text(prompt),
            action: self.catalog.text(action),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::i18n::{EnglishRules, Locale, Overrides};
    use crate::metrics::Snapshot;

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
        let frame = s.start(0);
        assert_eq!(frame.text.headline, "Checking your place in the queue…");
        assert_eq!((frame.next_poll_ms, frame.announcement), (Some(0), None));

        let frame = s.on_result(queued(3, Some(250)), 1_000);
        assert_eq!(frame.text.headline, "You're 3rd in line");
        assert_eq!(
            frame.notices,
            vec![Notice::Update {
                position: 3,
                ewt_seconds: Some(250),
                stale: false
            }]
        );
        assert_eq!(
            frame.announcement.as_deref(),
            Some("You're 3rd in line\nEstimated wait: about 5 minutes")
        );
        // Near the front (half of 10 s), ±20% jitter.
        assert!(
            (4_000..=6_000).contains(&frame.next_poll_ms.unwrap()),
            "{:?}",
            frame.next_poll_ms
        );
        assert!(frame.ticking);
    }

    #[test]
    fn the_estimate_counts_down_on_ticks_without_announcing() {
        let mut s = session(SessionConfig::default());
        s.on_result(queued(3, Some(250)), 0);
        let frame = s.on_tick(70_000);
        assert_eq!(
            frame.text.detail.as_deref(),
            Some("Estimated wait: about 3 minutes")
        );
        assert_eq!(frame.announcement, None);
        assert!(frame.notices.is_empty());
    }

    #[test]
    fn changes_are_announced_at_most_once_a_minute_but_milestones_at_once() {
        let mut s = session(SessionConfig::default());
        assert!(s.on_result(queued(3, None), 0).announcement.is_some());
        assert_eq!(s.on_result(queued(2, None), 10_000).announcement, None);
        assert_eq!(
            s.on_result(queued(1, None), 20_000).announcement.as_deref(),
            Some("You're next")
        );
        assert_eq!(s.on_result(queued(1, None), 30_000).announcement, None);
        assert_eq!(
            s.on_result(Ok(Reading::NotInQueue), 40_000)
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
                s.on_result(queued(position, Some(position * 30)), now)
            } else if ticking {
                s.on_tick(now)
            } else {
                continue;
            };
            ticking = frame.ticking;
            if let Some(said) = frame.announcement {
                heard.push((now, said));
            }
            let summary = frame.text.announcement();
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
        let frame = s.on_result(queued(2, Some(100)), 0);
        assert!(frame.offers.is_empty());
        let frame = s.on_result(queued(6, Some(900)), 10_000);
        assert_eq!(
            frame.notices,
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
                .offers
                .iter()
                .map(|o| o.action.as_str())
                .collect::<Vec<_>>(),
            ["Request a callback", "Visit the help center"]
        );
        assert!(frame.announcement.is_some(), "an offer is a milestone");
        // Leaving the queue withdraws them.
        assert!(
            s.on_result(Ok(Reading::NotInQueue), 20_000)
                .offers
                .is_empty()
        );
    }

    #[test]
    fn failures_keep_values_and_report_errors() {
        let mut s = session(SessionConfig::default());
        s.on_result(queued(4, Some(600)), 0);
        let frame = s.on_result(
            Err(PollError::Http {
                status: 429,
                code: Some(ErrorCode::Throttling),
                retry_after: Some(5),
            }),
            10_000,
        );
        assert_eq!(
            (frame.text.note.as_deref(), frame.state),
            (Some("Updating…"), "stale")
        );
        assert_eq!(
            frame.text.detail.as_deref(),
            Some("Estimated wait: about 10 minutes")
        );
        assert_eq!(
            frame.notices,
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
        assert_eq!(frame.announcement, None, "a stale refresh is not announced");
        assert_eq!(frame.next_poll_ms, Some(5_000));
    }

    #[test]
    fn a_refusal_is_a_terminal_error_event() {
        let mut s = session(SessionConfig::default());
        let frame = s.on_result(
            Err(PollError::Http {
                status: 403,
                code: Some(ErrorCode::AccessDenied),
                retry_after: None,
            }),
            0,
        );
        assert_eq!(
            frame.text.headline,
            "We can't show your place in the queue right now"
        );
        assert_eq!(frame.next_poll_ms, None);
        assert!(
            matches!(&frame.notices[..], [Notice::Error { retrying: false, code, .. }] if code == "AccessDeniedException")
        );
        assert!(frame.announcement.is_some());
    }

    #[test]
    fn connecting_is_reported_once() {
        let mut s = session(SessionConfig::default());
        s.on_result(queued(1, Some(20)), 0);
        let frame = s.on_result(
            Err(PollError::Http {
                status: 404,
                code: Some(ErrorCode::ResourceNotFound),
                retry_after: None,
            }),
            5_000,
        );
        assert_eq!(frame.notices, vec![Notice::Connecting]);
        assert_eq!(frame.next_poll_ms, None);
        assert!(!frame.ticking);
    }
}

#[cfg(test)]
mod lifecycle_tests {
    use super::*;
    use crate::i18n::{EnglishRules, Locale, Overrides};
    use crate::metrics::Snapshot;

    fn session() -> Session<EnglishRules> {
        Session::new(
            SessionConfig::default(),
            Catalog::new(Locale::En, EnglishRules, Overrides::default()),
            1,
        )
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
                s.on_result(queued(8, 600), i * 10_000)
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
        let frame = s.on_response(
            queued(8, 600),
            Hints {
                retry_after: None,
                max_age: Some(40),
            },
            0,
        );
        assert_eq!(frame.next_poll_ms, Some(40_000));
        let frame = s.on_response(
            queued(8, 600),
            Hints {
                retry_after: Some(2),
                max_age: Some(40),
            },
            0,
        );
        assert_eq!(frame.next_poll_ms, Some(2_000));
    }

    #[test]
    fn hidden_or_offline_pauses_and_resuming_polls_at_once() {
        let mut s = session();
        s.on_result(queued(8, 600), 0);
        assert_eq!(s.set_hidden(true), Schedule::Cancel);
        // An answer that lands while hidden schedules nothing.
        assert_eq!(s.on_result(queued(7, 500), 1_000).next_poll_ms, None);
        assert_eq!(s.set_offline(true), Schedule::Keep, "already paused");
        assert_eq!(s.set_hidden(false), Schedule::Keep, "still offline");
        assert_eq!(s.set_offline(false), Schedule::PollNow);
    }

    #[test]
    fn a_stopped_widget_stays_stopped_when_shown_again() {
        let mut s = session();
        s.on_result(queued(1, 10), 0);
        s.on_result(Ok(Reading::NotInQueue), 1_000);
        assert_eq!(s.set_hidden(true), Schedule::Cancel);
        assert_eq!(s.set_hidden(false), Schedule::Keep);
    }

    #[test]
    fn hidden_at_mount_waits_for_visibility() {
        let mut s = session();
        s.set_hidden(true);
        assert_eq!(s.start(0).next_poll_ms, None);
        assert_eq!(s.set_hidden(false), Schedule::PollNow);
    }
}
