//! One of several replicas run in one benchmark process, and its store. Included by path by each
//! benchmark (`#[path]`), which cargo builds as separate examples.

use waitline_proxy::budget::operations::Operation;
use waitline_proxy::budget::{BudgetConfig, bucket_params};
use waitline_proxy::source::ConnectClient;
use waitline_proxy::store::{SharedStore, Store};
use waitline_proxy::token::TokenKey;
use waitline_proxy::{AppState, Backend, StateConfig};
use waitline_simulator::connect::SIMULATED_INSTANCE_ID;

/// One of `replicas` replicas of the proxy against the Connect at `connect_url`, sharing the
/// store at `store_url` when there is one. No per-client limits: one process stands for every
/// customer's browser, which the limits would see as one client.
pub async fn state(
    connect_url: &str,
    key: &TokenKey,
    budget: BudgetConfig,
    store_url: Option<&str>,
    replicas: u32,
) -> Result<AppState, String> {
    Ok(AppState::build(
        Backend::amazon(ConnectClient::simulator(connect_url, SIMULATED_INSTANCE_ID)),
        StateConfig {
            store: store(store_url, &budget, replicas).await?,
            client_policy: None,
            ..StateConfig::new(key.clone(), budget)
        },
    ))
}

/// The shared store at `url` for one of `replicas` replicas, or the in-process store without
/// one. Each replica announces itself under an ID of its own, as separate processes do, so the
/// heartbeats count them all and each plans at its share of `budget`'s rate.
pub async fn store(
    url: Option<&str>,
    budget: &BudgetConfig,
    replicas: u32,
) -> Result<Store, String> {
    let Some(url) = url else {
        return Ok(Store::InProcess);
    };
    let shared = SharedStore::connect_as(
        &uuid::Uuid::new_v4().to_string(),
        url,
        bucket_params(budget.rate, budget.burst),
        Operation::all_buckets(),
        Some(replicas),
    )
    .await
    .map_err(|e| format!("{url}: {e}"))?;
    Ok(Store::Shared(shared))
}
