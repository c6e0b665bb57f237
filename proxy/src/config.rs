//! Command line and environment. Every flag has a `WAITLINE_*` variable, so the same binary is
//! configured by flags on a laptop and by environment in a container or on Lambda.
//!
//! Every number has a documented range, checked when the proxy starts: a value outside it is a
//! usage error naming the flag, never a panic or a hang later (a rate of 1e-300 once passed and
//! then overflowed a `Duration` in the refresher).

use std::net::SocketAddr;
use std::path::PathBuf;

use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use phonenumber::country::Id;
use waitline_simulator::connect::events::HttpTarget;
use waitline_simulator::connect::{QueueConfig, Quota};

use crate::RouterConfig;
use crate::budget::BudgetConfig;
use crate::callback::phone::NumberKind;
use crate::callback::{self, CallbackConfig, DEFAULT_DELAY_SECONDS, MAX_DELAY_SECONDS};
use crate::chat::ChatConfig;
use crate::clients::ClientPolicy;
use crate::connect_ids::instance_uuid;
use crate::connect_ids::is_uuid;
use crate::routes::events::{EventsConfig, MIN_SECRET_CHARS, SECRET_VAR as EVENTS_SECRET_VAR};
use crate::server::ConnectionLimits;
use crate::state::{DEFAULT_DEMO_TOKEN_TTL_SECONDS, StateConfig};
use crate::store::Store;
use crate::token::TokenKey;
use axum::http::HeaderValue;

#[derive(Debug, Parser)]
#[command(
    name = "waitline-proxy",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Log lines as JSON objects (for a log pipeline) or as text (for a terminal).
    #[arg(
        long,
        env = "WAITLINE_LOG_FORMAT",
        value_enum,
        default_value = "json",
        global = true
    )]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// Logs go to stderr either way; stdout carries only what the command prints for people and scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Json,
    Text,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API, the demo page and the widget package (the default).
    Serve(Box<ServeArgs>),
    /// Mint a token that lets a browser read one contact's metrics.
    Token(TokenArgs),
    /// Serve only the simulated Amazon Connect API (and Participant Service), for several
    /// proxies to share through `--connect-endpoint-url`.
    Simulate(Box<SimulateArgs>),
}

#[derive(Debug, Clone, Args)]
pub struct SimulateArgs {
    /// Address the simulated Connect API listens on (`--sim-connect-listen` is for the embedded
    /// simulator and is not used here).
    #[arg(long, env = "WAITLINE_SIM_LISTEN", default_value = "127.0.0.1:8090")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub simulator: SimulatorArgs,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on. Port 0 picks a free port.
    #[arg(long, env = "WAITLINE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub tokens: TokenKeyArgs,
    /// Lifetime of the tokens the demo route mints, in seconds (1 to 604800, a week; default
    /// 3600). At most `--token-max-lifetime`.
    #[arg(long, env = "WAITLINE_DEMO_TOKEN_TTL", value_parser = clap::value_parser!(u64).range(1..=604_800))]
    pub demo_token_ttl: Option<u64>,
    /// Directory served at `/` (the demo page). Empty to serve none.
    #[arg(long, env = "WAITLINE_WWW_DIR", default_value = "www", value_parser = directory)]
    pub www_dir: PathBuf,
    /// Directory of the built npm package, served at `/waitline/`. Empty to serve none.
    #[arg(long, env = "WAITLINE_PACKAGE_DIR", default_value = "dist", value_parser = directory)]
    pub package_dir: PathBuf,
    /// Connect calls per second for the whole AWS account: set it to the account's quota for
    /// GetContactMetrics, less what other tools in the account use (0.01 to 10000).
    #[arg(long, env = "WAITLINE_CONNECT_RATE", default_value_t = 2.0, value_parser = |v: &str| number_in(v, RATE))]
    pub connect_rate: f64,
    /// Connect calls allowed at once (the quota's burst; 1 to 10000).
    #[arg(long, env = "WAITLINE_CONNECT_BURST", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub connect_burst: u32,
    /// An origin (`https://support.example.com`) allowed to call the API from another origin.
    /// Repeat for several; comma-separated in the environment. A wildcard is refused.
    #[arg(long = "cors-origin", env = "WAITLINE_CORS_ORIGINS", value_delimiter = ',', value_parser = origin)]
    pub cors_origins: Vec<String>,
    /// API requests per second one client (IP address, or IPv6 /64) may make; 0 turns every
    /// per-client limit off (for a load generator standing for many browsers), else 0.01 to
    /// 10000. A widget polls at most every 2 s.
    #[arg(long, env = "WAITLINE_CLIENT_RATE", default_value_t = 5.0, value_parser = client_rate)]
    pub client_rate: f64,
    /// Requests one client may make at once (1 to 100000).
    #[arg(long, env = "WAITLINE_CLIENT_BURST", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub client_burst: u32,
    /// Contacts (chats, callbacks, demo contacts) one client may start per hour (0.01 to 100000).
    #[arg(long, env = "WAITLINE_CLIENT_CREATE_RATE", default_value_t = 20.0, value_parser = |v: &str| number_in(v, CREATE_RATE))]
    pub client_create_rate: f64,
    /// Contacts one client may start at once (1 to 10000).
    #[arg(long, env = "WAITLINE_CLIENT_CREATE_BURST", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub client_create_burst: u32,
    /// The part of each Connect operation's rate one client's requests may cause (0.01 to 1):
    /// at 0.25 and 2 calls/s, half a call a second of each.
    #[arg(long, env = "WAITLINE_CLIENT_CONNECT_SHARE", default_value_t = 0.25, value_parser = |v: &str| number_in(v, SHARE))]
    pub client_connect_share: f64,
    /// How many proxies of yours stand in front of this one, each appending the address it
    /// received a request from to `X-Forwarded-For` (0 to 10): 0 faces clients directly; 1
    /// behind one load balancer (an ALB); 2 behind CloudFront and an ALB. The client is the
    /// entry that many from the end.
    #[arg(long, env = "WAITLINE_TRUSTED_PROXY_HOPS", default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=i64::from(crate::clients::MAX_TRUSTED_HOPS)), conflicts_with = "trust_x_forwarded_for")]
    pub trusted_proxy_hops: u8,
    /// The same as `--trusted-proxy-hops 1`.
    #[arg(long, env = "WAITLINE_TRUST_X_FORWARDED_FOR")]
    pub trust_x_forwarded_for: bool,
    /// Seconds a connection has to send a request's headers, counted from its opening or its
    /// previous answer, so it is also how long an idle keep-alive connection stays open
    /// (1 to 3600). Behind a load balancer, set it above the balancer's idle timeout (ALB: 60).
    #[arg(long, env = "WAITLINE_HEADER_READ_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_read_timeout: u64,
    /// Longest pause, in seconds, while a request body is read (1 to 3600).
    #[arg(long, env = "WAITLINE_BODY_READ_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub body_read_timeout: u64,
    /// Seconds one write of an answer may wait for the client to read (1 to 3600): a client
    /// that pipelines requests and never reads its answers is disconnected after it.
    #[arg(long, env = "WAITLINE_WRITE_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub write_timeout: u64,
    /// Connections open at once; more wait until one closes (1 to 1000000). The process's
    /// open-file limit (`ulimit -n`) must allow as many.
    #[arg(long, env = "WAITLINE_MAX_CONNECTIONS", default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_connections: u32,
    /// Connections one client address (IPv4, or IPv6 /64) may hold at once (1 to 1000000); more
    /// are closed as they open. Applies only when clients connect directly
    /// (`--trusted-proxy-hops 0`): behind a load balancer every connection is the balancer's.
    #[arg(long, env = "WAITLINE_MAX_CONNECTIONS_PER_CLIENT", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_connections_per_client: u32,
    /// Answers held open as streams (Server-Sent Events) at once (0 to 1000000; 0: none, every
    /// widget polls). Each holds one of `--max-connections`, so keep it below that; past it a
    /// widget asking for a stream gets one answer and polls.
    #[arg(long, env = "WAITLINE_MAX_STREAMS", default_value_t = 5_000, value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
    pub max_streams: u32,
    /// Where the operator's routes listen (`/metrics` for Prometheus, `/healthz` with the
    /// store's state), apart from the public API. Unset: not served.
    #[arg(long, env = "WAITLINE_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
    #[command(flatten)]
    pub connect: ConnectArgs,
    #[command(flatten)]
    pub events: EventsArgs,
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(flatten)]
    pub callback: CallbackArgs,
    #[command(flatten)]
    pub chat: ChatArgs,
    #[command(flatten)]
    pub simulator: SimulatorArgs,
}

/// "Call me back": a callback is a task scheduled after the initial delay, started in a flow
/// that puts it in the callback queue (see the README's Connect set-up).
#[derive(Debug, Clone, Args)]
pub struct CallbackArgs {
    /// The ID of the flow a callback task starts in; the flow puts it in the callback queue.
    /// Turns callbacks on with Amazon Connect (the simulator has a callback flow of its own).
    #[arg(
        long = "callback-flow-id",
        env = "WAITLINE_CALLBACK_FLOW_ID",
        requires = "instance_id",
        value_parser = flow_id
    )]
    pub flow_id: Option<String>,
    /// Seconds from the request until the callback enters the queue (1 to 518400: Connect
    /// schedules a task at most 6 days ahead).
    #[arg(long = "callback-delay-seconds", env = "WAITLINE_CALLBACK_DELAY_SECONDS", default_value_t = DEFAULT_DELAY_SECONDS, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_DELAY_SECONDS)))]
    pub delay_seconds: u32,
    /// End the customer's contact (StopContact) once the callback exists, as Connect's own
    /// callback flow disconnects it: `true` or `false`.
    #[arg(
        long = "callback-stop-original",
        env = "WAITLINE_CALLBACK_STOP_ORIGINAL",
        default_value_t = true,
        action = clap::ArgAction::Set
    )]
    pub stop_original: bool,
    /// Countries whose numbers may be called, as ISO 3166-1 alpha-2 codes (`US,CA`);
    /// comma-separated in the environment. Required with Amazon Connect; the simulator allows
    /// US, CA, GB, ES, MX, FR, DE, PT, BR, JP, SA, AE and EG.
    #[arg(long = "callback-countries", env = "WAITLINE_CALLBACK_COUNTRIES", value_delimiter = ',', value_parser = country)]
    pub countries: Vec<Id>,
    /// Kinds of number that may be called back; comma-separated in the environment. Default
    /// `fixed-line,mobile,fixed-line-or-mobile`; also `toll-free`, `voip`, `personal-number`,
    /// `uan`, `pager`, `voicemail`, `shared-cost` and `premium-rate` (which bill the contact
    /// center per minute: list them only if you mean to call them).
    #[arg(long = "callback-number-types", env = "WAITLINE_CALLBACK_NUMBER_TYPES", value_delimiter = ',', value_parser = number_type)]
    pub number_types: Vec<NumberKind>,
    /// Callbacks one number may be called back for within a day (1 to 1000).
    #[arg(long = "callback-per-number-per-day", env = "WAITLINE_CALLBACK_PER_NUMBER_PER_DAY", default_value_t = callback::DEFAULT_PER_NUMBER_PER_DAY, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub per_number_per_day: u32,
    /// Callbacks one client may ask for within a day (1 to 100000).
    #[arg(long = "callback-per-client-per-day", env = "WAITLINE_CALLBACK_PER_CLIENT_PER_DAY", default_value_t = callback::DEFAULT_PER_CLIENT_PER_DAY, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub per_client_per_day: u32,
    /// Lifetime of a callback's token beyond its initial delay, in seconds (60 to 604800;
    /// default 86400). The delay and this together are at most `--token-max-lifetime`.
    #[arg(long = "callback-token-ttl", env = "WAITLINE_CALLBACK_TOKEN_TTL", value_parser = clap::value_parser!(u64).range(60..=604_800))]
    pub token_ttl: Option<u64>,
}

impl CallbackArgs {
    /// What the callback routes run with: `None` (off) with Amazon Connect and no flow; the
    /// simulator's defaults, changed by the flags given, in simulator mode. Tokens live at most
    /// `max_lifetime` seconds.
    pub fn config(
        &self,
        amazon_connect: bool,
        max_lifetime: u64,
    ) -> Result<Option<CallbackConfig>, String> {
        let mut config = CallbackConfig::simulated();
        if amazon_connect {
            let Some(flow_id) = &self.flow_id else {
                return Ok(None);
            };
            if self.countries.is_empty() {
                return Err("--callback-flow-id needs --callback-countries (WAITLINE_CALLBACK_COUNTRIES): the countries your instance may call, e.g. US,CA".into());
            }
            config.flow_id.clone_from(flow_id);
        }
        if !self.countries.is_empty() {
            config.countries.clone_from(&self.countries);
        }
        if !self.number_types.is_empty() {
            config.number_types.clone_from(&self.number_types);
        }
        config.per_number_per_day = self.per_number_per_day;
        config.per_client_per_day = self.per_client_per_day;
        config.delay_seconds = self.delay_seconds;
        config.stop_original = self.stop_original;
        let delay = u64::from(self.delay_seconds);
        let ttl = match self.token_ttl {
            Some(ttl) if delay + ttl > max_lifetime => {
                return Err(format!(
                    "--callback-delay-seconds {delay} and --callback-token-ttl {ttl} make callback tokens live {} s, longer than --token-max-lifetime {max_lifetime} accepts",
                    delay + ttl
                ));
            }
            Some(ttl) => ttl,
            None => {
                let left = max_lifetime
                    .checked_sub(delay)
                    .filter(|&left| left >= MIN_TOKEN_TTL);
                let Some(left) = left else {
                    return Err(format!(
                        "--callback-delay-seconds {delay} leaves callback tokens under a minute within --token-max-lifetime {max_lifetime}: raise it"
                    ));
                };
                callback::DEFAULT_TOKEN_TTL_SECONDS.min(left)
            }
        };
        config.token_ttl = Duration::from_secs(ttl);
        Ok(Some(config))
    }
}

/// `POST /v1/chats`.
#[derive(Debug, Clone, Args)]
pub struct ChatArgs {
    /// The ID of the flow a chat starts in (what the start-chat Lambda of AWS's examples passes
    /// as ContactFlowId). Turns `POST /v1/chats` on with Amazon Connect; the simulator runs no
    /// flows and takes chats without it.
    #[arg(
        long = "chat-flow-id",
        env = "WAITLINE_CHAT_FLOW_ID",
        requires = "instance_id",
        value_parser = flow_id
    )]
    pub chat_flow_id: Option<String>,
    /// Contact attribute names a page may set on a chat (`attributes` in the request); any
    /// other is refused. Comma-separated in the environment. None unless listed.
    #[arg(
        long = "chat-attributes",
        env = "WAITLINE_CHAT_ATTRIBUTES",
        value_delimiter = ','
    )]
    pub chat_attributes: Vec<String>,
    /// Lifetime of the waitline token a chat's answer carries, in seconds (60 to 604800;
    /// default 86400, or `--token-max-lifetime` if shorter).
    #[arg(long = "chat-token-ttl", env = "WAITLINE_CHAT_TOKEN_TTL", value_parser = clap::value_parser!(u64).range(60..=604_800))]
    pub chat_token_ttl: Option<u64>,
}

impl ChatArgs {
    /// What `POST /v1/chats` runs with: `None` (off) with Amazon Connect and no flow. Tokens
    /// live at most `max_lifetime` seconds.
    pub fn config(
        &self,
        amazon_connect: bool,
        max_lifetime: u64,
    ) -> Result<Option<ChatConfig>, String> {
        let mut config = ChatConfig::simulated();
        match (&self.chat_flow_id, amazon_connect) {
            (Some(flow_id), _) => config.flow_id.clone_from(flow_id),
            (None, true) => return Ok(None),
            (None, false) => {}
        }
        config.allowed_attributes = self
            .chat_attributes
            .iter()
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty())
            .collect();
        let ttl = token_ttl(
            "--chat-token-ttl",
            self.chat_token_ttl,
            crate::chat::DEFAULT_TOKEN_TTL_SECONDS,
            max_lifetime,
        )?;
        config.token_ttl = Duration::from_secs(ttl);
        Ok(Some(config))
    }
}

/// Amazon Connect. Without an instance ID the proxy serves the embedded simulator instead.
/// Credentials and region come from the AWS SDK's standard chain (`AWS_REGION`, `AWS_PROFILE`,
/// SSO, a container or instance role, ...).
#[derive(Debug, Clone, Args)]
pub struct ConnectArgs {
    /// The Connect instance's ID or ARN. Setting it turns the simulator off.
    #[arg(long = "connect-instance-id", env = "WAITLINE_CONNECT_INSTANCE_ID")]
    pub instance_id: Option<String>,
    /// Overrides Connect's regional endpoint (a VPC endpoint, or a waitline simulator elsewhere).
    #[arg(
        long = "connect-endpoint-url",
        env = "WAITLINE_CONNECT_ENDPOINT_URL",
        requires = "instance_id"
    )]
    pub endpoint_url: Option<String>,
}

/// Amazon Connect's contact events, POSTed to `/v1/events` by an EventBridge rule's API
/// destination (see the README's "Contact events"): each departure moves everyone behind it at
/// once. The route is on when `WAITLINE_EVENTS_SECRET` holds the API key the destination sends.
#[derive(Debug, Clone, Args)]
pub struct EventsArgs {
    /// Longest from a contact leaving its queue to its agent being connected, seconds (0 to
    /// 300): the agent's phone ringing. 0 where agents accept contacts automatically. A
    /// departure counts for the customers behind it only once this long has surely passed.
    #[arg(long = "events-connect-delay", env = "WAITLINE_EVENTS_CONNECT_DELAY", default_value_t = 20, value_parser = clap::value_parser!(u64).range(0..=300))]
    pub connect_delay: u64,
    /// With the embedded simulator, hear its contact events in process (`true`, the default),
    /// or place customers from Connect's answers alone (`false`).
    #[arg(long = "sim-events", env = "WAITLINE_SIM_EVENTS", default_value_t = true, action = clap::ArgAction::Set)]
    pub simulated: bool,
}

impl EventsArgs {
    /// The events route's configuration, from `WAITLINE_EVENTS_SECRET`; `None` when unset.
    pub fn config(&self) -> Result<Option<EventsConfig>, String> {
        let secret = std::env::var(EVENTS_SECRET_VAR)
            .ok()
            .filter(|s| !s.is_empty());
        self.config_with(secret.as_deref())
    }

    fn config_with(&self, secret: Option<&str>) -> Result<Option<EventsConfig>, String> {
        let Some(secret) = secret else {
            return Ok(None);
        };
        EventsConfig::new(secret, Duration::from_secs(self.connect_delay))
            .map(Some)
            .ok_or_else(|| {
                format!("{EVENTS_SECRET_VAR} must be at least {MIN_SECRET_CHARS} characters")
            })
    }
}

/// Replicas sharing the account's budget and cache (see the README's "Several replicas").
#[derive(Debug, Clone, Args)]
pub struct StoreArgs {
    /// Valkey or Redis every replica shares: `redis://[user:password@]host:port[/db]`, or
    /// `rediss://` for TLS. Put a URL with a password in the environment, not in a flag `ps`
    /// shows. Unset: each process keeps its state to itself.
    #[arg(long = "redis-url", env = "WAITLINE_REDIS_URL", value_parser = redis_url)]
    pub redis_url: Option<String>,
    /// How many replicas run (1 to 1000). While the store is unreachable each replica calls
    /// Connect at most at the account's rate divided by this, or by the replicas it last saw
    /// through the store if more. Unset, and no replica ever seen: no calls until the store answers.
    #[arg(long, env = "WAITLINE_REPLICAS", requires = "redis_url", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub replicas: Option<u32>,
}

/// The environment variable that may hold a store URL with a password.
pub const REDIS_URL_VAR: &str = "WAITLINE_REDIS_URL";

impl StoreArgs {
    /// The URL, unless it carries a password and came from the command line.
    pub fn url(&self) -> Result<Option<&str>, String> {
        let Some(url) = self.redis_url.as_deref() else {
            return Ok(None);
        };
        let has_password = url::Url::parse(url).is_ok_and(|u| u.password().is_some());
        let from_env = std::env::var(REDIS_URL_VAR).is_ok_and(|v| v.trim() == url);
        if has_password && !from_env {
            return Err(format!(
                "--redis-url carries a password, which `ps` shows every user: set {REDIS_URL_VAR} instead"
            ));
        }
        Ok(Some(url))
    }
}

/// `redis://` or `rediss://` (TLS) with a host.
fn redis_url(value: &str) -> Result<String, String> {
    let value = value.trim();
    let bad = || format!("`{}` is not a redis:// or rediss:// URL", redact(value));
    let url = url::Url::parse(value).map_err(|_| bad())?;
    if !matches!(url.scheme(), "redis" | "rediss") || url.host_str().is_none_or(str::is_empty) {
        return Err(bad());
    }
    Ok(value.to_owned())
}

/// A store URL as logs and errors may show it: without its password.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(parsed) => parsed.to_string(),
        Err(_) => "(unparsable URL)".to_owned(),
    }
}

/// The simulated queue. The defaults are the simulator's demo queue (`QueueConfig::DEMO`,
/// whose steadiness `simulator/tests/demo_queue.rs` checks): a little over capacity, with
/// callers giving up, so it holds about ten waiting.
#[derive(Debug, Clone, Args)]
pub struct SimulatorArgs {
    /// Agents taking contacts (0 to 10000).
    #[arg(long = "sim-agents", env = "WAITLINE_SIM_AGENTS", default_value_t = QueueConfig::DEMO.agents, value_parser = clap::value_parser!(u32).range(0..=10_000))]
    pub agents: u32,
    /// Mean handle time of a contact, simulated seconds (1 to 86400).
    #[arg(long = "sim-handle-seconds", env = "WAITLINE_SIM_HANDLE_SECONDS", default_value_t = QueueConfig::DEMO.mean_handle_seconds, value_parser = |v: &str| number_in(v, HANDLE_SECONDS))]
    pub handle_seconds: f64,
    /// New contacts per simulated minute (0 for none, at most 600).
    #[arg(long = "sim-arrivals-per-minute", env = "WAITLINE_SIM_ARRIVALS_PER_MINUTE", default_value_t = QueueConfig::DEMO.arrivals_per_minute, value_parser = |v: &str| number_in(v, ARRIVALS_PER_MINUTE))]
    pub arrivals_per_minute: f64,
    /// Contacts already waiting at start (0 to 100000).
    #[arg(
        long = "sim-initial-queue",
        env = "WAITLINE_SIM_INITIAL_QUEUE",
        default_value_t = QueueConfig::DEMO.initial_queue,
        value_parser = clap::value_parser!(u32).range(0..=100_000)
    )]
    pub initial_queue: u32,
    /// Mean patience of the callers already waiting at start and arriving on their own,
    /// simulated seconds: one still waiting when it runs out hangs up, wherever it is in the
    /// queue. 0: nobody gives up. Contacts started through the proxy never give up
    /// (0 to 86400).
    #[arg(long = "sim-patience-seconds", env = "WAITLINE_SIM_PATIENCE_SECONDS", default_value_t = QueueConfig::DEMO.mean_patience_seconds.unwrap_or(0.0), value_parser = |v: &str| number_in(v, SimulatorArgs::PATIENCE_SECONDS))]
    pub patience_seconds: f64,
    /// Simulated seconds a contact started through the proxy (the demo's, a chat) spends in
    /// its flow before it is queued: connected, with no position yet (0 to 3600).
    #[arg(long = "sim-flow-seconds", env = "WAITLINE_SIM_FLOW_SECONDS", default_value_t = QueueConfig::DEMO.flow_seconds, value_parser = |v: &str| number_in(v, SimulatorArgs::FLOW_SECONDS))]
    pub flow_seconds: f64,
    /// Simulated seconds per real second (0.01 to 1000).
    #[arg(long = "sim-time-scale", env = "WAITLINE_SIM_TIME_SCALE", default_value_t = 10.0, value_parser = |v: &str| number_in(v, TIME_SCALE))]
    pub time_scale: f64,
    /// Agents start free instead of mid-call: with no initial queue and no arrivals, the first
    /// contact reaches an agent at once and nothing else moves until a call ends or is stopped
    /// (`StopContact`), for scripted demos and tests.
    #[arg(long = "sim-agents-start-free", env = "WAITLINE_SIM_AGENTS_START_FREE")]
    pub agents_start_free: bool,
    /// Seed, for a queue that replays the same way every run.
    #[arg(long = "sim-seed", env = "WAITLINE_SIM_SEED")]
    pub seed: Option<u64>,
    /// Where the simulator serves Connect's API (`POST /metrics/contact`) for the proxy and
    /// any AWS SDK or CLI. Port 0 picks a free port.
    #[arg(
        long = "sim-connect-listen",
        env = "WAITLINE_SIM_CONNECT_LISTEN",
        default_value = "127.0.0.1:0"
    )]
    pub connect_listen: SocketAddr,
    /// The simulated account's GetContactMetrics quota, calls per second. Lower it below
    /// `--connect-rate` to watch the proxy meet `ThrottlingException` and slow down
    /// (0.01 to 10000).
    #[arg(long = "sim-quota-rate", env = "WAITLINE_SIM_QUOTA_RATE", default_value_t = 2.0, value_parser = |v: &str| number_in(v, RATE))]
    pub quota_rate: f64,
    /// The simulated account's burst (1 to 10000).
    #[arg(
        long = "sim-quota-burst",
        env = "WAITLINE_SIM_QUOTA_BURST",
        default_value_t = 5,
        value_parser = clap::value_parser!(u32).range(1..=10_000)
    )]
    pub quota_burst: u32,
    /// Where the simulator POSTs its contact events, one per request, as an EventBridge API
    /// destination would (an `http://` URL, such as a proxy's events route). The API key comes
    /// from `WAITLINE_SIM_EVENTS_SECRET`, which it then requires. Unset: not posted.
    #[arg(long = "sim-events-url", env = "WAITLINE_SIM_EVENTS_URL")]
    pub events_url: Option<String>,
    /// The header the events' API key is sent in.
    #[arg(
        long = "sim-events-header",
        env = "WAITLINE_SIM_EVENTS_HEADER",
        default_value = waitline_simulator::connect::events::DEFAULT_SECRET_HEADER
    )]
    pub events_header: String,
}

/// The environment variable holding the API key the simulator's contact events are posted
/// with: a secret, so never a flag, which `ps` would show to every user of the machine.
pub const SIM_EVENTS_SECRET_VAR: &str = "WAITLINE_SIM_EVENTS_SECRET";

#[derive(Debug, Clone, Args)]
pub struct TokenArgs {
    /// The contact the token grants access to.
    #[arg(long)]
    pub contact_id: String,
    /// Lifetime in seconds (1 to 31536000, a year).
    #[arg(long, default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..=31_536_000))]
    pub ttl_seconds: u64,
    #[command(flatten)]
    pub tokens: TokenKeyArgs,
}

/// Where the token keys come from. Secrets are read from the environment or a file, never
/// from a flag, which `ps` would show to every user of the machine.
#[derive(Debug, Clone, Args)]
pub struct TokenKeyArgs {
    /// A file holding the proxy's token secret (at least 32 bytes), for secret stores that mount
    /// files. Or set `WAITLINE_TOKEN_SECRET` to the secret itself. Without either, a random
    /// secret is used and only this process's own tokens (the demo's) are accepted.
    #[arg(long, env = "WAITLINE_TOKEN_SECRET_FILE")]
    pub token_secret_file: Option<PathBuf>,
    /// A JSON Web Key Set (RFC 7517) of more keys to accept, each with a `kid`: HS256 secrets
    /// (`kty` `oct`) for rotation, ES256 public keys (`kty` `EC`, `crv` `P-256`).
    #[arg(long, env = "WAITLINE_TOKEN_KEYS_FILE")]
    pub token_keys_file: Option<PathBuf>,
    /// The longest a token may be valid, in seconds (60 to 31536000, a year).
    #[arg(long, env = "WAITLINE_TOKEN_MAX_LIFETIME", default_value_t = crate::token::DEFAULT_MAX_LIFETIME_SECONDS, value_parser = clap::value_parser!(u64).range(60..=31_536_000))]
    pub token_max_lifetime: u64,
}

/// The environment variable that holds the token secret itself.
pub const TOKEN_SECRET_VAR: &str = "WAITLINE_TOKEN_SECRET";

impl TokenKeyArgs {
    /// The secret from `WAITLINE_TOKEN_SECRET` or the secret file; `None` when neither is set.
    pub fn secret(&self) -> Result<Option<String>, String> {
        let from_env = std::env::var(TOKEN_SECRET_VAR)
            .ok()
            .filter(|s| !s.is_empty());
        match (from_env, &self.token_secret_file) {
            (Some(_), Some(_)) => Err(format!(
                "set {TOKEN_SECRET_VAR} or --token-secret-file, not both"
            )),
            (Some(secret), None) => Ok(Some(secret)),
            (None, Some(path)) => std::fs::read_to_string(path)
                .map(|text| Some(text.trim_end_matches(['\r', '\n']).to_owned()))
                .map_err(|e| format!("cannot read the token secret file {}: {e}", path.display())),
            (None, None) => Ok(None),
        }
    }

    /// The keys tokens are checked against: the proxy's secret (random when none is set; the
    /// second value says whether one was) and the key set file's keys.
    pub fn keys(&self) -> Result<(TokenKey, bool), String> {
        let secret = self.secret()?;
        let key = match &secret {
            Some(secret) => TokenKey::new(secret.as_bytes()).map_err(|e| e.to_string())?,
            None => {
                TokenKey::random().map_err(|e| format!("no randomness for a token secret: {e}"))?
            }
        };
        let mut key = key.with_max_lifetime(self.token_max_lifetime);
        if let Some(path) = &self.token_keys_file {
            let json = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read the token key set {}: {e}", path.display()))?;
            key = key.with_key_set(&json).map_err(|e| e.to_string())?;
        }
        Ok((key, secret.is_some()))
    }
}

impl SimulatorArgs {
    /// A day: a mean patience beyond it is nobody giving up in any demo or test.
    const PATIENCE_SECONDS: (f64, f64) = (0.0, 86_400.0);
    /// An hour: far longer than any IVR or bot keeps a customer.
    const FLOW_SECONDS: (f64, f64) = (0.0, 3_600.0);

    pub fn queue_config(&self, fallback_seed: u64) -> QueueConfig {
        QueueConfig {
            agents: self.agents,
            mean_handle_seconds: self.handle_seconds,
            arrivals_per_minute: self.arrivals_per_minute,
            initial_queue: self.initial_queue,
            agents_start_busy: !self.agents_start_free,
            mean_patience_seconds: (self.patience_seconds > 0.0).then_some(self.patience_seconds),
            flow_seconds: self.flow_seconds,
            seed: self.seed.unwrap_or(fallback_seed),
            ..QueueConfig::DEMO
        }
    }

    pub fn quota(&self) -> Quota {
        Quota {
            rate: self.quota_rate,
            burst: self.quota_burst,
        }
    }

    /// Where to POST the simulator's contact events (`--sim-events-url`, with its key from
    /// `WAITLINE_SIM_EVENTS_SECRET`); `None` when no URL is set. For
    /// `waitline_simulator::connect::events::EventDelivery::http`.
    pub fn events_target(&self) -> Result<Option<HttpTarget>, String> {
        let secret = std::env::var(SIM_EVENTS_SECRET_VAR)
            .ok()
            .filter(|s| !s.is_empty());
        self.events_target_with(secret.as_deref())
    }

    fn events_target_with(&self, secret: Option<&str>) -> Result<Option<HttpTarget>, String> {
        let Some(url) = &self.events_url else {
            return Ok(None);
        };
        let secret = secret.ok_or_else(|| {
            format!("--sim-events-url needs {SIM_EVENTS_SECRET_VAR}: the API key each event is posted with")
        })?;
        HttpTarget::new(url, &self.events_header, secret)
            .map(Some)
            .map_err(|e| format!("--sim-events-url: {e}"))
    }
}

/// Where `serve` finds Connect.
#[derive(Debug, Clone)]
pub enum ConnectTarget {
    /// Amazon Connect's instance (an ID or ARN), at its regional endpoint unless overridden.
    Amazon {
        instance_id: String,
        endpoint_url: Option<String>,
    },
    /// The embedded simulator.
    Simulator(SimulatorArgs),
}

/// `serve`'s command line, checked: everything the proxy is built from, once.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub listen: SocketAddr,
    /// The operator's routes (`--metrics-listen`).
    pub metrics_listen: Option<SocketAddr>,
    pub connect: ConnectTarget,
    /// The shared store (`--redis-url`) and the replicas it is shared by (`--replicas`).
    pub redis_url: Option<String>,
    pub replicas: Option<u32>,
    /// The state's configuration; its store is this process's until the shared one connects.
    pub state: StateConfig,
    pub router: RouterConfig,
    pub connections: ConnectionLimits,
    /// No token secret was set: the key is random, only this process's tokens are valid.
    pub random_secret: bool,
}

impl ServeArgs {
    /// Checks the flags together and turns them into what the proxy is built from.
    pub fn config(&self) -> Result<ServeConfig, String> {
        let (tokens, has_secret) = self.tokens.keys()?;
        let budget = BudgetConfig {
            rate: self.connect_rate,
            burst: self.connect_burst,
            ..BudgetConfig::default()
        };
        let max_lifetime = self.tokens.token_max_lifetime;
        let demo_token_ttl = token_ttl(
            "--demo-token-ttl",
            self.demo_token_ttl,
            DEFAULT_DEMO_TOKEN_TTL_SECONDS,
            max_lifetime,
        )?;
        let amazon_connect = self.connect.instance_id.is_some();
        let callbacks = self.callback.config(amazon_connect, max_lifetime)?;
        let chats = self.chat.config(amazon_connect, max_lifetime)?;
        let connect = match &self.connect.instance_id {
            Some(instance_id) => {
                if !has_secret {
                    return Err(format!(
                        "with Amazon Connect, set {TOKEN_SECRET_VAR}: your site's backend mints tokens with it"
                    ));
                }
                if instance_uuid(instance_id).is_none() {
                    return Err(format!(
                        "`{instance_id}` is not a Connect instance ID or ARN"
                    ));
                }
                ConnectTarget::Amazon {
                    instance_id: instance_id.clone(),
                    endpoint_url: self.connect.endpoint_url.clone(),
                }
            }
            None => ConnectTarget::Simulator(self.simulator.clone()),
        };
        let redis_url = self.store.url()?.map(str::to_owned);
        let trusted_hops = if self.trust_x_forwarded_for {
            1
        } else {
            self.trusted_proxy_hops
        };
        let client_policy = (self.client_rate > 0.0).then(|| ClientPolicy {
            request_rate: self.client_rate,
            request_burst: self.client_burst,
            creations_per_hour: self.client_create_rate,
            creation_burst: self.client_create_burst,
            connect_share: self.client_connect_share,
            connect_rate: self.connect_rate,
            trusted_hops,
            ..ClientPolicy::default()
        });
        if self.max_streams >= self.max_connections {
            return Err(format!(
                "--max-streams {} leaves no connection for anything else: keep it below --max-connections {}",
                self.max_streams, self.max_connections
            ));
        }
        let state = StateConfig {
            tokens,
            budget,
            store: Store::InProcess,
            callbacks,
            chats,
            client_policy,
            max_streams: (self.max_streams > 0)
                .then(|| usize::try_from(self.max_streams).unwrap_or(usize::MAX)),
            events: self.events.config()?,
            hear_simulated_events: self.events.simulated,
            demo_token_ttl: Duration::from_secs(demo_token_ttl),
        };
        let router = RouterConfig {
            www_dir: optional_dir(&self.www_dir),
            package_dir: optional_dir(&self.package_dir),
            cors_origins: self
                .cors_origins
                .iter()
                .map(|origin| {
                    HeaderValue::from_str(origin).map_err(|_| format!("bad CORS origin {origin}"))
                })
                .collect::<Result<_, _>>()?,
            body_read_timeout: Duration::from_secs(self.body_read_timeout),
        };
        let connections = ConnectionLimits {
            header_read_timeout: Duration::from_secs(self.header_read_timeout),
            write_timeout: Duration::from_secs(self.write_timeout),
            max_connections: usize::try_from(self.max_connections).unwrap_or(usize::MAX),
            // Behind proxies of the operator's, every connection is theirs.
            per_client: (trusted_hops == 0)
                .then(|| usize::try_from(self.max_connections_per_client).unwrap_or(usize::MAX)),
        };
        Ok(ServeConfig {
            listen: self.listen,
            metrics_listen: self.metrics_listen,
            connect,
            redis_url,
            replicas: self.store.replicas,
            state,
            router,
            connections,
            random_secret: !has_secret,
        })
    }
}

#[cfg(test)]
mod events_args_tests {
    use super::*;

    fn events(flags: &[&str]) -> EventsArgs {
        #[derive(Debug, Parser)]
        struct Wrapper {
            #[command(flatten)]
            events: EventsArgs,
        }
        let mut argv = vec!["waitline"];
        argv.extend_from_slice(flags);
        Wrapper::try_parse_from(argv).unwrap().events
    }

    #[test]
    fn the_events_route_is_on_only_with_a_long_enough_secret() {
        let args = events(&[]);
        assert_eq!(args.connect_delay, 20);
        assert!(args.simulated);
        assert!(args.config_with(None).unwrap().is_none());
        let short = args.config_with(Some("short")).unwrap_err();
        assert!(short.contains(EVENTS_SECRET_VAR), "{short}");
        let config = args
            .config_with(Some("a-long-enough-secret"))
            .unwrap()
            .unwrap();
        assert_eq!(config.connect_delay, Duration::from_secs(20));
        let args = events(&["--events-connect-delay", "0", "--sim-events", "false"]);
        assert_eq!(args.connect_delay, 0);
        assert!(!args.simulated);
    }
}

#[cfg(test)]
mod simulator_args_tests {
    use super::*;

    fn simulator(flags: &[&str]) -> Result<SimulatorArgs, clap::Error> {
        let argv = std::iter::once("waitline-proxy").chain(flags.iter().copied());
        Cli::try_parse_from(argv).map(|cli| cli.serve.simulator)
    }

    #[test]
    fn events_are_posted_only_with_a_url_and_a_secret() {
        let none = simulator(&[]).unwrap();
        assert!(none.events_target_with(Some("key")).unwrap().is_none());
        assert_eq!(none.events_header, "x-waitline-events-secret");
        let args = simulator(&[
            "--sim-events-url",
            "http://127.0.0.1:8080/v1/events",
            "--sim-events-header",
            "x-api-key",
        ])
        .unwrap();
        let target = args.events_target_with(Some("key")).unwrap().unwrap();
        assert!(format!("{target:?}").contains("x-api-key"));
        let missing = args.events_target_with(None).unwrap_err();
        assert!(missing.contains(SIM_EVENTS_SECRET_VAR), "{missing}");
        let https = simulator(&["--sim-events-url", "https://example.com/events"]).unwrap();
        assert!(https.events_target_with(Some("key")).is_err());
    }

    #[test]
    fn by_default_the_simulator_runs_the_demo_queue() {
        let config = simulator(&[]).unwrap().queue_config(7);
        assert_eq!(
            config,
            QueueConfig {
                seed: 7,
                ..QueueConfig::DEMO
            }
        );
        assert!(config.mean_patience_seconds.is_some());
    }

    #[test]
    fn patience_and_flow_take_their_ranges_and_zero_turns_patience_off() {
        let args =
            simulator(&["--sim-patience-seconds", "0", "--sim-flow-seconds", "3600"]).unwrap();
        let config = args.queue_config(1);
        assert_eq!(config.mean_patience_seconds, None, "0: nobody gives up");
        assert_eq!(config.flow_seconds, 3_600.0);
        let config = simulator(&["--sim-patience-seconds", "86400"])
            .unwrap()
            .queue_config(1);
        assert_eq!(config.mean_patience_seconds, Some(86_400.0));
        for bad in ["-1", "86401", "NaN", "inf", "soon"] {
            assert!(
                simulator(&["--sim-patience-seconds", bad]).is_err(),
                "{bad}"
            );
        }
        for bad in ["-1", "3600.5", "NaN"] {
            assert!(simulator(&["--sim-flow-seconds", bad]).is_err(), "{bad}");
        }
    }
}

/// `scheme://host[:port]`, nothing more: CORS compares origins exactly. Parsed by `url` (the
/// WHATWG URL standard browsers follow), then written back as the browser's `Origin` header
/// would be: lowercase host, no default port, no trailing slash.
fn origin(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value == "*" {
        return Err(
            "a wildcard origin would let any site read contacts' metrics; list the origins".into(),
        );
    }
    let not_origin = || format!("`{value}` is not an origin like https://support.example.com");
    let url = url::Url::parse(value).map_err(|_| not_origin())?;
    let bare = url.path() == "/" && url.query().is_none() && url.fragment().is_none();
    let credentials = !url.username().is_empty() || url.password().is_some();
    let wildcard = url.host_str().is_some_and(|host| host.contains('*'));
    if !matches!(url.scheme(), "http" | "https") || !bare || credentials || wildcard {
        return Err(not_origin());
    }
    Ok(url.origin().ascii_serialization())
}

/// Calls or requests per second. Below 0.01 the wait for one token is hours, and its reciprocal
/// heads for `Duration`'s limits.
const RATE: (f64, f64) = (0.01, 10_000.0);
/// New contacts per client per hour.
const CREATE_RATE: (f64, f64) = (0.01, 100_000.0);
/// A client's part of an operation's rate.
const SHARE: (f64, f64) = (0.01, 1.0);
/// The shortest lifetime a minted token may be given.
const MIN_TOKEN_TTL: u64 = 60;

/// A minted token's lifetime: the one given, which must be within `max_lifetime`, else the
/// default, shortened to `max_lifetime`.
pub fn token_ttl(
    flag: &str,
    given: Option<u64>,
    default: u64,
    max_lifetime: u64,
) -> Result<u64, String> {
    match given {
        Some(ttl) if ttl > max_lifetime => Err(format!(
            "{flag} {ttl} is longer than --token-max-lifetime {max_lifetime}: the proxy would refuse its own tokens"
        )),
        Some(ttl) => Ok(ttl),
        None => Ok(default.min(max_lifetime)),
    }
}
const HANDLE_SECONDS: (f64, f64) = (1.0, 86_400.0);
/// Ten a second: far more would keep the simulator busy replaying arrivals.
const ARRIVALS_PER_MINUTE: (f64, f64) = (0.0, 600.0);
const TIME_SCALE: (f64, f64) = (0.01, 1_000.0);

/// A finite number within `(min, max)`, both included.
fn number_in(value: &str, (min, max): (f64, f64)) -> Result<f64, String> {
    match value.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && (min..=max).contains(&v) => Ok(v),
        _ => Err(format!("`{value}` is not a number from {min} to {max}")),
    }
}

/// 0 turns the per-client limit off; any other rate is a [`RATE`].
fn client_rate(value: &str) -> Result<f64, String> {
    match value.trim().parse::<f64>() {
        Ok(0.0) => Ok(0.0),
        _ => number_in(value, RATE)
            .map_err(|_| format!("`{value}` is not 0 (off) or {} to {}", RATE.0, RATE.1)),
    }
}

/// A flow's ID: what follows `contact-flow/` in its ARN, a lowercase UUID.
fn flow_id(value: &str) -> Result<String, String> {
    let value = value.trim();
    if is_uuid(value) {
        Ok(value.to_owned())
    } else {
        Err(format!(
            "`{value}` is not a flow ID (the lowercase UUID at the end of the flow's ARN)"
        ))
    }
}

fn number_type(value: &str) -> Result<NumberKind, String> {
    NumberKind::parse(value).ok_or_else(|| {
        let names: Vec<&str> = NumberKind::ALL.iter().map(|k| k.name()).collect();
        format!("`{value}` is not a kind of number: {}", names.join(", "))
    })
}

fn country(value: &str) -> Result<Id, String> {
    callback::phone::country(value)
        .ok_or_else(|| format!("`{value}` is not an ISO 3166-1 alpha-2 country code like US"))
}

/// Clap's own path parser refuses an empty value, which is how a directory is turned off.
fn directory(value: &str) -> Result<PathBuf, String> {
    Ok(PathBuf::from(value))
}

/// An empty path turns a static directory off.
pub fn optional_dir(path: &std::path::Path) -> Option<PathBuf> {
    (!path.as_os_str().is_empty()).then(|| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: u64 = crate::token::DEFAULT_MAX_LIFETIME_SECONDS;

    #[test]
    fn token_lifetimes_fit_the_longest_the_proxy_accepts() {
        // Defaults shorten to fit a shorter maximum...
        let cli = Cli::try_parse_from(["waitline-proxy", "--token-max-lifetime", "3600"]).unwrap();
        let chats = cli.serve.chat.config(false, 3600).unwrap().unwrap();
        assert_eq!(chats.token_ttl, Duration::from_secs(3600));
        let callbacks = cli.serve.callback.config(false, 3600).unwrap().unwrap();
        assert_eq!(
            callbacks.token_ttl.as_secs() + u64::from(callbacks.delay_seconds),
            3600
        );
        assert_eq!(token_ttl("--demo-token-ttl", None, 3600, 600), Ok(600));
        // ...and a lifetime given that the maximum would refuse is a start-up error.
        let cli = Cli::try_parse_from(["waitline-proxy", "--chat-token-ttl", "7200"]).unwrap();
        let refused = cli.serve.chat.config(false, 3600).unwrap_err();
        assert!(
            refused.contains("--chat-token-ttl 7200") && refused.contains("3600"),
            "{refused}"
        );
        let cli = Cli::try_parse_from(["waitline-proxy", "--callback-token-ttl", "3600"]).unwrap();
        assert!(
            cli.serve.callback.config(false, 3600).is_err(),
            "the delay comes on top"
        );
        let cli =
            Cli::try_parse_from(["waitline-proxy", "--callback-delay-seconds", "3590"]).unwrap();
        assert!(
            cli.serve.callback.config(false, 3600).is_err(),
            "ten seconds left"
        );
    }

    #[test]
    fn client_limits_and_number_types_have_their_ranges() {
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "--callback-number-types",
            "mobile,toll-free",
            "--trusted-proxy-hops",
            "2",
            "--client-connect-share",
            "1",
        ])
        .unwrap();
        assert_eq!(
            cli.serve.callback.number_types,
            [NumberKind::Mobile, NumberKind::TollFree]
        );
        assert_eq!(cli.serve.trusted_proxy_hops, 2);
        let defaults = cli.serve.callback.config(false, MAX).unwrap().unwrap();
        assert_eq!(
            defaults.per_number_per_day,
            callback::DEFAULT_PER_NUMBER_PER_DAY
        );
        for bad in [
            &["--callback-number-types", "landline"][..],
            &["--trusted-proxy-hops", "11"],
            &["--trusted-proxy-hops", "1", "--trust-x-forwarded-for"],
            &["--client-connect-share", "0"],
            &["--client-connect-share", "1.5"],
            &["--client-create-rate", "0"],
            &["--callback-per-number-per-day", "0"],
            &["--write-timeout", "0"],
            &["--max-connections-per-client", "0"],
            &["--metrics-listen", "nowhere"],
        ] {
            let mut argv = vec!["waitline-proxy"];
            argv.extend_from_slice(bad);
            assert!(Cli::try_parse_from(&argv).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn defaults_serve_on_loopback() {
        let cli = Cli::try_parse_from(["waitline-proxy"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.serve.listen, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(cli.serve.simulator.agents, 4);
    }

    #[test]
    fn rejects_nonsense_simulator_settings() {
        assert!(Cli::try_parse_from(["waitline-proxy", "--sim-time-scale", "0"]).is_err());
        assert!(Cli::try_parse_from(["waitline-proxy", "--sim-handle-seconds", "NaN"]).is_err());
        assert!(
            Cli::try_parse_from(["waitline-proxy", "--sim-arrivals-per-minute", "-1"]).is_err()
        );
        assert!(Cli::try_parse_from(["waitline-proxy", "--listen", "nowhere"]).is_err());
    }

    #[test]
    fn ranges_include_their_bounds() {
        assert_eq!(number_in("0.01", RATE), Ok(0.01));
        assert_eq!(number_in("10000", RATE), Ok(10_000.0));
        for bad in ["0.0099", "10000.1", "inf", "NaN", "-0.5", "", "two"] {
            assert!(number_in(bad, RATE).is_err(), "{bad}");
        }
        assert_eq!(client_rate("0"), Ok(0.0));
        assert!(client_rate("1e-300").is_err());
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "--connect-rate",
            "10000",
            "--sim-agents",
            "0",
        ])
        .unwrap();
        assert_eq!(cli.serve.connect_rate, 10_000.0);
        assert_eq!(cli.serve.simulator.agents, 0);
    }

    #[test]
    fn cors_origins_are_exact_and_never_wildcards() {
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "--cors-origin",
            "https://a.example",
            "--cors-origin",
            "http://localhost:3000/",
            "--cors-origin",
            "HTTPS://Support.Example:443",
        ])
        .unwrap();
        // Written as a browser's Origin header is: lowercase, no default port, no slash.
        assert_eq!(
            cli.serve.cors_origins,
            [
                "https://a.example",
                "http://localhost:3000",
                "https://support.example"
            ]
        );
        for bad in [
            "*",
            "a.example",
            "https://a.example/path",
            "https://a.example/?q",
            "https://user:pw@a.example",
            "https://*.example",
            "ftp://a.example",
            "https://",
        ] {
            assert!(
                Cli::try_parse_from(["waitline-proxy", "--cors-origin", bad]).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn an_empty_directory_turns_static_files_off() {
        let cli =
            Cli::try_parse_from(["waitline-proxy", "--www-dir", "", "--package-dir="]).unwrap();
        assert_eq!(optional_dir(&cli.serve.www_dir), None);
        assert_eq!(optional_dir(&cli.serve.package_dir), None);
        let cli = Cli::try_parse_from(["waitline-proxy"]).unwrap();
        assert_eq!(optional_dir(&cli.serve.www_dir), Some(PathBuf::from("www")));
    }

    #[test]
    fn log_format_is_json_unless_asked_for_text() {
        let cli = Cli::try_parse_from(["waitline-proxy"]).unwrap();
        assert_eq!(cli.log_format, LogFormat::Json);
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "token",
            "--log-format",
            "text",
            "--contact-id",
            "c",
        ])
        .unwrap();
        assert_eq!(cli.log_format, LogFormat::Text);
        assert!(Cli::try_parse_from(["waitline-proxy", "--log-format", "xml"]).is_err());
    }

    #[test]
    fn an_instance_id_selects_amazon_connect() {
        let cli = Cli::try_parse_from(["waitline-proxy"]).unwrap();
        assert_eq!(cli.serve.connect.instance_id, None);
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "--connect-instance-id",
            "00000000-0000-4000-8000-000000000000",
            "--connect-endpoint-url",
            "https://vpce.example",
        ])
        .unwrap();
        assert!(cli.serve.connect.instance_id.is_some());
        // An endpoint without an instance would silently run the simulator.
        assert!(
            Cli::try_parse_from([
                "waitline-proxy",
                "--connect-endpoint-url",
                "https://x.example"
            ])
            .is_err()
        );
    }

    #[test]
    fn callbacks_default_to_the_simulators_and_need_countries_with_amazon_connect() {
        let cli = Cli::try_parse_from(["waitline-proxy"]).unwrap();
        assert_eq!(
            cli.serve.callback.config(false, MAX),
            Ok(Some(CallbackConfig::simulated()))
        );
        assert_eq!(
            cli.serve.callback.config(true, MAX),
            Ok(None),
            "no flow: off"
        );

        let instance = "00000000-0000-4000-8000-000000000000";
        let flow = "11111111-2222-4333-8444-555555555555";
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "--connect-instance-id",
            instance,
            "--callback-flow-id",
            flow,
        ])
        .unwrap();
        assert!(
            cli.serve.callback.config(true, MAX).is_err(),
            "no countries"
        );
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "--connect-instance-id",
            instance,
            "--callback-flow-id",
            flow,
            "--callback-countries",
            "us,GB",
            "--callback-delay-seconds",
            "518400",
            "--callback-stop-original",
            "false",
        ])
        .unwrap();
        let config = cli.serve.callback.config(true, MAX).unwrap().unwrap();
        assert_eq!(config.flow_id, flow);
        assert_eq!(config.countries, [Id::US, Id::GB]);
        assert_eq!(config.delay_seconds, 518_400);
        assert!(!config.stop_original);
    }

    #[test]
    fn callback_flags_out_of_range_are_usage_errors() {
        for args in [
            &["--callback-delay-seconds", "0"][..],
            &["--callback-delay-seconds", "518401"],
            &["--callback-countries", "USA"],
            &["--callback-countries", "XX"],
            &["--callback-stop-original", "maybe"],
            &["--callback-token-ttl", "59"],
            // A flow only means something in an instance.
            &["--callback-flow-id", "11111111-2222-4333-8444-555555555555"],
            &[
                "--connect-instance-id",
                "00000000-0000-4000-8000-000000000000",
                "--callback-flow-id",
                "callback-flow",
            ],
        ] {
            let mut argv = vec!["waitline-proxy"];
            argv.extend_from_slice(args);
            assert!(Cli::try_parse_from(&argv).is_err(), "{args:?}");
        }
    }

    #[test]
    fn a_store_url_is_redis_or_rediss_and_replicas_need_one() {
        let cli = Cli::try_parse_from(["waitline-proxy"]).unwrap();
        assert_eq!(cli.serve.store.url(), Ok(None));
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "--redis-url",
            "rediss://cache.example:6379/2",
            "--replicas",
            "3",
        ])
        .unwrap();
        assert_eq!(
            cli.serve.store.url(),
            Ok(Some("rediss://cache.example:6379/2"))
        );
        assert_eq!(cli.serve.store.replicas, Some(3));
        for bad in [
            &["--redis-url", "http://cache.example"][..],
            &["--redis-url", "redis://"],
            &["--redis-url", "cache.example:6379"],
            &["--replicas", "3"],
            &["--redis-url", "redis://c.example", "--replicas", "0"],
        ] {
            let mut argv = vec!["waitline-proxy"];
            argv.extend_from_slice(bad);
            assert!(Cli::try_parse_from(&argv).is_err(), "{bad:?}");
        }
        // A password on the command line is refused, and never repeated.
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "--redis-url",
            "redis://:hunter2@c.example",
        ])
        .unwrap();
        let refused = cli.serve.store.url().unwrap_err();
        assert!(refused.contains("WAITLINE_REDIS_URL") && !refused.contains("hunter2"));
        assert_eq!(
            redact("redis://app:hunter2@c.example:6380/1"),
            "redis://app:***@c.example:6380/1"
        );
    }

    #[test]
    fn simulate_subcommand() {
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "simulate",
            "--listen",
            "127.0.0.1:0",
            "--sim-quota-rate",
            "4",
        ])
        .unwrap();
        let Some(Command::Simulate(args)) = cli.command else {
            panic!("not simulate: {:?}", cli.command);
        };
        assert_eq!(args.listen.port(), 0);
        assert_eq!(args.simulator.quota().rate, 4.0);
    }

    #[test]
    fn token_subcommand() {
        let cli = Cli::try_parse_from(["waitline-proxy", "token", "--contact-id", "c"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Token(TokenArgs {
                ttl_seconds: 3600,
                ..
            }))
        ));
    }

    #[test]
    fn chats_are_on_in_the_simulator_and_need_a_flow_with_amazon_connect() {
        let cli =
            Cli::try_parse_from(["waitline-proxy", "--chat-attributes", "topic, lang"]).unwrap();
        let simulated = cli.serve.chat.config(false, MAX).unwrap().unwrap();
        assert_eq!(simulated.allowed_attributes, ["topic", "lang"]);
        assert_eq!(
            cli.serve.chat.config(true, MAX),
            Ok(None),
            "Amazon Connect without a chat flow"
        );
        let flow = "11111111-2222-4333-8444-555555555555";
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "--connect-instance-id",
            "00000000-0000-4000-8000-000000000000",
            "--chat-flow-id",
            flow,
        ])
        .unwrap();
        assert_eq!(
            cli.serve.chat.config(true, MAX).unwrap().unwrap().flow_id,
            flow
        );
        // A flow ID alone would silently run the simulator.
        assert!(Cli::try_parse_from(["waitline-proxy", "--chat-flow-id", flow]).is_err());
        assert!(Cli::try_parse_from(["waitline-proxy", "--chat-token-ttl", "59"]).is_err());
    }
}
