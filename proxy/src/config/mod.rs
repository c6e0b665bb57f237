//! Command line and environment. Every flag has a `WAITLINE_*` variable, so the same binary is
//! configured by flags on a laptop and by environment in a container or on Lambda.
//!
//! Every number has a documented range, checked when the proxy starts: a value outside it is a
//! usage error naming the flag, never a panic or a hang later (a rate too small for its
//! reciprocal to fit a `Duration`, say). Each default is its owner's constant, named here.
//!
//! [`cli`] holds clap's commands; each domain's flags and what they turn into are in a module of
//! their own; [`keys`] reads the token keys; [`parse`] holds the value parsers; [`serve`] checks
//! `serve`'s flags together into the [`ServeConfig`] the proxy is built from.

pub mod callback;
pub mod chat;
pub mod cli;
pub mod events;
pub mod keys;
pub mod parse;
pub mod queues;
pub mod serve;
pub mod simulator;
pub mod store;

pub use callback::CallbackArgs;
pub use chat::ChatArgs;
pub use cli::{Cli, Command, ConnectArgs, LogFormat, ServeArgs, SimulateArgs, TokenArgs};
pub use events::EventsArgs;
pub use keys::{TOKEN_SECRET_VAR, TokenKeyArgs};
pub use parse::{optional_dir, token_ttl};
pub use queues::QueuesArgs;
pub use serve::{ConnectTarget, ServeConfig};
pub use simulator::{SIM_EVENTS_SECRET_VAR, SimulatorArgs};
pub use store::{REDIS_URL_VAR, StoreArgs, redact};

#[cfg(test)]
mod tests;
