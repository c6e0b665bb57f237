//! How a wait in seconds is put to a customer: rounded up, never promising too little.

/// A wait as the customer reads it, before it is put into words in some language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitPhrase {
    LessThanAMinute,
    /// Whole minutes, rounded up.
    AboutMinutes(u32),
    /// Longer than the configured cap, given in whole minutes (60 reads "more than an hour").
    MoreThanMinutes(u32),
}

impl WaitPhrase {
    /// The approximate style: "about 5 minutes". `cap_seconds` is the longest wait stated as a
    /// number; beyond it the estimate is too uncertain to be worth a figure.
    pub fn approximate(seconds: u32, cap_seconds: u32) -> Self {
        if seconds > cap_seconds {
            Self::MoreThanMinutes(cap_seconds.div_ceil(60))
        } else if seconds < 60 {
            Self::LessThanAMinute
        } else {
            Self::AboutMinutes(seconds.div_ceil(60))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::WaitPhrase::{self, AboutMinutes, LessThanAMinute, MoreThanMinutes};

    #[test]
    fn rounds_up_to_whole_minutes() {
        assert_eq!(WaitPhrase::approximate(0, 3600), LessThanAMinute);
        assert_eq!(WaitPhrase::approximate(59, 3600), LessThanAMinute);
        assert_eq!(WaitPhrase::approximate(60, 3600), AboutMinutes(1));
        assert_eq!(WaitPhrase::approximate(61, 3600), AboutMinutes(2));
        assert_eq!(WaitPhrase::approximate(240, 3600), AboutMinutes(4));
        assert_eq!(WaitPhrase::approximate(3600, 3600), AboutMinutes(60));
    }

    #[test]
    fn beyond_the_cap_says_more_than() {
        assert_eq!(WaitPhrase::approximate(3601, 3600), MoreThanMinutes(60));
        assert_eq!(WaitPhrase::approximate(10_000, 1800), MoreThanMinutes(30));
    }
}
