//! `GetCurrentMetricData` over the router: its refusals, in Connect's shape, and its pages.
//! The figures themselves are read through AWS's SDK in `tests/current_metrics_sdk.rs`.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::connect::models::{ContactCenter, SALES_QUEUE_ID, SUPPORT_QUEUE_ID};
use crate::connect::{ConnectApi, QueueConfig, Quota, SIMULATED_INSTANCE_ID, Simulator};

fn api() -> ConnectApi {
    let simulator = Arc::new(Simulator::new(
        QueueConfig {
            center: Some(Arc::new(ContactCenter::sales_support_callback(1, 1, 0))),
            arrivals_per_minute: 0.0,
            initial_queue: 0,
            ..QueueConfig::default()
        },
        1.0,
    ));
    ConnectApi::new(simulator, SIMULATED_INSTANCE_ID, Quota::default())
}

/// [`api`] with room for as many calls as a test makes.
fn unthrottled() -> ConnectApi {
    let api = api();
    let plenty = Quota {
        rate: 1_000.0,
        burst: 1_000,
    };
    api.set_operation_quota("GetCurrentMetricData", plenty);
    api
}

async fn post(api: &ConnectApi, body: &Value) -> (StatusCode, Value) {
    let path = format!("/metrics/current/{SIMULATED_INSTANCE_ID}");
    super::super::test_wire::send(api, Request::post(path), true, body).await
}

fn ask(metrics: &[(&str, &str)]) -> Value {
    json!({
        "Filters": { "Queues": [SALES_QUEUE_ID, SUPPORT_QUEUE_ID], "Channels": ["VOICE", "CHAT"] },
        "Groupings": ["QUEUE", "CHANNEL"],
        "CurrentMetrics": metrics
            .iter()
            .map(|(name, unit)| json!({ "Name": name, "Unit": unit }))
            .collect::<Vec<_>>(),
    })
}

#[tokio::test]
async fn malformed_requests_are_refused_as_connect_refuses_them() {
    let api = unthrottled();
    let valid = ask(&[("CONTACTS_IN_QUEUE", "COUNT")]);
    let with = |path: &str, value: Value| {
        let mut body = valid.clone();
        let mut at = &mut body;
        let parts: Vec<&str> = path.split('/').collect();
        for part in &parts[..parts.len() - 1] {
            at = &mut at[*part];
        }
        at[parts[parts.len() - 1]] = value;
        body
    };
    let other_instance = format!(
        "arn:aws:connect:us-east-1:000000000000:instance/00000000-0000-4000-8000-0000000000ff/queue/{SALES_QUEUE_ID}"
    );
    let mut ewt_grouped_by_queue_only = ask(&[("ESTIMATED_WAIT_TIME", "SECONDS")]);
    ewt_grouped_by_queue_only["Groupings"] = json!(["QUEUE"]);
    let mut ewt_without_channels = ask(&[("ESTIMATED_WAIT_TIME", "SECONDS")]);
    ewt_without_channels["Filters"] = json!({ "Queues": [SALES_QUEUE_ID] });
    let cases = [
        (json!([]), "InvalidRequestException"),
        (json!({ "CurrentMetrics": [] }), "InvalidParameterException"),
        (
            with("Filters/Queues", json!([])),
            "InvalidParameterException",
        ),
        (
            with("Filters/Queues", json!(vec![SALES_QUEUE_ID; 101])),
            "InvalidParameterException",
        ),
        (
            with("Filters/Queues", json!(["sales"])),
            "InvalidParameterException",
        ),
        (
            with(
                "Filters/Queues",
                json!(["00000000-0000-4000-8000-0000000000ee"]),
            ),
            "ResourceNotFoundException",
        ),
        (
            with("Filters/Queues", json!([other_instance])),
            "ResourceNotFoundException",
        ),
        (
            with("Filters/Channels", json!(["EMAIL"])),
            "InvalidParameterException",
        ),
        (
            with("Filters/RoutingProfiles", json!(["p"])),
            "InvalidParameterException",
        ),
        (
            with("Groupings", json!(["QUEUE", "CHANNEL", "QUEUE"])),
            "InvalidParameterException",
        ),
        (
            with("Groupings", json!(["ROUTING_PROFILE"])),
            "InvalidParameterException",
        ),
        (
            with("Groupings", json!(["CHANNEL", "CHANNEL"])),
            "InvalidParameterException",
        ),
        (
            with("CurrentMetrics", json!([])),
            "InvalidParameterException",
        ),
        (
            with(
                "CurrentMetrics",
                json!([{ "Name": "SLOTS_ACTIVE", "Unit": "COUNT" }]),
            ),
            "InvalidParameterException",
        ),
        (
            with(
                "CurrentMetrics",
                json!([{ "Name": "CONTACTS_IN_QUEUE", "Unit": "SECONDS" }]),
            ),
            "InvalidParameterException",
        ),
        (
            ask(&[
                ("ESTIMATED_WAIT_TIME", "SECONDS"),
                ("CONTACTS_IN_QUEUE", "COUNT"),
            ]),
            "InvalidParameterException",
        ),
        (ewt_grouped_by_queue_only, "InvalidParameterException"),
        (ewt_without_channels, "InvalidParameterException"),
        (with("MaxResults", json!(0)), "InvalidParameterException"),
        (with("MaxResults", json!(101)), "InvalidParameterException"),
        (
            with("NextToken", json!("3.0000000000000000")),
            "InvalidParameterException",
        ),
        (
            with(
                "SortCriteria",
                json!([{ "SortByMetric": "AGENTS_ONLINE", "SortOrder": "ASCENDING" }]),
            ),
            "InvalidParameterException",
        ),
    ];
    for (body, expected) in cases {
        let (status, answer) = post(&api, &body).await;
        assert_eq!(answer["__type"], expected, "{body}: {answer}");
        assert_ne!(status, StatusCode::OK);
    }
    let (status, answer) = post(&api, &valid).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

#[tokio::test]
async fn ungrouped_the_figures_cover_every_queue_and_channel_asked() {
    let api = api();
    let mut body = ask(&[("CONTACTS_IN_QUEUE", "COUNT"), ("AGENTS_ONLINE", "COUNT")]);
    body.as_object_mut().unwrap().remove("Groupings");
    let (status, answer) = post(&api, &body).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["ApproximateTotalCount"], 1);
    let result = &answer["MetricResults"][0];
    assert_eq!(result.get("Dimensions"), None);
    assert_eq!(
        result["Collections"],
        json!([
            { "Metric": { "Name": "CONTACTS_IN_QUEUE", "Unit": "COUNT" }, "Value": 0.0 },
            { "Metric": { "Name": "AGENTS_ONLINE", "Unit": "COUNT" }, "Value": 2.0 },
        ])
    );
}

#[tokio::test]
async fn pages_follow_their_tokens_and_cover_every_result_once() {
    let api = unthrottled();
    let mut body = ask(&[("CONTACTS_IN_QUEUE", "COUNT")]);
    body["MaxResults"] = json!(3);
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let (status, answer) = post(&api, &body).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(answer["ApproximateTotalCount"], 4);
        pages += 1;
        for result in answer["MetricResults"].as_array().unwrap() {
            seen.push(result["Dimensions"].clone());
        }
        match answer.get("NextToken") {
            Some(token) => body["NextToken"] = token.clone(),
            None => break,
        }
    }
    assert_eq!(pages, 2);
    assert_eq!(seen.len(), 4);
    let mut distinct = seen.iter().map(Value::to_string).collect::<Vec<_>>();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 4);
    // A token belongs to its request.
    body["MaxResults"] = json!(2);
    let (_, answer) = post(&api, &body).await;
    assert_eq!(answer["__type"], "InvalidParameterException");
}

#[tokio::test]
async fn its_quota_is_its_own_five_a_second_with_a_burst_of_eight() {
    let api = api();
    let body = ask(&[("CONTACTS_IN_QUEUE", "COUNT")]);
    let mut statuses = Vec::new();
    for _ in 0..9 {
        statuses.push(post(&api, &body).await.0);
    }
    let granted = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(granted, 8, "{statuses:?}");
    assert_eq!(statuses[8], StatusCode::TOO_MANY_REQUESTS);
    // Another operation's bucket is untouched.
    let describe = Request::get(format!(
        "/contacts/{SIMULATED_INSTANCE_ID}/00000000-0000-4000-8000-00000000abcd"
    ))
    .header("authorization", "AWS4-HMAC-SHA256 Credential=x")
    .body(Body::empty())
    .unwrap();
    let response = api.router().oneshot(describe).await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // And it can be set.
    api.set_operation_quota(
        "GetCurrentMetricData",
        Quota {
            rate: 0.01,
            burst: 1,
        },
    );
    assert_eq!(post(&api, &body).await.0, StatusCode::OK);
    assert_eq!(post(&api, &body).await.0, StatusCode::TOO_MANY_REQUESTS);
}
