//! The embedded (or standalone) simulator's flags.

use std::net::SocketAddr;

use clap::Args;
use waitline_simulator::connect::events::HttpTarget;
use waitline_simulator::connect::{QueueConfig, Quota};

use super::parse::{RATE, number_in};
use crate::budget;

/// Mean handle time, simulated seconds: from a second to a day.
const HANDLE_SECONDS: (f64, f64) = (1.0, 86_400.0);
/// Ten a second: far more would keep the simulator busy replaying arrivals.
const ARRIVALS_PER_MINUTE: (f64, f64) = (0.0, 600.0);
const TIME_SCALE: (f64, f64) = (0.01, 1_000.0);
/// Simulated seconds per real second unless configured: a queue that moves within a demo.
pub const DEFAULT_TIME_SCALE: f64 = 10.0;

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
    #[arg(long = "sim-time-scale", env = "WAITLINE_SIM_TIME_SCALE", default_value_t = DEFAULT_TIME_SCALE, value_parser = |v: &str| number_in(v, TIME_SCALE))]
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
    #[arg(long = "sim-quota-rate", env = "WAITLINE_SIM_QUOTA_RATE", default_value_t = budget::CONNECT_QUOTA_RATE, value_parser = |v: &str| number_in(v, RATE))]
    pub quota_rate: f64,
    /// The simulated account's burst (1 to 10000).
    #[arg(
        long = "sim-quota-burst",
        env = "WAITLINE_SIM_QUOTA_BURST",
        default_value_t = budget::CONNECT_QUOTA_BURST,
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

    pub(super) fn events_target_with(
        &self,
        secret: Option<&str>,
    ) -> Result<Option<HttpTarget>, String> {
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
