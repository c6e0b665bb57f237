//! The binary's configuration errors: clear messages and a failing exit code, never a panic.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod support;

/// Runs the binary to its exit. One that accepted its configuration would serve forever, so
/// after a generous while it is stopped, and the output says it was still running.
fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_waitline-proxy"));
    command
        .args(args)
        .env_remove("WAITLINE_TOKEN_SECRET")
        .env_remove("WAITLINE_TOKEN_SECRET_FILE")
        .env_remove("WAITLINE_TOKEN_KEYS_FILE")
        .env_remove("WAITLINE_CONNECT_INSTANCE_ID")
        .env_remove("AWS_LAMBDA_RUNTIME_API")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            let mut output = child.wait_with_output().unwrap();
            output.stderr.extend_from_slice(
                b"\n[the proxy was still running: it accepted this configuration]",
            );
            return output;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// A simulator-mode proxy serving with `extra` flags, and its standard output to read.
fn serving(extra: &[&str]) -> (std::process::Child, BufReader<std::process::ChildStdout>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_waitline-proxy"))
        .args(QUIET)
        .args(extra)
        .env_remove("AWS_LAMBDA_RUNTIME_API")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    (child, stdout)
}

fn fails_with(output: &Output, message: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(message), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A value clap refuses: its usage-error exit code, the flag and the accepted range named.
fn refused(output: &Output, flag: &str, range: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{flag}: {stderr}");
    assert!(stderr.contains(flag), "{flag}: {stderr}");
    assert!(stderr.contains(range), "{flag}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

const INSTANCE: &str = "00000000-0000-4000-8000-000000000000";
/// A simulator-mode proxy on a free port with no static files: what starts fastest.
const QUIET: [&str; 6] = [
    "--listen",
    "127.0.0.1:0",
    "--www-dir",
    "",
    "--package-dir",
    "",
];
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
fn numbers_out_of_their_documented_range_are_refused_at_start() {
    // (flag, environment variable, value out of range, the range the message names)
    let cases = [
        // A rate this small once passed, then overflowed a Duration in the refresher.
        (
            "--connect-rate",
            "WAITLINE_CONNECT_RATE",
            "1e-300",
            "0.01 to 10000",
        ),
        (
            "--connect-rate",
            "WAITLINE_CONNECT_RATE",
            "1e6",
            "0.01 to 10000",
        ),
        (
            "--connect-burst",
            "WAITLINE_CONNECT_BURST",
            "0",
            "1..=10000",
        ),
        (
            "--client-rate",
            "WAITLINE_CLIENT_RATE",
            "1e-300",
            "0 (off) or 0.01 to 10000",
        ),
        ("--client-burst", "WAITLINE_CLIENT_BURST", "0", "1..=100000"),
        (
            "--demo-token-ttl",
            "WAITLINE_DEMO_TOKEN_TTL",
            "0",
            "1..=604800",
        ),
        ("--sim-agents", "WAITLINE_SIM_AGENTS", "100000", "0..=10000"),
        (
            "--sim-handle-seconds",
            "WAITLINE_SIM_HANDLE_SECONDS",
            "1e300",
            "1 to 86400",
        ),
        (
            "--sim-arrivals-per-minute",
            "WAITLINE_SIM_ARRIVALS_PER_MINUTE",
            "1e300",
            "0 to 600",
        ),
        (
            "--sim-initial-queue",
            "WAITLINE_SIM_INITIAL_QUEUE",
            "200000",
            "0..=100000",
        ),
        (
            "--sim-time-scale",
            "WAITLINE_SIM_TIME_SCALE",
            "1e300",
            "0.01 to 1000",
        ),
        (
            "--sim-quota-rate",
            "WAITLINE_SIM_QUOTA_RATE",
            "1e-300",
            "0.01 to 10000",
        ),
        (
            "--sim-quota-burst",
            "WAITLINE_SIM_QUOTA_BURST",
            "0",
            "1..=10000",
        ),
        (
            "--header-read-timeout",
            "WAITLINE_HEADER_READ_TIMEOUT",
            "0",
            "1..=3600",
        ),
        (
            "--body-read-timeout",
            "WAITLINE_BODY_READ_TIMEOUT",
            "99999",
            "1..=3600",
        ),
        (
            "--max-connections",
            "WAITLINE_MAX_CONNECTIONS",
            "0",
            "1..=1000000",
        ),
    ];
    for (flag, variable, value, range) in cases {
        let mut args = QUIET.to_vec();
        args.extend([flag, value]);
        refused(&run(&args, &[]), flag, range);
        // The same check, and a message naming the flag, when the value comes from the environment.
        refused(&run(&QUIET, &[(variable, value)]), flag, range);
    }
    let token = |ttl| {
        run(
            &["token", "--contact-id", "c", "--ttl-seconds", ttl],
            &[("WAITLINE_TOKEN_SECRET", SECRET)],
        )
    };
    refused(&token("0"), "--ttl-seconds", "1..=31536000");
    assert!(token("604800").status.success());
    // Longer than the proxy would accept (a week unless --token-max-lifetime says otherwise).
    let too_long = token("604801");
    assert!(!too_long.status.success());
    assert!(String::from_utf8_lossy(&too_long.stderr).contains("--token-max-lifetime"));
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
    // Kept open to the end: a closed pipe would fail the proxy's next line on stdout.
    let (mut child, mut stdout) = serving(&[]);
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

#[test]
fn the_token_secret_comes_from_the_environment_or_a_file_never_a_flag() {
    let dir = std::env::temp_dir().join(format!("waitline-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("secret");
    std::fs::write(&file, format!("{SECRET}\n")).unwrap();
    let file = file.to_str().unwrap();
    let mint = |env: &[(&str, &str)]| run(&["token", "--contact-id", "c-1"], env);

    let output = mint(&[("WAITLINE_TOKEN_SECRET_FILE", file)]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let key = waitline_proxy::token::TokenKey::new(SECRET.as_bytes()).unwrap();
    let token = String::from_utf8(output.stdout).unwrap();
    let claims = key
        .verify(token.trim(), waitline_proxy::unix_now())
        .unwrap();
    assert_eq!(
        claims.contact_id, "c-1",
        "the trailing newline is not part of the secret"
    );

    fails_with(
        &mint(&[
            ("WAITLINE_TOKEN_SECRET_FILE", file),
            ("WAITLINE_TOKEN_SECRET", SECRET),
        ]),
        "not both",
    );
    fails_with(&mint(&[]), "WAITLINE_TOKEN_SECRET");
    // There is no flag that takes the secret itself.
    let flag = run(&["token", "--contact-id", "c", "--secret", SECRET], &[]);
    assert!(!flag.status.success());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Settings that would make the proxy refuse its own tokens: a lifetime given beyond the
/// longest accepted is a start-up error; a default one is shortened to fit.
#[test]
fn token_lifetimes_beyond_the_longest_accepted_are_refused_at_start() {
    let mut args = QUIET.to_vec();
    args.extend(["--token-max-lifetime", "3600", "--chat-token-ttl", "7200"]);
    fails_with(
        &run(&args, &[]),
        "--chat-token-ttl 7200 is longer than --token-max-lifetime 3600",
    );
    let mut args = QUIET.to_vec();
    args.extend(["--token-max-lifetime", "3600", "--demo-token-ttl", "3601"]);
    fails_with(&run(&args, &[]), "--demo-token-ttl 3601");
}

#[tokio::test]
async fn a_short_token_lifetime_still_opens_the_proxys_own_chat_tokens() {
    let (mut child, mut stdout) = serving(&["--token-max-lifetime", "3600"]);
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let address = line
        .trim()
        .strip_prefix("waitline proxy listening on http://")
        .unwrap()
        .to_owned();
    let chat = support::http::post_json(&address, "/v1/chats", None, r#"{"displayName":"Ana"}"#)
        .await
        .json();
    let contact = chat["waitline"]["contactId"].as_str().unwrap();
    let token = chat["waitline"]["token"].as_str().unwrap();
    let answer = support::http::get(
        &address,
        &format!("/v1/contacts/{contact}/metrics"),
        Some(token),
    )
    .await;
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(answer.status.as_u16(), 200, "{answer:?}");
}
