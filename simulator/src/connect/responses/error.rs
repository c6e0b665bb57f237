//! The errors the simulated Connect answers with, as restJson1 carries them: the HTTP status, the
//! type in an `x-amzn-ErrorType` header and again as the body's `__type`, the text as `Message`.
//! AWS SDKs and the AWS CLI read the type from there and raise the matching typed exception.

use crate::restjson::error_response;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectError {
    /// Not SigV4-signed. Sent by AWS's front door, before the service sees the call.
    MissingAuthenticationToken,
    /// Over the account's quota.
    Throttling,
    /// A body that is not the operation's request at all.
    InvalidRequest(&'static str),
    /// A well-formed request with a value Connect refuses.
    InvalidParameter(String),
    /// No such instance or contact (in this account, or any longer).
    ResourceNotFound(&'static str),
    /// `StopContact` on a contact that has ended or never existed.
    ContactNotFound(&'static str),
    /// The request conflicts with the resource's state (a contact no longer in queue).
    ResourceConflict(&'static str),
}

impl ConnectError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::MissingAuthenticationToken => StatusCode::FORBIDDEN,
            Self::Throttling => StatusCode::TOO_MANY_REQUESTS,
            Self::InvalidRequest(_) | Self::InvalidParameter(_) => StatusCode::BAD_REQUEST,
            Self::ResourceNotFound(_) => StatusCode::NOT_FOUND,
            Self::ContactNotFound(_) => StatusCode::GONE,
            Self::ResourceConflict(_) => StatusCode::CONFLICT,
        }
    }

    /// The exception's name, as the SDKs match it.
    pub fn error_type(&self) -> &'static str {
        match self {
            Self::MissingAuthenticationToken => "MissingAuthenticationTokenException",
            Self::Throttling => "ThrottlingException",
            Self::InvalidRequest(_) => "InvalidRequestException",
            Self::InvalidParameter(_) => "InvalidParameterException",
            Self::ResourceNotFound(_) => "ResourceNotFoundException",
            Self::ContactNotFound(_) => "ContactNotFoundException",
            Self::ResourceConflict(_) => "ResourceConflictException",
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Self::MissingAuthenticationToken => {
                "Missing Authentication Token: sign the request with SigV4 (any credentials)"
            }
            Self::Throttling => "Rate exceeded",
            Self::InvalidRequest(message)
            | Self::ResourceNotFound(message)
            | Self::ContactNotFound(message)
            | Self::ResourceConflict(message) => message,
            Self::InvalidParameter(message) => message,
        }
    }
}

impl IntoResponse for ConnectError {
    fn into_response(self) -> Response {
        error_response(self.status(), self.error_type(), self.message(), None)
    }
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;

    use super::*;

    #[tokio::test]
    async fn restjson1_names_the_type_twice() {
        let response = ConnectError::ResourceNotFound("Contact not found").into_response();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            response.headers()["x-amzn-ErrorType"],
            "ResourceNotFoundException"
        );
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            body,
            serde_json::json!({ "__type": "ResourceNotFoundException", "Message": "Contact not found" })
        );
    }
}
