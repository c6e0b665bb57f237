//! The benchmarks' command lines: positional arguments, each with a default and a range, and
//! `-h` for the usage. Included by path by each benchmark (`#[path]`), which cargo builds as
//! separate examples.

use std::process::ExitCode;

/// `arg` parsed and checked, or `default` when absent.
pub fn next<T: std::str::FromStr>(
    arg: Option<String>,
    name: &str,
    default: T,
    valid: impl Fn(&T) -> bool,
    expected: &str,
) -> Result<T, String> {
    let Some(text) = arg else {
        return Ok(default);
    };
    text.parse()
        .ok()
        .filter(valid)
        .ok_or_else(|| format!("{name} `{text}`: expected {expected}"))
}

/// Whether the first argument asks for the usage.
pub fn asks_for_help(args: &mut std::iter::Peekable<impl Iterator<Item = String>>) -> bool {
    args.peek()
        .is_some_and(|a| a == "-h" || a == "--help" || a == "help")
}

/// Nothing left over, or the first argument that is.
pub fn no_more(mut args: impl Iterator<Item = String>) -> Result<(), String> {
    match args.next() {
        Some(extra) => Err(format!("unexpected argument `{extra}`")),
        None => Ok(()),
    }
}

/// The program's arguments by `parse` (an empty error: the usage was asked for), or the
/// status to exit with after printing the usage.
#[allow(clippy::print_stdout)] // the usage asked for goes to stdout
pub fn args_or_exit<A>(
    program: &str,
    usage: &str,
    parse: impl FnOnce(std::env::Args) -> Result<A, String>,
) -> Result<A, ExitCode> {
    let mut args = std::env::args();
    args.next();
    match parse(args) {
        Ok(parsed) => Ok(parsed),
        Err(message) if message.is_empty() => {
            println!("{usage}");
            Err(ExitCode::SUCCESS)
        }
        Err(message) => {
            eprintln!("{program}: {message}\n{usage}");
            Err(ExitCode::from(2))
        }
    }
}
