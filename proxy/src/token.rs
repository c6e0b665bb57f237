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
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    /// `claims` signed HS256 with [`SECRET`] and no `kid`, as another library would.
    fn signed(claims: serde_json::Value) -> String {
        jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(SECRET),
        )
        .unwrap()
    }

    fn far() -> u64 {
        crate::unix_now() + 3600
    }

    #[test]
    fn round_trips_with_the_standard_claims() {
        let key = TokenKey::new(SECRET).unwrap();
        let contact = "arn:aws:connect:r:1:instance/i/contact/c";
        let token = key.mint(contact, far());
        let header = jsonwebtoken::decode_header(&token).unwrap();
        assert_eq!(header.alg, Algorithm::HS256);
        assert_eq!(header.kid.as_deref(), Some(OWN_KEY_ID));
        let now = crate::unix_now();
        assert_eq!(
            key.verify(&token, now),
            Ok(Claims {
                contact_id: contact.into(),
                expires_at: far(),
                scope: Scope::Contact,
            })
        );
        let callback = key.mint_scoped(contact, far(), Scope::Callback);
        assert_eq!(
            key.verify(&callback, now).map(|c| c.scope),
            Ok(Scope::Callback)
        );
        assert_eq!(key.verify(&token, far()), Err(TokenError::Expired));
    }

    /// A token another library signed: HS256 over the standard claims, as the README shows.
    #[test]
    fn accepts_a_token_minted_elsewhere_with_the_shared_secret() {
        let key = TokenKey::new(SECRET).unwrap();
        let body = serde_json::json!({ "sub": "c-1", "aud": "waitline", "exp": 2_000_000_000u64 });
        let token = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &body,
            &EncodingKey::from_secret(SECRET),
        )
        .unwrap();
        assert_eq!(key.verify(&token, 1_999_999_000).unwrap().contact_id, "c-1");
    }

    /// RFC 7519 §4.1.3: `aud` may be an array; `nbf` (§4.1.5) must be enforced.
    #[test]
    fn an_audience_array_is_read_and_not_before_is_enforced() {
        let key = TokenKey::new(SECRET).unwrap();
        let now = crate::unix_now();
        let exp = now + 600;
        let array =
            signed(serde_json::json!({"sub": "c", "aud": ["other", "waitline"], "exp": exp}));
        assert_eq!(
            key.verify(&array, now).map(|c| c.contact_id),
            Ok("c".into())
        );
        let elsewhere = signed(serde_json::json!({"sub": "c", "aud": ["other"], "exp": exp}));
        assert_eq!(key.verify(&elsewhere, now), Err(TokenError::Malformed));
        let later =
            signed(serde_json::json!({"sub": "c", "aud": "waitline", "exp": exp, "nbf": now + 60}));
        assert_eq!(key.verify(&later, now), Err(TokenError::NotYetValid));
        assert!(key.verify(&later, now + 60).is_ok());
        // A scope naming other things, or none, opens the contact only.
        let scoped = signed(
            serde_json::json!({"sub": "c", "aud": "waitline", "exp": exp, "scope": "read callback"}),
        );
        assert_eq!(
            key.verify(&scoped, now).map(|c| c.scope),
            Ok(Scope::Callback)
        );
        let other = signed(
            serde_json::json!({"sub": "c", "aud": "waitline", "exp": exp, "scope": "callbacks"}),
        );
        assert_eq!(key.verify(&other, now).map(|c| c.scope), Ok(Scope::Contact));
    }

    #[test]
    fn rejects_forgeries_other_audiences_and_missing_claims() {
        let key = TokenKey::new(SECRET).unwrap();
        let other = TokenKey::new(b"another secret of at least 32 bytes!").unwrap();
        let now = crate::unix_now();
        assert_eq!(
            other.verify(&key.mint("c-1", far()), now),
            Err(TokenError::BadSignature)
        );
        let exp = far();
        assert_eq!(
            key.verify(
                &signed(serde_json::json!({"sub": "c", "aud": "other", "exp": exp})),
                now
            ),
            Err(TokenError::Malformed)
        );
        assert_eq!(
            key.verify(
                &signed(serde_json::json!({"sub": "c", "aud": "waitline"})),
                now
            ),
            Err(TokenError::Malformed),
            "exp is required"
        );
        // Moving a signature onto other claims fails.
        let token = key.mint("c-1", far());
        let parts: Vec<&str> = token.split('.').collect();
        let forged_body = signed(serde_json::json!({"sub": "c-2", "aud": "waitline", "exp": exp}));
        let moved = format!(
            "{}.{}.{}",
            parts[0],
            forged_body.split('.').nth(1).unwrap(),
            parts[2]
        );
        assert_eq!(key.verify(&moved, now), Err(TokenError::BadSignature));
    }

    #[test]
    fn a_token_living_longer_than_allowed_is_refused() {
        let key = TokenKey::new(SECRET).unwrap().with_max_lifetime(600);
        let now = crate::unix_now();
        assert!(key.verify(&key.mint("c", now + 600), now).is_ok());
        assert_eq!(
            key.verify(&key.mint("c", now + 601), now),
            Err(TokenError::TooLong)
        );
    }

    #[test]
    fn rejects_malformed_tokens() {
        let key = TokenKey::new(SECRET).unwrap();
        for bad in ["", "v1", "a.b.c", "a.b", &"a".repeat(5000)] {
            assert_eq!(key.verify(bad, 0), Err(TokenError::Malformed), "{bad}");
        }
    }

    #[test]
    fn an_unsigned_or_public_key_confused_token_is_refused() {
        let key = TokenKey::new(SECRET).unwrap();
        // alg "none": no signature at all.
        let none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJjIiwiYXVkIjoid2FpdGxpbmUiLCJleHAiOjIwMDAwMDAwMDB9.";
        assert!(key.verify(none, 0).is_err());
    }

    #[test]
    fn a_key_set_adds_rotating_hs256_keys_and_es256_public_keys() {
        let next = b"the next secret, also 32 bytes long!";
        let k = base64_url(next);
        // P-256 public key (x, y) of a test key pair; the private half signs below.
        let set = serde_json::json!({ "keys": [
            { "kty": "oct", "kid": "2026-12", "alg": "HS256", "k": k },
            { "kty": "EC", "crv": "P-256", "kid": "site-es", "alg": "ES256",
              "x": ES_X, "y": ES_Y },
        ]});
        let key = TokenKey::new(SECRET)
            .unwrap()
            .with_key_set(&set.to_string())
            .unwrap();
        let now = crate::unix_now();
        let body = serde_json::json!({ "sub": "c-9", "aud": "waitline", "exp": now + 60 });

        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some("2026-12".into());
        let rotated =
            jsonwebtoken::encode(&header, &body, &EncodingKey::from_secret(next)).unwrap();
        assert_eq!(key.verify(&rotated, now).unwrap().contact_id, "c-9");

        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some("site-es".into());
        let signing = EncodingKey::from_ec_pem(ES_PRIVATE_PEM.as_bytes()).unwrap();
        let es = jsonwebtoken::encode(&header, &body, &signing).unwrap();
        assert_eq!(key.verify(&es, now).unwrap().contact_id, "c-9");

        // The ES256 key's kid with an HS256 signature (the public key as a secret): refused.
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some("site-es".into());
        let confused =
            jsonwebtoken::encode(&header, &body, &EncodingKey::from_secret(b"x")).unwrap();
        assert_eq!(key.verify(&confused, now), Err(TokenError::BadSignature));

        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some("unknown".into());
        let unknown =
            jsonwebtoken::encode(&header, &body, &EncodingKey::from_secret(SECRET)).unwrap();
        assert_eq!(key.verify(&unknown, now), Err(TokenError::BadSignature));
    }

    #[test]
    fn bad_key_sets_are_explained() {
        let key = || TokenKey::new(SECRET).unwrap();
        let error = |json: &str| key().with_key_set(json).unwrap_err().0;
        assert!(error("{").contains("not a JWK set"));
        assert!(error(r#"{"keys":[{"kty":"oct","k":"c2hvcnQ"}]}"#).contains("kid"));
        assert!(error(r#"{"keys":[{"kty":"oct","kid":"a","k":"c2hvcnQ"}]}"#).contains("32 bytes"));
    }

    fn base64_url(bytes: &[u8]) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    /// A throwaway P-256 key pair for the tests (generated with `openssl ecparam -genkey
    /// -name prime256v1`), never used anywhere else.
    const ES_PRIVATE_PEM: &str = "-----BEGIN PRIVATE KEY-----\n\
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgvpqmaATsGdlqrbe/\n\
        8FAbBbHt9/VAqtSNnkwxGMt/CYuhRANCAATRaPV58HJbJ59GEjrUuadcfUn7920n\n\
        +oYCzAxGiK+KQP4lqVOU8M343lT6ZajbaGxrwv166CvKsS8QR3MtovX+\n\
        -----END PRIVATE KEY-----\n";
    const ES_X: &str = "0Wj1efByWyefRhI61LmnXH1J-_dtJ_qGAswMRoivikA";
    const ES_Y: &str = "_iWpU5TwzfjeVPplqNtobGvC_XroK8qxLxBHcy2i9f4";
}
