use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use tracing_subscriber::EnvFilter;
use waitline_proxy::budget::bucket_params;
use waitline_proxy::budget::operations::Operation;
use waitline_proxy::config::{
    Cli, Command, ConnectTarget, LogFormat, ServeArgs, SimulateArgs, SimulatorArgs,
    TOKEN_SECRET_VAR, TokenArgs, redact,
};
use waitline_proxy::server;
use waitline_proxy::source::ConnectClient;
use waitline_proxy::store::{SharedStore, Store};
use waitline_proxy::tasks::TaskGuard;
use waitline_proxy::{AppState, Backend, operator_app, router, unix_now};
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
    let mut config = args.config()?;
    if config.random_secret {
        tracing::warn!(
            "no {TOKEN_SECRET_VAR}: using a random one; only this process's tokens are valid"
        );
    }
    // The simulator's events POSTed elsewhere (`--sim-events-url`), while the proxy serves.
    let mut posting = None;
    let backend = match &config.connect {
        ConnectTarget::Amazon {
            instance_id,
            endpoint_url,
        } => Backend::amazon(ConnectClient::aws(instance_id, endpoint_url.as_deref()).await),
        ConnectTarget::Simulator(simulator_args) => {
            let simulator = Arc::new(Simulator::new(
                simulator_args.queue_config(unix_now()),
                simulator_args.time_scale,
            ));
            let listen = simulator_args.connect_listen;
            let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| {
                format!("cannot listen on {listen} for the simulated Connect API: {e}")
            })?;
            let endpoint = ConnectApi::new(
                Arc::clone(&simulator),
                SIMULATED_INSTANCE_ID,
                simulator_args.quota(),
            )
            .spawn(listener)
            .map_err(|e| e.to_string())?;
            posting = posted_events(&simulator, simulator_args)?;
            Backend::Simulated {
                simulator,
                endpoint,
            }
        }
    };
    if let Some(url) = &config.redis_url {
        let budget = config.state.budget;
        let shared = SharedStore::connect(
            url,
            bucket_params(budget.rate, budget.burst),
            Operation::all_buckets(),
            config.replicas,
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
        config.state.store = Store::Shared(shared);
    }

    // On AWS Lambda the runtime, not a socket, brings the requests.
    #[cfg(feature = "lambda")]
    if std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some() {
        tracing::info!("running on AWS Lambda");
        // Lambda buffers a whole response: a stream would never arrive. Widgets poll.
        config.state.max_streams = None;
        let state = AppState::build(backend, config.state);
        return lambda_http::run(router(state, &config.router))
            .await
            .map_err(|e| format!("Lambda runtime: {e}"));
    }

    let state = AppState::build(backend, config.state);
    let shutdown = shutdown_signal().map_err(|e| format!("cannot listen for signals: {e}"))?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let operator = match config.telemetry_listen {
        Some(listen) => Some(
            tokio::net::TcpListener::bind(listen)
                .await
                .map_err(|e| format!("cannot listen on {listen} for --metrics-listen: {e}"))?,
        ),
        None => None,
    };
    // Printed on stdout, one line each, so scripts and tests can read where the proxy is.
    println!("waitline proxy listening on http://{address}");
    match (state.simulated_connect_url(), &config.connect) {
        (Some(url), ConnectTarget::Simulator(simulator)) => println!(
            "simulated Amazon Connect endpoint: {url} (instance {SIMULATED_INSTANCE_ID}; {} agents, time x{}, quota {}/s burst {})\nsimulated Participant Service endpoint: {url}",
            simulator.agents, simulator.time_scale, simulator.quota_rate, simulator.quota_burst
        ),
        (_, ConnectTarget::Amazon { instance_id, .. }) => {
            println!("Amazon Connect instance {instance_id}");
        }
        (None, ConnectTarget::Simulator(_)) => {}
    }
    let mut operator_listener = TaskGuard::default();
    if let Some(operator) = operator {
        let address = operator.local_addr().map_err(|e| e.to_string())?;
        println!("operator routes (/metrics, /healthz) on http://{address}");
        let operator_app = operator_app(state.clone());
        operator_listener.spawn(async move {
            if let Err(error) = axum::serve(operator, operator_app).await {
                tracing::error!(%error, "the operator's listener stopped");
            }
        });
    }
    server::serve(
        listener,
        router(state, &config.router),
        config.connections,
        shutdown,
    )
    .await;
    drop(operator_listener);
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
