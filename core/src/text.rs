//! A [`View`] in words, in the widget's language.

use crate::callback::{CallbackState, CallbackStatus};
use crate::concat::concat;
use crate::i18n::{Catalog, Key, NumberRules};
use crate::prelude::*;
use crate::tracker::{ErrorKind, View};
use crate::wait::{EwtStyle, WaitPhrase};

/// What the widget shows: a headline, a second line, and a small note ("Updating…").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pub headline: String,
    pub detail: Option<String>,
    pub note: Option<String>,
}

impl Text {
    /// What the live region says: headline and detail, without the transient note, so a
    /// refresh failing and recovering is not announced.
    pub fn announcement(&self) -> String {
        match &self.detail {
            Some(detail) => concat(&[self.headline.as_str(), "\n", detail]),
            None => self.headline.clone(),
        }
    }
}

/// How the wait is phrased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitFormat {
    pub style: EwtStyle,
    pub max_wait_seconds: u32,
}

/// `ewt_seconds` is the estimate as shown now (counted down locally), not the raw one.
pub fn render<R: NumberRules>(
    view: &View,
    ewt_seconds: Option<u32>,
    format: WaitFormat,
    catalog: &Catalog<R>,
) -> Text {
    render_with(view, ewt_seconds, format, catalog, "")
}

/// [`render`], and for a callback: `ewt_seconds` is, while it is scheduled, the seconds until
/// it enters the queue; `number` is its number, masked.
pub fn render_with<R: NumberRules>(
    view: &View,
    ewt_seconds: Option<u32>,
    format: WaitFormat,
    catalog: &Catalog<R>,
    number: &str,
) -> Text {
    let wait = |seconds| {
        wait_words(
            WaitPhrase::new(seconds, format.style, format.max_wait_seconds),
            catalog,
        )
    };
    let with_number = |key| catalog.with(key, 0, &[("number", number)]);
    match view {
        // One line, the same for every answer in that state. One arm: an arm each costs the
        // shipped wasm a copy of the same code.
        View::Loading | View::InFlow | View::Connecting | View::Ended => Text {
            headline: catalog.text(match view {
                View::InFlow => Key::ConnectingFlow,
                View::Connecting => Key::Connecting,
                View::Ended => Key::Ended,
                _ => Key::Loading,
            }),
            ..Text::default()
        },
        View::InQueue { snapshot, stale } => Text {
            headline: if snapshot.position == 1 {
                catalog.text(Key::Next)
            } else {
                catalog.ordinal(Key::Position, snapshot.position)
            },
            detail: ewt_seconds
                .map(|seconds| catalog.with(Key::WaitLabel, 0, &[("wait", &wait(seconds))])),
            note: stale.then(|| catalog.text(Key::Stale)),
        },
        // In the callback queue with a position: where it stands, as for the customer's own
        // wait, with who will be called as the note.
        View::Callback {
            status:
                CallbackStatus {
                    state: CallbackState::Queued,
                    snapshot: Some(snapshot),
                    ..
                },
            stale,
        } => {
            let mut text = render_with(
                &View::InQueue {
                    snapshot: *snapshot,
                    stale: *stale,
                },
                ewt_seconds,
                format,
                catalog,
                number,
            );
            text.note = text.note.or_else(|| Some(with_number(Key::CallbackSoon)));
            text
        }
        // Otherwise one line: every callback message takes the same values.
        View::Callback { status, stale } => {
            let seconds = ewt_seconds.filter(|&s| s > 0);
            let key = match (status.state, seconds) {
                (CallbackState::Scheduled, Some(_)) => Key::CallbackScheduled,
                (CallbackState::Scheduled | CallbackState::Queued, _) => Key::CallbackSoon,
                (CallbackState::Calling, _) => Key::CallbackCalling,
                (CallbackState::Done, _) => Key::CallbackDone,
                (CallbackState::Failed, _) => Key::CallbackFailed,
            };
            let wait = seconds.map(wait).unwrap_or_default();
            Text {
                headline: catalog.with(key, 0, &[("number", number), ("wait", &wait)]),
                detail: None,
                note: (*stale && !status.state.is_final()).then(|| catalog.text(Key::Stale)),
            }
        }
        View::Error(kind) => Text {
            headline: catalog.text(Key::ErrorTitle),
            detail: Some(catalog.text(match kind {
                ErrorKind::NotAllowed => Key::ErrorNotAllowed,
                ErrorKind::NotFound => Key::ErrorNotFound,
                ErrorKind::BadRequest => Key::ErrorBadRequest,
            })),
            note: None,
        },
    }
}

pub fn wait_words<R: NumberRules>(phrase: WaitPhrase, catalog: &Catalog<R>) -> String {
    match phrase {
        WaitPhrase::LessThanAMinute
        | WaitPhrase::Precise {
            minutes: 0,
            seconds: 0,
        } => catalog.text(Key::LessThanAMinute),
        WaitPhrase::AboutMinutes(m) => catalog.count(Key::AboutMinutes, m),
        WaitPhrase::LessThanMinutes(m) => catalog.count(Key::LessThanMinutes, m),
        WaitPhrase::RangeMinutes(low, high) => catalog.with(
            Key::RangeMinutes,
            high,
            &[
                ("low", &catalog.number(low)),
                ("high", &catalog.number(high)),
            ],
        ),
        WaitPhrase::Precise {
            minutes: 0,
            seconds,
        } => catalog.count(Key::Seconds, seconds),
        WaitPhrase::Precise {
            minutes,
            seconds: 0,
        } => catalog.count(Key::Minutes, minutes),
        WaitPhrase::Precise { minutes, seconds } => catalog.with(
            Key::PreciseJoin,
            0,
            &[
                ("minutes", &catalog.count(Key::Minutes, minutes)),
                ("seconds", &catalog.count(Key::Seconds, seconds)),
            ],
        ),
        WaitPhrase::MoreThanMinutes(m) if m % 60 == 0 => catalog.count(Key::MoreThanHours, m / 60),
        WaitPhrase::MoreThanMinutes(m) => catalog.count(Key::MoreThanMinutes, m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EnglishRules, Locale, Overrides};
    use crate::metrics::Snapshot;

    const APPROX: WaitFormat = WaitFormat {
        style: EwtStyle::Approximate,
        max_wait_seconds: 3600,
    };

    fn english() -> Catalog<EnglishRules> {
        Catalog::new(Locale::En, EnglishRules, Overrides::default())
    }

    fn in_queue(position: u32, stale: bool) -> View {
        View::InQueue {
            snapshot: Snapshot {
                position,
                ewt_seconds: None,
            },
            stale,
        }
    }

    #[test]
    fn position_one_reads_youre_next() {
        assert_eq!(
            render(&in_queue(1, false), None, APPROX, &english()).headline,
            "You're next"
        );
        assert_eq!(
            render(&in_queue(7, false), None, APPROX, &english()).headline,
            "You're 7th in line"
        );
        assert_eq!(
            render(&in_queue(2, false), None, APPROX, &english()).headline,
            "You're 2nd in line"
        );
    }

    #[test]
    fn wait_in_words_in_every_style() {
        let detail = |ewt, style| {
            render(
                &in_queue(3, false),
                Some(ewt),
                WaitFormat {
                    style,
                    max_wait_seconds: 3600,
                },
                &english(),
            )
            .detail
            .unwrap()
        };
        assert_eq!(
            detail(240, EwtStyle::Approximate),
            "Estimated wait: about 4 minutes"
        );
        assert_eq!(
            detail(60, EwtStyle::Approximate),
            "Estimated wait: about 1 minute"
        );
        assert_eq!(
            detail(20, EwtStyle::Approximate),
            "Estimated wait: less than a minute"
        );
        assert_eq!(
            detail(5000, EwtStyle::Approximate),
            "Estimated wait: more than an hour"
        );
        assert_eq!(
            detail(240, EwtStyle::LessThan),
            "Estimated wait: less than 5 minutes"
        );
        assert_eq!(detail(300, EwtStyle::Range), "Estimated wait: 4–6 minutes");
        assert_eq!(
            detail(250, EwtStyle::Precise),
            "Estimated wait: 4 minutes 10 seconds"
        );
        assert_eq!(detail(60, EwtStyle::Precise), "Estimated wait: 1 minute");
        assert_eq!(detail(8, EwtStyle::Precise), "Estimated wait: 10 seconds");
        assert_eq!(
            detail(0, EwtStyle::Precise),
            "Estimated wait: less than a minute"
        );
        let capped = WaitFormat {
            style: EwtStyle::Approximate,
            max_wait_seconds: 7200,
        };
        assert_eq!(
            render(&in_queue(3, false), Some(9000), capped, &english())
                .detail
                .unwrap(),
            "Estimated wait: more than 2 hours"
        );
        let odd_cap = WaitFormat {
            style: EwtStyle::Approximate,
            max_wait_seconds: 2700,
        };
        assert_eq!(
            render(&in_queue(3, false), Some(9000), odd_cap, &english())
                .detail
                .unwrap(),
            "Estimated wait: more than 45 minutes"
        );
    }

    #[test]
    fn stale_values_stay_and_are_marked() {
        let text = render(
            &View::InQueue {
                snapshot: Snapshot {
                    position: 4,
                    ewt_seconds: Some(300),
                },
                stale: true,
            },
            Some(300),
            APPROX,
            &english(),
        );
        assert_eq!(text.headline, "You're 4th in line");
        assert_eq!(
            text.detail.as_deref(),
            Some("Estimated wait: about 5 minutes")
        );
        assert_eq!(text.note.as_deref(), Some("Updating…"));
        assert_eq!(
            text.announcement(),
            "You're 4th in line\nEstimated wait: about 5 minutes"
        );
    }

    #[test]
    fn other_languages_use_their_tables() {
        let german = Catalog::new(Locale::De, EnglishRules, Overrides::default());
        let text = render(&in_queue(3, false), Some(300), APPROX, &german);
        assert_eq!(text.headline, "Sie sind an 3. Stelle in der Warteschlange");
        assert_eq!(
            text.detail.as_deref(),
            Some("Geschätzte Wartezeit: etwa 5 Minuten")
        );
    }

    #[test]
    fn overrides_win() {
        let overrides = Overrides::new([(
            "next".to_owned(),
            crate::i18n::MessageValue::Text("Nearly there!".into()),
        )])
        .unwrap();
        let catalog = Catalog::new(Locale::En, EnglishRules, overrides);
        assert_eq!(
            render(&in_queue(1, false), None, APPROX, &catalog).headline,
            "Nearly there!"
        );
    }
}
