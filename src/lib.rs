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

/// Bytes of linear memory the widget's WebAssembly holds: for leak tests and benchmarks.
#[doc(hidden)]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        // Pages of 64 KiB; a u32 count fits an f64 exactly.
        f64::from(u32::try_from(core::arch::wasm32::memory_size(0)).unwrap_or(u32::MAX)) * 65_536.0
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}
