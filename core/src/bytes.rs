//! Cutting text at ASCII bytes. `str::split` and `split_once` with a `char` pattern bring
//! UTF-8 decoding and searcher code into the shipped wasm (about 1 KB of it, measured with
//! `npm run size`); an ASCII byte never occurs inside a multi-byte character, so cutting at
//! its position is always on a character boundary and needs none of that.

/// `text` cut at every byte for which `is_separator` holds, like `str::split`.
pub fn fields(
    text: &str,
    is_separator: impl Fn(u8) -> bool + Clone,
) -> Fields<'_, impl Fn(u8) -> bool + Clone> {
    Fields {
        rest: Some(text),
        is_separator,
    }
}

/// `text` before and after the first `separator`, like `str::split_once`.
pub fn split_once(text: &str, separator: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == separator)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
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
pub struct Fields<'a, F> {
    rest: Option<&'a str>,
    is_separator: F,
}

impl<'a, F: Fn(u8) -> bool> Iterator for Fields<'a, F> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match rest.bytes().position(|b| (self.is_separator)(b)) {
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
            let ours: Vec<_> = fields(text, |b| b == b'|').collect();
            let std: Vec<_> = text.split('|').collect();
            assert_eq!(ours, std, "{text:?}");
        }
        let two: Vec<_> = fields("en-US_x", |b| b == b'-' || b == b'_').collect();
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
