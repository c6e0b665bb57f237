//! restJson1's error shape, which every simulated AWS service and the proxy answer with: the
//! HTTP status, the error type in an `x-amzn-ErrorType` header and again as the body's
//! `__type`, the text as `Message`, and a `Reason` code where one type covers several reasons
//! (as Connect's `InvalidRequestException` has). AWS SDKs, the AWS CLI and the widget read the
//! type from there and raise the matching exception.

use axum::Json;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// The response for an error of `error_type`, with its `message` and, if there is one, its
/// `reason`.
pub fn error_response(
    status: StatusCode,
    error_type: &'static str,
    message: &str,
    reason: Option<&str>,
) -> Response {
    let mut body = json!({ "__type": error_type, "Message": message });
    if let Some(reason) = reason {
        body["Reason"] = json!(reason);
    }
    let mut response = (status, Json(body)).into_response();
    response
        .headers_mut()
        .insert("x-amzn-ErrorType", HeaderValue::from_static(error_type));
    response
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;

    use super::*;

    /// The status, every header in order, and the body's bytes.
    async fn wire(response: Response) -> (StatusCode, Vec<(String, String)>, String) {
        let status = response.status();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
            .collect();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, headers, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn the_type_goes_in_a_header_and_the_body_with_the_message_and_any_reason() {
        let headers = |error_type: &str| {
            vec![
                ("content-type".to_owned(), "application/json".to_owned()),
                ("x-amzn-errortype".to_owned(), error_type.to_owned()),
            ]
        };
        let plain = error_response(
            StatusCode::NOT_FOUND,
            "ResourceNotFoundException",
            "Contact not found",
            None,
        );
        assert_eq!(
            wire(plain).await,
            (
                StatusCode::NOT_FOUND,
                headers("ResourceNotFoundException"),
                r#"{"Message":"Contact not found","__type":"ResourceNotFoundException"}"#.into()
            )
        );
        let with_reason = error_response(
            StatusCode::BAD_REQUEST,
            "InvalidRequestException",
            "Not now",
            Some("OUTSIDE_HOURS"),
        );
        assert_eq!(
            wire(with_reason).await,
            (
                StatusCode::BAD_REQUEST,
                headers("InvalidRequestException"),
                r#"{"Message":"Not now","Reason":"OUTSIDE_HOURS","__type":"InvalidRequestException"}"#
                    .into()
            )
        );
    }
}
