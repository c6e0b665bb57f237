//! waitline's proxy: serves one contact's queue metrics to the browser that was given that
//! contact, so browsers never hold AWS credentials.

pub mod config;
pub mod error;
mod routes;
pub mod simulator;
pub mod source;
pub mod token;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::routing::{get, post};
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

use crate::simulator::Simulator;
use crate::source::MetricsSource;
use crate::token::TokenKey;

/// Everything the handlers share. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    pub source: MetricsSource,
    pub tokens: TokenKey,
    /// Present in simulator mode: enables the demo routes.
    pub simulator: Option<Arc<Simulator>>,
    /// Lifetime of tokens the demo route mints.
    pub demo_token_ttl: Duration,
    /// The demo page (`www/`).
    pub www_dir: Option<PathBuf>,
    /// The built npm package (`dist/`), served under `/waitline/`.
    pub package_dir: Option<PathBuf>,
}

impl AppState {
    /// A simulator-backed state with no static files: what tests and embedders start from.
    pub fn simulated(simulator: Arc<Simulator>, tokens: TokenKey) -> Self {
        Self {
            source: MetricsSource::Simulator(Arc::clone(&simulator)),
            tokens,
            simulator: Some(simulator),
            demo_token_ttl: Duration::from_secs(3600),
            www_dir: None,
            package_dir: None,
        }
    }
}

pub fn app(state: AppState) -> Router {
    let mut router = Router::new()
        .route(
            "/v1/contacts/{contact_id}/metrics",
            get(routes::metrics::get_metrics),
        )
        .route("/v1/demo/contacts", post(routes::demo::create_contact))
        .route("/healthz", get(routes::health::healthz));
    if let Some(dir) = &state.package_dir {
        router = router.nest_service("/waitline", ServeDir::new(dir));
    }
    if let Some(dir) = &state.www_dir {
        router = router.fallback_service(ServeDir::new(dir));
    }
    router.layer(TraceLayer::new_for_http()).with_state(state)
}

/// Seconds since the Unix epoch; a clock before 1970 reads as 0, which expires every token.
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
