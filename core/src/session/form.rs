//! The callback form: a phone number field with confirm and back, opened from the callback
//! offer. It checks the number before anything is sent, holds while the request is on its way,
//! and says why the proxy refused it.

use crate::callback::{NumberProblem, check_number, request_body};
use crate::i18n::{Catalog, Key, NumberRules};
use crate::prelude::*;

/// Why the callback form shows an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormProblem {
    Number(NumberProblem),
    /// The contact left the queue: no callback can be made for it.
    NotInQueue,
    /// The request failed (network, throttled, a 5xx): try again.
    Failed,
}

/// The callback form as shown: a phone number field, confirm and back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormText {
    pub label: String,
    pub confirm: String,
    pub cancel: String,
    /// Said next to the field, and read by screen readers.
    pub error: Option<String>,
    /// The request is on its way: the form waits for its answer.
    pub sending: bool,
}

/// Where the form stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum CallbackForm {
    #[default]
    Closed,
    /// Shown, with what is wrong with the last number sent or typed, if anything.
    Open(Option<FormProblem>),
    /// The request is on its way.
    Sending,
}

impl CallbackForm {
    /// Back to the offer; a request on its way keeps the form until its answer.
    pub(crate) fn close(&mut self) {
        if !matches!(self, Self::Sending) {
            *self = Self::Closed;
        }
    }

    /// The customer confirmed `number`: a typo is kept to be said at once; otherwise the
    /// request body to send (with `country` to read a national number in, when known).
    pub(crate) fn submit(&mut self, number: &str, country: Option<&str>) -> Option<String> {
        if !matches!(self, Self::Open(_)) {
            return None;
        }
        match check_number(number) {
            Err(problem) => {
                *self = Self::Open(Some(FormProblem::Number(problem)));
                None
            }
            Ok(()) => {
                *self = Self::Sending;
                Some(request_body(number, country))
            }
        }
    }

    /// The request was refused or failed: the form says why and may be sent again.
    pub(crate) fn refused(&mut self, problem: FormProblem) {
        if matches!(self, Self::Sending) {
            *self = Self::Open(Some(problem));
        }
    }

    pub(crate) fn is_closed(self) -> bool {
        matches!(self, Self::Closed)
    }

    /// The form in words, while it is open.
    pub(crate) fn text<R: NumberRules>(self, catalog: &Catalog<R>) -> Option<FormText> {
        let error = match self {
            Self::Closed => return None,
            Self::Open(problem) => problem.map(|problem| {
                catalog.text(match problem {
                    FormProblem::Number(NumberProblem::Country) => Key::CallbackErrorCountry,
                    FormProblem::Number(_) => Key::CallbackErrorInvalid,
                    FormProblem::NotInQueue => Key::CallbackErrorGone,
                    FormProblem::Failed => Key::CallbackErrorFailed,
                })
            }),
            Self::Sending => None,
        };
        Some(FormText {
            label: catalog.text(Key::CallbackNumberLabel),
            confirm: catalog.text(Key::CallbackConfirm),
            cancel: catalog.text(Key::CallbackCancel),
            error,
            sending: matches!(self, Self::Sending),
        })
    }
}
