//! The Participant Service's errors as restJson1 carries them, as the simulated Connect's are:
//! the type in `x-amzn-ErrorType` and again as the body's `__type`, the text as `Message`, so
//! chatjs (AWS's JavaScript SDK inside it) raises the matching typed exception.

use crate::restjson::error_response;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::participant::models::Refused;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParticipantError {
    /// No, or a wrong, bearer token; or the participant has left the chat.
    AccessDenied(&'static str),
    /// A request the service cannot take: malformed, missing a member, out of range.
    Validation(String),
}

impl ParticipantError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::AccessDenied(_) => StatusCode::FORBIDDEN,
            Self::Validation(_) => StatusCode::BAD_REQUEST,
        }
    }

    pub fn error_type(&self) -> &'static str {
        match self {
            Self::AccessDenied(_) => "AccessDeniedException",
            Self::Validation(_) => "ValidationException",
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Self::AccessDenied(message) => message,
            Self::Validation(message) => message,
        }
    }
}

impl From<Refused> for ParticipantError {
    fn from(refused: Refused) -> Self {
        // chatjs reads a 403 while reconnecting as "the chat ended meanwhile", which is what
        // both cases mean to it.
        Self::AccessDenied(match refused {
            Refused::UnknownToken => "The bearer token is not valid for any chat",
            Refused::ChatEnded => "The participant has left the chat, or the chat has ended",
        })
    }
}

impl IntoResponse for ParticipantError {
    fn into_response(self) -> Response {
        error_response(self.status(), self.error_type(), self.message(), None)
    }
}
