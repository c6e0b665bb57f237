//! A session's answers: a poll's outcome or a stream's event, the stream's end, and a callback
//! to follow from now on. Each updates the tracker, the countdowns and the offers, and says
//! what the page hears and when to ask next.

use super::Session;
use super::event::{Effects, Notice};
use super::form::CallbackForm;
use super::speech::{Speech, became_next};
use crate::concat::concat;
use crate::countdown::Countdown;
use crate::error::PollError;
use crate::i18n::{Key, NumberRules};
use crate::metrics::Reading;
use crate::prelude::*;
use crate::schedule::Hints;
use crate::tracker::{Tracker, View};

impl<R: NumberRules> Session<R> {
    pub(super) fn answer(
        &mut self,
        result: Result<Reading, PollError>,
        hints: Hints,
        now_ms: u64,
        effects: &mut Effects,
    ) -> Speech {
        let was = self.tracker.view();
        let error = result.as_ref().err().cloned();
        let step = self.tracker.on_result(result, hints, self.rng.next_f64());
        self.active = step.next_poll_ms.is_some();
        let notices = &mut effects.notices;
        let mut offered = false;
        match step.view {
            View::InQueue { snapshot, stale } => {
                // A failed refresh brings no new figures and no offer.
                let (ewt_seconds, offers) = if stale {
                    (self.countdown.remaining(now_ms), Vec::new())
                } else {
                    let shown = self.countdown.revise(snapshot.ewt_seconds, now_ms);
                    (shown, self.offers.update(&snapshot))
                };
                // The update first, then any offer it brought (pushed, not inserted: no
                // `Vec::insert` and its panic path in the shipped wasm).
                notices.push(Notice::Update {
                    position: snapshot.position,
                    ewt_seconds,
                    stale,
                });
                for kind in offers {
                    notices.push(Notice::Offer(kind));
                    offered = true;
                }
            }
            View::Connecting => {
                self.offers.clear();
                if !matches!(was, View::Connecting) {
                    notices.push(Notice::Connecting);
                }
            }
            View::Error(_) | View::Ended | View::InFlow => self.offers.clear(),
            View::Callback { status, stale } => {
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
        effects.next_poll_ms = self.unless_paused(step.next_poll_ms);
        if became_next(was, step.view) && self.notify.next(self.hidden) {
            effects.notification = Some(self.catalog.text(Key::Next));
        }
        // An event of an open stream: no poll while it lasts, unless the wait is over.
        if self.stream.is_open() {
            effects.next_poll_ms = None;
            if self.active {
                effects.watch = Some(self.stream.heard());
            } else {
                self.stream.close();
            }
        }
        Speech::after_answer(was, step.view, offered)
    }

    pub(super) fn stream_ended(&mut self, silent: bool, effects: &mut Effects) -> Speech {
        let never = self.stream.ended(silent);
        let delay = if never {
            0
        } else {
            self.tracker.after_success(self.rng.next_f64())
        };
        effects.next_poll_ms = self.unless_paused(Some(delay).filter(|_| self.active));
        Speech::Clock
    }

    pub(super) fn follow(
        &mut self,
        contact_id: &str,
        phone_number: &str,
        requested: bool,
        effects: &mut Effects,
    ) -> Speech {
        // First-strong isolates: the digits keep their order inside right-to-left text.
        self.number = Some(concat(&["\u{2068}", phone_number, "\u{2069}"]));
        self.form = CallbackForm::Closed;
        self.tracker = Tracker::new(self.config.tracker);
        self.countdown = Countdown::default();
        self.starts = Countdown::default();
        self.offers.clear();
        self.active = true;
        self.stream.close();
        effects.next_poll_ms = self.unless_paused(Some(0));
        if !requested {
            return Speech::Silent;
        }
        effects.notices.push(Notice::CallbackRequested {
            contact_id: contact_id.to_owned(),
            phone_number: phone_number.to_owned(),
        });
        Speech::News { milestone: true }
    }
}
