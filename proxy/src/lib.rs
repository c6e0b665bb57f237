//! waitline's proxy: serves one contact's queue metrics to the browser that was given that
//! contact, so browsers never hold AWS credentials.

pub mod budget;
pub mod callback;
pub mod chat;
pub mod clients;
pub mod clock;
pub mod config;
pub mod error;
pub mod events;
pub mod places;
pub mod request_limits;
pub mod routes;
pub mod server;
mod slots;
pub mod source;
pub mod stage;
pub mod store;
pub mod token;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

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
use waitline_simulator::connect::events::{DeliveryStats, EventDelivery, RunningDelivery};
use waitline_simulator::connect::{
    ConnectApi, Quota, RunningEndpoint, SIMULATED_INSTANCE_ID, Simulator,
};

use crate::budget::operations::OperationBudgets;
use crate::budget::{Budget, BudgetConfig};
use crate::callback::{CallbackConfig, Callbacks};
use crate::chat::{ChatConfig, Chats};
use crate::clients::{ClientLimits, ClientPolicy, limit_clients};
use crate::request_limits::{RequestLimits, bound_requests};
use crate::source::ConnectSource;
use crate::stage::Stages;
use crate::store::Store;
use crate::token::TokenKey;

/// Everything the handlers share. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Every `GetContactMetrics` call goes through here.
    pub budget: Budget,
    /// The account's budgets of Connect's other operations, one for everything that calls them.
    pub operations: Arc<OperationBudgets>,
    /// Where contacts without a position stand (`ContactStage`).
    pub stages: Stages,
    pub tokens: TokenKey,
    /// Present in simulator mode: enables the demo routes.
    pub simulator: Option<Arc<Simulator>>,
    /// "Call me back"; `None` turns the callback routes off (404).
    pub callbacks: Option<Callbacks>,
    /// `POST /v1/chats`: on in simulator mode, and with Amazon Connect when a chat flow is set.
    pub chats: Option<Chats>,
    /// Lifetime of tokens the demo route mints.
    pub demo_token_ttl: Duration,
    /// The demo page (`www/`).
    pub www_dir: Option<PathBuf>,
    /// The built npm package (`dist/`), served under `/waitline/`.
    pub package_dir: Option<PathBuf>,
    /// Origins allowed to call the API from another origin (CORS). Empty: same origin only.
    pub cors_origins: Vec<HeaderValue>,
    /// What one client may spend (requests, new contacts, shares of Connect's operations);
    /// `None` turns the limits off (a load generator standing for many browsers).
    pub client_limits: Option<ClientLimits>,
    /// A request still unanswered after this gets 503; the widget's own timeout is 8 s.
    pub request_timeout: Duration,
    /// Longest pause while a handler reads a request body.
    pub body_read_timeout: Duration,
    /// Answers as streams (Server-Sent Events) to whoever asks; `None` where a stream cannot
    /// be held (AWS Lambda buffers answers): a poll's answer instead.
    pub streams: Option<routes::stream::Streams>,
    /// `POST /v1/events` (Connect's contact events through EventBridge); `None`: 404.
    pub events: Option<routes::events::EventsConfig>,
    /// The simulated Connect endpoint the budget calls, kept serving while the app lives.
    simulated_connect: Option<Arc<RunningEndpoint>>,
    /// The simulator's contact events, heard in process while the app lives.
    simulated_events: Option<Arc<RunningDelivery>>,
}

impl AppState {
    /// Serves metrics from `source` (Amazon Connect). Starts the budget's refresher, so it must
    /// run inside a Tokio runtime.
    pub fn new(source: ConnectSource, tokens: TokenKey, budget: BudgetConfig) -> Self {
        Self::on_clock(source, tokens, budget, clock::wall_clock())
    }

    /// The same, with Connect's time read on `clock` (the simulator's, in simulator mode).
    pub fn on_clock(
        source: ConnectSource,
        tokens: TokenKey,
        budget: BudgetConfig,
        clock: clock::ConnectClock,
    ) -> Self {
        let operations = Arc::new(OperationBudgets::new(
            budget.rate,
            budget.burst,
            budget::now(),
        ));
        Self {
            stages: Stages::new(source.clone(), Arc::clone(&operations)),
            budget: Budget::placing(
                source,
                budget,
                Store::InProcess,
                clock,
                Arc::clone(&operations),
            ),
            operations,
            tokens,
            simulator: None,
            callbacks: None,
            chats: None,
            demo_token_ttl: Duration::from_secs(3600),
            www_dir: None,
            package_dir: None,
            cors_origins: Vec::new(),
            client_limits: Some(ClientLimits::new(ClientPolicy {
                connect_rate: budget.rate,
                ..ClientPolicy::default()
            })),
            request_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(10),
            streams: Some(routes::stream::Streams::new(DEFAULT_MAX_STREAMS)),
            events: None,
            simulated_connect: None,
            simulated_events: None,
        }
    }

    /// Serves metrics from `simulator` through its Connect endpoint, already listening, and the
    /// AWS SDK: the path production takes to AWS. Enables the demo routes, and callbacks into
    /// the simulated callback flow, scheduled on the simulator's clock.
    pub fn with_simulator(
        simulator: Arc<Simulator>,
        endpoint: RunningEndpoint,
        tokens: TokenKey,
        budget: BudgetConfig,
    ) -> Self {
        let source = ConnectSource::simulator(&endpoint.url, SIMULATED_INSTANCE_ID);
        let clock: clock::ConnectClock = {
            let simulator = Arc::clone(&simulator);
            Arc::new(move || simulator.unix_now())
        };
        let state = Self::on_clock(source.clone(), tokens, budget, Arc::clone(&clock));
        let callbacks = Callbacks::new(
            source.clone(),
            CallbackConfig::simulated(),
            clock,
            Arc::clone(&state.operations),
        );
        let chats = Chats::new(
            source,
            ChatConfig::simulated(),
            Arc::clone(&state.operations),
        );
        Self {
            simulator: Some(simulator),
            callbacks: Some(callbacks),
            chats: Some(chats),
            simulated_connect: Some(Arc::new(endpoint)),
            ..state
        }
    }

    /// A simulator-backed state with no static files, its Connect endpoint on a free loopback
    /// port with a quota equal to the budget: what tests and embedders start from.
    pub async fn simulated(
        simulator: Arc<Simulator>,
        tokens: TokenKey,
        budget: BudgetConfig,
    ) -> std::io::Result<Self> {
        let quota = Quota {
            rate: budget.rate,
            burst: budget.burst,
        };
        let endpoint = ConnectApi::new(Arc::clone(&simulator), SIMULATED_INSTANCE_ID, quota)
            .spawn_on_loopback()
            .await?;
        Ok(Self::with_simulator(simulator, endpoint, tokens, budget))
    }

    /// The same state spending Connect's budgets through `store`, shared with other replicas.
    /// Callbacks start with nothing created.
    #[must_use]
    pub fn with_store(self, store: Store) -> Self {
        let config = self.budget.config();
        let operations = Arc::new(
            OperationBudgets::new(config.rate, config.burst, budget::now())
                .with_store(store.clone()),
        );
        Self {
            budget: self.budget.sharing(store, Arc::clone(&operations)),
            callbacks: self
                .callbacks
                .map(|c| c.with_operations(Arc::clone(&operations))),
            chats: self
                .chats
                .map(|c| c.with_operations(Arc::clone(&operations))),
            stages: Stages::new(self.budget.source().clone(), Arc::clone(&operations)),
            operations,
            ..self
        }
    }

    /// Where the shared state lives, and how it is doing.
    pub fn store(&self) -> &Store {
        self.budget.store()
    }

    /// What a contact event says, told to the places.
    pub fn learned(&self, learned: &events::Learned) {
        let delay = self
            .events
            .as_ref()
            .map_or(Duration::ZERO, |events| events.connect_delay);
        self.budget.learned(learned, delay);
    }

    /// In simulator mode, the simulator's contact events told to the places as they happen,
    /// read from the same JSON an EventBridge API destination would POST. The simulator
    /// connects an inbound contact the moment it leaves its queue: no delay to allow for.
    #[must_use]
    pub fn hearing_simulated_events(self) -> Self {
        let Some(simulator) = &self.simulator else {
            return self;
        };
        let budget = self.budget.clone();
        let delivery = EventDelivery::new(Arc::clone(simulator), SIMULATED_INSTANCE_ID)
            .sink(move |envelope| {
                let Ok(body) = serde_json::to_vec(envelope) else {
                    return;
                };
                match events::read(&body, SIMULATED_INSTANCE_ID) {
                    Ok(learned) => budget.learned(&learned, Duration::ZERO),
                    Err(error) => tracing::warn!(%error, "a simulated contact event unread"),
                }
            })
            .spawn();
        Self {
            simulated_events: Some(Arc::new(delivery)),
            ..self
        }
    }

    /// What the simulator's in-process event delivery has done, while it runs.
    pub fn simulated_event_stats(&self) -> Option<DeliveryStats> {
        self.simulated_events.as_deref().map(RunningDelivery::stats)
    }

    /// Where the simulated Connect endpoint listens, in simulator mode.
    pub fn simulated_connect_url(&self) -> Option<&str> {
        self.simulated_connect.as_deref().map(|e| e.url.as_str())
    }
}

pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route(
            "/v1/contacts/{contact_id}/metrics",
            get(routes::metrics::get_metrics),
        )
        .route(
            "/v1/contacts/{contact_id}/callback",
            post(routes::callback::request_callback)
                .layer(DefaultBodyLimit::max(routes::callback::MAX_BODY_BYTES))
                .get(routes::callback::callback_status),
        )
        .route(
            "/v1/chats",
            post(routes::chats::start_chat)
                .layer(DefaultBodyLimit::max(routes::chats::MAX_BODY_BYTES)),
        )
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
    if let Some(dir) = &state.package_dir {
        router = router.nest_service("/waitline", ServeDir::new(dir));
    }
    if let Some(dir) = &state.www_dir {
        router = router.fallback_service(ServeDir::new(dir));
    }
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(state.cors_origins.clone()))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([AUTHORIZATION, CONTENT_TYPE])
        .expose_headers([
            AGE,
            RETRY_AFTER,
            HeaderName::from_static("x-amzn-errortype"),
        ])
        .max_age(Duration::from_secs(600));
    let limits = RequestLimits {
        // The largest body any route takes: a chat's first message and attributes.
        max_body_bytes: MAX_BODY_BYTES,
        body_read_timeout: state.body_read_timeout,
        timeout: state.request_timeout,
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

/// Streams one process holds at once unless configured (`--max-streams`): half the connections.
pub const DEFAULT_MAX_STREAMS: usize = 5_000;

const MAX_BODY_BYTES: usize = routes::chats::MAX_BODY_BYTES;

/// The operator's routes, on a listener of their own (`--metrics-listen`), never the public
/// one: `/metrics` (Prometheus) says how many callbacks were made and how the store is doing,
/// and `/healthz` here says it too.
pub fn operator_app(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(routes::health::prometheus))
        .route("/healthz", get(routes::health::healthz))
        .layer(SetResponseHeaderLayer::if_not_present(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .with_state(state)
}

/// Seconds since the Unix epoch; a clock before 1970 reads as 0, which expires every token.
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
