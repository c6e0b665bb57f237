//! Why the proxy refuses a callback request, each with a code a client can branch on and a
//! sentence a person can read. None of them repeats the number.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
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
    /// A valid number in a country outside `--callback-countries`.
    CountryNotAllowed,
    /// A valid number of a kind outside `--callback-number-types` (premium-rate, shared-cost,
    /// toll-free, pager, ...).
    NumberTypeNotAllowed,
    /// This number, or this client, has asked for as many callbacks as a day allows.
    TooManyCallbacks,
    /// The contact is not waiting in a queue (any more, or yet): it cannot leave it for a
    /// callback.
    ContactNotInQueue,
}

impl Refusal {
    /// The code in the error's `Reason`.
    pub fn reason(self) -> &'static str {
        match self {
            Self::InvalidBody => "INVALID_BODY",
            Self::InvalidCountry => "INVALID_COUNTRY",
            Self::PhoneNumberHasLetters => "PHONE_NUMBER_HAS_LETTERS",
            Self::PhoneNumberTooShort => "PHONE_NUMBER_TOO_SHORT",
            Self::PhoneNumberTooLong => "PHONE_NUMBER_TOO_LONG",
            Self::PhoneNumberInvalid => "PHONE_NUMBER_INVALID",
            Self::CountryNotAllowed => "COUNTRY_NOT_ALLOWED",
            Self::NumberTypeNotAllowed => "NUMBER_TYPE_NOT_ALLOWED",
            Self::TooManyCallbacks => "TOO_MANY_CALLBACKS",
            Self::ContactNotInQueue => "CONTACT_NOT_IN_QUEUE",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Self::InvalidBody => {
                r#"The body must be JSON like {"phoneNumber": "+1 201 555 0123", "country": "US"}, with no other fields"#
            }
            Self::InvalidCountry => "The country must be a two-letter ISO 3166-1 code, like US",
            Self::PhoneNumberHasLetters => "The phone number has letters in it; use digits only",
            Self::PhoneNumberTooShort => "The phone number is too short",
            Self::PhoneNumberTooLong => "The phone number is too long",
            Self::PhoneNumberInvalid => {
                "This is not a phone number we can call; start it with + and the country code"
            }
            Self::CountryNotAllowed => "We cannot call numbers in this country",
            Self::NumberTypeNotAllowed => {
                "We cannot call this kind of number; give a landline or mobile number"
            }
            Self::TooManyCallbacks => {
                "Too many callbacks have been asked for today; please try again tomorrow"
            }
            Self::ContactNotInQueue => {
                "The contact is not waiting in a queue, so it cannot ask for a callback"
            }
        }
    }

    /// The request was fine but the contact's state forbids it (409), rather than bad input (400).
    pub fn is_conflict(self) -> bool {
        self == Self::ContactNotInQueue
    }
}
