//! What the per-client limits hold after a flood of addresses: entries and resident memory.
//!
//! `cargo run --release -p waitline-proxy --example client_memory`
//!
//! Each address makes one request, as a script rotating through two IPv6 /48s (and IPv4) would.
//! The allowances are bounded LRU maps, so the figures stop growing at their capacity.
#![allow(clippy::print_stdout)] // the figures are the example's output

use std::net::IpAddr;

use waitline_proxy::clients::{ClientKey, ClientLimits, ClientPolicy};

/// Resident memory, from `/proc/self/statm` (Linux); 0 elsewhere.
fn resident_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|statm| statm.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096)
}

fn main() {
    let limits = ClientLimits::new(ClientPolicy::default());
    let before = resident_bytes();
    let mut sent = 0u64;
    for total in [100_000u32, 1_000_000] {
        while sent < u64::from(total) {
            let n = u32::try_from(sent).unwrap_or(u32::MAX);
            // Two /48s' worth of /64s, then IPv4 addresses.
            let address = if n < 131_072 {
                let [hi, lo] = [u16::from(n >= 65_536), (n % 65_536) as u16];
                IpAddr::from([0x2001, 0xdb8, hi, lo, 0, 0, 0, 1])
            } else {
                IpAddr::from(n.to_be_bytes())
            };
            let _ = limits.request(ClientKey::of(address));
            sent += 1;
        }
        let remembered = limits.remembered();
        println!(
            "after {total:>9} client addresses: {:>6} clients and {} networks remembered, resident memory +{:.1} MiB",
            remembered.requests,
            remembered.networks,
            resident_bytes().saturating_sub(before) as f64 / (1024.0 * 1024.0)
        );
    }
}
