//! Requests per contact-minute: a fixed 10 s timer versus waitline's schedule, over simulated
//! waits, in virtual time. Prints figures; asserts nothing. `npm run bench` runs it.
//!
//! The queue in each scenario moves steadily: a contact that joins at position P with an
//! estimate of W seconds reaches an agent after W seconds. Each poll answers with the
//! position and estimate at that moment.
#![allow(
    clippy::print_stdout,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

use waitline_core::error::PollError;
use waitline_core::i18n::{Catalog, EnglishRules, Locale, Overrides};
use waitline_core::schedule::Hints;
use waitline_core::session::Event;
use waitline_core::{Reading, Session, SessionConfig, Snapshot};

struct Scenario {
    name: &'static str,
    start_position: u32,
    wait_seconds: u32,
    /// Seconds (from, to) during which every poll fails (a network outage).
    outage: Option<(u32, u32)>,
}

fn reading_at(s: &Scenario, t_ms: u64) -> Result<Reading, PollError> {
    let t = (t_ms / 1000) as u32;
    if let Some((from, to)) = s.outage
        && (from..to).contains(&t)
    {
        return Err(PollError::Network);
    }
    if t >= s.wait_seconds {
        return Ok(Reading::NotInQueue(None));
    }
    let left = s.wait_seconds - t;
    let position = (f64::from(s.start_position) * f64::from(left) / f64::from(s.wait_seconds))
        .ceil()
        .max(1.0) as u32;
    Ok(Reading::InQueue(Snapshot {
        position,
        ewt_seconds: Some(left),
    }))
}

/// Polls until the contact is connecting; returns the number of requests.
fn waitline(s: &Scenario, seed: u64) -> u32 {
    let mut session = Session::new(
        SessionConfig::default(),
        Catalog::new(Locale::En, EnglishRules, Overrides::default()),
        seed,
    );
    let mut now: u64 = 0;
    let mut next = session.update(Event::Start, now).next_poll_ms;
    let mut requests = 0;
    while let Some(delay) = next {
        now += u64::from(delay);
        requests += 1;
        next = session
            .update(Event::Answer(reading_at(s, now), Hints::default()), now)
            .next_poll_ms;
    }
    requests
}

/// Today's peers: a request every 10 s, whatever happens.
fn fixed(s: &Scenario) -> u32 {
    s.wait_seconds.div_ceil(10) + 1
}

fn main() {
    let scenarios = [
        Scenario {
            name: "30-minute wait from position 30",
            start_position: 30,
            wait_seconds: 1800,
            outage: None,
        },
        Scenario {
            name: "60-minute wait from position 60",
            start_position: 60,
            wait_seconds: 3600,
            outage: None,
        },
        Scenario {
            name: "10-minute wait from position 8",
            start_position: 8,
            wait_seconds: 600,
            outage: None,
        },
        Scenario {
            name: "30-minute wait with a 5-minute outage",
            start_position: 30,
            wait_seconds: 1800,
            outage: Some((600, 900)),
        },
    ];
    println!("requests per contact-minute (mean of 200 seeded runs for waitline)");
    println!(
        "{:<42} {:>12} {:>12} {:>8}",
        "scenario", "fixed 10 s", "waitline", "saving"
    );
    for s in &scenarios {
        let minutes = f64::from(s.wait_seconds) / 60.0;
        let fixed_rate = f64::from(fixed(s)) / minutes;
        let runs = 200;
        let total: u32 = (0..runs).map(|seed| waitline(s, seed)).sum();
        let rate = f64::from(total) / f64::from(runs as u32) / minutes;
        println!(
            "{:<42} {:>12.2} {:>12.2} {:>7.0}%",
            s.name,
            fixed_rate,
            rate,
            100.0 * (1.0 - rate / fixed_rate)
        );
    }
}
