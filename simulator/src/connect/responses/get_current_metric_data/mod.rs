//! `GetCurrentMetricData` (`POST /metrics/current/{InstanceId}`): queue-level figures now, for
//! the queues and channels asked, one result per combination of the groupings' values (one in
//! all without groupings), as Connect answers: `{"MetricResults": [{"Dimensions": {"Queue":
//! {"Id", "Arn"}, "Channel"}, "Collections": [{"Metric": {"Name", "Unit"}, "Value"}]}],
//! "DataSnapshotTime", "ApproximateTotalCount", "NextToken"}`. Results come sorted by
//! `AGENTS_ONLINE`, most first (Connect's default order), and `MaxResults` to a page.
//!
//! `OLDEST_CONTACT_AGE` is in seconds when grouped and in milliseconds when not, though its
//! unit says seconds either way, as Connect's documentation warns. An unbounded wait (no agent
//! takes the queue on the channel) has no honest number: its `ESTIMATED_WAIT_TIME` has no
//! `Value`, as Connect leaves one out when it has no estimate.

mod request;

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::{ConnectError, Endpoint};
use crate::connect::arns::queue_arn;
use crate::connect::models::{CellMetrics, Channel, Queue, QueueRef};
use request::{Grouping, Metric, Query};

/// Connect's published quota for this operation: 5 calls a second, a burst of 8.
pub const QUOTA_RATE: f64 = 5.0;
pub const QUOTA_BURST: u32 = 8;
pub const OPERATION: &str = "GetCurrentMetricData";

pub(super) async fn handle(
    State(endpoint): State<Arc<Endpoint>>,
    Path(instance): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    endpoint.call(OPERATION, &headers, |endpoint| {
        answer(endpoint, &instance, &body)
    })
}

/// One result: the dimensions it is grouped by, and the queues and channels it covers.
#[derive(Debug)]
struct Cell {
    queue: Option<QueueRef>,
    channel: Option<Channel>,
    queues: Vec<QueueRef>,
    channels: Vec<Channel>,
}

fn answer(endpoint: &Endpoint, instance: &str, body: &[u8]) -> Result<Response, ConnectError> {
    endpoint.instance(Some(instance))?;
    let query = Query::parse(endpoint, body)?;
    let cells = cells(&query);
    let epoch = endpoint.simulator.epoch();
    let (now, mut results) = endpoint.simulator.update(|queue| {
        let results: Vec<(u64, Value)> = cells
            .iter()
            .map(|cell| {
                let figures = queue.cell_metrics(&cell.queues, &cell.channels);
                let result = result(endpoint, queue, &query, cell, &figures);
                (figures.agents_online, result)
            })
            .collect();
        (queue.now(), results)
    });
    // Stable: equal counts keep the order of the filters.
    results.sort_by_key(|&(online, _)| std::cmp::Reverse(online));
    let total = results.len();
    let page: Vec<Value> = results
        .into_iter()
        .skip(query.offset)
        .take(query.max_results)
        .map(|(_, result)| result)
        .collect();
    let mut answer = json!({
        "MetricResults": page,
        "DataSnapshotTime": epoch + now,
        "ApproximateTotalCount": total,
    });
    let next = query.offset + query.max_results;
    if next < total {
        answer["NextToken"] = json!(query.token(next));
    }
    Ok(Json(answer).into_response())
}

/// The results' cells: the product of the groupings' values, the first grouping outermost.
fn cells(query: &Query) -> Vec<Cell> {
    let by_queue: Vec<Option<QueueRef>> = if query.groupings.contains(&Grouping::Queue) {
        query.queues.iter().copied().map(Some).collect()
    } else {
        vec![None]
    };
    let by_channel: Vec<Option<Channel>> = if query.groupings.contains(&Grouping::Channel) {
        query.channels.iter().copied().map(Some).collect()
    } else {
        vec![None]
    };
    let cell = |queue: Option<QueueRef>, channel: Option<Channel>| Cell {
        queue,
        channel,
        queues: queue.map_or_else(|| query.queues.clone(), |q| vec![q]),
        channels: channel.map_or_else(|| query.channels.clone(), |c| vec![c]),
    };
    let channel_first = query.groupings.first() == Some(&Grouping::Channel);
    let mut cells = Vec::new();
    if channel_first {
        for &channel in &by_channel {
            for &queue in &by_queue {
                cells.push(cell(queue, channel));
            }
        }
    } else {
        for &queue in &by_queue {
            for &channel in &by_channel {
                cells.push(cell(queue, channel));
            }
        }
    }
    cells
}

fn result(
    endpoint: &Endpoint,
    queue: &Queue,
    query: &Query,
    cell: &Cell,
    figures: &CellMetrics,
) -> Value {
    let mut dimensions = Map::new();
    if let Some(queue_ref) = cell.queue {
        let id = &queue.center().queue(queue_ref).id;
        dimensions.insert(
            "Queue".into(),
            json!({ "Id": id, "Arn": queue_arn(&endpoint.instance_id, id) }),
        );
    }
    if let Some(channel) = cell.channel {
        dimensions.insert("Channel".into(), json!(channel.wire_name()));
    }
    let grouped = !query.groupings.is_empty();
    let collections: Vec<Value> = query
        .metrics
        .iter()
        .map(|&metric| {
            let mut collection =
                json!({ "Metric": { "Name": metric.name(), "Unit": metric.unit() } });
            if let Some(value) = value(metric, queue, cell, figures, grouped) {
                collection["Value"] = json!(value);
            }
            collection
        })
        .collect();
    let mut result = json!({ "Collections": collections });
    if !dimensions.is_empty() {
        result["Dimensions"] = Value::Object(dimensions);
    }
    result
}

fn value(
    metric: Metric,
    queue: &Queue,
    cell: &Cell,
    figures: &CellMetrics,
    grouped: bool,
) -> Option<f64> {
    match metric {
        Metric::ContactsInQueue => Some(figures.contacts_in_queue as f64),
        Metric::AgentsOnline => Some(figures.agents_online as f64),
        Metric::AgentsAvailable => Some(figures.agents_available as f64),
        Metric::OldestContactAge => {
            let age = figures
                .oldest_enqueued
                .map_or(0.0, |enqueued| (queue.now() - enqueued).max(0.0));
            Some(if grouped {
                age.floor()
            } else {
                (age * 1000.0).round()
            })
        }
        Metric::EstimatedWaitTime => {
            // Parsing allowed it only grouped by queue and channel: one of each per cell.
            let (&[queue_ref], &[channel]) = (cell.queues.as_slice(), cell.channels.as_slice())
            else {
                return None;
            };
            let wait = queue.new_contact_wait(queue_ref, channel);
            wait.is_finite().then(|| wait.round())
        }
    }
}

#[cfg(test)]
mod tests;
