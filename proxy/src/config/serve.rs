//! `serve`'s flags checked together into what the proxy is built from.

use std::net::SocketAddr;
use std::time::Duration;

use axum::http::HeaderValue;

use super::keys::TOKEN_SECRET_VAR;
use super::parse::{optional_dir, token_ttl};
use super::{ServeArgs, SimulatorArgs};
use crate::RouterConfig;
use crate::budget::BudgetConfig;
use crate::clients::ClientPolicy;
use crate::server::ConnectionLimits;
use crate::state::StateConfig;
use crate::store::Store;
use waitline_core::connect_id::instance_uuid;

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
    pub telemetry_listen: Option<SocketAddr>,
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
            crate::token::DEFAULT_TTL_SECONDS,
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
            queues: self.queues.config()?,
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
            request_timeout: crate::router::DEFAULT_REQUEST_TIMEOUT,
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
            telemetry_listen: self.telemetry_listen,
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
