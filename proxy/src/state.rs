//! What the handlers share ([`AppState`]), built once from a [`Backend`] and a [`StateConfig`].
//! Building starts the state's background tasks; they stop when the last clone of the state is
//! dropped (each router holds one).

use std::sync::Arc;
use std::time::Duration;

use waitline_simulator::connect::events::{DeliveryStats, EventDelivery, RunningDelivery};
use waitline_simulator::connect::{
    ConnectApi, Quota, RunningEndpoint, SIMULATED_INSTANCE_ID, Simulator,
};

use crate::budget::operations::OperationBudgets;
use crate::budget::{self, Budget, BudgetConfig};
use crate::callback::{CallbackConfig, Callbacks};
use crate::chat::{ChatConfig, ChatStarter};
use crate::clients::{ClientLimits, ClientPolicy};
use crate::clock::{self, ConnectClock};
use crate::events;
use crate::queues::{Board, QueuesConfig};
use crate::routes::events::EventsConfig;
use crate::routes::stream::Streams;
use crate::source::ConnectClient;
use crate::stage::Stages;
use crate::store::Store;
use crate::tasks::TaskGuard;
use crate::token::TokenKey;

/// Streams one process holds at once unless configured (`--max-streams`): half the connections.
pub const DEFAULT_MAX_STREAMS: usize = 5_000;

/// The Connect the proxy serves from.
pub enum Backend {
    /// A Connect API at `client`'s endpoint (Amazon Connect, or a simulator elsewhere), its
    /// time read on `clock`.
    Connect {
        client: ConnectClient,
        clock: ConnectClock,
    },
    /// The embedded simulator, its Connect API served at `endpoint`, already listening, and
    /// reached through the AWS SDK as production reaches AWS. Turns the demo routes on.
    Simulated {
        simulator: Arc<Simulator>,
        endpoint: RunningEndpoint,
    },
}

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Connect { client, .. } => f
                .debug_struct("Connect")
                .field("client", client)
                .finish_non_exhaustive(),
            Self::Simulated { endpoint, .. } => f
                .debug_struct("Simulated")
                .field("endpoint", &endpoint.url)
                .finish_non_exhaustive(),
        }
    }
}

impl Backend {
    /// Amazon Connect through `client`, on the wall clock.
    pub fn amazon(client: ConnectClient) -> Self {
        Self::Connect {
            client,
            clock: clock::wall_clock(),
        }
    }
}

/// Everything the state is built from, besides its Connect.
#[derive(Debug, Clone)]
pub struct StateConfig {
    pub tokens: TokenKey,
    pub budget: BudgetConfig,
    /// Where Connect's budgets and cache live: in this process, or shared with other replicas.
    pub store: Store,
    /// "Call me back"; `None` turns the callback routes off (404).
    pub callbacks: Option<CallbackConfig>,
    /// `POST /v1/chats`; `None` turns it off (404).
    pub chats: Option<ChatConfig>,
    /// What one client may spend; `None` turns the limits off (a load generator standing for
    /// many browsers).
    pub client_policy: Option<ClientPolicy>,
    /// Answers held open as streams at once; `None` where a stream cannot be held (AWS Lambda
    /// buffers answers): a poll's answer instead.
    pub max_streams: Option<usize>,
    /// `POST /v1/events` (Connect's contact events through EventBridge); `None`: 404.
    pub events: Option<EventsConfig>,
    /// With the simulator, its contact events heard in process as they happen.
    pub hear_simulated_events: bool,
    /// Lifetime of tokens the demo route mints.
    pub demo_token_ttl: Duration,
    /// The lines `GET /v1/queues` offers; `None`: 404.
    pub queues: Option<QueuesConfig>,
}

impl StateConfig {
    /// Each contact's metrics and nothing else: no callbacks, chats or events; the default
    /// client limits and streams.
    pub fn new(tokens: TokenKey, budget: BudgetConfig) -> Self {
        Self {
            tokens,
            budget,
            store: Store::InProcess,
            callbacks: None,
            chats: None,
            client_policy: Some(ClientPolicy {
                connect_rate: budget.rate,
                ..ClientPolicy::default()
            }),
            max_streams: Some(DEFAULT_MAX_STREAMS),
            events: None,
            hear_simulated_events: false,
            demo_token_ttl: Duration::from_secs(crate::token::DEFAULT_TTL_SECONDS),
            queues: None,
        }
    }

    /// As [`Self::new`], with the simulator's callbacks and chats on.
    pub fn simulated(tokens: TokenKey, budget: BudgetConfig) -> Self {
        Self {
            callbacks: Some(CallbackConfig::simulated()),
            chats: Some(ChatConfig::simulated()),
            ..Self::new(tokens, budget)
        }
    }
}

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
    pub chats: Option<ChatStarter>,
    /// Lifetime of tokens the demo route mints.
    pub demo_token_ttl: Duration,
    /// What one client may spend (requests, new contacts, shares of Connect's operations);
    /// `None` turns the limits off.
    pub client_limits: Option<ClientLimits>,
    /// Answers as streams (Server-Sent Events) to whoever asks; `None`: a poll's answer.
    pub streams: Option<Streams>,
    /// `POST /v1/events` (Connect's contact events through EventBridge); `None`: 404.
    pub events: Option<EventsConfig>,
    /// The lines `GET /v1/queues` offers, read in the background; `None`: 404.
    pub queues: Option<Arc<Board>>,
    /// The background tasks, stopped with the last clone.
    running: Arc<Running>,
}

/// What runs in the background for one state.
#[derive(Debug, Default)]
struct Running {
    /// The budget's refresher and, with a shared store, the store's heartbeat and the
    /// departures other replicas tell; held for its drop, which stops them.
    _tasks: TaskGuard,
    /// The simulated Connect endpoint the budget calls.
    simulated_connect: Option<RunningEndpoint>,
    /// The simulator's contact events, heard in process.
    simulated_events: Option<RunningDelivery>,
}

impl AppState {
    /// Builds the state once: one operation budget per account, shared by everything that
    /// calls Connect; then starts its background tasks. Must run inside a Tokio runtime.
    pub fn build(backend: Backend, config: StateConfig) -> Self {
        let (client, clock, simulator, endpoint) = match backend {
            Backend::Connect { client, clock } => (client, clock, None, None),
            Backend::Simulated {
                simulator,
                endpoint,
            } => {
                let client = ConnectClient::simulator(&endpoint.url, SIMULATED_INSTANCE_ID);
                let clock: ConnectClock = {
                    let simulator = Arc::clone(&simulator);
                    Arc::new(move || simulator.unix_now())
                };
                (client, clock, Some(simulator), Some(endpoint))
            }
        };
        let rate = config.budget.rate;
        let operations = Arc::new(
            OperationBudgets::new(rate, config.budget.burst, budget::now())
                .with_store(config.store.clone()),
        );
        let budget = Budget::placing(
            client.clone(),
            config.budget,
            config.store,
            Arc::clone(&clock),
            Arc::clone(&operations),
        );
        let callbacks = config.callbacks.map(|callbacks| {
            Callbacks::new(
                client.clone(),
                callbacks,
                Arc::clone(&clock),
                Arc::clone(&operations),
            )
        });
        let chats = config
            .chats
            .map(|chats| ChatStarter::new(client.clone(), chats, Arc::clone(&operations)));
        let simulated_events = simulator
            .as_ref()
            .filter(|_| config.hear_simulated_events)
            .map(|simulator| hear_simulated_events(simulator, &budget));
        let queues = config
            .queues
            .map(|queues| Arc::new(Board::new(queues.lines, queues.refresh)));
        let mut tasks = budget.start();
        if let Some(board) = &queues {
            tasks.adopt(board.start(client.clone(), Arc::clone(&operations)));
        }
        if let Store::Shared(store) = budget.store() {
            tasks.adopt(store.start());
        }
        let running = Running {
            _tasks: tasks,
            simulated_connect: endpoint,
            simulated_events,
        };
        Self {
            stages: Stages::new(client, Arc::clone(&operations)),
            budget,
            operations,
            tokens: config.tokens,
            simulator,
            callbacks,
            chats,
            demo_token_ttl: config.demo_token_ttl,
            client_limits: config.client_policy.map(ClientLimits::new),
            streams: config.max_streams.map(Streams::new),
            events: config.events,
            queues,
            running: Arc::new(running),
        }
    }

    /// Serves metrics from `client` (Amazon Connect, on the wall clock), with no callbacks,
    /// chats or events: what tests and embedders start from.
    pub fn new(client: ConnectClient, tokens: TokenKey, budget: BudgetConfig) -> Self {
        Self::build(Backend::amazon(client), StateConfig::new(tokens, budget))
    }

    /// Serves metrics from `simulator` through its Connect `endpoint`, already listening, with
    /// the simulator's callbacks and chats on.
    pub fn with_simulator(
        simulator: Arc<Simulator>,
        endpoint: RunningEndpoint,
        tokens: TokenKey,
        budget: BudgetConfig,
    ) -> Self {
        Self::build(
            Backend::Simulated {
                simulator,
                endpoint,
            },
            StateConfig::simulated(tokens, budget),
        )
    }

    /// A simulator-backed state, its Connect endpoint on a free loopback port with a quota
    /// equal to the budget: what tests and embedders start from.
    pub async fn simulated(
        simulator: Arc<Simulator>,
        tokens: TokenKey,
        budget: BudgetConfig,
    ) -> std::io::Result<Self> {
        Self::simulated_with(simulator, StateConfig::simulated(tokens, budget)).await
    }

    /// The same, built from `config`.
    pub async fn simulated_with(
        simulator: Arc<Simulator>,
        config: StateConfig,
    ) -> std::io::Result<Self> {
        let quota = Quota {
            rate: config.budget.rate,
            burst: config.budget.burst,
        };
        let endpoint = ConnectApi::new(Arc::clone(&simulator), SIMULATED_INSTANCE_ID, quota)
            .spawn_on_loopback()
            .await?;
        Ok(Self::build(
            Backend::Simulated {
                simulator,
                endpoint,
            },
            config,
        ))
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

    /// What the simulator's in-process event delivery has done, while it runs.
    pub fn simulated_event_stats(&self) -> Option<DeliveryStats> {
        self.running
            .simulated_events
            .as_ref()
            .map(RunningDelivery::stats)
    }

    /// Where the simulated Connect endpoint listens, in simulator mode.
    pub fn simulated_connect_url(&self) -> Option<&str> {
        self.running
            .simulated_connect
            .as_ref()
            .map(|e| e.url.as_str())
    }
}

/// The simulator's contact events told to `budget`'s places as they happen, read from the same
/// JSON an EventBridge API destination would POST. The simulator connects an inbound contact the
/// moment it leaves its queue: no delay to allow for.
fn hear_simulated_events(simulator: &Arc<Simulator>, budget: &Budget) -> RunningDelivery {
    let budget = budget.clone();
    EventDelivery::new(Arc::clone(simulator), SIMULATED_INSTANCE_ID)
        .sink(move |envelope| {
            let Ok(body) = serde_json::to_vec(envelope) else {
                return;
            };
            match events::read(&body, SIMULATED_INSTANCE_ID) {
                Ok(learned) => budget.learned(&learned, Duration::ZERO),
                Err(error) => tracing::warn!(%error, "a simulated contact event unread"),
            }
        })
        .spawn()
}
