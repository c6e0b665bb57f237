//! Which contact a request may see: the contact in its path, checked against the bearer token.
//! Every route about a contact goes through here, so all answer 400/401/403 alike.

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use waitline_core::connect_id::contact_uuid;

use crate::error::ApiError;
use crate::token::{Claims, Scope};
use crate::{AppState, unix_now};

/// The UUID of the path's contact, if the request's token opens it.
///
/// A contact has two names, its UUID and an ARN ending in it. The token check (and the caches)
/// go by the UUID, so either name opens the contact. The token is checked before the contact is
/// looked up, so a caller without a valid token cannot learn whether a contact exists.
pub fn authorized_contact<'a>(
    state: &AppState,
    contact_id: &'a str,
    headers: &HeaderMap,
) -> Result<&'a str, ApiError> {
    authorized(state, contact_id, headers).map(|(contact, _)| contact)
}

/// As [`authorized_contact`], with the token's claims (a stream ends when the token expires).
pub fn authorized_claims<'a>(
    state: &AppState,
    contact_id: &'a str,
    headers: &HeaderMap,
) -> Result<(&'a str, Claims), ApiError> {
    authorized(state, contact_id, headers)
}

/// The UUID of the path's callback, if the request's token is one the proxy minted for that
/// callback: a token for any other contact (a chat's, a site's) is refused with 403, so it
/// cannot spend `DescribeContact` calls on contacts that are not callbacks.
pub fn authorized_callback<'a>(
    state: &AppState,
    callback_id: &'a str,
    headers: &HeaderMap,
) -> Result<&'a str, ApiError> {
    match authorized(state, callback_id, headers)? {
        (callback, claims) if claims.scope == Scope::Callback => Ok(callback),
        _ => Err(ApiError::Forbidden),
    }
}

fn authorized<'a>(
    state: &AppState,
    contact_id: &'a str,
    headers: &HeaderMap,
) -> Result<(&'a str, Claims), ApiError> {
    let contact = contact_uuid(contact_id).ok_or(ApiError::InvalidParameter(
        "ContactId is not a valid contact ID or ARN",
    ))?;
    let token = bearer_token(headers).ok_or(ApiError::Unauthorized)?;
    let claims = state
        .tokens
        .verify(token, unix_now())
        .map_err(|_| ApiError::Unauthorized)?;
    if contact_uuid(&claims.contact_id) != Some(contact) {
        return Err(ApiError::Forbidden);
    }
    Ok((contact, claims))
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}
