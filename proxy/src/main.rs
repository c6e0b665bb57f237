use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderValue;
use clap::Parser;
use tracing_subscriber::EnvFilter;
use waitline_core::connect_id::instance_uuid;
use waitline_proxy::budget::operations::Operation;
use waitline_proxy::budget::{BudgetConfig, bucket_params};
use waitline_proxy::callback::{Callbacks, wall_clock};
use waitline_proxy::chat::Chats;
use waitline_proxy::clients::{ClientLimits, ClientPolicy};
use waitline_proxy::config::{
    Cli, Command, LogFormat, ServeArgs, SimulateArgs, SimulatorArgs, TOKEN_SECRET_VAR, TokenArgs,
    optional_dir,
};
use waitline_proxy::config::{redact, token_ttl};
use waitline_proxy::routes::stream::Streams;
use waitline_proxy::server::{self, ConnectionLimits};
use waitline_proxy::source::ConnectSource;
use waitline_proxy::store::{SharedStore, Store};
use waitline_proxy::{AppState, app, operator_app, unix_now};
use waitline_simulator::connect::events::{EventDelivery, RunningDelivery};
use waitline_simulator::connect::{ConnectApi, SIMULATED_INSTANCE_ID, SIMULATED_REGION, Simulator};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let logs = tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Json => logs.json().init(),
        LogFormat::Text => logs.init(),
    }
    let result = match cli.command {
        Some(Command::Token(args)) => mint(&args),
        Some(Command::Serve(args)) => serve(*args).await,
        Some(Command::Simulate(args)) => simulate(*args).await,
        None => serve(cli.serve).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("waitline-proxy: {message}");
            ExitCode::FAILURE
        }
    }
}

#[allow(clippy::print_stdout)] // the token is the command's output
fn mint(args: &TokenArgs) -> Result<(), String> {
    let (key, from_secret) = args.tokens.keys()?;
    if !from_secret {
        return Err(format!(
            "set {TOKEN_SECRET_VAR} (or --token-secret-file) to the secret the proxy checks tokens with"
        ));
    }
    if args.ttl_seconds > args.tokens.token_max_lifetime {
        return Err(format!(
            "--ttl-seconds {} is longer than the proxy accepts (--token-max-lifetime {})",
            args.ttl_seconds, args.tokens.token_max_lifetime
        ));
    }
    println!(
        "{}",
        key.mint(
            &args.contact_id,
            unix_now().saturating_add(args.ttl_seconds)
        )
    );
    Ok(())
}

#[allow(clippy::print_stdout)] // the URLs are for the person who started the proxy
async fn serve(args: ServeArgs) -> Result<(), String> {
    let (tokens, has_secret) = args.tokens.keys()?;
    if !has_secret {
        tracing::warn!(
            "no WAITLINE_TOKEN_SECRET: using a random one; only this process's tokens are valid"
        );
    }
    let budget = BudgetConfig {
        rate: args.connect_rate,
        burst: args.connect_burst,
        ..BudgetConfig::default()
    };
    let max_lifetime = args.tokens.token_max_lifetime;
    let demo_token_ttl = token_ttl("--demo-token-ttl", args.demo_token_ttl, 3600, max_lifetime)?;
    let amazon_connect = args.connect.instance_id.is_some();
    let callback_config = args.callback.config(amazon_connect, max_lifetime)?;
    let chat_config = args.chat.config(amazon_connect, max_lifetime)?;
    // The simulator's events POSTed elsewhere (`--sim-events-url`), while the proxy serves.
    let mut posting = None;
    let mut state = match &args.connect.instance_id {
        Some(instance_id) => {
            if !has_secret {
                return Err("with Amazon Connect, set WAITLINE_TOKEN_SECRET: your site's backend mints tokens with it".into());
            }
            if instance_uuid(instance_id).is_none() {
                return Err(format!(
                    "`{instance_id}` is not a Connect instance ID or ARN"
                ));
            }
            let source =
                ConnectSource::aws(instance_id, args.connect.endpoint_url.as_deref()).await;
            let mut state = AppState::new(source.clone(), tokens, budget);
            let operations = &state.operations;
            state.callbacks = callback_config.map(|config| {
                Callbacks::new(source.clone(), config, wall_clock(), Arc::clone(operations))
            });
            state.chats = chat_config
                .map(|config| Chats::new(source.clone(), config, Arc::clone(operations)));
            state
        }
        None => {
            let simulator = Arc::new(Simulator::new(
                args.simulator.queue_config(unix_now()),
                args.simulator.time_scale,
            ));
            let listen = args.simulator.connect_listen;
            let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| {
                format!("cannot listen on {listen} for the simulated Connect API: {e}")
            })?;
            let endpoint = ConnectApi::new(
                Arc::clone(&simulator),
                SIMULATED_INSTANCE_ID,
                args.simulator.quota(),
            )
            .spawn(listener)
            .map_err(|e| e.to_string())?;
            posting = posted_events(&simulator, &args.simulator)?;
            let mut state = AppState::with_simulator(simulator, endpoint, tokens, budget);
            if args.events.simulated {
                state = state.hearing_simulated_events();
            }
            state.callbacks = state
                .callbacks
                .zip(callback_config)
                .map(|(callbacks, config)| callbacks.with_config(config));
            state.chats = state
                .chats
                .zip(chat_config)
                .map(|(chats, config)| chats.with_config(config));
            state
        }
    };
    if let Some(url) = args.store.url()? {
        let shared = SharedStore::connect(
            url,
            bucket_params(args.connect_rate, args.connect_burst),
            Operation::all_buckets(),
            args.store.replicas,
        )
        .await
        .map_err(|e| format!("--redis-url {}: {e}", redact(url)))?;
        let health = shared.health();
        tracing::info!(
            store = %redact(url),
            replica = shared.replica(),
            degraded = health.degraded,
            replicas = health.replicas_seen,
            "sharing the Connect budget and cache through the store"
        );
        state = state.with_store(Store::Shared(shared));
    }
    let trusted_hops = if args.trust_x_forwarded_for {
        1
    } else {
        args.trusted_proxy_hops
    };
    state.client_limits = (args.client_rate > 0.0).then(|| {
        ClientLimits::new(ClientPolicy {
            request_rate: args.client_rate,
            request_burst: args.client_burst,
            creations_per_hour: args.client_create_rate,
            creation_burst: args.client_create_burst,
            connect_share: args.client_connect_share,
            connect_rate: args.connect_rate,
            trusted_hops,
            ..ClientPolicy::default()
        })
    });
    if args.max_streams >= args.max_connections {
        return Err(format!(
            "--max-streams {} leaves no connection for anything else: keep it below --max-connections {}",
            args.max_streams, args.max_connections
        ));
    }
    state.events = args.events.config()?;
    state.streams = (args.max_streams > 0)
        .then(|| Streams::new(usize::try_from(args.max_streams).unwrap_or(usize::MAX)));
    state.demo_token_ttl = Duration::from_secs(demo_token_ttl);
    state.body_read_timeout = Duration::from_secs(args.body_read_timeout);
    state.www_dir = optional_dir(&args.www_dir);
    state.package_dir = optional_dir(&args.package_dir);
    state.cors_origins = args
        .cors_origins
        .iter()
        .map(|origin| {
            HeaderValue::from_str(origin).map_err(|_| format!("bad CORS origin {origin}"))
        })
        .collect::<Result<_, _>>()?;

    // On AWS Lambda the runtime, not a socket, brings the requests.
    #[cfg(feature = "lambda")]
    if std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some() {
        tracing::info!("running on AWS Lambda");
        // Lambda buffers a whole response: a stream would never arrive. Widgets poll.
        state.streams = None;
        return lambda_http::run(app(state))
            .await
            .map_err(|e| format!("Lambda runtime: {e}"));
    }

    let shutdown = shutdown_signal().map_err(|e| format!("cannot listen for signals: {e}"))?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let operator = match args.metrics_listen {
        Some(listen) => Some(
            tokio::net::TcpListener::bind(listen)
                .await
                .map_err(|e| format!("cannot listen on {listen} for --metrics-listen: {e}"))?,
        ),
        None => None,
    };
    // Printed on stdout, one line each, so scripts and tests can read where the proxy is.
    println!("waitline proxy listening on http://{address}");
    match (state.simulated_connect_url(), &args.connect.instance_id) {
        (Some(url), _) => println!(
            "simulated Amazon Connect endpoint: {url} (instance {SIMULATED_INSTANCE_ID}; {} agents, time x{}, quota {}/s burst {})\nsimulated Participant Service endpoint: {url}",
            args.simulator.agents,
            args.simulator.time_scale,
            args.simulator.quota_rate,
            args.simulator.quota_burst
        ),
        (None, Some(instance)) => println!("Amazon Connect instance {instance}"),
        (None, None) => {}
    }
    let limits = ConnectionLimits {
        header_read_timeout: Duration::from_secs(args.header_read_timeout),
        write_timeout: Duration::from_secs(args.write_timeout),
        max_connections: usize::try_from(args.max_connections).unwrap_or(usize::MAX),
        // Behind proxies of the operator's, every connection is theirs.
        per_client: (trusted_hops == 0)
            .then(|| usize::try_from(args.max_connections_per_client).unwrap_or(usize::MAX)),
    };
    if let Some(operator) = operator {
        let address = operator.local_addr().map_err(|e| e.to_string())?;
        println!("operator routes (/metrics, /healthz) on http://{address}");
        let operator_app = operator_app(state.clone());
        tokio::spawn(async move {
            if let Err(error) = axum::serve(operator, operator_app).await {
                tracing::error!(%error, "the operator's listener stopped");
            }
        });
    }
    server::serve(listener, app(state), limits, shutdown).await;
    drop(posting);
    Ok(())
}

/// Starts POSTing `simulator`'s contact events where `--sim-events-url` says, if it does.
fn posted_events(
    simulator: &Arc<Simulator>,
    args: &SimulatorArgs,
) -> Result<Option<RunningDelivery>, String> {
    Ok(args.events_target()?.map(|target| {
        EventDelivery::new(Arc::clone(simulator), SIMULATED_INSTANCE_ID)
            .http(target)
            .spawn()
    }))
}

/// The simulated Connect on its own, until SIGTERM or Ctrl-C: one simulated account (its quota,
/// its queue) that several proxies share, as replicas share Amazon Connect.
#[allow(clippy::print_stdout)] // the URL is for the person (or script) that started it
async fn simulate(args: SimulateArgs) -> Result<(), String> {
    let shutdown = shutdown_signal().map_err(|e| format!("cannot listen for signals: {e}"))?;
    let simulator = Arc::new(Simulator::new(
        args.simulator.queue_config(unix_now()),
        args.simulator.time_scale,
    ));
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let posting = posted_events(&simulator, &args.simulator)?;
    let endpoint = ConnectApi::new(simulator, SIMULATED_INSTANCE_ID, args.simulator.quota())
        .spawn(listener)
        .map_err(|e| e.to_string())?;
    println!(
        "simulated Amazon Connect endpoint: {} (instance {SIMULATED_INSTANCE_ID}, region {SIMULATED_REGION}; {} agents, time x{}, quota {}/s burst {})",
        endpoint.url,
        args.simulator.agents,
        args.simulator.time_scale,
        args.simulator.quota_rate,
        args.simulator.quota_burst
    );
    shutdown.await;
    drop(posting);
    drop(endpoint);
    Ok(())
}

/// Listens for SIGTERM and Ctrl-C from now on, not from the first poll: a signal sent as soon
/// as the proxy says it is listening must stop it gracefully, not by the signal's default.
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    let stopped = {
        use tokio::signal::unix::{SignalKind, signal};
        let mut terminate = signal(SignalKind::terminate())?;
        let mut interrupt = signal(SignalKind::interrupt())?;
        async move {
            tokio::select! {
                _ = terminate.recv() => {},
                _ = interrupt.recv() => {},
            }
        }
    };
    #[cfg(not(unix))]
    let stopped = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    Ok(async {
        stopped.await;
        tracing::info!("shutting down");
    })
}
