//! An HTTP/1.1 client for tests that talk to a proxy over a real socket: hyper-util's, with a
//! fresh connection per request (as a browser's first request, and so no test depends on
//! another's keep-alive connection).

use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Body;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// What came back.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|_| panic!("{}: not JSON: {:?}", self.status, self.body))
    }

    /// A header's value, or "" if absent.
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map_or("", |value| value.to_str().unwrap())
    }
}

/// A client that keeps no idle connection.
pub fn client<B>() -> Client<HttpConnector, B>
where
    B: Body + Send + Unpin + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(0)
        .pool_idle_timeout(Duration::ZERO)
        .build_http()
}

/// Sends `request` to `address` (`host:port`); its URI is the path. A body of unknown length
/// goes chunked.
pub async fn send<B>(address: &str, request: Request<B>) -> Answer
where
    B: Body + Send + Unpin + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let (mut parts, body) = request.into_parts();
    parts.uri = format!("http://{address}{}", parts.uri).parse().unwrap();
    let response = client()
        .request(Request::from_parts(parts, body))
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    Answer {
        status: parts.status,
        headers: parts.headers,
        body: String::from_utf8(body.to_vec()).unwrap(),
    }
}

/// `GET path`, with a bearer token if any.
pub async fn get(address: &str, path: &str, token: Option<&str>) -> Answer {
    let mut request = Request::get(path);
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    send(address, request.body(Full::<Bytes>::default()).unwrap()).await
}

/// `POST path` with a JSON body, with a bearer token if any.
pub async fn post_json(address: &str, path: &str, token: Option<&str>, json: &str) -> Answer {
    let mut request = Request::post(path).header("content-type", "application/json");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    send(
        address,
        request
            .body(Full::new(Bytes::from(json.to_owned())))
            .unwrap(),
    )
    .await
}
