//! "Notify me when I'm next" (`notifyNext`): a button while there is a place to wait for; a
//! notification only once the customer clicked it and the browser allowed it, and then at most
//! one per wait.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Notify {
    /// No button: the option is off, the browser has no notifications, or they are denied.
    #[default]
    Off,
    /// The button is offered.
    Offered,
    /// The customer asked and the browser allowed it.
    Armed,
    /// Said, or refused for good: nothing more this wait.
    Done,
}

impl Notify {
    /// What the browser allows before anyone clicks (`Notification.permission`; `None` without
    /// the API). A permission granted earlier is not the customer's consent for this wait: the
    /// button is offered all the same.
    pub fn new(option: bool, permission: Option<&str>) -> Self {
        if option && matches!(permission, Some("default" | "granted")) {
            Self::Offered
        } else {
            Self::Off
        }
    }

    /// The browser's answer to the customer's click (`Notification.requestPermission()`):
    /// granted arms it, denied ends it for good, dismissed leaves the button.
    pub fn answered(&mut self, permission: &str) {
        if *self == Self::Offered {
            match permission {
                "granted" => *self = Self::Armed,
                "denied" => *self = Self::Done,
                _ => {}
            }
        }
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
