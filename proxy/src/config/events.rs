//! The contact events route's flags.

use std::time::Duration;

use clap::Args;

use crate::routes::events::{
    DEFAULT_CONNECT_DELAY_SECONDS, EventsConfig, MIN_SECRET_CHARS, SECRET_VAR as EVENTS_SECRET_VAR,
};

/// Amazon Connect's contact events, POSTed to `/v1/events` by an EventBridge rule's API
/// destination (see the README's "Contact events"): each departure moves everyone behind it at
/// once. The route is on when `WAITLINE_EVENTS_SECRET` holds the API key the destination sends.
#[derive(Debug, Clone, Args)]
pub struct EventsArgs {
    /// Longest from a contact leaving its queue to its agent being connected, seconds (0 to
    /// 300): the agent's phone ringing. 0 where agents accept contacts automatically. A
    /// departure counts for the customers behind it only once this long has surely passed.
    #[arg(long = "events-connect-delay", env = "WAITLINE_EVENTS_CONNECT_DELAY", default_value_t = DEFAULT_CONNECT_DELAY_SECONDS, value_parser = clap::value_parser!(u64).range(0..=300))]
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

    pub(super) fn config_with(&self, secret: Option<&str>) -> Result<Option<EventsConfig>, String> {
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
