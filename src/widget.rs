//! One widget's session, driven by the JavaScript shell (`src/js/view.js`).
//!
//! The shell does the I/O: it builds the shadow DOM, sends the requests, runs the timers and
//! listens to the page. Every decision is made here or in the core: which options are valid,
//! which language to speak, which links are safe, how an answer reads, what is shown and said,
//! which events the page gets and when the next request goes out. Each call returns a
//! [`Frame`](waitline_core::Frame) as a plain object the shell applies as it is.
//!
//! The DOM, timers and requests were in Rust before, through web-sys; their bindings, closures
//! and glue cost the shipped package about 10 KB gzip, a third of it, for work that has no
//! decision in it.

use js_sys::{Array, Object};
use waitline_core::callback::Requested;
use waitline_core::concat::concat;
use waitline_core::i18n::{Catalog, Locale, MessagesError, Overrides, locales};
use waitline_core::session::{FormProblem, Schedule};
use waitline_core::{Frame, Session, Settings, SettingsError};
use wasm_bindgen::prelude::*;

use crate::bindings;
use crate::callback;
use crate::events;
use crate::fetch;
use crate::intl::IntlRules;
use crate::js;
use crate::options::{self, ReadError};
use crate::packs;
use crate::prelude::*;

#[derive(Debug)]
enum MountError {
    Options(ReadError),
    Settings(SettingsError),
    Messages(MessagesError),
}

impl MountError {
    /// Built without `core::fmt`, which would cost the shipped wasm about 10 KB.
    fn message(&self) -> String {
        let reason = match self {
            Self::Options(error) => concat(&["invalid options: ", &error.message()]),
            Self::Settings(error) => error.message(),
            Self::Messages(error) => error.message(),
        };
        concat(&["waitline: ", &reason])
    }
}

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
            self.session
                .follow(&callback.contact_id, &callback.phone_number, false, 0);
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
    pub fn target(&mut self) -> Object {
        let (url, token) = match &self.followed {
            Some((url, token)) => (url.as_str(), Some(token.as_str())),
            None => (self.settings.url.as_str(), self.settings.token.as_deref()),
        };
        js::object(&[
            ("url", url.into()),
            ("token", js::text(token)),
            ("stream", self.session.asks_for_stream().into()),
        ])
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
    pub fn notify(&mut self, permission: &str, now: f64) -> Object {
        frame_object(self.session.permission(Some(permission), millis(now)))
    }

    /// "Call me back" was chosen (and the page did not cancel its event): the form opens; or
    /// the customer went back from it.
    pub fn form(&mut self, open: bool, now: f64) -> Object {
        let now = millis(now);
        let frame = if open {
            self.session.open_form(now)
        } else {
            self.session.close_form(now)
        };
        frame_object(frame)
    }

    /// The customer confirmed `number`. The frame says what is wrong with it, or carries
    /// `send: { url, token, body }`: the request for the shell to `POST` now, whose answer goes
    /// to [`Widget::requested`].
    pub fn submit(&mut self, number: &str, now: f64) -> Object {
        let frame = self
            .session
            .submit(number, self.country.as_deref(), millis(now));
        let send = frame.send.as_deref().map(|body| {
            let url = self.settings.callback_url(&self.settings.contact_id);
            js::object(&[
                ("url", url.as_str().into()),
                ("token", js::text(self.settings.token.as_deref())),
                ("body", body.into()),
            ])
        });
        let object = frame_object(frame);
        if let Some(send) = send {
            bindings::set_member(&object, "send", &send);
        }
        object
    }

    /// The proxy's answer to the callback request (as for [`Widget::answer`]). Once the
    /// callback exists, polls follow it, and the frame's `store` is what to remember.
    pub fn requested(&mut self, response: &JsValue, body: &JsValue, now: f64) -> Object {
        let now = millis(now);
        match callback::requested(response, body) {
            Requested::Created {
                contact_id,
                token,
                phone_number,
            } => {
                let frame = self.session.follow(&contact_id, &phone_number, true, now);
                let store = callback::remember(&contact_id, &token, &phone_number);
                self.followed = Some((self.settings.callback_url(&contact_id), token));
                let object = frame_object(frame);
                bindings::set_member(&object, "store", &store.into());
                object
            }
            Requested::Refused(problem) => {
                frame_object(self.session.refused(FormProblem::Number(problem), now))
            }
            Requested::NotInQueue => {
                frame_object(self.session.refused(FormProblem::NotInQueue, now))
            }
            Requested::Failed => frame_object(self.session.refused(FormProblem::Failed, now)),
        }
    }

    /// What the shell needs before the first frame: `{ lang, dir, timeout, offers: [{ kind,
    /// url }], storageKey }`. An offer without a `url` is a button.
    /// `&mut self` though it changes nothing: see `target`.
    pub fn setup(&mut self) -> Object {
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
    ) -> Object {
        if self.session.streaming() && response.is_null_or_undefined() {
            return frame_object(self.session.stream_ended(timed_out, millis(now)));
        }
        let following = self.session.following_callback();
        let (mut result, hints) = fetch::read(response, body, following);
        if timed_out {
            result = Err(waitline_core::PollError::Timeout);
        }
        frame_object(self.session.on_response(result, hints, millis(now)))
    }

    /// The clock and the page as they are now: `hidden` (the page) and `offline` (the browser).
    /// The first call starts the session: its frame's `poll` says when to send the first
    /// request. Then the shell calls it every second while a frame is `ticking`, and when the
    /// page is hidden or shown or the browser goes offline or online; the frame's `schedule`
    /// says what to do with the poll timer: `keep` it, `cancel` it (paused), or `poll` now
    /// (back). One method for both: each export costs the wasm its own binding code.
    pub fn tick(&mut self, now: f64, hidden: bool, offline: bool) -> Object {
        let now = millis(now);
        let paused = self.session.set_page(hidden, offline);
        let (frame, schedule) = if self.started {
            (self.session.on_tick(now), paused)
        } else {
            self.started = true;
            (self.session.start(now), Schedule::Keep)
        };
        let object = frame_object(frame);
        let schedule = match schedule {
            Schedule::Keep => "keep",
            Schedule::Cancel => "cancel",
            Schedule::PollNow => "poll",
        };
        bindings::set_member(&object, "schedule", &schedule.into());
        object
    }
}

impl Widget {
    fn create(
        options: &JsValue,
        languages: &JsValue,
        base: &str,
        seed: f64,
    ) -> Result<Self, MountError> {
        let (core, shell) = options::read(options).map_err(MountError::Options)?;
        let settings = Settings::new(&core).map_err(MountError::Settings)?;
        let overrides = Overrides::new(shell.messages).map_err(MountError::Messages)?;
        // An array of strings from the shell: anything else in it is skipped.
        let languages: &Array = languages.unchecked_ref();
        // The `locale` option first. Loops rather than `filter_map`, `chain` and `collect`, whose
        // adapters are code of their own in the shipped wasm.
        let mut tags = Vec::new();
        tags.extend(shell.locale);
        for tag in languages.iter() {
            tags.extend(tag.as_string());
        }
        let (locale, region) = Locale::negotiate_with_region(tags.iter().map(String::as_str));
        let links = [
            (
                "callback",
                checked_url(base, "callback-url", shell.callback_url.as_deref()),
            ),
            (
                "self-service",
                checked_url(base, "self-service-url", shell.self_service_url.as_deref()),
            ),
            ("notify", None),
        ];
        // A whole number below 2^53 from the shell's Math.random(); only its spread matters.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let seed = seed as u64;
        let mut config = settings.session;
        config.title_position = shell.title_position;
        config.notify_next = shell.notify_next;
        let session = Session::new(
            config,
            // No words until the page's language pack arrives (see `language`): every language
            // is a pack, so a page downloads exactly one.
            Catalog::without_table(locale, IntlRules::new(locale), overrides),
            seed,
        );
        // Where a number without its country code is from: the page says, else the region of
        // the language tag the widget speaks by.
        let country = settings.callback_country.clone().or(region);
        Ok(Self {
            settings,
            session,
            pack: Some(locale),
            links,
            country,
            followed: None,
            started: false,
        })
    }
}

/// `Date.now()` is a whole, positive number of milliseconds well inside u64.
fn millis(now: f64) -> u64 {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let now = now as u64;
    now
}

/// `{ state, headline, detail, note, offers: [{ kind, prompt, action }], announce, events:
/// [{ type, detail }], poll, ticking, form, watch, title, notification }`; absent texts, `poll`
/// (stop polling, or on a tick: unchanged) and `watch` (no stream to keep reading) are
/// `undefined`.
fn frame_object(frame: Frame) -> Object {
    let offers = Array::new();
    for offer in &frame.offers {
        offers.push(&js::object(&[
            ("kind", events::offer_kind(offer.kind).into()),
            ("prompt", js::text(offer.prompt.as_deref())),
            ("action", offer.action.as_str().into()),
        ]));
    }
    let notices = Array::new();
    for notice in &frame.notices {
        notices.push(&events::notice(notice));
    }
    let form = frame.form.as_ref().map_or(JsValue::UNDEFINED, |form| {
        js::object(&[
            ("label", form.label.as_str().into()),
            ("confirm", form.confirm.as_str().into()),
            ("cancel", form.cancel.as_str().into()),
            ("error", js::text(form.error.as_deref())),
            ("sending", form.sending.into()),
        ])
        .into()
    });
    js::object(&[
        ("state", frame.state.into()),
        ("headline", frame.text.headline.as_str().into()),
        ("detail", js::text(frame.text.detail.as_deref())),
        ("note", js::text(frame.text.note.as_deref())),
        ("offers", offers.into()),
        ("announce", js::text(frame.announcement.as_deref())),
        ("events", notices.into()),
        (
            "poll",
            frame.next_poll_ms.map_or(JsValue::UNDEFINED, JsValue::from),
        ),
        ("ticking", frame.ticking.into()),
        ("form", form),
        (
            "watch",
            frame.watch.map_or(JsValue::UNDEFINED, JsValue::from),
        ),
        ("title", js::text(frame.title.as_deref())),
        ("notification", js::text(frame.notification.as_deref())),
    ])
}

/// Only http and https URLs become links; anything else (`javascript:`, `data:`) is refused
/// with a console error and the offer falls back to a button that only fires its event.
fn checked_url(base: &str, name: &str, url: Option<&str>) -> Option<String> {
    let url = url.map(str::trim_ascii).filter(|u| !u.is_empty())?;
    match web_sys::Url::new_with_base(url, base) {
        Ok(parsed) if matches!(parsed.protocol().as_str(), "http:" | "https:") => {
            Some(parsed.href())
        }
        _ => {
            let message = [
                "waitline: ",
                name,
                " must be an http or https URL; ignoring it",
            ];
            web_sys::console::error_1(&JsValue::from_str(&concat(&message)));
            None
        }
    }
}
