//! One widget's whole behaviour: the poll state machine, the local countdown, offers and the
//! live region, put into words. The browser shell feeds it poll results and clock ticks and
//! renders the [`Frame`]s it returns.

use crate::announce::Announcer;
use crate::callback::{CallbackState, CallbackStatus, NumberProblem, check_number, request_body};
use crate::concat::concat;
use crate::countdown::Countdown;
use crate::error::PollError;
use crate::i18n::{Catalog, Key, NumberRules};
use crate::metrics::{Reading, Snapshot};
use crate::notify::Notify;
use crate::offers::{OfferKind, Offers, Threshold};
use crate::prelude::*;
use crate::rng::Rng;
use crate::schedule::Hints;
use crate::stream::Stream;
use crate::text::{Text, WaitFormat, render_with};
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
    /// The place in the page's title while the page is hidden.
    pub title_position: bool,
    /// Offer "Notify me when I'm next".
    pub notify_next: bool,
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
            title_position: false,
            notify_next: false,
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
    /// The customer asked for a callback and the proxy made it.
    CallbackRequested {
        contact_id: String,
        /// Masked by the proxy: `•••• 4567`.
        phone_number: String,
    },
    /// Where the callback stands, after each answer about it.
    CallbackState {
        state: CallbackState,
        position: Option<u32>,
        ewt_seconds: Option<u32>,
        starts_in_seconds: Option<u32>,
    },
}

/// Why the callback form shows an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormProblem {
    Number(NumberProblem),
    /// The contact left the queue: no callback can be made for it.
    NotInQueue,
    /// The request failed (network, throttled, a 5xx): try again.
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Closed,
    Open(Option<FormProblem>),
    /// The request is on its way.
    Sending,
}

/// The callback form as shown: a phone number field, confirm and back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormText {
    pub label: String,
    pub confirm: String,
    pub cancel: String,
    /// Said next to the field, and read by screen readers.
    pub error: Option<String>,
    /// The request is on its way: the form waits for its answer.
    pub sending: bool,
}

/// An offer as shown: the prompt and the link or button text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferText {
    pub kind: OfferKind,
    pub prompt: Option<String>,
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
    /// `loading`, `in-flow`, `in-queue`, `position-only`, `stale`, `connecting`, `ended`,
    /// `error`, or once a
    /// callback is followed `callback-scheduled`, `callback-queued`, `callback-calling`,
    /// `callback-done` or `callback-failed`: for styling.
    pub state: &'static str,
    /// The callback form, while it is open.
    pub form: Option<FormText>,
    /// A callback request to send now (`POST`), with this JSON body.
    pub send: Option<String>,
    /// While a stream is open, after each of its events: how long the shell waits for more of
    /// it (an event or a comment) before it gives the stream up. `None`: close it.
    pub watch: Option<u32>,
    /// While the page is hidden and a place is shown (`titlePosition`): the page's title, with
    /// `{title}` for the page's own. `None`: the page's own title.
    pub title: Option<String>,
    /// Notify the customer now, with this text (`notifyNext`).
    pub notification: Option<String>,
}

/// What a frame may say in the live region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Speech {
    /// A poll brought news: say it if due (a milestone is always due), else hold it back.
    Poll { milestone: bool },
    /// Only time passed: say what was held back, if its interval is over.
    Clock,
    /// Nothing, and nothing recorded as said: a frame the shell may never show.
    Silent,
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
    form: Form,
    /// The number a followed callback calls, masked and isolated for bidirectional text.
    number: Option<String>,
    /// Seconds until a scheduled callback enters the queue.
    starts: Countdown,
    stream: Stream,
    notify: Notify,
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
            form: Form::Closed,
            number: None,
            starts: Countdown::default(),
            stream: Stream::default(),
            notify: Notify::new(config.notify_next),
        }
    }

    pub fn locale(&self) -> crate::i18n::Locale {
        self.catalog.locale
    }

    /// Speaks `locale` from now on (its language pack has arrived); see
    /// [`Catalog::set_language`].
    pub fn set_language(&mut self, locale: crate::i18n::Locale, rules: R, table: &'static str) {
        self.catalog.set_language(locale, rules, table);
    }

    /// The catalog's own language's table, as a language pack brought it.
    pub fn set_table(&mut self, table: &'static str) {
        self.catalog.set_table(table);
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
        self.set_page(hidden, self.offline)
    }

    /// The browser went offline or came back.
    pub fn set_offline(&mut self, offline: bool) -> Schedule {
        self.set_page(self.hidden, offline)
    }

    /// The page's visibility and the browser's connectivity as they are now, changed or not: no
    /// polling while nobody can see the widget or the browser is offline, a poll at once when
    /// both are back.
    pub fn set_page(&mut self, hidden: bool, offline: bool) -> Schedule {
        let was = self.paused();
        self.hidden = hidden;
        self.offline = offline;
        self.pause_changed(was)
    }

    fn pause_changed(&self, was_paused: bool) -> Schedule {
        match (was_paused, self.paused()) {
            (false, true) => Schedule::Cancel,
            // An open stream stays open while hidden: nothing to poll.
            (true, false) if self.active && !self.stream.is_open() => Schedule::PollNow,
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
        let mut next = false;
        match step.view {
            View::InQueue { snapshot, stale } => {
                // A failed refresh brings nothing new to say; what is pending still falls due.
                news = !stale;
                // The update first, then any offer it brought (pushed, not inserted: no
                // `Vec::insert` and its panic path in the shipped wasm).
                let (ewt_seconds, offers) = if stale {
                    (self.countdown.remaining(now_ms), Vec::new())
                } else {
                    let shown = self.countdown.revise(snapshot.ewt_seconds, now_ms);
                    (shown, self.offers.update(&snapshot))
                };
                notices.push(Notice::Update {
                    position: snapshot.position,
                    ewt_seconds,
                    stale,
                });
                for kind in offers {
                    notices.push(Notice::Offer(kind));
                    milestone = true;
                }
                // Next in line, or in the queue at last (after a flow): heard at once.
                next = snapshot.position == 1
                    && !matches!(was, View::InQueue { snapshot: s, .. } if s.position == 1);
                milestone |= next || !matches!(was, View::InQueue { .. });
            }
            View::Connecting => {
                self.offers.clear();
                milestone = true;
                if !matches!(was, View::Connecting) {
                    notices.push(Notice::Connecting);
                }
            }
            View::Error(_) | View::Ended => {
                self.offers.clear();
                milestone = true;
            }
            // Heard at once when it begins; the same words again are not heard again.
            View::InFlow => {
                self.offers.clear();
                milestone = !matches!(was, View::InFlow);
            }
            View::Callback { status, stale } => {
                news = !stale;
                milestone =
                    !matches!(was, View::Callback { status: s, .. } if s.state == status.state);
                if !stale {
                    let starts_in = self.starts.revise(status.starts_in_seconds, now_ms);
                    let ewt_seconds = self
                        .countdown
                        .revise(status.snapshot.and_then(|s| s.ewt_seconds), now_ms);
                    notices.push(Notice::CallbackState {
                        state: status.state,
                        position: status.snapshot.map(|s| s.position),
                        ewt_seconds,
                        starts_in_seconds: starts_in,
                    });
                }
            }
            View::Loading => {}
        }
        if let Some(error) = error
            && !matches!(step.view, View::Connecting)
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
        if next && self.notify.next(self.hidden) {
            frame.notification = Some(self.catalog.text(Key::Next));
        }
        // An event of an open stream: no poll while it lasts, unless the wait is over.
        if self.stream.is_open() {
            frame.next_poll_ms = None;
            if self.active {
                frame.watch = Some(self.stream.heard());
            } else {
                self.stream.close();
            }
        }
        frame
    }

    /// Whether the next request asks for a stream: not after a stream that never delivered, and
    /// not for a callback's status.
    pub fn asks_for_stream(&self) -> bool {
        self.stream.asks() && self.active && self.number.is_none()
    }

    /// The answer to a request arrived: `stream` when it is one (`200 text/event-stream`). Only
    /// a request that asked takes it; returns how long to wait for its first event.
    pub fn opened(&mut self, stream: bool) -> Option<u32> {
        if !self.asks_for_stream() {
            return None;
        }
        self.stream.opened(stream)
    }

    pub fn streaming(&self) -> bool {
        self.stream.is_open()
    }

    /// The open stream is over: its body ended or a read failed, or (`silent`) the shell's
    /// [`Frame::watch`] ran out. Back to the polling schedule, the next request after the usual
    /// delay, as after a successful poll; or at once, polling for good, when it never delivered
    /// an event. What was shown stays: nothing failed.
    pub fn stream_ended(&mut self, silent: bool, now_ms: u64) -> Frame {
        let never = self.stream.ended(silent);
        let delay = if never {
            0
        } else {
            self.tracker.after_success(self.rng.next_f64())
        };
        let mut frame = self.frame(now_ms, Speech::Clock, Vec::new());
        frame.next_poll_ms = Some(delay).filter(|_| self.active && !self.paused());
        frame
    }

    /// The browser's notification permission (`None` without the API): as it stands at mount,
    /// before [`Session::start`], then after each click on "Notify me when I'm next" (see
    /// [`Notify::permission`]).
    pub fn permission(&mut self, permission: Option<&str>, now_ms: u64) -> Frame {
        self.notify.permission(permission);
        self.frame(now_ms, Speech::Clock, Vec::new())
    }

    /// The clock moved: the countdown may read differently (never announced by itself), and
    /// a change the announcement interval held back may now be said.
    pub fn on_tick(&mut self, now_ms: u64) -> Frame {
        self.frame(now_ms, Speech::Clock, Vec::new())
    }

    /// The customer chose "Call me back": the form opens (only while the offer is shown).
    pub fn open_form(&mut self, now_ms: u64) -> Frame {
        if self.offers.shown().0 && self.number.is_none() {
            self.form = Form::Open(None);
        }
        self.frame(now_ms, Speech::Clock, Vec::new())
    }

    /// Back from the form to the offer.
    pub fn close_form(&mut self, now_ms: u64) -> Frame {
        if !matches!(self.form, Form::Sending) {
            self.form = Form::Closed;
        }
        self.frame(now_ms, Speech::Clock, Vec::new())
    }

    /// The customer confirmed `number`: a typo is said at once; otherwise the frame carries
    /// the request to send (with `country` to read a national number in, when known).
    pub fn submit(&mut self, number: &str, country: Option<&str>, now_ms: u64) -> Frame {
        let mut send = None;
        if matches!(self.form, Form::Open(_)) {
            match check_number(number) {
                Err(problem) => self.form = Form::Open(Some(FormProblem::Number(problem))),
                Ok(()) => {
                    self.form = Form::Sending;
                    send = Some(request_body(number, country));
                }
            }
        }
        let mut frame = self.frame(now_ms, Speech::Clock, Vec::new());
        frame.send = send;
        frame
    }

    /// The request was refused or failed: the form says why and may be sent again.
    pub fn refused(&mut self, problem: FormProblem, now_ms: u64) -> Frame {
        if matches!(self.form, Form::Sending) {
            self.form = Form::Open(Some(problem));
        }
        self.frame(now_ms, Speech::Clock, Vec::new())
    }

    /// From now on, follow the callback `contact_id`, which calls `phone_number` (masked):
    /// just made (`requested`: the page hears of it, and the customer at once), or remembered
    /// across a reload, before [`Session::start`], whose frame is the first shown: the live
    /// region says nothing here, so the first status is heard whatever it reads.
    #[inline(never)] // one copy for a request's answer and a reload's resume
    pub fn follow(
        &mut self,
        contact_id: &str,
        phone_number: &str,
        requested: bool,
        now_ms: u64,
    ) -> Frame {
        // First-strong isolates: the digits keep their order inside right-to-left text.
        self.number = Some(concat(&["\u{2068}", phone_number, "\u{2069}"]));
        self.form = Form::Closed;
        self.tracker = Tracker::new(self.config.tracker);
        self.countdown = Countdown::default();
        self.starts = Countdown::default();
        self.offers.clear();
        self.active = true;
        self.stream.close();
        let notices = if requested {
            vec![Notice::CallbackRequested {
                contact_id: contact_id.to_owned(),
                phone_number: phone_number.to_owned(),
            }]
        } else {
            Vec::new()
        };
        let speech = if requested {
            Speech::Poll { milestone: true }
        } else {
            Speech::Silent
        };
        let mut frame = self.frame(now_ms, speech, notices);
        frame.next_poll_ms = Some(0).filter(|_| !self.paused());
        frame
    }

    /// Whether polls are about a callback (`GET …/callback`) rather than the contact itself.
    pub fn following_callback(&self) -> bool {
        self.number.is_some()
    }

    fn form_text(&self) -> Option<FormText> {
        let error = match self.form {
            Form::Closed => return None,
            Form::Open(problem) => problem.map(|problem| {
                self.catalog.text(match problem {
                    FormProblem::Number(NumberProblem::Country) => Key::CallbackErrorCountry,
                    FormProblem::Number(_) => Key::CallbackErrorInvalid,
                    FormProblem::NotInQueue => Key::CallbackErrorGone,
                    FormProblem::Failed => Key::CallbackErrorFailed,
                })
            }),
            Form::Sending => None,
        };
        Some(FormText {
            label: self.catalog.text(Key::CallbackNumberLabel),
            confirm: self.catalog.text(Key::CallbackConfirm),
            cancel: self.catalog.text(Key::CallbackCancel),
            error,
            sending: matches!(self.form, Form::Sending),
        })
    }

    fn frame(&mut self, now_ms: u64, speech: Speech, notices: Vec<Notice>) -> Frame {
        let mut view = self.tracker.view();
        if matches!(view, View::Loading) && self.number.is_some() {
            // Following a callback whose first answer is still on its way.
            view = View::Callback {
                status: CallbackStatus {
                    state: CallbackState::Queued,
                    starts_in_seconds: None,
                    snapshot: None,
                },
                stale: false,
            };
        }
        let format = WaitFormat {
            style: self.config.ewt_style,
            max_wait_seconds: self.config.max_wait_seconds,
        };
        let ewt = match view {
            View::InQueue { .. } => self.countdown.remaining(now_ms),
            View::Callback { status, .. } => match status.state {
                CallbackState::Scheduled => self.starts.remaining(now_ms),
                CallbackState::Queued => self.countdown.remaining(now_ms),
                _ => None,
            },
            _ => None,
        };
        let number = self.number.as_deref().unwrap_or_default();
        let text = render_with(&view, ewt, format, &self.catalog, number);
        let (mut callback, self_service) = self.offers.shown();
        // The open form stands in for the callback offer.
        callback &= matches!(self.form, Form::Closed);
        let mut offers = Vec::new();
        if callback {
            offers.push(self.offer_text(OfferKind::Callback));
        }
        if self_service {
            offers.push(self.offer_text(OfferKind::SelfService));
        }
        let place = match view {
            View::InQueue { snapshot, .. }
            | View::Callback {
                status:
                    CallbackStatus {
                        state: CallbackState::Queued,
                        snapshot: Some(snapshot),
                        ..
                    },
                ..
            } => Some(snapshot),
            _ => None,
        };
        // While there is a place to wait for (not already next, not a callback's).
        if self.notify.offered()
            && matches!(
                view,
                View::InQueue {
                    snapshot: Snapshot { position: 2.., .. },
                    ..
                }
            )
        {
            offers.push(self.offer_text(OfferKind::Notify));
        }
        let title = place
            .filter(|_| self.config.title_position && self.hidden)
            .map(|s| self.catalog.ordinal(Key::TitlePosition, s.position));
        let announcement = match (view, speech) {
            (View::Loading, _) | (_, Speech::Silent) => None,
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
            View::InFlow => "in-flow",
            View::Connecting => "connecting",
            View::Ended => "ended",
            View::Error(_) => "error",
            View::Callback { .. } if matches!(self.tracker.view(), View::Loading) => "loading",
            View::Callback { status, .. } => match status.state {
                CallbackState::Scheduled => "callback-scheduled",
                CallbackState::Queued => "callback-queued",
                CallbackState::Calling => "callback-calling",
                CallbackState::Done => "callback-done",
                CallbackState::Failed => "callback-failed",
            },
        };
        Frame {
            text,
            offers,
            announcement,
            notices,
            next_poll_ms: None,
            ticking: ewt.is_some() || self.announcer.pending(),
            state,
            form: self.form_text(),
            send: None,
            watch: None,
            title,
            notification: None,
        }
    }

    fn offer_text(&self, kind: OfferKind) -> OfferText {
        let (prompt, action) = match kind {
            OfferKind::Callback => (Key::CallbackPrompt, Key::CallbackAction),
            OfferKind::SelfService => (Key::SelfServicePrompt, Key::SelfServiceAction),
            // A button alone: it needs no prompt.
            OfferKind::Notify => {
                return OfferText {
                    kind,
                    prompt: None,
                    action: self.catalog.text(Key::NotifyAction),
                };
            }
        };
        OfferText {
            kind,
            prompt: Some(self.catalog.text(prompt)),
            action: self.catalog.text(action),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::callback::{CallbackState, CallbackStatus, NumberProblem};
    use crate::error::ErrorCode;
    use crate::i18n::{EnglishRules, Locale, Overrides};
    use crate::metrics::Snapshot;
    use crate::offers::Threshold;

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
            s.on_result(Ok(Reading::NotInQueue(None)), 40_000)
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
            ["Call me back", "Visit the help center"]
        );
        assert!(frame.announcement.is_some(), "an offer is a milestone");
        // Leaving the queue withdraws them.
        assert!(
            s.on_result(Ok(Reading::NotInQueue(None)), 20_000)
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

    fn offering_a_callback() -> Session<EnglishRules> {
        let mut s = session(SessionConfig {
            callback: Threshold {
                after_seconds: None,
                after_position: Some(3),
            },
            ..SessionConfig::default()
        });
        s.on_result(queued(5, Some(600)), 0);
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
        plain.on_result(queued(5, Some(600)), 0);
        assert_eq!(plain.open_form(1_000).form, None, "no offer, no form");

        let mut s = offering_a_callback();
        let frame = s.open_form(1_000);
        let form = frame.form.expect("the form is open");
        assert_eq!(
            (
                form.label.as_str(),
                form.confirm.as_str(),
                form.cancel.as_str()
            ),
            ("Your phone number", "Call me", "Back")
        );
        assert_eq!(form.error, None);
        assert!(frame.offers.is_empty(), "the form stands in for the offer");

        let frame = s.submit("call me", None, 2_000);
        assert_eq!(frame.send, None);
        assert_eq!(
            frame.form.and_then(|f| f.error).as_deref(),
            Some("Enter a number we can call, with + and the country code if it's abroad.")
        );
        let frame = s.submit("+1 201 555 0123", Some("US"), 3_000);
        assert_eq!(
            frame.send.as_deref(),
            Some(r#"{"phoneNumber":"+1 201 555 0123","country":"US"}"#)
        );
        assert!(frame.form.is_some_and(|f| f.sending && f.error.is_none()));
        assert_eq!(
            s.submit("+1 201 555 0123", None, 3_100).send,
            None,
            "sent once"
        );

        let frame = s.refused(FormProblem::Number(NumberProblem::Country), 4_000);
        assert_eq!(
            frame.form.and_then(|f| f.error).as_deref(),
            Some("We can't call numbers in this country.")
        );
        let frame = s.close_form(5_000);
        assert_eq!(frame.form, None);
        assert_eq!(frame.offers.len(), 1, "back to the offer");
    }

    #[test]
    fn a_callback_is_followed_through_its_delay_to_the_call() {
        let mut s = offering_a_callback();
        s.open_form(1_000);
        s.submit("+1 201 555 0123", None, 2_000);
        let frame = s.follow("cb-1", "•••• 0123", true, 3_000);
        assert!(s.following_callback());
        assert_eq!(frame.next_poll_ms, Some(0));
        assert_eq!(frame.form, None);
        assert!(frame.offers.is_empty());
        assert_eq!(
            frame.notices,
            vec![Notice::CallbackRequested {
                contact_id: "cb-1".into(),
                phone_number: "•••• 0123".into()
            }]
        );
        assert_eq!(
            frame.text.headline,
            "We'll call you at \u{2068}•••• 0123\u{2069} shortly"
        );

        let frame = s.on_result(callback(CallbackState::Scheduled, Some(120), None), 4_000);
        assert_eq!(frame.state, "callback-scheduled");
        assert_eq!(
            frame.text.headline,
            "We'll call you at \u{2068}•••• 0123\u{2069} in about 2 minutes"
        );
        assert!(frame.ticking, "the delay counts down");
        assert!(frame.next_poll_ms.is_some());
        assert_eq!(
            frame.notices,
            vec![Notice::CallbackState {
                state: CallbackState::Scheduled,
                position: None,
                ewt_seconds: None,
                starts_in_seconds: Some(120)
            }]
        );
        assert!(frame.announcement.is_some(), "a new state is a milestone");
        let frame = s.on_tick(95_000);
        assert_eq!(
            frame.text.headline,
            "We'll call you at \u{2068}•••• 0123\u{2069} in less than a minute"
        );
        let frame = s.on_tick(130_000);
        assert_eq!(
            frame.text.headline,
            "We'll call you at \u{2068}•••• 0123\u{2069} shortly"
        );

        let frame = s.on_result(
            callback(CallbackState::Queued, None, Some((2, 90))),
            140_000,
        );
        assert_eq!(frame.state, "callback-queued");
        assert_eq!(frame.text.headline, "You're 2nd in line");
        assert_eq!(
            frame.text.detail.as_deref(),
            Some("Estimated wait: about 2 minutes")
        );
        assert_eq!(
            frame.text.note.as_deref(),
            Some("We'll call you at \u{2068}•••• 0123\u{2069} shortly")
        );

        // A failed refresh keeps the callback on screen, marked as updating.
        let frame = s.on_result(Err(PollError::Network), 150_000);
        assert_eq!(frame.state, "callback-queued");
        assert_eq!(frame.text.note.as_deref(), Some("Updating…"));

        let frame = s.on_result(callback(CallbackState::Calling, None, None), 160_000);
        assert_eq!(frame.state, "callback-calling");
        assert_eq!(
            frame.text.headline,
            "We're calling you now at \u{2068}•••• 0123\u{2069}"
        );
        assert!(frame.announcement.is_some());

        let frame = s.on_result(callback(CallbackState::Done, None, None), 300_000);
        assert_eq!(frame.state, "callback-done");
        assert_eq!(frame.text.headline, "Your callback is complete. Thank you.");
        assert_eq!(frame.next_poll_ms, None, "nothing more will happen");
    }

    #[test]
    fn a_callback_that_ends_before_an_agent_says_so_and_stops() {
        let mut s = offering_a_callback();
        s.follow("cb-1", "•••• 0123", false, 0);
        let frame = s.on_result(callback(CallbackState::Failed, None, None), 1_000);
        assert_eq!(frame.state, "callback-failed");
        assert_eq!(
            frame.text.headline,
            "We couldn't reach you. Please contact us again."
        );
        assert_eq!(frame.next_poll_ms, None);
    }

    #[test]
    fn a_remembered_callback_is_followed_without_announcing_a_new_request() {
        let mut s = session(SessionConfig::default());
        s.start(0);
        let frame = s.follow("cb-1", "•••• 0123", false, 0);
        assert!(frame.notices.is_empty());
        assert_eq!(frame.next_poll_ms, Some(0));
    }

    /// A reload: the shell resumes the remembered callback before `start` and never shows that
    /// frame, so nothing it holds counts as said; the first status is heard even when it reads
    /// exactly as the placeholder did.
    #[test]
    fn a_resumed_callback_says_its_first_status() {
        let mut s = session(SessionConfig::default());
        let resumed = s.follow("cb-1", "•••• 0123", false, 0);
        assert_eq!(resumed.announcement, None, "nothing is said on resuming");
        let frame = s.start(0);
        assert_eq!((frame.state, frame.announcement), ("loading", None));
        let frame = s.on_result(callback(CallbackState::Queued, None, None), 1_000);
        assert_eq!(frame.state, "callback-queued");
        assert_eq!(
            frame.announcement.as_deref(),
            Some("We'll call you at \u{2068}•••• 0123\u{2069} shortly")
        );
    }

    /// Asked for in the widget: the customer sees and hears at once that it was made, and the
    /// same words are not said again when the first status reads the same.
    #[test]
    fn a_requested_callback_is_said_once() {
        let mut s = offering_a_callback();
        s.open_form(1_000);
        s.submit("+1 201 555 0123", None, 2_000);
        let frame = s.follow("cb-1", "•••• 0123", true, 3_000);
        assert_eq!(
            frame.announcement.as_deref(),
            Some("We'll call you at \u{2068}•••• 0123\u{2069} shortly")
        );
        let frame = s.on_result(callback(CallbackState::Queued, None, None), 4_000);
        assert_eq!(frame.announcement, None);
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
    fn the_page_as_it_is_now_pauses_or_resumes_once() {
        let mut s = session();
        s.on_result(queued(8, 600), 0);
        assert_eq!(s.set_page(false, false), Schedule::Keep, "nothing changed");
        assert_eq!(s.set_page(true, true), Schedule::Cancel);
        assert_eq!(s.set_page(false, true), Schedule::Keep, "still offline");
        assert_eq!(s.set_page(true, false), Schedule::Keep, "hidden now");
        assert_eq!(s.set_page(false, false), Schedule::PollNow);
        assert_eq!(s.set_page(false, false), Schedule::Keep, "polled already");
    }

    #[test]
    fn a_stopped_widget_stays_stopped_when_shown_again() {
        let mut s = session();
        s.on_result(queued(1, 10), 0);
        s.on_result(Ok(Reading::NotInQueue(None)), 1_000);
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
