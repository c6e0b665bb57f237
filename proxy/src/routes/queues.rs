//! `GET /v1/queues`: the lines a site offers, each with Connect's estimated wait for a new
//! contact and whether it is open. Public (queue-level figures are not personal) and answered
//! from the board's latest reading (`queues/board.rs`), never from Connect: a crowd asking costs
//! Connect nothing more. 404 when the proxy offers no lines.
//!
//! `?channel=CHAT` keeps one channel's lines; `?order=fastest` puts open lines first, the
//! shortest estimate first, instead of the site's order.

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::HeaderValue;
use axum::http::header::{AGE, CACHE_CONTROL};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::AppState;
use crate::error::{ApiError, whole_seconds};
use crate::queues::{LineStatus, Reading, channel_named};

/// How long a browser waits after the proxy started before the lines have their first reading.
const FIRST_READING: std::time::Duration = std::time::Duration::from_secs(1);

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LinesBody {
    pub lines: Vec<LineBody>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LineBody {
    pub name: String,
    pub channel: &'static str,
    /// Absent when Connect has no estimate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimated_wait_seconds: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contacts_in_queue: Option<u64>,
    pub open: bool,
}

/// What a page asked for.
#[derive(Debug, Default, PartialEq, Eq)]
struct Asked {
    channel: Option<&'static str>,
    fastest: bool,
}

pub async fn get_queues(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let board = state.queues.as_ref().ok_or(ApiError::NotFound)?;
    let asked = asked(query.as_deref().unwrap_or_default())?;
    let reading = board.latest().ok_or(ApiError::NotReadYet {
        retry_after: FIRST_READING,
    })?;
    let age = reading.read_at.elapsed();
    let mut response = Json(body(&reading, &asked)).into_response();
    let headers = response.headers_mut();
    // The same for every browser, and fresh until the next reading.
    let max_age = whole_seconds(board.every().saturating_sub(age));
    if let Ok(value) = HeaderValue::from_str(&format!("public, max-age={max_age}")) {
        headers.insert(CACHE_CONTROL, value);
    }
    headers.insert(AGE, HeaderValue::from(age.as_secs()));
    Ok(response)
}

fn asked(query: &str) -> Result<Asked, ApiError> {
    let mut asked = Asked::default();
    for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
        match (name.as_ref(), value.as_ref()) {
            ("channel", value) => {
                asked.channel = Some(channel_named(value).ok_or(ApiError::InvalidParameter(
                    "channel must be VOICE, CHAT or TASK",
                ))?);
            }
            ("order", "fastest") => asked.fastest = true,
            ("order", "site") => asked.fastest = false,
            ("order", _) => {
                return Err(ApiError::InvalidParameter("order must be fastest or site"));
            }
            _ => {
                return Err(ApiError::InvalidParameter(
                    "the only parameters are channel and order",
                ));
            }
        }
    }
    Ok(asked)
}

fn body(reading: &Reading, asked: &Asked) -> LinesBody {
    let mut lines: Vec<&LineStatus> = reading
        .lines
        .iter()
        .filter(|line| asked.channel.is_none_or(|channel| line.channel == channel))
        .collect();
    if asked.fastest {
        // Open before closed; among them, a known estimate before none, shortest first. Stable:
        // equals keep the site's order.
        lines.sort_by_key(|line| {
            (
                !line.open,
                line.estimated_wait_seconds.is_none(),
                line.estimated_wait_seconds,
            )
        });
    }
    LinesBody {
        lines: lines
            .into_iter()
            .map(|line| LineBody {
                name: line.name.clone(),
                channel: line.channel,
                estimated_wait_seconds: line.estimated_wait_seconds,
                contacts_in_queue: line.contacts_in_queue,
                open: line.open,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn line(name: &str, channel: &'static str, wait: Option<u64>, open: bool) -> LineStatus {
        LineStatus {
            name: name.into(),
            channel,
            estimated_wait_seconds: wait,
            contacts_in_queue: Some(1),
            open,
        }
    }

    #[test]
    fn parameters_are_checked() {
        assert_eq!(asked("").unwrap(), Asked::default());
        assert_eq!(
            asked("channel=CHAT&order=fastest").unwrap(),
            Asked {
                channel: Some("CHAT"),
                fastest: true
            }
        );
        assert!(asked("channel=EMAIL").is_err());
        assert!(asked("order=slowest").is_err());
        assert!(asked("queue=support").is_err());
    }

    #[test]
    fn fastest_puts_open_lines_with_the_shortest_estimate_first() {
        let reading = Reading {
            lines: vec![
                line("closed", "CHAT", Some(10), false),
                line("slow", "VOICE", Some(900), true),
                line("unknown", "CHAT", None, true),
                line("fast", "CHAT", Some(120), true),
            ],
            read_at: Instant::now(),
        };
        let names = |asked: Asked| -> Vec<String> {
            body(&reading, &asked)
                .lines
                .into_iter()
                .map(|l| l.name)
                .collect()
        };
        assert_eq!(
            names(Asked {
                channel: None,
                fastest: true
            }),
            ["fast", "slow", "unknown", "closed"]
        );
        assert_eq!(
            names(Asked::default()),
            ["closed", "slow", "unknown", "fast"]
        );
        assert_eq!(
            names(Asked {
                channel: Some("CHAT"),
                fastest: false
            }),
            ["closed", "unknown", "fast"]
        );
    }
}
