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
    let array = signed(serde_json::json!({"sub": "c", "aud": ["other", "waitline"], "exp": exp}));
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
    let rotated = jsonwebtoken::encode(&header, &body, &EncodingKey::from_secret(next)).unwrap();
    assert_eq!(key.verify(&rotated, now).unwrap().contact_id, "c-9");

    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some("site-es".into());
    let signing = EncodingKey::from_ec_pem(ES_PRIVATE_PEM.as_bytes()).unwrap();
    let es = jsonwebtoken::encode(&header, &body, &signing).unwrap();
    assert_eq!(key.verify(&es, now).unwrap().contact_id, "c-9");

    // The ES256 key's kid with an HS256 signature (the public key as a secret): refused.
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some("site-es".into());
    let confused = jsonwebtoken::encode(&header, &body, &EncodingKey::from_secret(b"x")).unwrap();
    assert_eq!(key.verify(&confused, now), Err(TokenError::BadSignature));

    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some("unknown".into());
    let unknown = jsonwebtoken::encode(&header, &body, &EncodingKey::from_secret(SECRET)).unwrap();
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
