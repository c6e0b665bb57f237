//! Minifies the widget's stylesheet into the wasm: comments and layout whitespace are bytes
//! every customer downloads and no browser reads. Hand-written because the rules needed are
//! four (no CSS minifier crate is small enough to be worth a build dependency here).

// Cargo reads a build script's directives from its standard output.
#![allow(clippy::print_stdout)]

use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=src/widget.css");
    let css = std::fs::read_to_string("src/widget.css").unwrap_or_else(|error| {
        println!("cargo::error=cannot read src/widget.css: {error}");
        String::new()
    });
    let out = std::env::var("OUT_DIR").unwrap_or_default();
    if let Err(error) = std::fs::write(Path::new(&out).join("widget.min.css"), minify(&css)) {
        println!("cargo::error=cannot write the minified stylesheet: {error}");
    }
}

fn minify(css: &str) -> String {
    // 1. Comments out.
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .split_once("*/")
            .map_or("", |(_, after)| after);
    }
    text.push_str(rest);
    // 2. Runs of whitespace become one space. 3. No space next to `{ } ; ,`, where CSS never
    // needs one, nor after `:` (`color: red`, `(prefers-color-scheme: dark)`), where it only
    // ever precedes a value. A space before `:` stays: there it is a descendant combinator.
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        let glued =
            out.ends_with(['{', '}', ';', ',', ':']) || word.starts_with(['{', '}', ';', ',']);
        if !out.is_empty() && !glued {
            out.push(' ');
        }
        out.push_str(word);
    }
    // 4. The last declaration of a block needs no `;`.
    out.replace(";}", "}")
}
