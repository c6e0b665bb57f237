//! waitline's proxy: serves one contact's queue metrics to the browser that was given that
//! contact, so browsers never hold AWS credentials.

pub mod budget;
pub mod callback;
pub mod chat;
pub mod clients;
pub mod clock;
pub mod config;
pub mod error;
pub mod events;
pub mod places;
pub mod queues;
pub mod request_limits;
pub mod router;
pub mod routes;
pub mod server;
mod slots;
pub mod source;
pub mod stage;
pub mod state;
pub mod store;
pub mod tasks;
pub mod token;

use std::time::{SystemTime, UNIX_EPOCH};

pub use router::{RouterConfig, app, operator_app, router};
pub use state::{AppState, Backend, DEFAULT_MAX_STREAMS, StateConfig};

/// Seconds since the Unix epoch; a clock before 1970 reads as 0, which expires every token.
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
