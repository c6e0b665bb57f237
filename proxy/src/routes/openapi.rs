//! `GET /openapi.json`: the widget↔proxy contract, served by the proxy it describes.

use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;

/// Checked against the proxy's real answers by `tests/openapi.rs`.
pub const DOCUMENT: &str = include_str!("../../api/openapi.json");

pub async fn openapi() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], DOCUMENT)
}
