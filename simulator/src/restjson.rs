//! restJson1's error shape, which every simulated AWS service answers with: the HTTP status, the
//! error type in an `x-amzn-ErrorType` header and again as the body's `__type`, the text as
//! `Message`. AWS SDKs and the AWS CLI read the type from there and raise the matching exception.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

pub(crate) fn error_response(
    status: StatusCode,
    error_type: &'static str,
    message: &str,
) -> Response {
    let body = json!({ "__type": error_type, "Message": message });
    (status, [("x-amzn-ErrorType", error_type)], Json(body)).into_response()
}
