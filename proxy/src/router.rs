//! The routes and the layers around them. What the router is built with ([`RouterConfig`]) is
//! fixed for its life; what a request needs is in the [`AppState`].

use std::path::PathBuf;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::header::{
    AGE, AUTHORIZATION, CONTENT_TYPE, REFERRER_POLICY, RETRY_AFTER, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue, Method};
use axum::routing::{get, post};
use axum::{Router, middleware};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use waitline_core::settings::{DEFAULT_CALLBACK_ENDPOINT, DEFAULT_ENDPOINT};

use crate::AppState;
use crate::clients::limit_clients;
use crate::request_limits::{RequestLimits, bound_requests};
use crate::routes;

/// A request still unanswered after this gets 503; the widget's own timeout is 8 s.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Longest pause while a handler reads a request body unless configured
/// (`--body-read-timeout`).
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest body any route takes: a chat's first message and attributes.
const MAX_BODY_BYTES: usize = routes::chats::MAX_BODY_BYTES;

/// What the public router is built with.
#[derive(Debug, Clone)]
pub struct RouterConfig {
    /// The demo page (`www/`), served at `/`.
    pub www_dir: Option<PathBuf>,
    /// The built npm package (`dist/`), served under `/waitline/`.
    pub package_dir: Option<PathBuf>,
    /// Origins allowed to call the API from another origin (CORS). Empty: same origin only.
    pub cors_origins: Vec<HeaderValue>,
    /// Longest pause while a handler reads a request body.
    pub body_read_timeout: Duration,
    /// A request still unanswered after this gets 503.
    pub request_timeout: Duration,
}

impl Default for RouterConfig {
    /// No static files, same origin only.
    fn default() -> Self {
        Self {
            www_dir: None,
            package_dir: None,
            cors_origins: Vec::new(),
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
        }
    }
}

/// The public API with [`RouterConfig::default`]: no static files, same origin only.
pub fn app(state: AppState) -> Router {
    router(state, &RouterConfig::default())
}

/// The public API, the demo page and the widget package.
pub fn router(state: AppState, config: &RouterConfig) -> Router {
    let api = Router::new()
        // The routes the widget calls unless told otherwise: core's, so the two cannot part.
        .route(DEFAULT_ENDPOINT, get(routes::metrics::get_metrics))
        .route(
            DEFAULT_CALLBACK_ENDPOINT,
            post(routes::callback::request_callback)
                .layer(DefaultBodyLimit::max(routes::callback::MAX_BODY_BYTES))
                .get(routes::callback::callback_status),
        )
        .route(
            "/v1/chats",
            post(routes::chats::start_chat)
                .layer(DefaultBodyLimit::max(routes::chats::MAX_BODY_BYTES)),
        )
        .route("/v1/queues", get(routes::queues::get_queues))
        .route("/v1/demo/contacts", post(routes::demo::create_contact))
        .route("/v1/demo/chat", get(routes::demo::chat_config))
        .route("/healthz", get(routes::health::liveness))
        .route("/openapi.json", get(routes::openapi::openapi))
        .route_layer(middleware::from_fn_with_state(
            state.client_limits.clone(),
            limit_clients,
        ));
    // EventBridge's, authenticated by its secret: not one of the clients the limits share out.
    let mut router = api.route("/v1/events", post(routes::events::receive));
    if let Some(dir) = &config.package_dir {
        router = router.nest_service("/waitline", ServeDir::new(dir));
    }
    if let Some(dir) = &config.www_dir {
        router = router.fallback_service(ServeDir::new(dir));
    }
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(config.cors_origins.clone()))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([AUTHORIZATION, CONTENT_TYPE])
        .expose_headers([
            AGE,
            RETRY_AFTER,
            HeaderName::from_static("x-amzn-errortype"),
        ])
        .max_age(Duration::from_secs(600));
    let limits = RequestLimits {
        max_body_bytes: MAX_BODY_BYTES,
        body_read_timeout: config.body_read_timeout,
        timeout: config.request_timeout,
    };
    // Layers listed inside out. Whatever answers (a handler, the limits, the client limiter,
    // CORS itself) answers inside the header layers, so every status carries the same headers.
    router
        .layer(middleware::from_fn_with_state(limits, bound_requests))
        .layer(cors)
        // Browsers must not sniff JSON into something else, nor leak the contact in a Referer.
        .layer(SetResponseHeaderLayer::if_not_present(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The operator's routes, on a listener of their own (`--metrics-listen`), never the public
/// one: `/metrics` (Prometheus) says how many callbacks were made and how the store is doing,
/// and `/healthz` here says it too.
pub fn operator_app(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(routes::telemetry::prometheus))
        .route("/healthz", get(routes::health::healthz))
        .layer(SetResponseHeaderLayer::if_not_present(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .with_state(state)
}
