//! What a session is told ([`Event`]) and what it asks of the shell in return ([`Effects`]).

use super::form::FormProblem;
use super::view::Screen;
use crate::callback::CallbackState;
use crate::error::PollError;
use crate::metrics::Reading;
use crate::offers::OfferKind;
use crate::prelude::*;
use crate::schedule::Hints;

/// Something that happened to one widget: an answer, the clock, the page, the customer.
#[derive(Debug, Clone, PartialEq)]
pub enum Event<'a> {
    /// The widget is mounted: it shows that it is loading and asks at once.
    Start,
    /// The clock moved: a countdown may read differently (never announced by itself), and a
    /// change the announcement interval held back may now be said.
    Tick,
    /// The page's visibility and the browser's connectivity as they are now, changed or not:
    /// no polling while nobody can see the widget or the browser is offline, a poll at once
    /// when both are back ([`Effects::schedule`]).
    Page { hidden: bool, offline: bool },
    /// A poll's outcome, or one event of an open stream, with the proxy's `Retry-After` /
    /// `max-age` for a success.
    Answer(Result<Reading, PollError>, Hints),
    /// The open stream is over: its body ended or a read failed, or (`silent`) the shell's
    /// [`Effects::watch`] ran out. Back to the polling schedule, the next request after the
    /// usual delay; or at once, polling for good, when it never delivered an event. What was
    /// shown stays: nothing failed.
    StreamEnded { silent: bool },
    /// The browser's notification permission (`None` without the API): as it stands at mount,
    /// before [`Event::Start`], then after each click on "Notify me when I'm next" (see
    /// [`crate::notify::Notify::permission`]).
    Permission(Option<&'a str>),
    /// The customer chose "Call me back" (the form opens, only while the offer is shown), or
    /// went back from the form (`false`).
    Form { open: bool },
    /// The customer confirmed `number`, read with `country` when it has no country code.
    Submit {
        number: &'a str,
        country: Option<&'a str>,
    },
    /// The callback request was refused or failed.
    Refused(FormProblem),
    /// From now on, follow the callback `contact_id`, which calls `phone_number` (masked):
    /// just made (`requested`: the page hears of it, and the customer at once), or remembered
    /// across a reload, before [`Event::Start`], whose frame is the first shown: the live
    /// region says nothing here, so the first status is heard whatever it reads.
    Follow {
        contact_id: &'a str,
        phone_number: &'a str,
        requested: bool,
    },
}

/// What the shell must do after one event, beside showing the new [`Screen`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Effects {
    /// Set when the live region should speak now.
    pub announcement: Option<String>,
    /// What the host page hears about (DOM events), in order.
    pub notices: Vec<Notice>,
    /// When to poll next, after a start, an answer or a stream's end; `None` means stop (after
    /// any other event: unchanged).
    pub next_poll_ms: Option<u32>,
    /// A callback request to send now (`POST`), with this JSON body.
    pub send: Option<String>,
    /// While a stream is open, after each of its events: how long the shell waits for more of
    /// it (an event or a comment) before it gives the stream up. `None`: close it.
    pub watch: Option<u32>,
    /// Notify the customer now, with this text (`notifyNext`).
    pub notification: Option<String>,
    /// What to do with the poll timer after [`Event::Page`].
    pub schedule: Schedule,
}

/// What the shell should do with its poll timer after a page-lifecycle change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Schedule {
    #[default]
    Keep,
    /// Paused: clear the timer (a request in flight may finish; nothing new is scheduled).
    Cancel,
    /// Resumed: poll at once.
    PollNow,
}

/// Everything the shell needs after one event: its effects and the view as it stands after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub view: Screen,
    pub effects: Effects,
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
