//! Writes the language packs the widget loads, one per built-in language, English too:
//! `<dir>/<tag>.js`, each an ES module whose default export is that language's table (see
//! `waitline_core::i18n::locales`). `npm run build` runs it into `dist/locales/`.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a build tool: it says what it wrote

use std::path::PathBuf;
use std::process::ExitCode;

use waitline_core::i18n::Locale;
use waitline_core::i18n::locales::builtin;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: language_packs <output directory>");
        return ExitCode::FAILURE;
    };
    if let Err(error) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {error}", dir.display());
        return ExitCode::FAILURE;
    }
    for locale in Locale::ALL {
        let path = dir.join(format!("{}.js", locale.tag()));
        // A JSON string is a JavaScript string literal.
        let module = match serde_json::to_string(builtin(locale)) {
            Ok(text) => format!("export default {text};\n"),
            Err(error) => {
                eprintln!("cannot write the {} table as JSON: {error}", locale.tag());
                return ExitCode::FAILURE;
            }
        };
        if let Err(error) = std::fs::write(&path, module) {
            eprintln!("cannot write {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
