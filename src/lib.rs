//! The `<waitline-status>` widget's WebAssembly: the core ([`waitline_core`]) behind a
//! [`Widget`] the JavaScript shell (`src/js/`) drives.
//!
//! The shell does the I/O (shadow DOM, requests, timers, listeners) and applies what each call
//! returns; this crate reads the options, the answers and the platform's number rules, and
//! hands every decision to the core.
//!
//! The shipped wasm (feature `shipped`, which the package build turns on) is `no_std` (with
//! `alloc`): `std` would bring its panic machinery and `core::fmt` with it, several KB a
//! customer downloads and never runs. Tests link `std` (wasm-bindgen-test needs it), so
//! without the feature the crate keeps `std` and its panic handler.

#![cfg_attr(feature = "shipped", no_std)]

extern crate alloc;

mod bindings;
mod callback;
mod events;
mod fetch;
mod intl;
mod js;
mod options;
mod packs;
mod widget;

/// What `std`'s prelude would bring, for a `no_std` crate.
mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::boxed::Box;
    pub use alloc::string::String;
    pub use alloc::vec::Vec;
}

/// A panic in the shipped wasm stops it with a trap (`unreachable`), which the browser reports
/// as a `RuntimeError` at the call from JS. The message is not kept: formatting it is what
/// `no_std` saves. Nothing panics by design (clippy denies `unwrap` and `expect`).
#[cfg(all(feature = "shipped", target_arch = "wasm32"))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

pub use widget::Widget;

/// lol_alloc's free list rather than Rust's default dlmalloc (about 5 KB) or talc (about 400 B
/// gzip more): a widget allocates little and often, and a small heap. Freed blocks go back to
/// the list, kept in address order and merged with their neighbours, so a long wait stays flat;
/// a search walks the list, which stays short. The lock is a spin lock that never spins in a
/// single-threaded wasm, and needs no `unsafe` here (which this workspace forbids).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());
