//! `GetTranscript` (`POST /participant/transcript`): the chat so far, a page at a time.
//!
//! `ScanDirection` picks which end the pages start from (`BACKWARD`, the default: the most
//! recent first), `SortOrder` how a page is ordered (`ASCENDING` by default), `MaxResults` its
//! size (0 to 100, default 15), and `NextToken` the page after. `StartPosition` is accepted but
//! not honoured: pages always start at an end of the transcript.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{ParticipantApi, ParticipantError, call, shape};

const DEFAULT_PAGE: usize = 15;
const MAX_PAGE: usize = 100;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Request {
    contact_id: Option<String>,
    max_results: Option<i64>,
    next_token: Option<String>,
    scan_direction: Option<String>,
    sort_order: Option<String>,
}

pub(super) async fn handle(
    State(api): State<ParticipantApi>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    call(&api, &headers, body, "GetTranscript", answer).await
}

fn answer(
    api: &ParticipantApi,
    token: &str,
    request: Request,
) -> Result<Response, ParticipantError> {
    let size = match request.max_results {
        None => DEFAULT_PAGE,
        Some(n) => usize::try_from(n)
            .ok()
            .filter(|&n| n <= MAX_PAGE)
            .ok_or_else(|| invalid("MaxResults must be 0 to 100"))?,
    };
    let backward = match request.scan_direction.as_deref() {
        None | Some("BACKWARD") => true,
        Some("FORWARD") => false,
        Some(_) => return Err(invalid("ScanDirection must be FORWARD or BACKWARD")),
    };
    let descending = match request.sort_order.as_deref() {
        None | Some("ASCENDING") => false,
        Some("DESCENDING") => true,
        Some(_) => return Err(invalid("SortOrder must be ASCENDING or DESCENDING")),
    };
    // The token is how many items earlier pages held, counted from the scan's end.
    let skip = match request.next_token.as_deref() {
        None => 0,
        Some(token) => token
            .parse::<usize>()
            .map_err(|_| invalid("NextToken is not one this service gave"))?,
    };
    let transcript = api.chats().transcript(token)?;
    api.publish(transcript.pushed);
    if request
        .contact_id
        .is_some_and(|id| id != transcript.contact_id)
    {
        return Err(ParticipantError::AccessDenied(
            "The connection token does not reach that contact's transcript",
        ));
    }
    let items = &transcript.items;
    let end = items.len().saturating_sub(skip);
    let range = if backward {
        end.saturating_sub(size)..end
    } else {
        let start = skip.min(items.len());
        start..(start + size).min(items.len())
    };
    let taken = skip + range.len();
    let more = taken < items.len() && !range.is_empty();
    let epoch = api.chats().epoch();
    let mut page: Vec<Value> = items[range]
        .iter()
        .map(|item| shape::item(item, epoch))
        .collect();
    if descending {
        page.reverse();
    }
    let mut answer = Map::new();
    answer.insert("InitialContactId".into(), json!(transcript.contact_id));
    answer.insert("Transcript".into(), Value::Array(page));
    if more {
        answer.insert("NextToken".into(), json!(taken.to_string()));
    }
    Ok(Json(answer).into_response())
}

fn invalid(message: &str) -> ParticipantError {
    ParticipantError::Validation(message.to_owned())
}
