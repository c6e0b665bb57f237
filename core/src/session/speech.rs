//! What the live region says after an event, from how the view changed: screen readers hear
//! every change, at most once per interval (see [`crate::announce`]), except milestones, heard
//! at once.

use super::Session;
use crate::i18n::NumberRules;
use crate::prelude::*;
use crate::text::Text;
use crate::tracker::View;

/// What an event may say in the live region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Speech {
    /// An answer brought news: say it if due (a milestone is always due), else hold it back.
    News { milestone: bool },
    /// Only time passed, or the customer acted: say what was held back, if its interval is
    /// over.
    Clock,
    /// Nothing, and nothing recorded as said: an event whose view the shell may never show,
    /// or that changes nothing said.
    Silent,
}

impl Speech {
    /// An answer moved the tracker's view from `was` to `now`; `offered` when it made an offer
    /// appear. A stale refresh brings no news (what is held back still falls due); a
    /// milestone is a new stage, being next, an offer, or the end of the wait.
    pub(super) fn after_answer(was: View, now: View, offered: bool) -> Self {
        let milestone = match now {
            View::InQueue { stale: true, .. } | View::Callback { stale: true, .. } => {
                return Self::Clock;
            }
            // Next in line, or in the queue at last (after a flow): heard at once.
            View::InQueue { .. } => {
                offered || became_next(was, now) || !matches!(was, View::InQueue { .. })
            }
            View::Connecting | View::Error(_) | View::Ended => true,
            // Heard at once when it begins; the same words again are not heard again.
            View::InFlow => !matches!(was, View::InFlow),
            View::Callback { status, .. } => {
                !matches!(was, View::Callback { status: s, .. } if s.state == status.state)
            }
            View::Loading => false,
        };
        Self::News { milestone }
    }
}

/// Next in line now, and not before.
pub(super) fn became_next(was: View, now: View) -> bool {
    matches!(now, View::InQueue { snapshot: s, .. } if s.position == 1)
        && !matches!(was, View::InQueue { snapshot: s, .. } if s.position == 1)
}

impl<R: NumberRules> Session<R> {
    /// What to say now that the view reads `text`, or nothing; records what was said.
    pub(super) fn speak(&mut self, speech: Speech, text: &Text, now_ms: u64) -> Option<String> {
        match (self.shown(), speech) {
            (View::Loading, _) | (_, Speech::Silent) => None,
            (_, Speech::News { milestone }) => {
                self.announcer
                    .offer(&text.announcement(), milestone, now_ms)
            }
            (_, Speech::Clock) => self.announcer.flush(&text.announcement(), now_ms),
        }
    }
}
