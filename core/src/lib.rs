//! The widget's behaviour, free of any browser API so it is tested natively with `cargo test`.
//!
//! The browser shell (the `waitline` crate) tells a [`Session`] what happened (an
//! [`session::Event`]: an answer, the clock, the page, the customer), does the
//! [`session::Effects`] it returns (when to ask next, what to send, what the live region says,
//! which events the page hears) and shows [`Session::view`]. Everything that decides *what* a
//! customer sees and *when* the next request goes out lives here. The poll state machine inside
//! a session, [`Tracker`], is exported for tools that simulate many widgets' polls without
//! their words (the proxy's truth bench); a widget never drives one itself.
//!
//! `no_std` (with `alloc`) outside tests: the shipped wasm then links no `std`, whose panic
//! machinery and formatting would cost it several KB.

#![cfg_attr(not(test), no_std)]

extern crate alloc;

/// What `std`'s prelude would bring, for a `no_std` crate.
mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec::Vec;
    pub use alloc::{format, vec};
}

pub mod announce;
pub mod bytes;
pub mod callback;
pub mod concat;
pub mod connect_id;
pub mod countdown;
pub mod decimal;
pub mod error;
pub mod headers;
pub mod i18n;
pub mod metrics;
pub mod notify;
pub mod offers;
pub mod options;
pub mod reading;
pub mod refusal;
pub mod rng;
pub mod round;
pub mod schedule;
pub mod session;
pub mod settings;
pub mod sourcegen;
pub mod stream;
pub mod text;
pub mod tracker;
pub mod wait;

pub use error::{ErrorCode, PollError};
pub use metrics::{
    ContactStage, GetContactMetricsResponse, MetricResult, MetricValue, MetricsAnswer, Reading,
    Snapshot,
};
pub use session::{Effects, Event, Frame, Notice, OfferText, Screen, Session, SessionConfig};
pub use settings::{Options, Settings, SettingsError};
pub use tracker::{Step, Tracker, TrackerConfig, View};
pub use wait::{EwtStyle, WaitPhrase};
