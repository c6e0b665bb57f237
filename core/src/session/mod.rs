//! One widget's whole behaviour: the poll state machine, the local countdown, offers, the
//! callback form and the live region, put into words. Elm-style: the shell tells the session
//! what happened ([`Session::update`] with an [`Event`]), does the [`Effects`] it returns (a
//! request to schedule or send, words to announce, events for the page) and shows
//! [`Session::view`], which derives the [`Screen`] from the state without changing it.

mod answer;
mod event;
mod form;
mod speech;
mod view;

pub use event::{Effects, Event, Frame, Notice, Schedule};
pub use form::{FormProblem, FormText};
pub use view::{OfferText, Screen};

use crate::announce::Announcer;
use crate::countdown::Countdown;
use crate::i18n::{Catalog, Locale, NumberRules};
use crate::notify::Notify;
use crate::offers::{Offers, Threshold};
use crate::rng::Rng;
use crate::stream::Stream;
use crate::tracker::{Tracker, TrackerConfig};
use crate::wait::EwtStyle;
use form::CallbackForm;
use speech::Speech;

use crate::prelude::*;

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

/// One widget's state: where its contact or callback stands, its countdowns, offers, form,
/// live region and words. Changed only by [`Session::update`].
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
    form: CallbackForm,
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
            form: CallbackForm::Closed,
            number: None,
            starts: Countdown::default(),
            stream: Stream::default(),
            notify: Notify::new(config.notify_next),
        }
    }

    /// What happened at `now_ms`, and what the shell must do about it. What the live region
    /// says is decided last, from the view as the event left it.
    pub fn update(&mut self, event: Event<'_>, now_ms: u64) -> Effects {
        let mut effects = Effects::default();
        let speech = match event {
            Event::Start => {
                effects.next_poll_ms = self.unless_paused(self.tracker.start().next_poll_ms);
                Speech::Clock
            }
            Event::Tick => Speech::Clock,
            Event::Page { hidden, offline } => {
                effects.schedule = self.set_page(hidden, offline);
                Speech::Silent
            }
            Event::Answer(result, hints) => self.answer(result, hints, now_ms, &mut effects),
            Event::StreamEnded { silent } => self.stream_ended(silent, &mut effects),
            Event::Permission(permission) => {
                self.notify.permission(permission);
                Speech::Clock
            }
            Event::Form { open: true } => {
                if self.offers.shown().0 && self.number.is_none() {
                    self.form = CallbackForm::Open(None);
                }
                Speech::Clock
            }
            Event::Form { open: false } => {
                self.form.close();
                Speech::Clock
            }
            Event::Submit { number, country } => {
                effects.send = self.form.submit(number, country);
                Speech::Clock
            }
            Event::Refused(problem) => {
                self.form.refused(problem);
                Speech::Clock
            }
            Event::Follow {
                contact_id,
                phone_number,
                requested,
            } => self.follow(contact_id, phone_number, requested, &mut effects),
        };
        let text = self.view(now_ms).text;
        effects.announcement = self.speak(speech, &text, now_ms);
        effects
    }

    /// [`Session::update`], then [`Session::view`]: everything the shell needs after one event.
    pub fn step(&mut self, event: Event<'_>, now_ms: u64) -> Frame {
        let effects = self.update(event, now_ms);
        Frame {
            view: self.view(now_ms),
            effects,
        }
    }

    pub fn locale(&self) -> Locale {
        self.catalog.locale
    }

    /// Speaks `locale` from now on (its language pack has arrived); see
    /// [`Catalog::set_language`].
    pub fn set_language(&mut self, locale: Locale, rules: R, table: &'static str) {
        self.catalog.set_language(locale, rules, table);
    }

    /// The catalog's own language's table, as a language pack brought it.
    pub fn set_table(&mut self, table: &'static str) {
        self.catalog.set_table(table);
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

    /// Whether polls are about a callback (`GET …/callback`) rather than the contact itself.
    pub fn following_callback(&self) -> bool {
        self.number.is_some()
    }

    fn paused(&self) -> bool {
        self.hidden || self.offline
    }

    /// `next_poll_ms`, unless polling is paused: then nothing is scheduled.
    fn unless_paused(&self, next_poll_ms: Option<u32>) -> Option<u32> {
        next_poll_ms.filter(|_| !self.paused())
    }

    fn set_page(&mut self, hidden: bool, offline: bool) -> Schedule {
        let was_paused = self.paused();
        self.hidden = hidden;
        self.offline = offline;
        match (was_paused, self.paused()) {
            (false, true) => Schedule::Cancel,
            // An open stream stays open while hidden: nothing to poll.
            (true, false) if self.active && !self.stream.is_open() => Schedule::PollNow,
            _ => Schedule::Keep,
        }
    }
}

#[cfg(test)]
mod lifecycle_tests;
#[cfg(test)]
mod tests;
