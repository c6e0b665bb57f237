//! The token keys: the proxy's secret and a key set, from the environment or files.

use std::path::PathBuf;

use clap::Args;

use crate::token::TokenKey;

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
