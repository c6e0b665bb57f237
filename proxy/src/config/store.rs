//! The shared store's flags.

use clap::Args;

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
