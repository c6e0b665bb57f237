//! "Call me back"'s flags.

use std::time::Duration;

use clap::Args;
use phonenumber::country::Id;

use super::parse::{MIN_TOKEN_TTL, country, flow_id, number_type};
use crate::callback::phone::NumberKind;
use crate::callback::{self, CallbackConfig, DEFAULT_DELAY_SECONDS, MAX_DELAY_SECONDS};

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
