//! The simulator as Amazon Connect: the official AWS SDK, pointed at it, gets Connect's answers
//! and Connect's typed errors; and the proxy, which reaches it through that SDK, holds the
//! account's quota and slows down when Connect throttles it.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_connect::Client;
use aws_sdk_connect::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_connect::operation::get_contact_metrics::GetContactMetricsError;
use aws_sdk_connect::types::{ContactMetricInfo, ContactMetricName, ContactMetricValue};
use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode};
use http_body_util::Full;
use tower::ServiceExt;
use waitline_proxy::budget::BudgetConfig;
use waitline_proxy::source::{ConnectClient, SourceError};
use waitline_proxy::token::TokenKey;
use waitline_proxy::{AppState, app, unix_now};
use waitline_simulator::connect::{Quota, SIMULATED_INSTANCE_ID};

mod support;
use support::http::{self, Answer};
use support::{SimulatedConnect, still_queue};

/// An SDK client configured the way any AWS user would point one at another endpoint.
fn client(url: &str) -> Client {
    let config = aws_sdk_connect::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .endpoint_url(url)
        .region(Region::from_static("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "secret",
            None,
            None,
            "test",
        ))
        .retry_config(aws_sdk_connect::config::retry::RetryConfig::disabled())
        .build();
    Client::from_conf(config)
}

fn metric(name: ContactMetricName) -> ContactMetricInfo {
    ContactMetricInfo::builder().name(name).build().unwrap()
}

async fn get(
    client: &Client,
    instance: &str,
    contact: &str,
    names: &[ContactMetricName],
) -> Result<
    aws_sdk_connect::operation::get_contact_metrics::GetContactMetricsOutput,
    GetContactMetricsError,
> {
    let mut request = client
        .get_contact_metrics()
        .instance_id(instance)
        .contact_id(contact);
    for name in names {
        request = request.metrics(metric(name.clone()));
    }
    request.send().await.map_err(|e| e.into_service_error())
}

const BOTH: [ContactMetricName; 2] = [
    ContactMetricName::PositionInQueue,
    ContactMetricName::EstimatedWaitTime,
];

#[tokio::test]
async fn the_sdk_reads_position_and_wait_from_the_simulator() {
    let sim = still_queue(0);
    let first = sim.join();
    let second = sim.join();
    let SimulatedConnect { api: _, running } =
        SimulatedConnect::start(&sim, Quota::default()).await;
    let client = client(&running.url);

    let output = get(&client, SIMULATED_INSTANCE_ID, &second, &BOTH)
        .await
        .unwrap();
    assert_eq!(output.id(), Some(second.as_str()));
    assert!(
        output
            .arn()
            .unwrap()
            .ends_with(&format!("/contact/{second}"))
    );
    let values: Vec<(ContactMetricName, f64)> = output
        .metric_results()
        .iter()
        .map(|r| match r.value() {
            Some(ContactMetricValue::Number(n)) => (r.name().clone(), *n),
            other => panic!("not a number: {other:?}"),
        })
        .collect();
    assert_eq!(values[0], (ContactMetricName::PositionInQueue, 2.0));
    assert_eq!(values[1].0, ContactMetricName::EstimatedWaitTime);
    assert!(values[1].1 > 0.0);

    // Only what was asked for; and the contact's ARN and the instance's ARN work as IDs too.
    let arn = output.arn().unwrap().to_owned();
    let instance_arn = arn.split("/contact/").next().unwrap().to_owned();
    let output = get(
        &client,
        &instance_arn,
        &arn,
        &[ContactMetricName::PositionInQueue],
    )
    .await
    .unwrap();
    assert_eq!(output.metric_results().len(), 1);
    assert_eq!(
        output.metric_results()[0].value(),
        Some(&ContactMetricValue::Number(2.0))
    );
    assert!(
        get(&client, SIMULATED_INSTANCE_ID, &first, &BOTH)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn the_sdk_gets_connects_typed_errors() {
    let sim = still_queue(0);
    let contact = sim.join();
    let SimulatedConnect { api: _, running } =
        SimulatedConnect::start(&sim, Quota::default()).await;
    let client = client(&running.url);
    let unknown = "11111111-2222-4333-8444-555555555555";

    let error = get(&client, SIMULATED_INSTANCE_ID, unknown, &BOTH)
        .await
        .unwrap_err();
    assert!(error.is_resource_not_found_exception(), "{error:?}");

    let error = get(&client, unknown, &contact, &BOTH).await.unwrap_err();
    assert!(error.is_resource_not_found_exception(), "{error:?}");

    let error = get(&client, SIMULATED_INSTANCE_ID, "not-a-contact", &BOTH)
        .await
        .unwrap_err();
    assert!(error.is_invalid_parameter_exception(), "{error:?}");

    let error = get(
        &client,
        SIMULATED_INSTANCE_ID,
        &contact,
        &[ContactMetricName::from("AGENT_SENTIMENT")],
    )
    .await
    .unwrap_err();
    assert!(error.is_invalid_parameter_exception(), "{error:?}");
}

#[tokio::test]
async fn beyond_the_quota_the_sdk_gets_a_throttling_exception() {
    let sim = still_queue(0);
    let contact = sim.join();
    let SimulatedConnect { api, running } = SimulatedConnect::start(
        &sim,
        Quota {
            rate: 0.5,
            burst: 2,
        },
    )
    .await;
    let client = client(&running.url);
    for _ in 0..2 {
        get(&client, SIMULATED_INSTANCE_ID, &contact, &BOTH)
            .await
            .unwrap();
    }
    let error = get(&client, SIMULATED_INSTANCE_ID, &contact, &BOTH)
        .await
        .unwrap_err();
    assert!(error.is_throttling_exception(), "{error:?}");
    assert_eq!(api.stats().throttled, 1);
    assert_eq!(api.stats().requests, 3);
}

#[tokio::test]
async fn the_proxys_source_classifies_what_connect_said() {
    let sim = still_queue(0);
    let contact = sim.join();
    let SimulatedConnect { api: _, running } = SimulatedConnect::start(
        &sim,
        Quota {
            rate: 0.5,
            burst: 3,
        },
    )
    .await;
    let source = ConnectClient::simulator(&running.url, SIMULATED_INSTANCE_ID);
    let metrics = source.contact_metrics(&contact).await.unwrap();
    assert_eq!(metrics.position(), Some(1));
    assert_eq!(
        source
            .contact_metrics("11111111-2222-4333-8444-555555555555")
            .await,
        Err(SourceError::NotFound)
    );
    assert_eq!(
        source.contact_metrics("bad").await,
        Err(SourceError::Invalid)
    );
    assert_eq!(
        source.contact_metrics(&contact).await,
        Err(SourceError::Throttled)
    );

    // Nothing listening: a transport failure, logged in full, sent to nobody.
    let address = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let gone = ConnectClient::simulator(&format!("http://{address}"), SIMULATED_INSTANCE_ID);
    assert!(matches!(
        gone.contact_metrics(&contact).await,
        Err(SourceError::Internal(_))
    ));
}

/// A POST of `body` to the simulated Connect's GetContactMetrics, as a client that is not an
/// AWS SDK would send it (unsigned, or with a made-up signature `authorization`).
async fn post(url: &str, authorization: Option<&str>, body: &str) -> Answer {
    let mut request = Request::post("/metrics/contact").header("content-type", "application/json");
    if let Some(authorization) = authorization {
        request = request.header("authorization", authorization);
    }
    let request = request
        .body(Full::new(Bytes::from(body.to_owned())))
        .unwrap();
    http::send(url.trim_start_matches("http://"), request).await
}

#[tokio::test]
async fn unsigned_or_malformed_requests_get_restjson1_errors() {
    let sim = still_queue(0);
    let SimulatedConnect { api: _, running } =
        SimulatedConnect::start(&sim, Quota::default()).await;
    let answer = post(&running.url, None, "{}").await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{answer:?}");
    assert_eq!(
        answer.header("x-amzn-errortype"),
        "MissingAuthenticationTokenException"
    );

    let signed = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=0";
    let answer = post(&running.url, Some(signed), "{not json").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{answer:?}");
    assert_eq!(answer.header("x-amzn-errortype"), "InvalidRequestException");
    assert!(!answer.header("x-amzn-requestid").is_empty(), "{answer:?}");

    let answer = post(
        &running.url,
        Some(signed),
        &format!(r#"{{"InstanceId":"{SIMULATED_INSTANCE_ID}","ContactId":"11111111-2222-4333-8444-555555555555","Metrics":[]}}"#),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{answer:?}");
    assert_eq!(
        answer.header("x-amzn-errortype"),
        "InvalidParameterException"
    );
}

#[tokio::test]
async fn when_connect_throttles_the_proxy_slows_down_and_serves_what_it_has() {
    // The proxy is told the account allows 20 calls/s; the account really allows 1/s.
    let sim = still_queue(0);
    let ids: Vec<String> = (0..20).map(|_| sim.join()).collect();
    let SimulatedConnect { api, running } = SimulatedConnect::start(
        &sim,
        Quota {
            rate: 1.0,
            burst: 5,
        },
    )
    .await;
    let key = TokenKey::new(b"sdk-test-secret-0123456789abcdefgh").unwrap();
    let budget = BudgetConfig {
        rate: 20.0,
        burst: 20,
        ..BudgetConfig::default()
    };
    let state = AppState::with_simulator(Arc::clone(&sim), running, key.clone(), budget);
    let router = app(state.clone());
    let mut statuses = Vec::new();
    for round in 0..3 {
        let requests = ids.iter().map(|id| {
            let request = Request::get(format!("/v1/contacts/{id}/metrics"))
                .header(
                    "authorization",
                    format!("Bearer {}", key.mint(id, unix_now() + 60)),
                )
                .body(Body::empty())
                .unwrap();
            router.clone().oneshot(request)
        });
        for response in spawn_all(requests).await {
            statuses.push(response.unwrap().status());
        }
        if round < 2 {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
    let stats = state.budget.stats();
    assert!(stats.connect_throttles >= 1, "{stats:?}");
    assert_eq!(api.stats().throttled, stats.connect_throttles);
    // A throttle is never a server error: the browser gets data or a 429 to retry later.
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    assert!(statuses.contains(&StatusCode::OK));
    // The limiter halved its rate at each throttle, so calls stopped well short of 20/s.
    assert!(
        stats.connect_calls < 40,
        "{} calls in about 3 s",
        stats.connect_calls
    );
}

/// All at once, each on its own task, as concurrent browsers would.
async fn spawn_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut outputs = Vec::new();
    for handle in handles {
        outputs.push(handle.await.unwrap());
    }
    outputs
}
