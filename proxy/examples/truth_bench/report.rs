//! The figures: per run, the shown position against the truth by band, how soon customers saw
//! a first figure, and the Connect calls per second; then a summary line per run.

use std::sync::Arc;
use std::time::Duration;

use crate::truth::{BANDS, Tally};
use crate::widgets::Shown;

/// What a customer is allowed to wait for a first figure.
pub const FIRST_FIGURE_WITHIN: Duration = Duration::from_secs(5);

#[derive(Debug)]
pub struct Run {
    pub customers: usize,
    pub replicas: usize,
    pub tallies: [Tally; 5],
    /// The customers waiting when the run started (all starting their widget at once).
    pub initial: FirstFigures,
    /// Customers who arrived during the measurement.
    pub newcomers: FirstFigures,
    /// Connect calls per second during the measurement, by operation.
    pub calls: Vec<(&'static str, f64)>,
}

/// How soon first figures came.
#[derive(Debug, Default)]
pub struct FirstFigures {
    /// First figures, sorted; customers still without one after the limit count as its end.
    times: Vec<Duration>,
    /// Customers without a first figure after [`FIRST_FIGURE_WITHIN`].
    late: usize,
}

impl FirstFigures {
    fn percentile(&self, p: f64) -> Option<Duration> {
        let last = self.times.len().checked_sub(1)?;
        Some(self.times[((last as f64) * p).round() as usize])
    }

    fn describe(&self) -> String {
        match (self.percentile(0.5), self.percentile(0.95)) {
            (Some(p50), Some(p95)) => format!(
                "p50 {:.1} s, p95 {:.1} s, {} of {} later than {} s",
                p50.as_secs_f64(),
                p95.as_secs_f64(),
                self.late,
                self.times.len(),
                FIRST_FIGURE_WITHIN.as_secs()
            ),
            _ => "none".to_owned(),
        }
    }
}

/// First figures of `shown`, leaving out customers who have not waited the limit yet.
pub fn first_figures(shown: &[Arc<Shown>]) -> FirstFigures {
    let mut figures = FirstFigures::default();
    for customer in shown {
        let time = match customer.first_figure() {
            Some(time) => time,
            None if customer.waited() >= FIRST_FIGURE_WITHIN => customer.waited(),
            None => continue,
        };
        figures.late += usize::from(time > FIRST_FIGURE_WITHIN);
        figures.times.push(time);
    }
    figures.times.sort_unstable();
    figures
}

fn total(run: &Run) -> Tally {
    let mut all = Tally::default();
    for band in &run.tallies {
        all.merge(band);
    }
    all
}

pub fn print_run(run: &Run) {
    println!(
        "\n{} customers with the widget, {}:",
        run.customers,
        mode(run.replicas)
    );
    println!(
        "  {:<8} {:>9} {:>8} {:>9} {:>11} {:>11} {:>10}",
        "position", "cust-s", "exact", "within 1", "mean error", "optimistic", "nothing"
    );
    let line = |name: &str, tally: &Tally| {
        println!(
            "  {:<8} {:>9} {:>7.1}% {:>8.1}% {:>11.2} {:>10.1}% {:>9.1}%",
            name,
            tally.seconds,
            tally.share(tally.exact),
            tally.share(tally.within_one),
            tally.mean_error(),
            tally.share(tally.optimistic),
            tally.share(tally.blank)
        );
    };
    for (tally, (_, _, name)) in run.tallies.iter().zip(BANDS) {
        if tally.seconds > 0 {
            line(name, tally);
        }
    }
    line("all", &total(run));
    println!(
        "  first figure, customers waiting at the start: {}",
        run.initial.describe()
    );
    println!("  first figure, newcomers: {}", run.newcomers.describe());
    let calls: Vec<String> = run
        .calls
        .iter()
        .map(|(op, per_second)| format!("{op} {per_second:.2}/s"))
        .collect();
    println!("  Connect calls: {}", calls.join(", "));
}

fn mode(replicas: usize) -> String {
    if replicas == 1 {
        "one process".to_owned()
    } else {
        format!("{replicas} replicas sharing the store")
    }
}

/// The table the README shows: one line per run.
pub fn print_summary(runs: &[Run], rate: f64, hearing: crate::widgets::Hearing, events: bool) {
    let events = if events { "on" } else { "off" };
    println!(
        "\nSummary (budget {rate} calls/s, widgets {hearing:?}, contact events {events}; customer-seconds in queue, all positions):"
    );
    println!(
        "| customers | mode | exact | within ±1 | mean error | optimistic by >1 | nothing shown | first figure (newcomers) | GetContactMetrics/s |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for run in runs {
        let all = total(run);
        let metrics = run
            .calls
            .iter()
            .find(|(op, _)| *op == "GetContactMetrics")
            .map_or(0.0, |(_, per_second)| *per_second);
        println!(
            "| {} | {} | {:.1}% | {:.1}% | {:.2} | {:.1}% | {:.1}% | {} | {:.2} |",
            run.customers,
            mode(run.replicas),
            all.share(all.exact),
            all.share(all.within_one),
            all.mean_error(),
            all.share(all.optimistic),
            all.share(all.blank),
            run.newcomers.describe(),
            metrics
        );
    }
}
