//! One widget's session, driven by the JavaScript shell (`src/js/view.js`).
//!
//! The shell does the I/O: it builds the shadow DOM, sends the requests, runs the timers and
//! listens to the page. Every decision is made here or in the core: which options are valid,
//! which language to speak, which links are safe, how an answer reads, what is shown and said,
//! which events the page gets and when the next request goes out. Each call tells the session
//! an [`Event`] and returns its [`Frame`](waitline_core::Frame) as a plain object the shell
//! applies as it is. The DOM, timers and requests stay in JavaScript: through web-sys, their
//! bindings, closures and glue would cost the shipped package about 10 KB gzip, for work that
//! has no decision in it.

mod frame;
mod mount;

use js_sys::Array;
use waitline_core::callback::Requested;
use waitline_core::concat::concat;
use waitline_core::i18n::{Locale, locales};
use waitline_core::session::{Event, FormProblem, Schedule};
use waitline_core::{Session, Settings};
use wasm_bindgen::prelude::*;

use crate::bindings;
use crate::callback;
use crate::fetch;
use crate::intl::IntlRules;
use crate::js;
use crate::packs;
use crate::prelude::*;
use frame::{FrameObject, SetupObject, TargetObject, frame_object, with_schedule};

/// One widget's session: what it shows, when it polls. `free()` it when the widget stops.
#[wasm_bindgen]
pub struct Widget {
    settings: Settings,
    session: Session<IntlRules>,
    /// The language pack to load next (`setup().pack`): the negotiated language's, then
    /// English's if that one could not be had; `None` once one is taken.
    pack: Option<Locale>,
    /// The offers' rows, each with its link (a button without one); "notify" is only ever a
    /// button, shown when the core offers it.
    links: [(&'static str, Option<String>); 3],
    /// Where a number without a country code is read: the option, else the page's region.
    country: Option<String>,
    /// The callback being followed: its status URL and token.
    followed: Option<(String, String)>,
    /// Whether `tick` has started the session.
    started: bool,
}

impl core::fmt::Debug for Widget {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Widget")
            .field("url", &self.settings.url)
            .finish_non_exhaustive()
    }
}

#[wasm_bindgen]
impl Widget {
    /// Checks `options` and prepares a session. `languages`, an array of tags, are the page's
    /// (`<html lang>`) then the browser's, after the `locale` option; `base` resolves relative
    /// offer links; `seed` only spreads the jitter.
    #[wasm_bindgen(constructor)]
    pub fn new(
        options: &JsValue,
        languages: &JsValue,
        base: &str,
        seed: f64,
    ) -> Result<Widget, JsError> {
        Self::create(options, languages, base, seed).map_err(|error| JsError::new(&error.message()))
    }

    /// Before the first `tick`: what an earlier frame's `store` asked the shell to keep (in
    /// `sessionStorage`, under `setup().storageKey`), the callback to go on following after a
    /// reload. Anything malformed there is ignored.
    pub fn resume(&mut self, remembered: &str) {
        if let Some(callback) = callback::remembered(remembered) {
            let follow = Event::Follow {
                contact_id: &callback.contact_id,
                phone_number: &callback.phone_number,
                requested: false,
            };
            self.session.update(follow, 0);
            self.followed = Some((
                self.settings.callback_url(&callback.contact_id),
                callback.token,
            ));
        }
    }

    /// What to request now: `{ url, token, stream }`, the contact's metrics or, once the
    /// customer asked for one, the callback's status; `stream` when the request asks for a
    /// stream (`Accept: text/event-stream, application/json;q=0.9`).
    /// `&mut self` though it changes nothing, as `setup`: with every method taking the widget
    /// mutably, wasm-bindgen links one borrow check, not two.
    pub fn target(&mut self) -> TargetObject {
        let (url, token) = match &self.followed {
            Some((url, token)) => (url.as_str(), Some(token.as_str())),
            None => (self.settings.url.as_str(), self.settings.token.as_deref()),
        };
        js::object(&[
            ("url", url.into()),
            ("token", js::text(token)),
            ("stream", self.session.asks_for_stream().into()),
        ])
        .unchecked_into()
    }

    /// A request's answer arrived, before its body is read; `stream` when it is one (a `200`
    /// whose `Content-Type` is `text/event-stream`). Returns, when the widget reads it as a
    /// stream, how long to wait for its first event (ms), else 0 (read its JSON as a poll's).
    /// Each event goes to [`Widget::answer`] as an answer; the stream's end too, without a
    /// response.
    pub fn opened(&mut self, stream: bool) -> u32 {
        self.session.opened(stream).unwrap_or_default()
    }

    /// The browser's notification permission (empty without the API): at mount before the
    /// first `tick`, then its answer to each click on "Notify me when I'm next". A `&str`, not
    /// an `Option`: an optional string costs the wasm a conversion of its own.
    pub fn notify(&mut self, permission: &str, now: f64) -> FrameObject {
        self.step(Event::Permission(Some(permission)), now)
    }

    /// "Call me back" was chosen (and the page did not cancel its event): the form opens; or
    /// the customer went back from it.
    pub fn form(&mut self, open: bool, now: f64) -> FrameObject {
        self.step(Event::Form { open }, now)
    }

    /// The customer confirmed `number`. The frame says what is wrong with it, or carries
    /// `send: { url, token, body }`: the request for the shell to `POST` now, whose answer goes
    /// to [`Widget::requested`].
    pub fn submit(&mut self, number: &str, now: f64) -> FrameObject {
        let submit = Event::Submit {
            number,
            country: self.country.as_deref(),
        };
        let frame = self.session.step(submit, millis(now));
        let send = frame.effects.send.as_deref().map(|body| {
            let url = self.settings.callback_url(&self.settings.contact_id);
            js::object(&[
                ("url", url.as_str().into()),
                ("token", js::text(self.settings.token.as_deref())),
                ("body", body.into()),
            ])
        });
        let object = frame_object(&frame);
        if let Some(send) = send {
            bindings::set_member(&object, "send", &send);
        }
        object.unchecked_into()
    }

    /// The proxy's answer to the callback request (as for [`Widget::answer`]). Once the
    /// callback exists, polls follow it, and the frame's `store` is what to remember.
    pub fn requested(&mut self, response: &JsValue, body: &JsValue, now: f64) -> FrameObject {
        let problem = match callback::requested(response, body) {
            Requested::Created {
                contact_id,
                token,
                phone_number,
            } => {
                let follow = Event::Follow {
                    contact_id: &contact_id,
                    phone_number: &phone_number,
                    requested: true,
                };
                let frame = self.session.step(follow, millis(now));
                let store = callback::remember(&contact_id, &token, &phone_number);
                self.followed = Some((self.settings.callback_url(&contact_id), token));
                let object = frame_object(&frame);
                bindings::set_member(&object, "store", &store.into());
                return object.unchecked_into();
            }
            Requested::Refused(problem) => FormProblem::Number(problem),
            Requested::NotInQueue => FormProblem::NotInQueue,
            Requested::Failed => FormProblem::Failed,
        };
        self.step(Event::Refused(problem), now)
    }

    /// What the shell needs before the first frame: `{ lang, dir, timeout, offers: [{ kind,
    /// url }], storageKey }`. An offer without a `url` is a button.
    /// `&mut self` though it changes nothing: see `target`.
    pub fn setup(&mut self) -> SetupObject {
        let speaking = self.session.locale();
        let offers = Array::new();
        for (kind, url) in &self.links {
            offers.push(&js::object(&[
                ("kind", (*kind).into()),
                ("url", js::text(url.as_deref())),
            ]));
        }
        js::object(&[
            ("lang", speaking.tag().into()),
            ("dir", if speaking.is_rtl() { "rtl" } else { "ltr" }.into()),
            // The language pack to load now (`locales/<tag>.js`), then hand to `language`.
            (
                "pack",
                self.pack.map_or(JsValue::UNDEFINED, |l| l.tag().into()),
            ),
            ("timeout", self.settings.timeout_ms.into()),
            ("offers", offers.into()),
            (
                "storageKey",
                concat(&["waitline:callback:", &self.settings.url]).into(),
            ),
        ])
        .unchecked_into()
    }

    /// `setup().pack`'s table, as loaded (empty when it could not be): the widget speaks
    /// that language from now on, and returns true. A pack that is not a whole table is
    /// refused: `setup().pack` then asks for English's, and after English, for nothing (the
    /// shell gives up: the widget has no words to show).
    pub fn language(&mut self, table: &str) -> bool {
        let Some(asked) = self.pack.take() else {
            return false;
        };
        // A `&str`, not an `Option<String>` (see `notify`): no pack and an empty one are refused
        // alike.
        if !locales::valid(table) {
            self.pack = (asked != Locale::En).then_some(Locale::En);
            return false;
        }
        let table = packs::keep(asked, table.to_owned());
        // The page's language, whose number rules were made with the widget; or English
        // instead, whose rules are made now.
        if asked == self.session.locale() {
            self.session.set_table(table);
        } else {
            self.session
                .set_language(asked, IntlRules::new(asked), table);
        }
        true
    }

    /// A poll's outcome: the `Response` and its parsed JSON body (either may be missing: no
    /// response at all, or a body that is not JSON), and whether the shell's deadline ran out.
    /// While a stream is open: one of its events (the stream's `Response` and the event's data
    /// parsed as JSON), or without a response, its end (`timed_out`: the frame's `watch` ran out).
    pub fn answer(
        &mut self,
        response: &JsValue,
        body: &JsValue,
        timed_out: bool,
        now: f64,
    ) -> FrameObject {
        if self.session.streaming() && response.is_null_or_undefined() {
            return self.step(Event::StreamEnded { silent: timed_out }, now);
        }
        let following = self.session.following_callback();
        let (mut result, hints) = fetch::read(response, body, following);
        if timed_out {
            result = Err(waitline_core::PollError::Timeout);
        }
        self.step(Event::Answer(result, hints), now)
    }

    /// The clock and the page as they are now: `hidden` (the page) and `offline` (the browser).
    /// The first call starts the session: its frame's `poll` says when to send the first
    /// request. Then the shell calls it every second while a frame is `ticking`, and when the
    /// page is hidden or shown or the browser goes offline or online; the frame's `schedule`
    /// says what to do with the poll timer: `keep` it, `cancel` it (paused), or `poll` now
    /// (back). One method for both: each export costs the wasm its own binding code.
    pub fn tick(&mut self, now: f64, hidden: bool, offline: bool) -> FrameObject {
        let now = millis(now);
        let paused = self
            .session
            .update(Event::Page { hidden, offline }, now)
            .schedule;
        let (event, schedule) = if self.started {
            (Event::Tick, paused)
        } else {
            self.started = true;
            (Event::Start, Schedule::Keep)
        };
        with_schedule(self.session.step(event, now), schedule).unchecked_into()
    }
}

impl Widget {
    /// Tells the session `event` at `now` (`Date.now()`) and returns the frame as the shell
    /// applies it.
    fn step(&mut self, event: Event<'_>, now: f64) -> FrameObject {
        frame_object(&self.session.step(event, millis(now))).unchecked_into()
    }
}

/// `Date.now()` is a whole, positive number of milliseconds well inside u64.
fn millis(now: f64) -> u64 {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let now = now as u64;
    now
}
