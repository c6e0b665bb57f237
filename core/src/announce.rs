//! What the live region says, and when: screen readers hear a change at most once per
//! interval, except milestones (you're next, an offer, connecting, an error), heard at once.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcer {
    every_ms: u64,
    last: Option<(String, u64)>,
}

impl Announcer {
    pub fn new(every_seconds: u32) -> Self {
        Self {
            every_ms: u64::from(every_seconds) * 1000,
            last: None,
        }
    }

    /// Offers the current summary; returns it when it should be announced now.
    pub fn offer(&mut self, text: &str, milestone: bool, now_ms: u64) -> Option<String> {
        let due = match &self.last {
            None => true,
            Some((said, _)) if said == text => false,
            Some((_, at)) => milestone || now_ms.saturating_sub(*at) >= self.every_ms,
        };
        due.then(|| {
            self.last = Some((text.to_owned(), now_ms));
            text.to_owned()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_text_is_announced_then_throttled() {
        let mut announcer = Announcer::new(60);
        assert_eq!(announcer.offer("4th", false, 0).as_deref(), Some("4th"));
        assert_eq!(announcer.offer("3rd", false, 10_000), None);
        assert_eq!(announcer.offer("3rd", false, 59_999), None);
        assert_eq!(
            announcer.offer("3rd", false, 60_000).as_deref(),
            Some("3rd")
        );
        assert_eq!(
            announcer.offer("3rd", false, 200_000),
            None,
            "unchanged text is not repeated"
        );
    }

    #[test]
    fn milestones_are_announced_at_once() {
        let mut announcer = Announcer::new(60);
        announcer.offer("4th", false, 0);
        assert_eq!(
            announcer.offer("You're next", true, 1_000).as_deref(),
            Some("You're next")
        );
        assert_eq!(announcer.offer("You're next", true, 2_000), None);
    }
}
