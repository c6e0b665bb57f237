//! Contact-bound access tokens.
//!
//! A contact ID is not a secret, so the proxy serves a contact's metrics only to a browser that
//! presents a token the site's backend minted for that contact. The format is small enough for
//! any backend to mint (see the README for a test vector):
//!
//! ```text
//! v1.<base64url(contact id)>.<expiry, unix seconds>.<base64url(HMAC-SHA256(secret, message))>
//! message = "waitline-v1\n" + contact id + "\n" + expiry
//! ```
//! base64url is unpadded (RFC 4648 §5).

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

const VERSION: &str = "v1";
const DOMAIN: &str = "waitline-v1";
/// Shorter secrets are too easy to guess offline from one token.
pub const MIN_SECRET_BYTES: usize = 32;
/// Tokens longer than this are rejected before any decoding.
const MAX_TOKEN_LEN: usize = 1024;

#[derive(Clone)]
pub struct TokenKey {
    secret: Vec<u8>,
}

impl fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenKey(..)") // never log the secret
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims {
    pub contact_id: String,
    pub expires_at: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Malformed,
    BadSignature,
    Expired,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecretTooShort;

impl fmt::Display for SecretTooShort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the token secret must be at least {MIN_SECRET_BYTES} bytes"
        )
    }
}

impl std::error::Error for SecretTooShort {}

impl TokenKey {
    pub fn new(secret: &[u8]) -> Result<Self, SecretTooShort> {
        if secret.len() < MIN_SECRET_BYTES {
            return Err(SecretTooShort);
        }
        Ok(Self {
            secret: secret.to_vec(),
        })
    }

    /// A fresh random key, for the simulator when no secret is configured.
    pub fn random() -> Result<Self, getrandom::Error> {
        let mut secret = vec![0; MIN_SECRET_BYTES];
        getrandom::fill(&mut secret)?;
        Ok(Self { secret })
    }

    pub fn mint(&self, contact_id: &str, expires_at: u64) -> String {
        let signature = self.mac(contact_id, expires_at).finalize().into_bytes();
        format!(
            "{VERSION}.{}.{expires_at}.{}",
            URL_SAFE_NO_PAD.encode(contact_id),
            URL_SAFE_NO_PAD.encode(signature)
        )
    }

    pub fn verify(&self, token: &str, now: u64) -> Result<Claims, TokenError> {
        if token.len() > MAX_TOKEN_LEN {
            return Err(TokenError::Malformed);
        }
        let mut parts = token.split('.');
        let (Some(VERSION), Some(id), Some(expiry), Some(signature), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(TokenError::Malformed);
        };
        let contact_id = URL_SAFE_NO_PAD
            .decode(id)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .ok_or(TokenError::Malformed)?;
        if expiry.is_empty() || !expiry.bytes().all(|b| b.is_ascii_digit()) {
            return Err(TokenError::Malformed);
        }
        let expires_at: u64 = expiry.parse().map_err(|_| TokenError::Malformed)?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| TokenError::Malformed)?;
        // Constant-time comparison, and before the expiry check: a forged token learns nothing.
        self.mac(&contact_id, expires_at)
            .verify_slice(&signature)
            .map_err(|_| TokenError::BadSignature)?;
        if expires_at <= now {
            return Err(TokenError::Expired);
        }
        Ok(Claims {
            contact_id,
            expires_at,
        })
    }

    fn mac(&self, contact_id: &str, expires_at: u64) -> Hmac<Sha256> {
        #[allow(clippy::expect_used)]
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes a key of any length");
        mac.update(format!("{DOMAIN}\n{contact_id}\n{expires_at}").as_bytes());
        mac
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn test_vector() {
        // Computed independently with Python's hmac module; the README publishes it for other backends.
        let key = TokenKey::new(SECRET).unwrap();
        assert_eq!(
            key.mint("9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e5f", 1_900_000_000),
            "v1.OWYxYjZmNWUtMmQ0Yy00YjhhLTllM2YtMGExYjJjM2Q0ZTVm.1900000000.FdLujCWG4PzwaFciQRDGcmBxArnEe_XD5o7o_DjFsQ8"
        );
    }

    #[test]
    fn round_trips() {
        let key = TokenKey::new(SECRET).unwrap();
        let token = key.mint("arn:aws:connect:r:1:instance/i/contact/c", 2_000);
        assert_eq!(
            key.verify(&token, 1_999),
            Ok(Claims {
                contact_id: "arn:aws:connect:r:1:instance/i/contact/c".into(),
                expires_at: 2_000
            })
        );
        assert_eq!(key.verify(&token, 2_000), Err(TokenError::Expired));
    }

    #[test]
    fn rejects_forgeries() {
        let key = TokenKey::new(SECRET).unwrap();
        let other = TokenKey::new(b"another secret of at least 32 bytes!").unwrap();
        let token = key.mint("c-1", 5_000);
        assert_eq!(other.verify(&token, 0), Err(TokenError::BadSignature));

        // Re-pointing a valid signature at another contact or expiry fails.
        let parts: Vec<&str> = token.split('.').collect();
        let moved = format!(
            "v1.{}.{}.{}",
            URL_SAFE_NO_PAD.encode("c-2"),
            parts[2],
            parts[3]
        );
        assert_eq!(key.verify(&moved, 0), Err(TokenError::BadSignature));
        let extended = format!("v1.{}.9999999.{}", parts[1], parts[3]);
        assert_eq!(key.verify(&extended, 0), Err(TokenError::BadSignature));
    }

    #[test]
    fn rejects_malformed_tokens() {
        let key = TokenKey::new(SECRET).unwrap();
        for bad in [
            "",
            "v1",
            "v2.YQ.1.AA",
            "v1.YQ.1",
            "v1.YQ.+1.AA",
            "v1.%%.1.AA",
            "v1.YQ.1.AA.extra",
            &"a".repeat(2000),
        ] {
            assert_eq!(key.verify(bad, 0), Err(TokenError::Malformed), "{bad}");
        }
    }

    #[test]
    fn short_secrets_are_refused() {
        assert_eq!(TokenKey::new(b"short").unwrap_err(), SecretTooShort);
        assert!(TokenKey::random().is_ok());
    }
}
