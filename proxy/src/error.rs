//! Every error the proxy answers with, in Connect's own restJson1 shape: the status code, an
//! `x-amzn-ErrorType` header and a `{"__type", "Message"}` body, plus a `Reason` code where one
//! type covers several reasons (a refused callback). Internal details are logged, never sent.

use std::time::Duration;

use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use waitline_simulator::restjson::error_response;

use waitline_core::refusal::CallbackRefusal as Refusal;

#[derive(Debug)]
pub enum ApiError {
    /// No bearer token, or one that is malformed, forged or expired.
    Unauthorized,
    /// A valid token for another contact.
    Forbidden,
    InvalidParameter(&'static str),
    NotFound,
    /// A route that exists only in simulator mode.
    NotAvailable,
    /// Over a rate (the client's, or the Connect budget with nothing cached): try again after
    /// this long, sent in whole seconds rounded up.
    Throttled {
        retry_after: Duration,
    },
    /// Logged with its detail; the client only learns that something failed.
    Internal(String),
    /// A request body over the proxy's limit.
    PayloadTooLarge,
    /// No answer within the request timeout.
    Timeout,
    /// A callback request refused: bad input (400) or a contact not in queue (409).
    CallbackRefused(Refusal),
    /// A Connect operation this request needs has no call left in its budget: nothing was
    /// called. Try again after this long.
    BudgetSpent {
        retry_after: Duration,
    },
    /// The number or the client has had its callbacks for the day (429, `Reason`
    /// `TOO_MANY_CALLBACKS`).
    TooManyCallbacks {
        retry_after: Duration,
    },
    /// What the route serves has not been read from Connect yet (the lines, just after the
    /// proxy started): try again after this long.
    NotReadYet {
        retry_after: Duration,
    },
}

impl ApiError {
    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            Self::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "UnauthorizedException",
                "Missing, invalid or expired token",
            ),
            Self::Forbidden => (
                StatusCode::FORBIDDEN,
                "AccessDeniedException",
                "The token does not grant access to this contact",
            ),
            Self::InvalidParameter(message) => (
                StatusCode::BAD_REQUEST,
                "InvalidParameterException",
                message,
            ),
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "ResourceNotFoundException",
                "Contact not found",
            ),
            Self::NotAvailable => (
                StatusCode::NOT_FOUND,
                "ResourceNotFoundException",
                "Not available in this mode",
            ),
            Self::Throttled { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "ThrottlingException",
                "Too many requests; retry later",
            ),
            Self::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServiceException",
                "Internal error",
            ),
            Self::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "RequestTooLargeException",
                "The request body is too large",
            ),
            Self::Timeout => (
                StatusCode::SERVICE_UNAVAILABLE,
                "ServiceUnavailableException",
                "No answer in time; retry later",
            ),
            Self::CallbackRefused(refusal) if refusal.is_conflict() => (
                StatusCode::CONFLICT,
                "ResourceConflictException",
                refusal_message(*refusal),
            ),
            Self::CallbackRefused(Refusal::InvalidBody) => (
                StatusCode::BAD_REQUEST,
                "InvalidRequestException",
                refusal_message(Refusal::InvalidBody),
            ),
            Self::CallbackRefused(refusal) => (
                StatusCode::BAD_REQUEST,
                "InvalidParameterException",
                refusal_message(*refusal),
            ),
            Self::TooManyCallbacks { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "ThrottlingException",
                refusal_message(Refusal::TooManyCallbacks),
            ),
            Self::BudgetSpent { .. } => (
                StatusCode::SERVICE_UNAVAILABLE,
                "ServiceUnavailableException",
                "Amazon Connect's call budget is spent for now; retry later",
            ),
            Self::NotReadYet { .. } => (
                StatusCode::SERVICE_UNAVAILABLE,
                "ServiceUnavailableException",
                "Not read from Amazon Connect yet; retry shortly",
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let (status, error_type, message) = self.parts();
        let reason = match &self {
            Self::CallbackRefused(refusal) => Some(refusal.code()),
            Self::TooManyCallbacks { .. } => Some(Refusal::TooManyCallbacks.code()),
            _ => None,
        };
        let mut response = error_response(status, error_type, message, reason);
        if let Self::Throttled { retry_after }
        | Self::BudgetSpent { retry_after }
        | Self::TooManyCallbacks { retry_after }
        | Self::NotReadYet { retry_after } = self
        {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(whole_seconds(retry_after)));
        }
        response
    }
}

/// Whole seconds, rounded up: a hint of 0 would invite an immediate retry.
pub fn whole_seconds(duration: Duration) -> u64 {
    duration
        .as_secs()
        .saturating_add(u64::from(duration.subsec_nanos() > 0))
}

/// The sentence the error's `Message` carries.
fn refusal_message(refusal: Refusal) -> &'static str {
    match refusal {
        Refusal::InvalidBody => {
            r#"The body must be JSON like {"phoneNumber": "+1 201 555 0123", "country": "US"}, with no other fields"#
        }
        Refusal::InvalidCountry => "The country must be a two-letter ISO 3166-1 code, like US",
        Refusal::PhoneNumberHasLetters => "The phone number has letters in it; use digits only",
        Refusal::PhoneNumberTooShort => "The phone number is too short",
        Refusal::PhoneNumberTooLong => "The phone number is too long",
        Refusal::PhoneNumberInvalid => {
            "This is not a phone number we can call; start it with + and the country code"
        }
        Refusal::CountryNotAllowed => "We cannot call numbers in this country",
        Refusal::NumberTypeNotAllowed => {
            "We cannot call this kind of number; give a landline or mobile number"
        }
        Refusal::TooManyCallbacks => {
            "Too many callbacks have been asked for today; please try again tomorrow"
        }
        Refusal::ContactNotInQueue => {
            "The contact is not waiting in a queue, so it cannot ask for a callback"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_seconds_round_up_and_saturate() {
        assert_eq!(whole_seconds(Duration::from_millis(1)), 1);
        assert_eq!(whole_seconds(Duration::from_secs(2)), 2);
        assert_eq!(whole_seconds(Duration::MAX), u64::MAX);
    }
}
