//! "Call me back": the number the customer types, the proxy's answers to the request, and where
//! the callback stands (`GET /v1/contacts/{callbackId}/callback`). Wire shapes only; the
//! session decides what each means on screen.

use crate::concat::concat;
use crate::error::PollError;
use crate::prelude::*;
pub use crate::reading::{CallbackState, CallbackStatus};
use crate::reading::{MAX_EWT_SECONDS, MAX_POSITION, Reading, Snapshot, checked};
use crate::refusal::code;

/// The status body's members as the browser layer read them (`None`: absent or not a number).
/// A state this widget does not know, or a number out of range, is an invalid answer.
pub fn reading(
    state: Option<&str>,
    starts_in_seconds: Option<f64>,
    position: Option<f64>,
    ewt_seconds: Option<f64>,
) -> Result<Reading, PollError> {
    let state = state
        .and_then(CallbackState::parse)
        .ok_or(PollError::InvalidBody)?;
    let whole = |value: Option<f64>, min, max| value.map(|v| checked(v, min, max)).transpose();
    let position = whole(position, 1.0, MAX_POSITION)?;
    let ewt_seconds = whole(ewt_seconds, 0.0, MAX_EWT_SECONDS)?;
    Ok(Reading::Callback(CallbackStatus {
        state,
        // Connect schedules at most 6 days ahead.
        starts_in_seconds: whole(starts_in_seconds, 0.0, MAX_EWT_SECONDS)?,
        snapshot: position.map(|position| Snapshot {
            position,
            ewt_seconds,
        }),
    }))
}

/// Why a number the customer typed is not sent, or why the proxy refused it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberProblem {
    Empty,
    Letters,
    TooShort,
    TooLong,
    /// The proxy could not make it a number anyone can dial.
    Invalid,
    /// A valid number in a country the contact center does not call.
    Country,
}

/// The digits a phone number may have at most (E.164).
const MAX_DIGITS: usize = 15;
/// Fewer than this is no phone number anywhere.
const MIN_DIGITS: usize = 5;

/// A first check in the browser, so a typo is said at once; the proxy checks again, strictly,
/// with a phone-number library. Spaces, `+`, `-`, `.`, `(`, `)` and `/` are how people write
/// numbers and are let through.
pub fn check_number(number: &str) -> Result<(), NumberProblem> {
    let number = number.trim_ascii();
    if number.is_empty() {
        return Err(NumberProblem::Empty);
    }
    let mut digits = 0;
    for byte in number.bytes() {
        match byte {
            b'0'..=b'9' => digits += 1,
            b' ' | b'+' | b'-' | b'.' | b'(' | b')' | b'/' => {}
            _ => return Err(NumberProblem::Letters),
        }
    }
    if digits < MIN_DIGITS {
        Err(NumberProblem::TooShort)
    } else if digits > MAX_DIGITS {
        Err(NumberProblem::TooLong)
    } else {
        Ok(())
    }
}

/// The request body for a number that passed [`check_number`] (so it holds nothing JSON must
/// escape), with the country to read a national number in, when known.
pub fn request_body(number: &str, country: Option<&str>) -> String {
    let mut body = concat(&["{\"phoneNumber\":\"", number.trim_ascii(), "\""]);
    if let Some(country) = country {
        body.push_str(&concat(&[",\"country\":\"", country, "\""]));
    }
    body.push('}');
    body
}

/// What the proxy answered to the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requested {
    /// The callback exists: follow it with its own token. `phone_number` comes masked.
    Created {
        contact_id: String,
        token: String,
        phone_number: String,
    },
    /// The number was refused: say why next to the field, and let the customer try again.
    Refused(NumberProblem),
    /// The contact is no longer waiting in a queue: no callback can be made for it.
    NotInQueue,
    /// Anything else (network, a 5xx, throttled): try again.
    Failed,
}

impl Requested {
    /// From the proxy's status, its error `Reason`, and the created callback's members.
    pub fn from_answer(
        status: u16,
        reason: Option<&str>,
        created: Option<(String, String, String)>,
    ) -> Self {
        match (status, created) {
            (200 | 201, Some((contact_id, token, phone_number))) => Self::Created {
                contact_id,
                token,
                phone_number,
            },
            (409, _) => Self::NotInQueue,
            (400, _) => match reason {
                Some(code::PHONE_NUMBER_HAS_LETTERS) => Self::Refused(NumberProblem::Letters),
                Some(code::PHONE_NUMBER_TOO_SHORT) => Self::Refused(NumberProblem::TooShort),
                Some(code::PHONE_NUMBER_TOO_LONG) => Self::Refused(NumberProblem::TooLong),
                Some(code::COUNTRY_NOT_ALLOWED) => Self::Refused(NumberProblem::Country),
                // A premium-rate or pager number is valid, but not one we can call.
                Some(
                    code::PHONE_NUMBER_INVALID
                    | code::INVALID_COUNTRY
                    | code::NUMBER_TYPE_NOT_ALLOWED,
                ) => Self::Refused(NumberProblem::Invalid),
                _ => Self::Failed,
            },
            _ => Self::Failed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_people_type_pass_and_typos_are_named() {
        for ok in [
            "+1 201 555 0123",
            "(020) 7946-0958",
            "0201.555.0123",
            " 555 0123 4 ",
        ] {
            assert_eq!(check_number(ok), Ok(()), "{ok}");
        }
        assert_eq!(check_number("  "), Err(NumberProblem::Empty));
        assert_eq!(check_number("555-CALL-NOW"), Err(NumberProblem::Letters));
        assert_eq!(check_number("+1\"}"), Err(NumberProblem::Letters));
        assert_eq!(check_number("1234"), Err(NumberProblem::TooShort));
        assert_eq!(
            check_number("+1 234 567 890 123 456"),
            Err(NumberProblem::TooLong)
        );
    }

    #[test]
    fn the_body_is_json_with_the_country_when_known() {
        assert_eq!(
            request_body(" +1 201 555 0123 ", Some("US")),
            r#"{"phoneNumber":"+1 201 555 0123","country":"US"}"#
        );
        assert_eq!(
            request_body("020 7946 0958", None),
            r#"{"phoneNumber":"020 7946 0958"}"#
        );
    }

    #[test]
    fn names_round_trip_and_are_what_serde_writes() {
        use CallbackState::*;
        for state in [Scheduled, Queued, Calling, Done, Failed] {
            assert_eq!(CallbackState::parse(state.name()), Some(state));
            assert_eq!(
                serde_json::to_value(state).unwrap(),
                serde_json::Value::String(state.name().into())
            );
        }
    }

    #[test]
    fn statuses_are_read_and_nonsense_is_an_invalid_answer() {
        assert_eq!(
            reading(Some("scheduled"), Some(120.0), None, None),
            Ok(Reading::Callback(CallbackStatus {
                state: CallbackState::Scheduled,
                starts_in_seconds: Some(120),
                snapshot: None,
            }))
        );
        assert_eq!(
            reading(Some("queued"), None, Some(2.0), Some(90.0)),
            Ok(Reading::Callback(CallbackStatus {
                state: CallbackState::Queued,
                starts_in_seconds: None,
                snapshot: Some(Snapshot {
                    position: 2,
                    ewt_seconds: Some(90)
                }),
            }))
        );
        assert_eq!(
            reading(Some("lost"), None, None, None),
            Err(PollError::InvalidBody)
        );
        assert_eq!(reading(None, None, None, None), Err(PollError::InvalidBody));
        assert_eq!(
            reading(Some("queued"), None, Some(-1.0), None),
            Err(PollError::InvalidBody)
        );
    }

    #[test]
    fn the_proxys_answers_to_a_request() {
        let created = Some(("cb".to_owned(), "t".to_owned(), "•••• 0123".to_owned()));
        assert!(matches!(
            Requested::from_answer(201, None, created.clone()),
            Requested::Created { .. }
        ));
        assert!(matches!(
            Requested::from_answer(200, None, created),
            Requested::Created { .. }
        ));
        assert_eq!(
            Requested::from_answer(400, Some("COUNTRY_NOT_ALLOWED"), None),
            Requested::Refused(NumberProblem::Country)
        );
        assert_eq!(
            Requested::from_answer(400, Some("NUMBER_TYPE_NOT_ALLOWED"), None),
            Requested::Refused(NumberProblem::Invalid)
        );
        assert_eq!(
            Requested::from_answer(409, Some("CONTACT_NOT_IN_QUEUE"), None),
            Requested::NotInQueue
        );
        assert_eq!(
            Requested::from_answer(400, Some("INVALID_BODY"), None),
            Requested::Failed
        );
        assert_eq!(Requested::from_answer(503, None, None), Requested::Failed);
        assert_eq!(Requested::from_answer(201, None, None), Requested::Failed);
    }
}
