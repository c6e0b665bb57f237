//! The `<waitline-status>` widget's browser shell.
//!
//! This crate only does I/O and DOM: it fetches metrics, feeds the outcome to
//! [`waitline_core::Tracker`], renders the view it returns and arms the next poll. The custom
//! element itself is a few lines of hand-written JS (`src/js/`) around [`mount`].

mod dom;
mod events;
mod fetch;
mod intl;
mod widget;

pub use widget::{Widget, mount};
