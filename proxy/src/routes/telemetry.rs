//! The operator's telemetry: the proxy's counters for Prometheus (`/metrics`, a name Prometheus
//! expects; not a contact's metrics, which `routes::metrics` serves).

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::registry::Registry;

use std::sync::atomic::{AtomicU64, Ordering};

use crate::AppState;
use crate::budget::BudgetStats;
use crate::error::ApiError;
use crate::routes::stream::Streams;
use crate::store::{StoreHealth, replica_id};

/// The OpenMetrics text format prometheus-client writes (Prometheus scrapes it, and negotiates
/// it); the crate documents it in its examples but exports no constant for it.
pub const OPENMETRICS_CONTENT_TYPE: &str =
    "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// `/metrics`: the proxy's counters in the OpenMetrics text format, written by prometheus-client.
///
/// The counters live where they are counted (the budget's state, the callbacks, the store's
/// health), so each scrape reads them through a [`Collector`] rather than mirroring every one
/// into a long-lived registry; the data age histogram is the library's own `Histogram`, which
/// the budget observes into.
pub async fn prometheus(State(state): State<AppState>) -> Response {
    let mut registry = Registry::default();
    registry.register(
        "waitline_served_data_age_seconds",
        "Age of the data in each answer",
        state.budget.served_age(),
    );
    registry.register_collector(Box::new(Scrape {
        stats: state.budget.stats(),
        callbacks_created: state
            .callbacks
            .as_ref()
            .map_or(0, |callbacks| callbacks.created_total()),
        store: state.store().shared().map(|shared| shared.health()),
        streams_open: state.streams.as_ref().map_or(0, Streams::open),
        events: state.events.as_ref().map(|events| {
            let read = |count: &AtomicU64| count.load(Ordering::Relaxed);
            [
                read(&events.counts.departures),
                read(&events.counts.ignored),
                read(&events.counts.refused),
            ]
        }),
    }));
    let mut body = String::new();
    if let Err(error) = encode(&mut body, &registry) {
        // Writing to a String fails only if an encoder refuses a value.
        return ApiError::Internal(format!("/metrics: {error}")).into_response();
    }
    ([(CONTENT_TYPE, OPENMETRICS_CONTENT_TYPE)], body).into_response()
}

/// One scrape's reading of the counters.
#[derive(Debug)]
struct Scrape {
    stats: BudgetStats,
    callbacks_created: u64,
    store: Option<StoreHealth>,
    streams_open: usize,
    /// Contact events received: departures, ignored, refused (`None`: the route is off).
    events: Option<[u64; 3]>,
}

/// A counter, named without its `_total` suffix: OpenMetrics puts the name so in `# TYPE` and
/// the encoder appends `_total` to the sample, which keeps the sample names the proxy always had.
fn counter(
    encoder: &mut DescriptorEncoder,
    name: &str,
    help: &str,
    value: u64,
    labels: Option<&[(&str, &str)]>,
) -> std::fmt::Result {
    let counter = ConstCounter::new(value);
    let mut metric = encoder.encode_descriptor(name, help, None, counter.metric_type())?;
    match labels {
        Some(labels) => counter.encode(metric.encode_family(&labels)?),
        None => counter.encode(metric),
    }
}

fn gauge(encoder: &mut DescriptorEncoder, name: &str, help: &str, value: i64) -> std::fmt::Result {
    let gauge = ConstGauge::new(value);
    gauge.encode(encoder.encode_descriptor(name, help, None, gauge.metric_type())?)
}

impl Collector for Scrape {
    fn encode(&self, mut encoder: DescriptorEncoder) -> std::fmt::Result {
        let stats = &self.stats;
        // The account's calls are counted per replica: summed over replicas, they are what
        // Connect saw.
        let replica = [("replica", replica_id())];
        let e = &mut encoder;
        counter(
            e,
            "waitline_connect_calls",
            "GetContactMetrics calls made to Connect",
            stats.connect_calls,
            Some(&replica[..]),
        )?;
        counter(
            e,
            "waitline_connect_throttles",
            "ThrottlingException answers from Connect",
            stats.connect_throttles,
            Some(&replica[..]),
        )?;
        counter(
            e,
            "waitline_cache_hits",
            "Requests answered from fresh cache",
            stats.cache_hits,
            None,
        )?;
        counter(
            e,
            "waitline_cache_misses",
            "Requests that needed a refresh",
            stats.cache_misses,
            None,
        )?;
        gauge(
            e,
            "waitline_tracked_contacts",
            "Contacts browsers are polling",
            i64::try_from(stats.tracked_contacts).unwrap_or(i64::MAX),
        )?;
        counter(
            e,
            "waitline_refresher_wakeups",
            "Times the Connect budget's refresher woke to look for work",
            stats.refresher_wakeups,
            None,
        )?;
        counter(
            e,
            "waitline_callbacks_created",
            "Callbacks created in Connect (StartTaskContact) by this process",
            self.callbacks_created,
            None,
        )?;
        counter(
            e,
            "waitline_shared_cache_hits",
            "Refreshes answered by another replica's Connect call through the shared store",
            stats.shared_cache_hits,
            None,
        )?;
        let store = self.store;
        gauge(
            e,
            "waitline_store_degraded",
            "1 while the shared store is unreachable and this replica runs on its share of the budget",
            store.map_or(0, |h| i64::from(h.degraded)),
        )?;
        counter(
            e,
            "waitline_store_errors",
            "Shared store calls that failed or timed out",
            store.map_or(0, |h| h.errors),
            None,
        )?;
        gauge(
            e,
            "waitline_streams_open",
            "Answers held open as streams (Server-Sent Events) by this replica",
            i64::try_from(self.streams_open).unwrap_or(i64::MAX),
        )?;
        if let Some([departures, ignored, refused]) = self.events {
            // One family, a sample per outcome.
            let mut family = e.encode_descriptor(
                "waitline_contact_events",
                "Contact events received on /v1/events, by what they told",
                None,
                ConstCounter::new(0u64).metric_type(),
            )?;
            for (outcome, count) in [
                ("departure", departures),
                ("ignored", ignored),
                ("refused", refused),
            ] {
                ConstCounter::new(count).encode(family.encode_family(&[("outcome", outcome)])?)?;
            }
        }
        gauge(
            e,
            "waitline_store_replicas",
            "Replicas seen through the shared store's heartbeats, this one included",
            store.map_or(0, |h| i64::from(h.replicas_seen)),
        )
    }
}
