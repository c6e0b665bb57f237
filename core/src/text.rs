//! English wording of a [`View`]. Other languages arrive with the platform's `Intl` plural
//! rules; this module keeps the structure (headline, detail) they will fill in.

use crate::tracker::{ErrorKind, View};
use crate::wait::WaitPhrase;

/// What the widget shows: a headline and, when there is one, a second line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub headline: String,
    pub detail: Option<String>,
}

pub fn english(view: &View, max_wait_seconds: u32) -> Text {
    match view {
        View::Loading => Text {
            headline: "Checking your place in the queue…".into(),
            detail: None,
        },
        View::InQueue { snapshot, stale } => {
            let headline = if snapshot.position == 1 {
                "You're next".to_owned()
            } else {
                format!("You are number {} in the queue", snapshot.position)
            };
            let wait = snapshot.ewt_seconds.map(|s| {
                format!(
                    "Estimated wait: {}",
                    wait_words(WaitPhrase::approximate(s, max_wait_seconds))
                )
            });
            let detail = match (wait, stale) {
                (Some(wait), true) => Some(format!("{wait} (updating…)")),
                (Some(wait), false) => Some(wait),
                (None, true) => Some("Updating…".into()),
                (None, false) => None,
            };
            Text { headline, detail }
        }
        View::Connecting => Text {
            headline: "An agent will be with you shortly".into(),
            detail: None,
        },
        View::Error(kind) => Text {
            headline: "We can't show your place in the queue right now".into(),
            detail: Some(
                match kind {
                    ErrorKind::NotAllowed => {
                        "This page can no longer check your place. You are still in the queue."
                    }
                    ErrorKind::NotFound => "We couldn't find your request in the queue.",
                    ErrorKind::BadRequest => {
                        "This page isn't set up correctly. You are still in the queue."
                    }
                }
                .into(),
            ),
        },
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

pub fn wait_words(phrase: WaitPhrase) -> String {
    match phrase {
        WaitPhrase::LessThanAMinute => "less than a minute".into(),
        WaitPhrase::AboutMinutes(m) => format!("about {}", plural(m, "minute", "minutes")),
        WaitPhrase::MoreThanMinutes(60) => "more than an hour".into(),
        WaitPhrase::MoreThanMinutes(m) if m % 60 == 0 => {
            format!("more than {}", plural(m / 60, "hour", "hours"))
        }
        WaitPhrase::MoreThanMinutes(m) => format!("more than {}", plural(m, "minute", "minutes")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Snapshot;

    fn in_queue(position: u32, ewt_seconds: Option<u32>, stale: bool) -> View {
        View::InQueue {
            snapshot: Snapshot {
                position,
                ewt_seconds,
            },
            stale,
        }
    }

    #[test]
    fn position_one_reads_youre_next() {
        assert_eq!(
            english(&in_queue(1, None, false), 3600).headline,
            "You're next"
        );
        assert_eq!(
            english(&in_queue(7, None, false), 3600).headline,
            "You are number 7 in the queue"
        );
    }

    #[test]
    fn wait_in_words() {
        assert_eq!(
            english(&in_queue(3, Some(240), false), 3600)
                .detail
                .as_deref(),
            Some("Estimated wait: about 4 minutes")
        );
        assert_eq!(
            english(&in_queue(3, Some(61), false), 3600)
                .detail
                .as_deref(),
            Some("Estimated wait: about 2 minutes")
        );
        assert_eq!(
            english(&in_queue(3, Some(60), false), 3600)
                .detail
                .as_deref(),
            Some("Estimated wait: about 1 minute")
        );
        assert_eq!(
            english(&in_queue(3, Some(20), false), 3600)
                .detail
                .as_deref(),
            Some("Estimated wait: less than a minute")
        );
        assert_eq!(
            english(&in_queue(3, Some(5000), false), 3600)
                .detail
                .as_deref(),
            Some("Estimated wait: more than an hour")
        );
        assert_eq!(
            wait_words(WaitPhrase::MoreThanMinutes(120)),
            "more than 2 hours"
        );
        assert_eq!(
            wait_words(WaitPhrase::MoreThanMinutes(45)),
            "more than 45 minutes"
        );
    }

    #[test]
    fn stale_values_stay_and_are_marked() {
        let text = english(&in_queue(4, Some(300), true), 3600);
        assert_eq!(text.headline, "You are number 4 in the queue");
        assert_eq!(
            text.detail.as_deref(),
            Some("Estimated wait: about 5 minutes (updating…)")
        );
    }
}
