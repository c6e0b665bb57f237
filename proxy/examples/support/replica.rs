//! The store of one of several replicas run in one benchmark process. Included by path by each
//! benchmark (`#[path]`), which cargo builds as separate examples.

use waitline_proxy::budget::operations::Operation;
use waitline_proxy::budget::{BudgetConfig, bucket_params};
use waitline_proxy::store::{SharedStore, Store};

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
