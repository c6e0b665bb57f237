//! What the live region says, and when: screen readers hear every change, at most once per
//! interval, except milestones (you're next, an offer, connecting, an error), heard at once.
//! A change that arrives inside the interval is held back, not dropped: it is said (as the
//! summary reads by then) as soon as the interval has passed.

use crate::prelude::*;
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcer {
    every_ms: u64,
    /// The last text said and when.
    last: Option<(String, u64)>,
    /// A poll brought a change that the interval held back.
    pending: bool,
}

impl Announcer {
    pub fn new(every_seconds: u32) -> Self {
        Self {
            every_ms: u64::from(every_seconds) * 1000,
            last: None,
            pending: false,
        }
    }

    /// A poll's summary: returned when it should be said now; a change that is not due yet
    /// is remembered and said later by [`Announcer::flush`].
    pub fn offer(&mut self, text: &str, milestone: bool, now_ms: u64) -> Option<String> {
        let due = match &self.last {
            None => true,
            Some((said, _)) if said == text => {
                // Back to what was last said: nothing is owed any more.
                self.pending = false;
                return None;
            }
            Some((_, at)) => milestone || self.interval_passed(*at, now_ms),
        };
        if due {
            return Some(self.say(text, now_ms));
        }
        self.pending |= self.last.is_some();
        None
    }

    /// The clock moved: a held-back change is said once its interval has passed, in the
    /// summary's current words. The clock alone (a countdown) is never a change to announce.
    pub fn flush(&mut self, text: &str, now_ms: u64) -> Option<String> {
        let (said, at) = self.last.as_ref().filter(|_| self.pending)?;
        if said == text {
            self.pending = false;
            return None;
        }
        let due = self.interval_passed(*at, now_ms);
        due.then(|| self.say(text, now_ms))
    }

    /// Whether a change waits to be said: the shell keeps its clock ticking until it is.
    pub fn pending(&self) -> bool {
        self.pending
    }

    fn interval_passed(&self, at: u64, now_ms: u64) -> bool {
        now_ms.saturating_sub(at) >= self.every_ms
    }

    fn say(&mut self, text: &str, now_ms: u64) -> String {
        self.pending = false;
        self.last = Some((text.to_owned(), now_ms));
        text.to_owned()
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

    #[test]
    fn a_held_back_change_is_said_when_its_interval_has_passed() {
        let mut announcer = Announcer::new(5);
        announcer.offer("5th", false, 0);
        assert_eq!(announcer.offer("4th", false, 2_000), None);
        assert!(announcer.pending());
        assert_eq!(announcer.flush("4th", 4_999), None, "not yet");
        assert_eq!(announcer.flush("4th", 5_000).as_deref(), Some("4th"));
        assert!(!announcer.pending());
        assert_eq!(announcer.flush("4th", 20_000), None, "said once");
    }

    #[test]
    fn the_clock_alone_is_not_a_change() {
        let mut announcer = Announcer::new(5);
        announcer.offer("5th · about 3 minutes", false, 0);
        assert_eq!(announcer.flush("5th · about 2 minutes", 60_000), None);
    }

    #[test]
    fn a_change_undone_before_it_was_said_is_not_said() {
        let mut announcer = Announcer::new(5);
        announcer.offer("5th", false, 0);
        announcer.offer("4th", false, 1_000);
        announcer.offer("5th", false, 2_000);
        assert!(!announcer.pending());
        assert_eq!(announcer.flush("5th", 6_000), None);
    }
}
