//! One mounted widget: owns its timers and its request in flight, and releases all of them
//! when dropped. Closures and futures hold only a `Weak` to it, so dropping the [`Widget`]
//! ends everything; a late answer finds nothing to update and is ignored.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::{Rc, Weak};

use gloo_timers::callback::Timeout;
use serde::Deserialize;
use waitline_core::{PollError, Settings, SettingsError, Step, Tracker, text};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::{AbortController, HtmlElement};

use crate::dom::{Dom, DomError};
use crate::fetch::fetch_reading;

/// Longest wait stated as a number; beyond it the widget says "more than an hour".
const MAX_WAIT_SECONDS: u32 = 3600;

/// The options object `mount()` accepts, as named in JavaScript.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MountOptions {
    #[serde(default)]
    contact_id: String,
    endpoint: Option<String>,
    token: Option<String>,
    poll_seconds: Option<f64>,
}

#[derive(Debug)]
enum MountError {
    Options(String),
    Settings(SettingsError),
    Dom(DomError),
}

impl fmt::Display for MountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Options(reason) => write!(f, "waitline: invalid options: {reason}"),
            Self::Settings(error) => write!(f, "waitline: {error}"),
            Self::Dom(error) => write!(f, "waitline: {error}"),
        }
    }
}

/// A mounted widget. Call `destroy()` (or let it be garbage-collected) to stop it.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Widget {
    // Held only to be dropped: dropping it releases the timers, request and closures.
    _inner: Rc<RefCell<Inner>>,
}

#[derive(Debug)]
struct Inner {
    settings: Settings,
    tracker: Tracker,
    dom: Dom,
    next_poll: Option<Timeout>,
    request: Option<InFlight>,
    /// Bumped by every poll; an answer carrying an older number was superseded.
    generation: u64,
}

/// The request in flight. Dropping it aborts the fetch and clears its deadline.
#[derive(Debug)]
struct InFlight {
    controller: AbortController,
    _deadline: Timeout,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.controller.abort();
    }
}

/// Renders into `element`'s open shadow root and starts polling.
#[wasm_bindgen]
pub fn mount(element: HtmlElement, options: JsValue) -> Result<Widget, JsError> {
    start(&element, options).map_err(|error| JsError::new(&error.to_string()))
}

#[wasm_bindgen]
impl Widget {
    /// Stops polling, aborts the request in flight and releases every timer and closure.
    pub fn destroy(self) {}
}

fn start(element: &HtmlElement, options: JsValue) -> Result<Widget, MountError> {
    let options: MountOptions = serde_wasm_bindgen::from_value(options)
        .map_err(|error| MountError::Options(error.to_string()))?;
    let settings = Settings::new(
        &options.contact_id,
        options.endpoint.as_deref(),
        options.token.as_deref(),
        options.poll_seconds,
    )
    .map_err(MountError::Settings)?;
    let dom = Dom::attach(element).map_err(MountError::Dom)?;
    let tracker = Tracker::new(settings.tracker);
    let first = tracker.start();
    let inner = Rc::new(RefCell::new(Inner {
        settings,
        tracker,
        dom,
        next_poll: None,
        request: None,
        generation: 0,
    }));
    apply(&inner, first);
    Ok(Widget { _inner: inner })
}

/// Shows the step's view and arms the next poll (or none).
fn apply(inner: &Rc<RefCell<Inner>>, step: Step) {
    let weak = Rc::downgrade(inner);
    let mut state = inner.borrow_mut();
    state
        .dom
        .render(&text::english(&step.view, MAX_WAIT_SECONDS));
    state.next_poll = step.next_poll_ms.map(|ms| {
        Timeout::new(ms, move || {
            if let Some(inner) = weak.upgrade() {
                poll(&inner);
            }
        })
    });
}

fn poll(inner: &Rc<RefCell<Inner>>) {
    let Ok(controller) = AbortController::new() else {
        let step = inner
            .borrow_mut()
            .tracker
            .on_result(Err(PollError::Network));
        return apply(inner, step);
    };
    let signal = controller.signal();
    let timed_out = Rc::new(Cell::new(false));
    let (url, token, generation) = {
        let mut state = inner.borrow_mut();
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
        (
            state.settings.url.clone(),
            state.settings.token.clone(),
            state.generation,
        )
    };
    let weak: Weak<RefCell<Inner>> = Rc::downgrade(inner);
    spawn_local(async move {
        let mut result = fetch_reading(&url, token.as_deref(), &signal).await;
        if timed_out.get() {
            result = Err(PollError::Timeout);
        }
        let Some(inner) = weak.upgrade() else {
            return; // destroyed while the request was out
        };
        let step = {
            let mut state = inner.borrow_mut();
            if state.generation != generation {
                return; // superseded by a newer poll
            }
            state.request = None;
            state.tracker.on_result(result)
        };
        apply(&inner, step);
    });
}
