//! `StopContact` (`POST /contact/stop`): ends a contact now. A contact in queue leaves it, a
//! task in its scheduled delay never enters it, a call with an agent hangs up. A contact that
//! has ended already is Connect's `ContactNotFoundException`.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::{ConnectError, Endpoint};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Request {
    instance_id: Option<String>,
    contact_id: Option<String>,
}

pub(super) async fn handle(
    State(endpoint): State<Arc<Endpoint>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    endpoint.call("StopContact", &headers, |endpoint| answer(endpoint, &body))
}

fn answer(endpoint: &Endpoint, body: &[u8]) -> Result<Response, ConnectError> {
    let request: Request = serde_json::from_slice(body).map_err(|_| {
        ConnectError::InvalidRequest("The request body is not a StopContact request")
    })?;
    endpoint.instance(request.instance_id.as_deref())?;
    let contact = Endpoint::contact("ContactId", request.contact_id.as_deref())?;
    endpoint.simulator.stop(contact).map_err(|_| {
        ConnectError::ContactNotFound("The contact is not active or does not exist")
    })?;
    Ok(Json(json!({})).into_response())
}
