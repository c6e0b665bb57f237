//! Reading the committed copies of the core's contracts (TypeScript types, the README's
//! tables), for `generated.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed read is a failed test

use std::path::Path;

/// A file of the repository, by its path from the root.
pub fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
