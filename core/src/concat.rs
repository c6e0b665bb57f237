//! Strings built by pushing each part. `[&str]::concat` goes through `join_generic_copy`,
//! whose length arithmetic, checks and panic message cost the shipped wasm about 0.3 KB gzip
//! (`npm run size`); these strings are a few dozen bytes, built a few times a minute.

use crate::prelude::*;

/// `parts` one after another, like `parts.concat()`.
pub fn concat(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_what_std_concat_gives() {
        for parts in [&[][..], &[""], &["a"], &["HTTP ", "503"], &["é", "", "€"]] {
            assert_eq!(super::concat(parts), parts.concat());
        }
    }
}
