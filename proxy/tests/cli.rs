//! The binary's configuration errors: clear messages and a failing exit code, never a panic.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::process::{Command, Output};

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_waitline-proxy"));
    command
        .args(args)
        .env_remove("WAITLINE_TOKEN_SECRET")
        .env_remove("WAITLINE_CONNECT_INSTANCE_ID")
        .env_remove("AWS_LAMBDA_RUNTIME_API");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().unwrap()
}

fn fails_with(output: &Output, message: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(message), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

const INSTANCE: &str = "00000000-0000-4000-8000-000000000000";
const SECRET: &str = "cli-test-secret-0123456789abcdefghij";

#[test]
fn amazon_connect_needs_a_token_secret() {
    let output = run(
        &["--connect-instance-id", INSTANCE, "--listen", "127.0.0.1:0"],
        &[],
    );
    fails_with(&output, "WAITLINE_TOKEN_SECRET");
}

#[test]
fn a_bad_instance_id_is_named() {
    let output = run(
        &[
            "--connect-instance-id",
            "my-instance",
            "--listen",
            "127.0.0.1:0",
        ],
        &[("WAITLINE_TOKEN_SECRET", SECRET)],
    );
    fails_with(&output, "`my-instance` is not a Connect instance ID or ARN");
}

#[test]
fn a_short_secret_is_refused() {
    let output = run(
        &["--listen", "127.0.0.1:0"],
        &[("WAITLINE_TOKEN_SECRET", "short")],
    );
    fails_with(&output, "at least 32 bytes");
}

#[test]
fn a_busy_address_is_named() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let output = run(
        &["--listen", &address, "--www-dir", "", "--package-dir", ""],
        &[],
    );
    fails_with(&output, &format!("cannot listen on {address}"));
    let output = run(
        &["--listen", "127.0.0.1:0", "--sim-connect-listen", &address],
        &[],
    );
    fails_with(&output, "simulated Connect API");
}

#[test]
fn the_token_command_prints_a_token_the_proxy_accepts() {
    let output = run(
        &[
            "token",
            "--contact-id",
            "9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e5f",
            "--ttl-seconds",
            "60",
        ],
        &[("WAITLINE_TOKEN_SECRET", SECRET)],
    );
    assert!(output.status.success());
    let token = String::from_utf8(output.stdout).unwrap();
    let key = waitline_proxy::token::TokenKey::new(SECRET.as_bytes()).unwrap();
    let claims = key
        .verify(token.trim(), waitline_proxy::unix_now())
        .unwrap();
    assert_eq!(claims.contact_id, "9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e5f");
}

#[cfg(unix)]
#[test]
fn sigterm_stops_the_proxy_cleanly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let mut child = Command::new(env!("CARGO_BIN_EXE_waitline-proxy"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--www-dir",
            "",
            "--package-dir",
            "",
        ])
        .env_remove("AWS_LAMBDA_RUNTIME_API")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kept open to the end: a closed pipe would fail the proxy's next line on stdout.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first_line = String::new();
    stdout.read_line(&mut first_line).unwrap();
    assert!(
        first_line.starts_with("waitline proxy listening on http://127.0.0.1:"),
        "{first_line}"
    );
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "graceful shutdown exits 0");
    drop(stdout);
}
