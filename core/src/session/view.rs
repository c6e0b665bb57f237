//! What a session shows at a given moment, derived from its state without changing it.

use super::Session;
use crate::callback::{CallbackState, CallbackStatus};
use crate::i18n::{Key, NumberRules};
use crate::metrics::Snapshot;
use crate::offers::OfferKind;
use crate::prelude::*;
use crate::text::{Text, WaitFormat, render_with};
use crate::tracker::View;

use super::form::FormText;

/// The widget as shown: its words, its offers and form, and its state for styling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    pub text: Text,
    pub offers: Vec<OfferText>,
    /// `loading`, `in-flow`, `in-queue`, `position-only`, `stale`, `connecting`, `ended`,
    /// `error`, or while a callback is followed `callback-scheduled`, `callback-queued`,
    /// `callback-calling`, `callback-done` or `callback-failed`: for styling.
    pub state: &'static str,
    /// The callback form, while it is open.
    pub form: Option<FormText>,
    /// While the page is hidden and a place is shown (`titlePosition`): the page's title, with
    /// `{title}` for the page's own. `None`: the page's own title.
    pub title: Option<String>,
    /// Whether the shell should send [`super::Event::Tick`] every second: a countdown is
    /// running, or an announcement waits for its interval.
    pub ticking: bool,
}

/// An offer as shown: the prompt and the link or button text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferText {
    pub kind: OfferKind,
    pub prompt: Option<String>,
    pub action: String,
}

impl<R: NumberRules> Session<R> {
    /// The widget as it reads at `now_ms`. Pure: calling it changes nothing.
    pub fn view(&self, now_ms: u64) -> Screen {
        let view = self.shown();
        let format = WaitFormat {
            style: self.config.ewt_style,
            max_wait_seconds: self.config.max_wait_seconds,
        };
        let ewt = self.estimate(view, now_ms);
        let number = self.number.as_deref().unwrap_or_default();
        let text = render_with(&view, ewt, format, &self.catalog, number);
        let (mut callback, self_service) = self.offers.shown();
        // The open form stands in for the callback offer.
        callback &= self.form.is_closed();
        let mut offers = Vec::new();
        if callback {
            offers.push(self.offer_text(OfferKind::Callback));
        }
        if self_service {
            offers.push(self.offer_text(OfferKind::SelfService));
        }
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
        let title = place(view)
            .filter(|_| self.config.title_position && self.hidden)
            .map(|s| self.catalog.ordinal(Key::TitlePosition, s.position));
        Screen {
            text,
            offers,
            state: self.state(view, ewt.is_some()),
            form: self.form.text(&self.catalog),
            title,
            ticking: ewt.is_some() || self.announcer.pending(),
        }
    }

    /// The tracker's view, or while a followed callback's first answer is on its way, a
    /// callback being queued.
    pub(super) fn shown(&self) -> View {
        let view = self.tracker.view();
        if matches!(view, View::Loading) && self.number.is_some() {
            return View::Callback {
                status: CallbackStatus {
                    state: CallbackState::Queued,
                    starts_in_seconds: None,
                    snapshot: None,
                },
                stale: false,
            };
        }
        view
    }

    /// The seconds counted down now: the wait, or a scheduled callback's delay.
    fn estimate(&self, view: View, now_ms: u64) -> Option<u32> {
        match view {
            View::InQueue { .. } => self.countdown.remaining(now_ms),
            View::Callback { status, .. } => match status.state {
                CallbackState::Scheduled => self.starts.remaining(now_ms),
                CallbackState::Queued => self.countdown.remaining(now_ms),
                _ => None,
            },
            _ => None,
        }
    }

    fn state(&self, view: View, counting: bool) -> &'static str {
        match view {
            View::Loading => "loading",
            View::InQueue { stale: true, .. } => "stale",
            View::InQueue { .. } if !counting => "position-only",
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

/// The place shown: in the queue, or a queued callback's.
fn place(view: View) -> Option<Snapshot> {
    match view {
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
    }
}
