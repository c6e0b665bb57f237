//! One mounted widget: owns its timers, listeners and the request in flight, and releases all
//! of them when dropped. Closures and futures hold only a `Weak` to it, so dropping the
//! [`Widget`] ends everything; a late answer finds nothing to update and is ignored.

use alloc::rc::{Rc, Weak};
use core::cell::{Cell, RefCell};
use core::fmt;

use js_sys::Promise;
use waitline_core::i18n::{Catalog, Locale, MessagesError, Overrides};
use waitline_core::schedule::Hints;
use waitline_core::session::Schedule;
use waitline_core::{Frame, PollError, Reading, Session, Settings, SettingsError};
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, HtmlElement};

use crate::bindings;
use crate::dom::{Dom, DomError, OfferLinks};
use crate::events;
use crate::fetch;
use crate::intl::IntlRules;
use crate::js;
use crate::listener::Listener;
use crate::options::{self, ReadError};
use crate::prelude::*;
use crate::timer::{Interval, Timeout};

#[derive(Debug)]
enum MountError {
    Options(ReadError),
    Settings(SettingsError),
    Messages(MessagesError),
    Dom(DomError),
}

impl MountError {
    /// Built without `core::fmt`, which would cost the shipped wasm about 10 KB.
    fn message(&self) -> String {
        let reason = match self {
            Self::Options(error) => ["invalid options: ", &error.message()].concat(),
            Self::Settings(error) => error.message(),
            Self::Messages(error) => error.message(),
            Self::Dom(error) => error.message().to_owned(),
        };
        ["waitline: ", &reason].concat()
    }
}

#[wasm_bindgen]
extern "C" {
    /// The first request, started by the JavaScript shell while the wasm was still loading so
    /// the customer's figure does not wait for it: `{ url, token, response, controller }`.
    /// Used only if it asked for exactly what the settings would; otherwise aborted and asked
    /// again.
    pub type Prefetch;
}

// Read with `Reflect` rather than four getter imports: less glue in the shipped package.
impl Prefetch {
    fn member(&self, name: &str) -> JsValue {
        js::member(self, name)
    }

    fn url(&self) -> Option<String> {
        self.member("url").as_string()
    }

    fn token(&self) -> Option<String> {
        self.member("token").as_string()
    }

    fn response(&self) -> Promise {
        self.member("response").unchecked_into()
    }

    fn controller(&self) -> AbortController {
        self.member("controller").unchecked_into()
    }
}

/// A mounted widget. Call `destroy()` (or drop it) to stop it.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Widget {
    // Held only to be dropped: dropping it releases the timers, request and closures.
    _inner: Rc<RefCell<Inner>>,
}

struct Inner {
    host: HtmlElement,
    settings: Settings,
    session: Session<IntlRules>,
    dom: Dom,
    next_poll: Option<Timeout>,
    ticker: Option<Interval>,
    request: Option<InFlight>,
    /// Bumped by every poll; an answer carrying an older number was superseded.
    generation: u64,
    _listeners: Vec<Listener>,
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inner")
            .field("url", &self.settings.url)
            .finish_non_exhaustive()
    }
}

/// The request in flight. Dropping it aborts the fetch and clears its deadline.
struct InFlight {
    controller: AbortController,
    _deadline: Timeout,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.controller.abort();
    }
}

/// Renders into `element`'s open shadow root and starts polling, with `first` as the first
/// poll when it matches the settings.
#[wasm_bindgen]
pub fn mount(
    element: HtmlElement,
    options: JsValue,
    first: Option<Prefetch>,
) -> Result<Widget, JsError> {
    start(element, &options, first.as_ref()).map_err(|error| {
        if let Some(first) = &first {
            first.controller().abort();
        }
        JsError::new(&error.message())
    })
}

#[wasm_bindgen]
impl Widget {
    /// Stops polling, aborts the request in flight and releases every timer and listener.
    pub fn destroy(self) {}
}

fn now_ms() -> u64 {
    // Date.now() is a whole, positive number of milliseconds well inside u64.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let now = js_sys::Date::now() as u64;
    now
}

fn start(
    host: HtmlElement,
    options: &JsValue,
    first: Option<&Prefetch>,
) -> Result<Widget, MountError> {
    let (core, shell) = options::read(options).map_err(MountError::Options)?;
    let settings = Settings::new(&core).map_err(MountError::Settings)?;
    let overrides = Overrides::new(shell.messages).map_err(MountError::Messages)?;
    let document = host
        .owner_document()
        .ok_or(MountError::Dom(DomError::NoDocument))?;
    // The document's window rather than `web_sys::window()`, whose search of the global
    // object costs the wasm four imports; it is also the window the element lives in.
    let window = document.default_view();
    let locale = resolve_locale(&document, window.as_ref(), shell.locale.as_deref());
    let callback_url = checked_url(&host, "callback-url", shell.callback_url.as_deref());
    let self_service_url =
        checked_url(&host, "self-service-url", shell.self_service_url.as_deref());
    let links = OfferLinks {
        callback: callback_url.as_deref(),
        self_service: self_service_url.as_deref(),
    };
    let dom = Dom::attach(&host, &document, locale.tag(), locale.is_rtl(), &links)
        .map_err(MountError::Dom)?;
    // The seed only spreads jitter; it needs no cryptographic quality.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let seed = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    let mut session = Session::new(
        settings.session,
        Catalog::new(locale, IntlRules::new(locale), overrides),
        seed,
    );
    session.set_hidden(document.hidden());
    session.set_offline(window.as_ref().is_some_and(|w| !w.navigator().on_line()));

    let inner = Rc::new_cyclic(|weak: &Weak<RefCell<Inner>>| {
        let mut listeners: Vec<Listener> = dom
            .offers
            .iter()
            .map(|offer| offer_listener(weak.clone(), offer.kind, &offer.action))
            .collect();
        listeners.extend(lifecycle_listeners(weak, &document, window.as_ref()));
        RefCell::new(Inner {
            host,
            settings,
            session,
            dom,
            next_poll: None,
            ticker: None,
            request: None,
            generation: 0,
            _listeners: listeners,
        })
    });
    let frame = inner.borrow_mut().session.start(now_ms());
    let prefetched = first.filter(|first| {
        let state = inner.borrow();
        frame.next_poll_ms == Some(0)
            && first.url().as_deref() == Some(state.settings.url.as_str())
            && first.token() == state.settings.token
    });
    match prefetched {
        Some(first) => {
            render(&inner, &frame);
            poll(&inner, Some((first.response(), first.controller())));
        }
        None => {
            if let Some(first) = first {
                first.controller().abort();
            }
            apply(&inner, frame);
        }
    }
    Ok(Widget { _inner: inner })
}

/// The `locale` option, else the page's language, else the browser's.
fn resolve_locale(
    document: &web_sys::Document,
    window: Option<&web_sys::Window>,
    explicit: Option<&str>,
) -> Locale {
    let page = document
        .document_element()
        .map(|e| e.get_attribute("lang").unwrap_or_default());
    let browser: Vec<String> = window
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|l| l.as_string())
                .collect()
        })
        .unwrap_or_default();
    let preferences = explicit
        .into_iter()
        .chain(page.as_deref())
        .chain(browser.iter().map(String::as_str))
        .filter(|t| !t.trim().is_empty());
    Locale::negotiate(preferences)
}

/// Only http and https URLs become links; anything else (`javascript:`, `data:`) is refused
/// with a console error and the offer falls back to a button that only fires its event.
fn checked_url(host: &HtmlElement, name: &str, url: Option<&str>) -> Option<String> {
    let url = url.map(str::trim).filter(|u| !u.is_empty())?;
    let base = bindings::target(host).base_uri();
    match web_sys::Url::new_with_base(url, &base) {
        Ok(parsed) if matches!(parsed.protocol().as_str(), "http:" | "https:") => {
            Some(parsed.href())
        }
        _ => {
            let message = [
                "waitline: ",
                name,
                " must be an http or https URL; ignoring it",
            ];
            web_sys::console::error_1(&JsValue::from_str(&message.concat()));
            None
        }
    }
}

/// Clicking an offer fires `waitline:callback` / `waitline:self-service` (cancelable); a
/// listener's `preventDefault()` keeps the link from opening.
fn offer_listener(
    weak: Weak<RefCell<Inner>>,
    kind: waitline_core::offers::OfferKind,
    target: &web_sys::Element,
) -> Listener {
    Listener::new(target, "click", move |event| {
        let Some(inner) = weak.upgrade() else { return };
        let host = inner.borrow().host.clone();
        let name = ["waitline:", events::offer_kind(kind)].concat();
        if !events::dispatch(&host, &name, &[], true) {
            event.prevent_default();
        }
    })
}

/// Pauses while the page is hidden or the browser offline; polls at once on return.
fn lifecycle_listeners(
    weak: &Weak<RefCell<Inner>>,
    document: &web_sys::Document,
    window: Option<&web_sys::Window>,
) -> Vec<Listener> {
    let hidden = {
        let weak = weak.clone();
        let doc = document.clone();
        Listener::new(document, "visibilitychange", move |_| {
            change(&weak, |session| session.set_hidden(doc.hidden()));
        })
    };
    let mut listeners = vec![hidden];
    if let Some(window) = window {
        for (event, offline) in [("offline", true), ("online", false)] {
            let weak = weak.clone();
            listeners.push(Listener::new(window, event, move |_| {
                change(&weak, |session| session.set_offline(offline));
            }));
        }
    }
    listeners
}

fn change(weak: &Weak<RefCell<Inner>>, update: impl FnOnce(&mut Session<IntlRules>) -> Schedule) {
    let Some(inner) = weak.upgrade() else { return };
    let schedule = update(&mut inner.borrow_mut().session);
    match schedule {
        Schedule::Keep => {}
        Schedule::Cancel => inner.borrow_mut().next_poll = None,
        Schedule::PollNow => {
            inner.borrow_mut().next_poll = None;
            poll(&inner, None);
        }
    }
}

/// Shows the frame, tells the page, and arms the next poll and the countdown ticker.
fn apply(inner: &Rc<RefCell<Inner>>, frame: Frame) {
    render(inner, &frame);
    let weak = Rc::downgrade(inner);
    let mut state = inner.borrow_mut();
    state.next_poll = frame.next_poll_ms.map(|ms| {
        let weak = weak.clone();
        Timeout::new(ms, move || {
            if let Some(inner) = weak.upgrade() {
                poll(&inner, None);
            }
        })
    });
    state.ticker = match (frame.ticking, state.ticker.take()) {
        (false, _) => None,
        (true, Some(ticker)) => Some(ticker),
        (true, None) => Some(Interval::new(1_000, move || {
            if let Some(inner) = weak.upgrade() {
                let frame = inner.borrow_mut().session.on_tick(now_ms());
                render(&inner, &frame);
            }
        })),
    };
}

fn render(inner: &Rc<RefCell<Inner>>, frame: &Frame) {
    let host = {
        let state = inner.borrow();
        state.dom.render(frame.state, &frame.text, &frame.offers);
        if let Some(announcement) = &frame.announcement {
            state.dom.announce(announcement);
        }
        state.host.clone()
    };
    // Dispatched with no borrow held: a listener may call destroy() or change attributes.
    for notice in &frame.notices {
        events::notify(&host, notice);
    }
}

/// Polls now: `started` is a request already under way (the prefetched first one), else a
/// new one is started.
fn poll(inner: &Rc<RefCell<Inner>>, started: Option<(Promise, AbortController)>) {
    let timed_out = Rc::new(Cell::new(false));
    let (response, generation) = {
        let mut state = inner.borrow_mut();
        let (response, controller) = match started {
            Some(started) => started,
            None => {
                let controller = bindings::abort_controller();
                let token = state.settings.token.as_deref();
                match fetch::start(&state.settings.url, token, &controller.signal()) {
                    Ok(response) => (response, controller),
                    Err(error) => {
                        drop(state);
                        return finish(inner, Err(error), Hints::default());
                    }
                }
            }
        };
        state.generation += 1;
        let deadline = {
            let controller = controller.clone();
            let timed_out = Rc::clone(&timed_out);
            Timeout::new(state.settings.timeout_ms, move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        // Replacing the previous request aborts it: at most one in flight.
        state.request = Some(InFlight {
            controller,
            _deadline: deadline,
        });
        (response, state.generation)
    };
    let weak = Rc::downgrade(inner);
    // Called exactly once (`settle` guarantees it), which frees it.
    let done = Closure::once_into_js(move |response: JsValue, body: JsValue| {
        let (mut result, hints) = fetch::read(&response, &body);
        if timed_out.get() {
            result = Err(PollError::Timeout);
        }
        let Some(inner) = weak.upgrade() else {
            return; // destroyed while the request was out
        };
        if inner.borrow().generation != generation {
            return; // superseded by a newer poll
        }
        inner.borrow_mut().request = None;
        finish(&inner, result, hints);
    });
    fetch::settle(&response, &done);
}

fn finish(inner: &Rc<RefCell<Inner>>, result: Result<Reading, PollError>, hints: Hints) {
    let frame = inner
        .borrow_mut()
        .session
        .on_response(result, hints, now_ms());
    apply(inner, frame);
}
