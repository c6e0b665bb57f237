//! Cutting text at ASCII bytes. `str::split` and `split_once` with a `char` pattern bring
//! UTF-8 decoding and searcher code into the shipped wasm (about 1 KB of it, measured with
//! `npm run size`); an ASCII byte never occurs inside a multi-byte character, so cutting at
//! its position is always on a character boundary and needs none of that.

/// `text` cut at every one of the `separators` (ASCII bytes), like `str::split`. A set rather
/// than a closure, so every caller shares one copy of the code.
pub fn fields<'t, 's>(text: &'t str, separators: &'s [u8]) -> Fields<'t, 's> {
    Fields {
        rest: Some(text),
        separators,
    }
}

/// `text` before and after the first `separator`, like `str::split_once`.
pub fn split_once(text: &str, separator: u8) -> Option<(&str, &str)> {
    let separators = [separator];
    let mut fields = fields(text, &separators);
    let before = fields.next()?;
    Some((before, fields.rest?))
}

/// `text` without leading and trailing `byte`s, like `str::trim_matches`.
pub fn trim_byte(text: &str, byte: u8) -> &str {
    let bytes = text.as_bytes();
    let start = bytes.iter().position(|&b| b != byte).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| b != byte)
        .map_or(start, |at| at + 1);
    text.get(start..end).unwrap_or_default()
}

#[derive(Debug, Clone)]
pub struct Fields<'t, 's> {
    rest: Option<&'t str>,
    separators: &'s [u8],
}

impl<'t> Iterator for Fields<'t, '_> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        let rest = self.rest?;
        // Not `contains`: its generic slice search costs the wasm 0.16 KB gzip more.
        #[allow(clippy::manual_contains)]
        let at = rest
            .bytes()
            .position(|b| self.separators.iter().any(|&s| s == b));
        match at {
            Some(at) => {
                self.rest = rest.get(at + 1..);
                rest.get(..at)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_what_str_split_gives() {
        for text in ["", "a", "a|b", "|a||b|", "é|ü|€", "a-b_c"] {
            let ours: Vec<_> = fields(text, b"|").collect();
            let std: Vec<_> = text.split('|').collect();
            assert_eq!(ours, std, "{text:?}");
        }
        let two: Vec<_> = fields("en-US_x", b"-_").collect();
        assert_eq!(two, ["en", "US", "x"]);
    }

    #[test]
    fn split_once_and_trim_are_what_str_gives() {
        for text in ["", "=", "a=b", "a=b=c", "ü=€", "none"] {
            assert_eq!(split_once(text, b'='), text.split_once('='), "{text:?}");
        }
        for text in ["", "\"", "\"\"", "\"5\"", "5", "\"é\"\"", "a\"b"] {
            assert_eq!(trim_byte(text, b'"'), text.trim_matches('"'), "{text:?}");
        }
    }
}
