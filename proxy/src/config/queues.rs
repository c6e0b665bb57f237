//! The lines `GET /v1/queues` offers.

use std::time::Duration;

use clap::Args;

use crate::queues::{DEFAULT_REFRESH, QueuesConfig, parse_lines};

/// The lines a site offers a customer before a contact exists (`GET /v1/queues`, public): each
/// queue on each channel, with Connect's estimated wait for a new contact. Unset: 404.
#[derive(Debug, Clone, Args)]
pub struct QueuesArgs {
    /// The lines, `name=queue,...`: a name of a-z, 0-9 and - that pages ask for, and the
    /// queue's ID or ARN (at most 100 lines, queues times channels).
    #[arg(long = "queues", env = "WAITLINE_QUEUES")]
    pub queues: Option<String>,
    /// The channels each queue is offered on: VOICE, CHAT, TASK.
    #[arg(
        long = "queue-channels",
        env = "WAITLINE_QUEUE_CHANNELS",
        default_value = "CHAT,VOICE"
    )]
    pub channels: String,
    /// Seconds between readings (2 to 300): each takes two `GetCurrentMetricData` calls,
    /// whatever the number of lines and browsers.
    #[arg(long = "queues-refresh-seconds", env = "WAITLINE_QUEUES_REFRESH_SECONDS", default_value_t = DEFAULT_REFRESH.as_secs(), value_parser = clap::value_parser!(u64).range(2..=300))]
    pub refresh_seconds: u64,
}

impl QueuesArgs {
    /// The lines' configuration; `None` without `--queues`.
    pub fn config(&self) -> Result<Option<QueuesConfig>, String> {
        let Some(queues) = self.queues.as_deref().filter(|q| !q.trim().is_empty()) else {
            return Ok(None);
        };
        let lines = parse_lines(queues, &self.channels).map_err(|e| format!("--queues: {e}"))?;
        Ok(Some(QueuesConfig {
            lines,
            refresh: Duration::from_secs(self.refresh_seconds),
        }))
    }
}
