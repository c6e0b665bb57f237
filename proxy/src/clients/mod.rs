//! Clients: who a request comes from ([`address`]) and what one client may make the contact
//! center spend ([`limits`]). The middleware here counts every public request against its
//! client's allowance and leaves the client's address on the request for the handlers, which
//! count what they spend of Connect against the client's shares.

pub mod address;
mod bounded;
pub mod limits;

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub use address::{ClientKey, MAX_TRUSTED_HOPS, client_address};
pub use limits::{Allowance, ClientLimits, ClientPolicy, DEFAULT_MAX_CLIENTS, Remembered};

use crate::AppState;
use crate::error::ApiError;

/// The address a request's client is counted by; `None` for in-process calls (no peer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub Option<IpAddr>);

/// Middleware on the public routes: one request from the client's allowance, or 429.
pub async fn limit_clients(
    State(limits): State<Option<ClientLimits>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0);
    let hops = limits.as_ref().map_or(0, |l| l.policy().trusted_hops);
    let client = client_address(request.headers(), peer, hops);
    if let (Some(limits), Some(client)) = (&limits, client)
        && let Err(wait) = limits.request(ClientKey::of(client))
    {
        return ApiError::Throttled { retry_after: wait }.into_response();
    }
    request.extensions_mut().insert(ClientAddress(client));
    next.run(request).await
}

/// A handler's view of its client: the shares and creations it may spend.
impl FromRequestParts<AppState> for Allowance {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let client = parts
            .extensions
            .get::<ClientAddress>()
            .and_then(|address| address.0);
        Ok(Self::new(state.client_limits.as_ref(), client))
    }
}
