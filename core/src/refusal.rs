//! Why the proxy refuses a callback request: the one list of the codes its errors carry in
//! `Reason`, which the proxy writes and the widget reads. The proxy says each in words
//! (`proxy/src/callback/refusal.rs`); `api/openapi.json` lists them, checked by the proxy's
//! OpenAPI test.

/// The codes, as constants a `match` can name: the shipped wasm matches a `Reason` against
/// the few it tells apart, linking only those.
pub mod code {
    pub const INVALID_BODY: &str = "INVALID_BODY";
    pub const INVALID_COUNTRY: &str = "INVALID_COUNTRY";
    pub const PHONE_NUMBER_HAS_LETTERS: &str = "PHONE_NUMBER_HAS_LETTERS";
    pub const PHONE_NUMBER_TOO_SHORT: &str = "PHONE_NUMBER_TOO_SHORT";
    pub const PHONE_NUMBER_TOO_LONG: &str = "PHONE_NUMBER_TOO_LONG";
    pub const PHONE_NUMBER_INVALID: &str = "PHONE_NUMBER_INVALID";
    pub const COUNTRY_NOT_ALLOWED: &str = "COUNTRY_NOT_ALLOWED";
    pub const NUMBER_TYPE_NOT_ALLOWED: &str = "NUMBER_TYPE_NOT_ALLOWED";
    pub const TOO_MANY_CALLBACKS: &str = "TOO_MANY_CALLBACKS";
    pub const CONTACT_NOT_IN_QUEUE: &str = "CONTACT_NOT_IN_QUEUE";
}

/// A callback refusal, by the code in the error's `Reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackRefusal {
    /// Not `{"phoneNumber": "…", "country": "US"}`: not JSON, a field missing or unknown.
    InvalidBody,
    /// `country` is not an ISO 3166-1 alpha-2 code.
    InvalidCountry,
    PhoneNumberHasLetters,
    PhoneNumberTooShort,
    PhoneNumberTooLong,
    /// Not a number anyone can dial: digits its country does not use, stray symbols, no way to
    /// tell its country.
    PhoneNumberInvalid,
    /// A valid number in a country the contact center does not call.
    CountryNotAllowed,
    /// A valid number of a kind the contact center does not call (premium-rate, shared-cost,
    /// toll-free, pager, ...).
    NumberTypeNotAllowed,
    /// This number, or this client, has asked for as many callbacks as a day allows.
    TooManyCallbacks,
    /// The contact is not waiting in a queue (any more, or yet): it cannot leave it for a
    /// callback.
    ContactNotInQueue,
}

impl CallbackRefusal {
    pub const ALL: [Self; 10] = [
        Self::InvalidBody,
        Self::InvalidCountry,
        Self::PhoneNumberHasLetters,
        Self::PhoneNumberTooShort,
        Self::PhoneNumberTooLong,
        Self::PhoneNumberInvalid,
        Self::CountryNotAllowed,
        Self::NumberTypeNotAllowed,
        Self::TooManyCallbacks,
        Self::ContactNotInQueue,
    ];

    /// The code in the error's `Reason`.
    pub fn code(self) -> &'static str {
        match self {
            Self::InvalidBody => code::INVALID_BODY,
            Self::InvalidCountry => code::INVALID_COUNTRY,
            Self::PhoneNumberHasLetters => code::PHONE_NUMBER_HAS_LETTERS,
            Self::PhoneNumberTooShort => code::PHONE_NUMBER_TOO_SHORT,
            Self::PhoneNumberTooLong => code::PHONE_NUMBER_TOO_LONG,
            Self::PhoneNumberInvalid => code::PHONE_NUMBER_INVALID,
            Self::CountryNotAllowed => code::COUNTRY_NOT_ALLOWED,
            Self::NumberTypeNotAllowed => code::NUMBER_TYPE_NOT_ALLOWED,
            Self::TooManyCallbacks => code::TOO_MANY_CALLBACKS,
            Self::ContactNotInQueue => code::CONTACT_NOT_IN_QUEUE,
        }
    }

    /// The refusal a `Reason` names.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|refusal| refusal.code() == code)
    }

    /// The request was fine but the contact's state forbids it (409), rather than bad input
    /// (400).
    pub fn is_conflict(self) -> bool {
        self == Self::ContactNotInQueue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_its_refusal_and_nothing_else_does() {
        for refusal in CallbackRefusal::ALL {
            assert_eq!(CallbackRefusal::from_code(refusal.code()), Some(refusal));
        }
        assert_eq!(CallbackRefusal::from_code("invalid_body"), None);
        assert_eq!(CallbackRefusal::from_code(""), None);
    }
}
