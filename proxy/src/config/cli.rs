//! clap's commands and the flags of `serve`, `simulate` and `token` that belong to no domain.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use super::parse::{CREATE_RATE, RATE, SHARE, client_rate, count, directory, number_in, origin};
use super::{
    CallbackArgs, ChatArgs, EventsArgs, QueuesArgs, SimulatorArgs, StoreArgs, TokenKeyArgs,
};
use crate::clients::limits;
use crate::{budget, router, server, state, token};

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
    #[arg(long, env = "WAITLINE_CONNECT_RATE", default_value_t = budget::CONNECT_QUOTA_RATE, value_parser = |v: &str| number_in(v, RATE))]
    pub connect_rate: f64,
    /// Connect calls allowed at once (the quota's burst; 1 to 10000).
    #[arg(long, env = "WAITLINE_CONNECT_BURST", default_value_t = budget::CONNECT_QUOTA_BURST, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub connect_burst: u32,
    /// An origin (`https://support.example.com`) allowed to call the API from another origin.
    /// Repeat for several; comma-separated in the environment. A wildcard is refused.
    #[arg(long = "cors-origin", env = "WAITLINE_CORS_ORIGINS", value_delimiter = ',', value_parser = origin)]
    pub cors_origins: Vec<String>,
    /// API requests per second one client (IP address, or IPv6 /64) may make; 0 turns every
    /// per-client limit off (for a load generator standing for many browsers), else 0.01 to
    /// 10000. A widget polls at most every 2 s.
    #[arg(long, env = "WAITLINE_CLIENT_RATE", default_value_t = limits::DEFAULT_REQUEST_RATE, value_parser = client_rate)]
    pub client_rate: f64,
    /// Requests one client may make at once (1 to 100000).
    #[arg(long, env = "WAITLINE_CLIENT_BURST", default_value_t = limits::DEFAULT_REQUEST_BURST, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub client_burst: u32,
    /// Contacts (chats, callbacks, demo contacts) one client may start per hour (0.01 to 100000).
    #[arg(long, env = "WAITLINE_CLIENT_CREATE_RATE", default_value_t = limits::DEFAULT_CREATIONS_PER_HOUR, value_parser = |v: &str| number_in(v, CREATE_RATE))]
    pub client_create_rate: f64,
    /// Contacts one client may start at once (1 to 10000).
    #[arg(long, env = "WAITLINE_CLIENT_CREATE_BURST", default_value_t = limits::DEFAULT_CREATION_BURST, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub client_create_burst: u32,
    /// The part of each Connect operation's rate one client's requests may cause (0.01 to 1):
    /// at 0.25 and 2 calls/s, half a call a second of each.
    #[arg(long, env = "WAITLINE_CLIENT_CONNECT_SHARE", default_value_t = limits::DEFAULT_CONNECT_SHARE, value_parser = |v: &str| number_in(v, SHARE))]
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
    #[arg(long, env = "WAITLINE_HEADER_READ_TIMEOUT", default_value_t = server::DEFAULT_HEADER_READ_TIMEOUT.as_secs(), value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_read_timeout: u64,
    /// Longest pause, in seconds, while a request body is read (1 to 3600).
    #[arg(long, env = "WAITLINE_BODY_READ_TIMEOUT", default_value_t = router::DEFAULT_BODY_READ_TIMEOUT.as_secs(), value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub body_read_timeout: u64,
    /// Seconds one write of an answer may wait for the client to read (1 to 3600): a client
    /// that pipelines requests and never reads its answers is disconnected after it.
    #[arg(long, env = "WAITLINE_WRITE_TIMEOUT", default_value_t = server::DEFAULT_WRITE_TIMEOUT.as_secs(), value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub write_timeout: u64,
    /// Connections open at once; more wait until one closes (1 to 1000000). The process's
    /// open-file limit (`ulimit -n`) must allow as many.
    #[arg(long, env = "WAITLINE_MAX_CONNECTIONS", default_value_t = count(server::DEFAULT_MAX_CONNECTIONS), value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_connections: u32,
    /// Connections one client address (IPv4, or IPv6 /64) may hold at once (1 to 1000000); more
    /// are closed as they open. Applies only when clients connect directly
    /// (`--trusted-proxy-hops 0`): behind a load balancer every connection is the balancer's.
    #[arg(long, env = "WAITLINE_MAX_CONNECTIONS_PER_CLIENT", default_value_t = count(server::DEFAULT_CONNECTIONS_PER_CLIENT), value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_connections_per_client: u32,
    /// Answers held open as streams (Server-Sent Events) at once (0 to 1000000; 0: none, every
    /// widget polls). Each holds one of `--max-connections`, so keep it below that; past it a
    /// widget asking for a stream gets one answer and polls.
    #[arg(long, env = "WAITLINE_MAX_STREAMS", default_value_t = count(state::DEFAULT_MAX_STREAMS), value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
    pub max_streams: u32,
    /// Where the operator's routes listen (`/metrics` for Prometheus, `/healthz` with the
    /// store's state), apart from the public API. Unset: not served.
    #[arg(
        long = "metrics-listen",
        env = "WAITLINE_METRICS_LISTEN",
        value_name = "METRICS_LISTEN"
    )]
    pub telemetry_listen: Option<SocketAddr>,
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
    pub queues: QueuesArgs,
    #[command(flatten)]
    pub simulator: SimulatorArgs,
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

#[derive(Debug, Clone, Args)]
pub struct TokenArgs {
    /// The contact the token grants access to.
    #[arg(long)]
    pub contact_id: String,
    /// Lifetime in seconds (1 to 31536000, a year).
    #[arg(long, default_value_t = token::DEFAULT_TTL_SECONDS, value_parser = clap::value_parser!(u64).range(1..=31_536_000))]
    pub ttl_seconds: u64,
    #[command(flatten)]
    pub tokens: TokenKeyArgs,
}
