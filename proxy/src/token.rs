//! Contact-bound access tokens: JSON Web Tokens (RFC 7519), which every backend language can
//! already sign.
//!
//! A contact ID is not a secret, so the proxy serves a contact only to a browser that presents
//! a token the site's backend minted for that contact:
//!
//! - header: `alg` `HS256` (a secret shared with the proxy) or `ES256` (the backend keeps the
//!   private key; the proxy holds only the public one), and `kid` naming the key;
//! - claims: `sub` the contact ID, `aud` `"waitline"` (or an array holding it, RFC 7519
//!   §4.1.3), `exp` (required), `iat` and `nbf` (optional, enforced), and `scope` (optional).
//!
//! A token opens its contact's routes. The tokens the proxy mints for callbacks carry
//! `"scope": "callback"`, and only those open a callback's status: its status route reads
//! `DescribeContact`, which a token for any other contact (a chat's, say) must not be able to
//! spend.
//!
//! The proxy's own secret (`WAITLINE_TOKEN_SECRET`) signs what it mints itself (the demo's
//! contacts, callbacks) under the `kid` [`OWN_KEY_ID`], and verifies HS256 tokens that carry that
//! `kid` or none. More keys, for rotation or for ES256, come from a JSON Web Key Set
//! ([`TokenKey::with_key_set`]); a token's `kid` picks its key, and a key verifies only the
//! algorithm it was given for, so an ES256 public key can never be used as an HS256 secret.

use std::collections::HashMap;
use std::fmt;

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, errors::ErrorKind};
use serde::{Deserialize, Serialize};

/// The audience every waitline token names, so a JWT the site mints for another service is
/// not accepted here.
pub const AUDIENCE: &str = "waitline";
/// The `kid` of the proxy's own secret.
pub const OWN_KEY_ID: &str = "waitline";
/// Shorter secrets are too easy to guess offline from one token.
pub const MIN_SECRET_BYTES: usize = 32;
/// Tokens longer than this are rejected before any decoding.
const MAX_TOKEN_LEN: usize = 4096;
/// The longest a token may live, unless configured: a week, which covers a long wait and a
/// callback scheduled days ahead.
pub const DEFAULT_MAX_LIFETIME_SECONDS: u64 = 7 * 24 * 3600;
/// A minted token's lifetime unless told (the `token` command's, the demo route's).
pub const DEFAULT_TTL_SECONDS: u64 = 3600;

/// The keys the proxy verifies tokens with, and the one it signs its own with.
#[derive(Clone)]
pub struct TokenKey {
    own: EncodingKey,
    keys: HashMap<String, (Algorithm, DecodingKey)>,
    max_lifetime: u64,
}

impl fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the secrets; the key IDs are fine to log.
        f.debug_struct("TokenKey")
            .field("kids", &self.keys.keys().collect::<Vec<_>>())
            .field("max_lifetime", &self.max_lifetime)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims {
    pub contact_id: String,
    pub expires_at: u64,
    pub scope: Scope,
}

/// What a token opens beyond its contact's metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A contact: its metrics, and asking for a callback.
    Contact,
    /// A callback the proxy created: its status too.
    Callback,
}

const CALLBACK_SCOPE: &str = "callback";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    /// Not a JWT, or one without the claims a waitline token has (`sub`, `exp`, `aud`).
    Malformed,
    /// Signed by no key the proxy holds, or altered since.
    BadSignature,
    Expired,
    /// Its `nbf` is still ahead.
    NotYetValid,
    /// Valid for longer than the proxy allows.
    TooLong,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the token secret must be at least {MIN_SECRET_BYTES} bytes")]
pub struct SecretTooShort;

/// Why a key set could not be used, said so an operator can fix the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("token key set: {0}")]
pub struct KeySetError(pub String);

/// The claims the proxy mints.
#[derive(Debug, Serialize)]
struct Minted<'a> {
    sub: &'a str,
    aud: &'a str,
    exp: u64,
    iat: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<&'a str>,
}

/// The claims the proxy reads; `aud` (a string or an array) is checked by the library.
#[derive(Debug, Deserialize)]
struct Body {
    sub: String,
    exp: u64,
    #[serde(default)]
    iat: Option<u64>,
    #[serde(default)]
    nbf: Option<u64>,
    #[serde(default)]
    scope: Option<String>,
}

impl TokenKey {
    pub fn new(secret: &[u8]) -> Result<Self, SecretTooShort> {
        if secret.len() < MIN_SECRET_BYTES {
            return Err(SecretTooShort);
        }
        Ok(Self::with_secret(secret))
    }

    /// A fresh random key, for the simulator when no secret is configured.
    pub fn random() -> Result<Self, getrandom::Error> {
        let mut secret = vec![0; MIN_SECRET_BYTES];
        getrandom::fill(&mut secret)?;
        Ok(Self::with_secret(&secret))
    }

    /// The proxy's own key from a secret already known to be long enough.
    fn with_secret(secret: &[u8]) -> Self {
        let keys = HashMap::from([(
            OWN_KEY_ID.to_owned(),
            (Algorithm::HS256, DecodingKey::from_secret(secret)),
        )]);
        Self {
            own: EncodingKey::from_secret(secret),
            keys,
            max_lifetime: DEFAULT_MAX_LIFETIME_SECONDS,
        }
    }

    /// The longest lifetime (`exp` minus `iat`, and `exp` minus now) a token may have.
    #[must_use]
    pub fn with_max_lifetime(mut self, seconds: u64) -> Self {
        self.max_lifetime = seconds;
        self
    }

    /// Adds the keys of a JSON Web Key Set (RFC 7517): `oct` keys for HS256 (at least 32 bytes)
    /// and `EC` P-256 public keys for ES256, each with a `kid`. Several at once let a site
    /// rotate keys: tokens signed with the old one stay valid until they expire.
    pub fn with_key_set(mut self, json: &str) -> Result<Self, KeySetError> {
        let set: JwkSet =
            serde_json::from_str(json).map_err(|e| KeySetError(format!("not a JWK set: {e}")))?;
        for jwk in &set.keys {
            let kid = jwk
                .common
                .key_id
                .clone()
                .filter(|kid| !kid.is_empty())
                .ok_or_else(|| KeySetError("every key needs a kid".into()))?;
            let algorithm = match &jwk.algorithm {
                AlgorithmParameters::OctetKey(octet) => {
                    let bytes = base64_url_len(&octet.value);
                    if bytes < MIN_SECRET_BYTES {
                        return Err(KeySetError(format!(
                            "key {kid}: an HS256 secret must be at least {MIN_SECRET_BYTES} bytes"
                        )));
                    }
                    Algorithm::HS256
                }
                AlgorithmParameters::EllipticCurve(ec) if ec.curve == EllipticCurve::P256 => {
                    Algorithm::ES256
                }
                _ => {
                    return Err(KeySetError(format!(
                        "key {kid}: only HS256 (kty oct) and ES256 (kty EC, crv P-256) keys are accepted"
                    )));
                }
            };
            let key =
                DecodingKey::from_jwk(jwk).map_err(|e| KeySetError(format!("key {kid}: {e}")))?;
            if self.keys.insert(kid.clone(), (algorithm, key)).is_some() {
                return Err(KeySetError(format!("key {kid} is listed twice")));
            }
        }
        Ok(self)
    }

    /// A token for `contact_id`, valid until `expires_at` (Unix seconds), signed with the
    /// proxy's own secret.
    pub fn mint(&self, contact_id: &str, expires_at: u64) -> String {
        self.mint_scoped(contact_id, expires_at, Scope::Contact)
    }

    /// The same, opening what `scope` says.
    pub fn mint_scoped(&self, contact_id: &str, expires_at: u64, scope: Scope) -> String {
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(OWN_KEY_ID.to_owned());
        let body = Minted {
            sub: contact_id,
            aud: AUDIENCE,
            exp: expires_at,
            iat: crate::unix_now().min(expires_at),
            scope: (scope == Scope::Callback).then_some(CALLBACK_SCOPE),
        };
        // Encoding a struct of strings and integers with an HMAC key cannot fail.
        jsonwebtoken::encode(&header, &body, &self.own).unwrap_or_default()
    }

    pub fn verify(&self, token: &str, now: u64) -> Result<Claims, TokenError> {
        if token.len() > MAX_TOKEN_LEN {
            return Err(TokenError::Malformed);
        }
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Malformed)?;
        let kid = header.kid.as_deref().unwrap_or(OWN_KEY_ID);
        let (algorithm, key) = self.keys.get(kid).ok_or(TokenError::BadSignature)?;
        if header.alg != *algorithm {
            return Err(TokenError::BadSignature);
        }
        let mut validation = Validation::new(*algorithm);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "sub", "aud"]);
        // Expiry is checked here against `now`, so tests and the library agree on the clock.
        validation.validate_exp = false;
        validation.leeway = 0;
        let body = jsonwebtoken::decode::<Body>(token, key, &validation)
            .map_err(|e| match e.kind() {
                ErrorKind::InvalidSignature
                | ErrorKind::InvalidAlgorithm
                | ErrorKind::InvalidKeyFormat => TokenError::BadSignature,
                _ => TokenError::Malformed,
            })?
            .claims;
        if body.exp <= now {
            return Err(TokenError::Expired);
        }
        if body.nbf.is_some_and(|nbf| nbf > now) {
            return Err(TokenError::NotYetValid);
        }
        let issued = body.iat.unwrap_or(now).min(now);
        if body.exp.saturating_sub(issued) > self.max_lifetime {
            return Err(TokenError::TooLong);
        }
        let callback = body
            .scope
            .as_deref()
            .is_some_and(|scope| scope.split_ascii_whitespace().any(|s| s == CALLBACK_SCOPE));
        Ok(Claims {
            contact_id: body.sub,
            expires_at: body.exp,
            scope: if callback {
                Scope::Callback
            } else {
                Scope::Contact
            },
        })
    }
}

/// Decoded length of unpadded base64url text.
fn base64_url_len(text: &str) -> usize {
    text.trim_end_matches('=').len() * 3 / 4
}

#[cfg(test)]
mod tests;
