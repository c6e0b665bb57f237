//! The widget's behaviour, free of any browser API so it is tested natively with `cargo test`.
//!
//! The browser shell (the `waitline` crate) feeds a [`Tracker`] the outcome of each poll and
//! renders the [`View`] it returns; everything that decides *what* a customer sees and *when*
//! the next request goes out lives here.

pub mod announce;
pub mod countdown;
pub mod decimal;
pub mod error;
pub mod headers;
pub mod i18n;
pub mod metrics;
pub mod offers;
pub mod options;
pub mod rng;
pub mod schedule;
pub mod session;
pub mod settings;
pub mod text;
pub mod tracker;
pub mod wait;

pub use error::{ErrorCode, PollError};
pub use metrics::{GetContactMetricsResponse, MetricResult, MetricValue, Reading, Snapshot};
pub use session::{Frame, Notice, OfferText, Session, SessionConfig};
pub use settings::{Options, Settings, SettingsError};
pub use tracker::{Step, Tracker, TrackerConfig, View};
pub use wait::{EwtStyle, WaitPhrase};
