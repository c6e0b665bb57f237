//! How a wait in seconds is put to a customer: rounded up, never promising too little.

/// `ewt-style`: how an estimate is phrased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EwtStyle {
    /// "about 5 minutes"
    #[default]
    Approximate,
    /// "less than 5 minutes"
    LessThan,
    /// "4-6 minutes"
    Range,
    /// "4 minutes 10 seconds"
    Precise,
}

impl EwtStyle {
    pub fn parse(value: &str) -> Option<Self> {
        Some(match value.trim_ascii() {
            "approximate" => Self::Approximate,
            "less-than" => Self::LessThan,
            "range" => Self::Range,
            "precise" => Self::Precise,
            _ => return None,
        })
    }
}

/// A wait as the customer reads it, before it is put into words in some language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitPhrase {
    LessThanAMinute,
    /// Whole minutes, rounded up.
    AboutMinutes(u32),
    /// The next of a few round figures above the estimate.
    LessThanMinutes(u32),
    /// Low and high, in whole minutes.
    RangeMinutes(u32, u32),
    /// Rounded up to 10 s, so it never claims more precision than Connect's estimate has.
    Precise {
        minutes: u32,
        seconds: u32,
    },
    /// Longer than the configured cap, given in whole minutes (60 reads "more than an hour").
    MoreThanMinutes(u32),
}

/// Round figures for the "less than" style, in minutes.
const LESS_THAN_STEPS: [u32; 10] = [2, 3, 5, 10, 15, 20, 30, 45, 60, 90];

impl WaitPhrase {
    /// `cap_seconds` is the longest wait stated as a number; beyond it the estimate is too
    /// uncertain to be worth a figure.
    pub fn new(seconds: u32, style: EwtStyle, cap_seconds: u32) -> Self {
        if seconds > cap_seconds {
            return Self::MoreThanMinutes(cap_seconds.div_ceil(60).max(1));
        }
        if seconds < 60 && style != EwtStyle::Precise {
            return Self::LessThanAMinute;
        }
        let minutes = seconds.div_ceil(60);
        match style {
            EwtStyle::Approximate => Self::AboutMinutes(minutes),
            EwtStyle::LessThan => {
                let whole = seconds / 60;
                let step = LESS_THAN_STEPS.iter().copied().find(|&step| step > whole);
                step.map_or(
                    Self::MoreThanMinutes(cap_seconds.div_ceil(60).max(1)),
                    Self::LessThanMinutes,
                )
            }
            EwtStyle::Range => {
                // ±20% around the estimate, never narrower than one minute.
                let low = (minutes * 4 / 5).max(1);
                let high = (minutes * 6).div_ceil(5).max(low + 1);
                Self::RangeMinutes(low, high)
            }
            EwtStyle::Precise => {
                let rounded = seconds.div_ceil(10) * 10;
                Self::Precise {
                    minutes: rounded / 60,
                    seconds: rounded % 60,
                }
            }
        }
    }

    /// The approximate style.
    pub fn approximate(seconds: u32, cap_seconds: u32) -> Self {
        Self::new(seconds, EwtStyle::Approximate, cap_seconds)
    }
}

#[cfg(test)]
mod tests {
    use super::EwtStyle::{LessThan, Precise, Range};
    use super::WaitPhrase::{
        self, AboutMinutes, LessThanAMinute, LessThanMinutes, MoreThanMinutes, RangeMinutes,
    };

    #[test]
    fn approximate_rounds_up_to_whole_minutes() {
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
        assert_eq!(WaitPhrase::new(10_000, Range, 1800), MoreThanMinutes(30));
        assert_eq!(WaitPhrase::new(10_000, Precise, 3600), MoreThanMinutes(60));
    }

    #[test]
    fn less_than_uses_the_next_round_figure() {
        assert_eq!(WaitPhrase::new(30, LessThan, 3600), LessThanAMinute);
        assert_eq!(WaitPhrase::new(60, LessThan, 3600), LessThanMinutes(2));
        assert_eq!(WaitPhrase::new(240, LessThan, 3600), LessThanMinutes(5));
        assert_eq!(WaitPhrase::new(300, LessThan, 3600), LessThanMinutes(10));
        assert_eq!(WaitPhrase::new(3500, LessThan, 3600), LessThanMinutes(60));
        assert_eq!(WaitPhrase::new(5000, LessThan, 7200), LessThanMinutes(90));
        assert_eq!(WaitPhrase::new(6000, LessThan, 7200), MoreThanMinutes(120));
    }

    #[test]
    fn range_spans_the_estimate() {
        assert_eq!(WaitPhrase::new(300, Range, 3600), RangeMinutes(4, 6));
        assert_eq!(WaitPhrase::new(60, Range, 3600), RangeMinutes(1, 2));
        assert_eq!(WaitPhrase::new(1200, Range, 3600), RangeMinutes(16, 24));
        for seconds in (60..3600).step_by(7) {
            let RangeMinutes(low, high) = WaitPhrase::new(seconds, Range, 3600) else {
                panic!()
            };
            assert!(
                low < high && low * 60 <= seconds && high * 60 >= seconds,
                "{seconds}: {low}-{high}"
            );
        }
    }

    #[test]
    fn precise_rounds_up_to_ten_seconds() {
        assert_eq!(
            WaitPhrase::new(250, Precise, 3600),
            WaitPhrase::Precise {
                minutes: 4,
                seconds: 10
            }
        );
        assert_eq!(
            WaitPhrase::new(241, Precise, 3600),
            WaitPhrase::Precise {
                minutes: 4,
                seconds: 10
            }
        );
        assert_eq!(
            WaitPhrase::new(5, Precise, 3600),
            WaitPhrase::Precise {
                minutes: 0,
                seconds: 10
            }
        );
        assert_eq!(
            WaitPhrase::new(0, Precise, 3600),
            WaitPhrase::Precise {
                minutes: 0,
                seconds: 0
            }
        );
    }

    #[test]
    fn styles_parse_from_attributes() {
        assert_eq!(super::EwtStyle::parse("less-than"), Some(LessThan));
        assert_eq!(super::EwtStyle::parse(" range "), Some(Range));
        assert_eq!(super::EwtStyle::parse("exact"), None);
    }
}
