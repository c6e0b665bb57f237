//! The language packs the page loaded, one copy each for every widget on it: a page with many
//! widgets would otherwise hold the same table once per widget (100 widgets in English held
//! 130 KB more wasm memory than with one shared copy). A pack lives as long as the page, like
//! the JS module it came from.
//!
//! `once_cell`'s `OnceBox`: a static set once without `unsafe` (which this workspace forbids)
//! and without `std` (which the shipped wasm does not link).

use crate::prelude::*;
use once_cell::race::OnceBox;
use waitline_core::i18n::Locale;

static TABLES: [OnceBox<String>; Locale::ALL.len()] = [const { OnceBox::new() }; Locale::ALL.len()];

/// `locale`'s table, kept for the page: the first one given (a checked pack) is the one every
/// widget reads from then on; the same module's text given again is dropped.
pub fn keep(locale: Locale, table: String) -> &'static str {
    match TABLES.get(locale as usize) {
        Some(cell) => cell.get_or_init(|| Box::new(table)),
        // `Locale::ALL` holds every locale, so this is never reached; leaking one table is the
        // harmless answer that needs no panic path.
        None => Box::leak(table.into_boxed_str()),
    }
}
