//! The figures of each mode, printed side by side.

use std::time::Duration;

use waitline_proxy::budget::{BudgetConfig, BudgetStats};
use waitline_proxy::store::StoreHealth;
use waitline_simulator::connect::EndpointStats;

use crate::Args;
use crate::load::{BUCKETS, CONNECTIONS, POLL_EVERY, Tally};

/// What one replica answered and spent.
#[derive(Debug)]
pub struct Replica {
    pub tally: Tally,
    pub budget: BudgetStats,
    /// `None` in process.
    pub store: Option<StoreHealth>,
}

/// One mode's run.
#[derive(Debug)]
pub struct Figures {
    replicas: Vec<Replica>,
    total: Tally,
    /// As the simulated account counted them, all replicas together.
    account: EndpointStats,
    elapsed: Duration,
}

impl Figures {
    pub fn new(mut replicas: Vec<Replica>, account: EndpointStats, elapsed: Duration) -> Self {
        let mut total = Tally::default();
        for replica in &mut replicas {
            total.merge(&replica.tally);
            replica.tally.sort();
        }
        total.sort();
        Self {
            replicas,
            total,
            account,
            elapsed,
        }
    }

    fn name(&self) -> String {
        match self.replicas.len() {
            1 => "single process".to_owned(),
            n => format!("{n} replicas, one store"),
        }
    }
}

pub fn print(args: &Args, budget: BudgetConfig, modes: &[Figures]) {
    let rate = budget.rate;
    println!(
        "{} contacts, each polled every {} s over {} keep-alive connections, {} s per mode; \
         Connect budget {rate}/s, burst {} (each mode's simulated account: the same quota)",
        thousands(args.contacts as u64),
        POLL_EVERY.as_secs(),
        CONNECTIONS.min(args.contacts),
        args.seconds,
        budget.burst,
    );
    println!();
    println!(
        "{:<22} {:>10} {:>10} {:>10} {:>10} {:>13}  answers",
        "mode", "requests/s", "requests", "p50", "p99", "Connect calls"
    );
    for mode in modes {
        let seconds = mode.elapsed.as_secs_f64();
        let calls = mode.replicas.iter().map(|r| r.budget.connect_calls).sum();
        row(&mode.name(), &mode.total, seconds, calls);
        if mode.replicas.len() > 1 {
            for (n, replica) in mode.replicas.iter().enumerate() {
                let name = format!("  replica {}", n + 1);
                row(&name, &replica.tally, seconds, replica.budget.connect_calls);
            }
        }
    }

    println!();
    println!(
        "Connect, as each mode's simulated account counted it (quota {rate}/s, burst {}):",
        budget.burst
    );
    for mode in modes {
        let seconds = mode.elapsed.as_secs_f64();
        let ceiling = (rate * seconds).floor() as u64 + u64::from(budget.burst);
        let mut line = format!(
            "{:<22} {:.2} calls/s: {} calls, ceiling {} ({rate}/s × {seconds:.1} s + {}); {} throttled",
            mode.name(),
            mode.account.requests as f64 / seconds,
            thousands(mode.account.requests),
            thousands(ceiling),
            budget.burst,
            thousands(mode.account.throttled),
        );
        let stores: Vec<StoreHealth> = mode.replicas.iter().filter_map(|r| r.store).collect();
        if !stores.is_empty() {
            let errors: u64 = stores.iter().map(|s| s.errors).sum();
            let degraded = stores.iter().filter(|s| s.degraded).count();
            line += &format!("; store errors {errors}, {degraded} degraded at the end");
        }
        println!("{line}");
    }

    println!();
    println!(
        "Largest data age in a 200 answer, by queue position: whole run | second half (answers)"
    );
    let mut header = format!("{:<10}", "position");
    for mode in modes {
        header += &format!("{:<36}", mode.name());
    }
    println!("{}", header.trim_end());
    for bucket in BUCKETS {
        let mut line = format!("{bucket:<10}");
        for mode in modes {
            let whole = age(mode.total.max_age.get(bucket));
            let late = age(mode.total.max_age_late.get(bucket));
            line += &format!("{:<36}", format!("{whole} | {late}"));
        }
        println!("{}", line.trim_end());
    }
}

fn row(name: &str, tally: &Tally, seconds: f64, calls: u64) {
    let requests = tally.latencies_us.len() as u64;
    let ms = |p| {
        tally
            .percentile_ms(p)
            .map_or("-".to_owned(), |ms| format!("{ms:.2} ms"))
    };
    let mut answers: Vec<String> = tally
        .statuses
        .iter()
        .map(|(status, count)| format!("{} × {status}", thousands(*count)))
        .collect();
    if tally.failed > 0 {
        answers.push(format!("{} unanswered", thousands(tally.failed)));
    }
    println!(
        "{name:<22} {:>10} {:>10} {:>10} {:>10} {:>13}  {}",
        thousands((requests as f64 / seconds).round() as u64),
        thousands(requests),
        ms(0.50),
        ms(0.99),
        thousands(calls),
        answers.join(", ")
    );
}

/// "12 s (345)", or "none" when no 200 answer fell in the bucket.
fn age(entry: Option<&(u64, u64)>) -> String {
    entry.map_or("none".to_owned(), |(age, count)| {
        format!("{age} s ({})", thousands(*count))
    })
}

/// 116215 as "116,215", as the README writes figures.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
