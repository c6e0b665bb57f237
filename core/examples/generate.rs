//! Writes every copy of the core's contracts at build time (`npm run build` runs it):
//! - into `<staging>`: `contract.js` (the element's attribute lists, the language packs'
//!   loaders) and `locales/<tag>.js`, one language pack per built-in language, English too,
//!   each an ES module whose default export is that language's table;
//! - in place under `<root>`: the generated regions of the README and `src/js/mount.d.ts`
//!   (`waitline_core::sourcegen::REGIONS`), rewritten only when they differ.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a build tool: it says what it wrote

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use waitline_core::i18n::Locale;
use waitline_core::i18n::locales::builtin;
use waitline_core::sourcegen::{self, REGIONS};

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let (Some(staging), Some(root)) = (args.next(), args.next()) else {
        eprintln!("usage: generate <staging directory> <repository root>");
        return ExitCode::FAILURE;
    };
    match generate(&staging, &root) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

fn generate(staging: &Path, root: &Path) -> Result<(), String> {
    let locales = staging.join("locales");
    std::fs::create_dir_all(&locales)
        .map_err(|e| format!("cannot create {}: {e}", locales.display()))?;
    write(&staging.join("contract.js"), &sourcegen::contract_js())?;
    for locale in Locale::ALL {
        // A JSON string is a JavaScript string literal.
        let table = serde_json::to_string(builtin(locale))
            .map_err(|e| format!("cannot write the {} table as JSON: {e}", locale.tag()))?;
        write(
            &locales.join(format!("{}.js", locale.tag())),
            &format!("export default {table};\n"),
        )?;
    }
    for region in REGIONS {
        let path = root.join(region.file);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let spliced = sourcegen::splice(&text, region, &(region.render)()).ok_or_else(|| {
            format!(
                "{} lacks the line {:?}, or its end",
                path.display(),
                region.open
            )
        })?;
        if spliced != text {
            write(&path, &spliced)?;
            println!("updated {}", path.display());
        }
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
