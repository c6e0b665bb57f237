//! Who a request comes from, as the per-client limits count clients.
//!
//! Behind load balancers the TCP peer is the nearest balancer, and the client's address is in
//! `X-Forwarded-For`, where each proxy appends the address it received the request from. Only
//! the entries the operator's own proxies appended can be trusted: `trusted_hops` of them,
//! counted from the end. Everything before them is the client's to write.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::http::HeaderMap;

/// The most proxies the operator may put in front of the proxy (CloudFront, an ALB, an API
/// gateway...): more would be a misreading of the setting.
pub const MAX_TRUSTED_HOPS: u8 = 10;

/// A client as the limits count it: an IPv4 address, or an IPv6 /64. One subscriber usually
/// holds a whole /64, so limiting single IPv6 addresses would let one rotate through 2^64 of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClientKey(IpAddr);

impl ClientKey {
    pub fn of(address: IpAddr) -> Self {
        Self(match address {
            IpAddr::V4(_) => address,
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => IpAddr::V6(prefix(v6, 4)),
            },
        })
    }

    /// The IPv6 /48 the client's /64 belongs to, which its owner can fill with 65,536 clients:
    /// the requests of a whole /48 share a larger allowance of their own. IPv4 has no such
    /// tier: one /24 is often many unrelated customers (a carrier's NAT pool).
    pub fn network(self) -> Option<NetworkKey> {
        match self.0 {
            IpAddr::V4(_) => None,
            IpAddr::V6(v6) => Some(NetworkKey(prefix(v6, 3))),
        }
    }

    pub fn address(self) -> IpAddr {
        self.0
    }
}

/// An IPv6 /48.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NetworkKey(Ipv6Addr);

/// The first `segments` 16-bit segments of `address`, the rest zero.
fn prefix(address: Ipv6Addr, segments: usize) -> Ipv6Addr {
    let mut kept = address.segments();
    kept[segments..].fill(0);
    Ipv6Addr::from(kept)
}

/// The client's address: with no trusted hops, the TCP peer; else the `X-Forwarded-For` entry
/// the outermost trusted proxy appended (the `trusted_hops`-th from the end). A header with fewer
/// entries than that, or an entry that is not an address, did not come through every trusted
/// proxy: the TCP peer is used, so such requests share the peer's allowance rather than choose
/// their own. `None` when nothing is known (in-process calls), and such requests are not limited.
pub fn client_address(
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
    trusted_hops: u8,
) -> Option<IpAddr> {
    let peer = peer.map(|p| p.ip());
    if trusted_hops == 0 {
        return peer;
    }
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let from_end = usize::from(trusted_hops);
    entries
        .len()
        .checked_sub(from_end)
        .and_then(|index| entries[index].parse().ok())
        .or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or(IpAddr::from([0; 4]))
    }

    #[test]
    fn an_ipv6_64_is_one_client_and_a_48_one_network() {
        let a = ClientKey::of(ip("2001:db8:0:1::1"));
        assert_eq!(a, ClientKey::of(ip("2001:db8:0:1:9:9:9:9")));
        assert_ne!(a, ClientKey::of(ip("2001:db8:0:2::1")));
        assert_eq!(
            a.network(),
            ClientKey::of(ip("2001:db8:0:ffff::1")).network()
        );
        assert_ne!(a.network(), ClientKey::of(ip("2001:db8:1::1")).network());
        assert_eq!(
            ClientKey::of(ip("::ffff:192.0.2.7")),
            ClientKey::of(ip("192.0.2.7"))
        );
        assert_eq!(ClientKey::of(ip("192.0.2.7")).network(), None);
    }

    #[test]
    fn forwarded_for_is_read_as_far_back_as_the_trusted_hops() {
        let mut headers = HeaderMap::new();
        // The client forged the first entry; CloudFront appended the client's address, the ALB
        // CloudFront's edge.
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 203.0.113.9, 198.51.100.7"),
        );
        let peer = Some(SocketAddr::from(([10, 0, 0, 1], 5000)));
        assert_eq!(client_address(&headers, peer, 0), Some(ip("10.0.0.1")));
        assert_eq!(client_address(&headers, peer, 1), Some(ip("198.51.100.7")));
        assert_eq!(client_address(&headers, peer, 2), Some(ip("203.0.113.9")));
        // Fewer entries than trusted hops: not through every proxy, so the peer.
        assert_eq!(client_address(&headers, peer, 4), Some(ip("10.0.0.1")));
        assert_eq!(client_address(&HeaderMap::new(), None, 1), None);
        // Several headers are one list.
        let mut split = HeaderMap::new();
        split.append("x-forwarded-for", HeaderValue::from_static("203.0.113.9"));
        split.append("x-forwarded-for", HeaderValue::from_static("198.51.100.7"));
        assert_eq!(client_address(&split, peer, 2), Some(ip("203.0.113.9")));
        // An entry that is not an address: the peer, never a guess.
        let mut junk = HeaderMap::new();
        junk.insert(
            "x-forwarded-for",
            HeaderValue::from_static("unknown, 198.51.100.7"),
        );
        assert_eq!(client_address(&junk, peer, 2), Some(ip("10.0.0.1")));
    }
}
