//! Why the proxy refuses a callback request, in words a person can read; the codes a client
//! branches on are core's ([`waitline_core::refusal`]), which the widget reads. None of the
//! sentences repeats the number.

pub use waitline_core::refusal::CallbackRefusal as Refusal;

/// The sentence the error's `Message` carries.
pub fn refusal_message(refusal: Refusal) -> &'static str {
    match refusal {
        Refusal::InvalidBody => {
            r#"The body must be JSON like {"phoneNumber": "+1 201 555 0123", "country": "US"}, with no other fields"#
        }
        Refusal::InvalidCountry => "The country must be a two-letter ISO 3166-1 code, like US",
        Refusal::PhoneNumberHasLetters => "The phone number has letters in it; use digits only",
        Refusal::PhoneNumberTooShort => "The phone number is too short",
        Refusal::PhoneNumberTooLong => "The phone number is too long",
        Refusal::PhoneNumberInvalid => {
            "This is not a phone number we can call; start it with + and the country code"
        }
        Refusal::CountryNotAllowed => "We cannot call numbers in this country",
        Refusal::NumberTypeNotAllowed => {
            "We cannot call this kind of number; give a landline or mobile number"
        }
        Refusal::TooManyCallbacks => {
            "Too many callbacks have been asked for today; please try again tomorrow"
        }
        Refusal::ContactNotInQueue => {
            "The contact is not waiting in a queue, so it cannot ask for a callback"
        }
    }
}
