//! "Notify me when I'm next" (`notifyNext`): a button while there is a place to wait for; a
//! notification only once the customer clicked it and the browser allowed it, and then at most
//! one per wait.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Notify {
    /// No button: the option is off, the browser has no notifications, or they are denied.
    #[default]
    Off,
    /// Opted in; what the browser allows is not known yet.
    Unknown,
    /// The button is offered.
    Offered,
    /// The customer asked and the browser allowed it.
    Armed,
    /// Said, or refused for good: nothing more this wait.
    Done,
}

impl Notify {
    pub fn new(option: bool) -> Self {
        if option { Self::Unknown } else { Self::Off }
    }

    /// The browser's notification permission (`Notification.permission`; `None` without the
    /// API): first as it stands at mount, then its answer to each of the customer's clicks
    /// (`Notification.requestPermission()`). At mount, anything but denied offers the button: a
    /// permission granted earlier is not the customer's consent for this wait. After a click,
    /// granted arms it, denied ends it for good, dismissed leaves the button.
    pub fn permission(&mut self, permission: Option<&str>) {
        *self = match (*self, permission) {
            (Self::Unknown, Some("default" | "granted")) => Self::Offered,
            (Self::Unknown, _) => Self::Off,
            (Self::Offered, Some("granted")) => Self::Armed,
            (Self::Offered, Some("denied")) => Self::Done,
            (state, _) => state,
        };
    }

    pub fn offered(self) -> bool {
        self == Self::Offered
    }

    /// The customer has just become next: whether to notify now (only while nobody looks).
    pub fn next(&mut self, hidden: bool) -> bool {
        let now = hidden && *self == Self::Armed;
        if now {
            *self = Self::Done;
        }
        now
    }
}
