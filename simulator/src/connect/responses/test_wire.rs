//! The router as the tests of each operation's wire call it: one request in, its status and
//! JSON body out, with the header every response carries checked on the way.

use axum::body::Body;
use axum::http::StatusCode;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use crate::connect::ConnectApi;

/// `body` sent with `request` (method and path set), signed as the AWS SDKs sign when
/// `signed`.
pub async fn send(
    api: &ConnectApi,
    request: axum::http::request::Builder,
    signed: bool,
    body: &Value,
) -> (StatusCode, Value) {
    let request = if signed {
        request.header("authorization", "AWS4-HMAC-SHA256 Credential=x")
    } else {
        request
    };
    let request = request.body(Body::from(body.to_string())).unwrap();
    let response = api.router().oneshot(request).await.unwrap();
    let status = response.status();
    assert!(response.headers().contains_key("x-amzn-RequestId"));
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap())
}
