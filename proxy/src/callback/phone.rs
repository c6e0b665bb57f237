//! The number a customer asks to be called back at: checked strictly with libphonenumber's
//! metadata (the `phonenumber` crate), normalised to E.164, and only ever shown masked. It is
//! personal data: its `Debug` is masked too, so no log line can carry it by accident.
//!
//! A callback is an agent dialling the number, so the number's kind matters as much as its
//! validity: a premium-rate or shared-cost number bills the contact center per minute (toll
//! fraud), and a pager or voicemail number reaches no one. Only the kinds a person answers are
//! called unless the operator lists more ([`NumberKind`], `--callback-number-types`).

use std::fmt;

use phonenumber::country::Id;
use phonenumber::{Mode, ParseError, PhoneNumber, Type};

use super::Refusal;

/// More characters than any way of writing a phone number needs.
const MAX_CHARS: usize = 40;
/// What people write between digits: spaces, dashes, dots, brackets, slashes.
const SEPARATORS: &[char] = &[' ', '\u{a0}', '-', '.', '(', ')', '/'];

/// The kinds of number a country's metadata describes, each with its possible lengths.
const KINDS: [Type; 10] = [
    Type::FixedLine,
    Type::Mobile,
    Type::TollFree,
    Type::PremiumRate,
    Type::SharedCost,
    Type::PersonalNumber,
    Type::Voip,
    Type::Pager,
    Type::Uan,
    Type::Voicemail,
];

/// The kinds of number libphonenumber tells apart, as the operator names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    FixedLine,
    Mobile,
    /// A country whose fixed and mobile numbers share their ranges (the United States, Canada).
    FixedLineOrMobile,
    TollFree,
    PremiumRate,
    SharedCost,
    PersonalNumber,
    Voip,
    Pager,
    Uan,
    Voicemail,
}

impl NumberKind {
    pub const ALL: [Self; 11] = [
        Self::FixedLine,
        Self::Mobile,
        Self::FixedLineOrMobile,
        Self::TollFree,
        Self::PremiumRate,
        Self::SharedCost,
        Self::PersonalNumber,
        Self::Voip,
        Self::Pager,
        Self::Uan,
        Self::Voicemail,
    ];

    /// What a callback is for: a person's own line.
    pub const DEFAULT: [Self; 3] = [Self::FixedLine, Self::Mobile, Self::FixedLineOrMobile];

    /// The name in `--callback-number-types`.
    pub fn name(self) -> &'static str {
        match self {
            Self::FixedLine => "fixed-line",
            Self::Mobile => "mobile",
            Self::FixedLineOrMobile => "fixed-line-or-mobile",
            Self::TollFree => "toll-free",
            Self::PremiumRate => "premium-rate",
            Self::SharedCost => "shared-cost",
            Self::PersonalNumber => "personal-number",
            Self::Voip => "voip",
            Self::Pager => "pager",
            Self::Uan => "uan",
            Self::Voicemail => "voicemail",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        let name = name.trim();
        Self::ALL
            .into_iter()
            .find(|kind| kind.name().eq_ignore_ascii_case(name))
    }

    fn of(kind: Type) -> Option<Self> {
        Some(match kind {
            Type::FixedLine => Self::FixedLine,
            Type::Mobile => Self::Mobile,
            Type::FixedLineOrMobile => Self::FixedLineOrMobile,
            Type::TollFree => Self::TollFree,
            Type::PremiumRate => Self::PremiumRate,
            Type::SharedCost => Self::SharedCost,
            Type::PersonalNumber => Self::PersonalNumber,
            Type::Voip => Self::Voip,
            Type::Pager => Self::Pager,
            Type::Uan => Self::Uan,
            Type::Voicemail => Self::Voicemail,
            // Emergency, short codes, carrier codes and unknown kinds are never called.
            _ => return None,
        })
    }
}

/// A dialable number in an allowed country, in E.164.
#[derive(Clone, PartialEq, Eq)]
pub struct CallbackNumber {
    e164: String,
}

impl fmt::Debug for CallbackNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CallbackNumber({})", self.masked())
    }
}

impl CallbackNumber {
    /// Reads `text` as a phone number: international (`+44 20 7946 0958`, or with an
    /// international prefix), or national in `country` (`020 7946 0958` with `GB`). The
    /// number's own country must be in `allowed`, and its kind in `kinds`.
    pub fn parse(
        text: &str,
        country: Option<Id>,
        allowed: &[Id],
        kinds: &[NumberKind],
    ) -> Result<Self, Refusal> {
        let text = text.trim();
        if text.chars().count() > MAX_CHARS {
            return Err(Refusal::PhoneNumberTooLong);
        }
        // libphonenumber would read letters as a keypad does (1-800-FLOWERS); a typo is likelier.
        if text.chars().any(char::is_alphabetic) {
            return Err(Refusal::PhoneNumberHasLetters);
        }
        let digits = text.chars().filter(char::is_ascii_digit).count();
        let plus_first = text.strip_prefix('+').unwrap_or(text);
        if plus_first
            .chars()
            .any(|c| !c.is_ascii_digit() && !SEPARATORS.contains(&c))
        {
            return Err(Refusal::PhoneNumberInvalid);
        }
        if digits == 0 {
            return Err(Refusal::PhoneNumberTooShort);
        }
        let number = phonenumber::parse(country, text).map_err(|error| match error {
            ParseError::NoNumber | ParseError::TooShortNsn | ParseError::TooShortAfterIdd => {
                Refusal::PhoneNumberTooShort
            }
            ParseError::TooLong => Refusal::PhoneNumberTooLong,
            _ => Refusal::PhoneNumberInvalid,
        })?;
        if number.extension().is_some() {
            return Err(Refusal::PhoneNumberInvalid);
        }
        if !number.is_valid() {
            return Err(length_refusal(&number));
        }
        let own = number.country().id().ok_or(Refusal::PhoneNumberInvalid)?;
        if !allowed.contains(&own) {
            return Err(Refusal::CountryNotAllowed);
        }
        let kind = NumberKind::of(number.number_type(&phonenumber::metadata::DATABASE));
        if !kind.is_some_and(|kind| kinds.contains(&kind)) {
            return Err(Refusal::NumberTypeNotAllowed);
        }
        Ok(Self {
            e164: number.format().mode(Mode::E164).to_string(),
        })
    }

    pub fn e164(&self) -> &str {
        &self.e164
    }

    /// What the customer is shown: the last four digits only.
    pub fn masked(&self) -> String {
        mask(&self.e164)
    }
}

/// `•••• 4567`: the last four digits of `e164`.
pub fn mask(e164: &str) -> String {
    let digits: Vec<char> = e164.chars().filter(char::is_ascii_digit).collect();
    let last: String = digits[digits.len().saturating_sub(4)..].iter().collect();
    format!("•••• {last}")
}

/// Why a parsed number is not valid: too few or too many digits for its country (any of the
/// countries sharing its code, when the digits do not tell which), or digits its country does
/// not use.
fn length_refusal(number: &PhoneNumber) -> Refusal {
    let database = &*phonenumber::metadata::DATABASE;
    let national = number.national().to_string().len();
    let regions = number
        .metadata(database)
        .map(|meta| vec![meta])
        .or_else(|| database.by_code(&number.code().value()))
        .unwrap_or_default();
    // The metadata leaves the general description's lengths out: they are its kinds' together.
    let lengths: Vec<usize> = regions
        .iter()
        .flat_map(|meta| {
            KINDS
                .iter()
                .filter_map(|&kind| meta.descriptors().get(kind))
        })
        .flat_map(|descriptor| descriptor.possible_length())
        .map(|&length| usize::from(length))
        .collect();
    match (lengths.iter().min(), lengths.iter().max()) {
        (Some(&min), _) if national < min => Refusal::PhoneNumberTooShort,
        (_, Some(&max)) if national > max => Refusal::PhoneNumberTooLong,
        _ => Refusal::PhoneNumberInvalid,
    }
}

/// An ISO 3166-1 alpha-2 code (`US`, `gb`), as the widget sends the page's locale's country.
pub fn country(code: &str) -> Option<Id> {
    let code = code.trim();
    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    code.to_ascii_uppercase().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALLOWED: &[Id] = &[Id::US, Id::CA, Id::GB, Id::FR, Id::DE, Id::JP, Id::BR];

    fn parse(text: &str, country: Option<Id>) -> Result<String, Refusal> {
        CallbackNumber::parse(text, country, ALLOWED, &NumberKind::DEFAULT)
            .map(|n| n.e164().to_owned())
    }

    #[test]
    fn international_and_national_forms_become_e164() {
        for (text, country, e164) in [
            ("+1 201-555-0123", None, "+12015550123"),
            ("(201) 555-0123", Some(Id::US), "+12015550123"),
            ("+44 20 7946 0958", Some(Id::US), "+442079460958"),
            ("020 7946 0958", Some(Id::GB), "+442079460958"),
            ("01 42 68 53 00", Some(Id::FR), "+33142685300"),
            ("030/123456", Some(Id::DE), "+4930123456"),
            ("03-1234-5678", Some(Id::JP), "+81312345678"),
            ("+55 11 91234-5678", None, "+5511912345678"),
            ("  +1 (604) 555-0123 ", None, "+16045550123"),
        ] {
            assert_eq!(parse(text, country).as_deref(), Ok(e164), "{text}");
        }
    }

    #[test]
    fn bad_numbers_are_refused_with_their_reason() {
        for (text, country, refusal) in [
            ("call me", None, Refusal::PhoneNumberHasLetters),
            (
                "1-800-FLOWERS",
                Some(Id::US),
                Refusal::PhoneNumberHasLetters,
            ),
            (
                "+1 201 555 0123 ext. 5",
                None,
                Refusal::PhoneNumberHasLetters,
            ),
            ("+1 201 555 0123 #5", None, Refusal::PhoneNumberInvalid),
            ("+1 2015550123+", None, Refusal::PhoneNumberInvalid),
            ("", Some(Id::US), Refusal::PhoneNumberTooShort),
            ("12", Some(Id::US), Refusal::PhoneNumberTooShort),
            ("+1 201 555", None, Refusal::PhoneNumberTooShort),
            (
                "+44 20 7946 0958 1234 5678",
                None,
                Refusal::PhoneNumberTooLong,
            ),
            (&"1".repeat(41), Some(Id::US), Refusal::PhoneNumberTooLong),
            // Without a + or a country, there is no telling which country it is in.
            ("201 555 0123", None, Refusal::PhoneNumberInvalid),
            // Digits no US number starts with.
            ("+1 000 555 0123", None, Refusal::PhoneNumberInvalid),
        ] {
            assert_eq!(parse(text, country), Err(refusal), "{text}");
        }
    }

    #[test]
    fn only_allowed_countries_are_called() {
        assert_eq!(
            parse("+34 912 34 56 78", None),
            Err(Refusal::CountryNotAllowed)
        );
        assert_eq!(
            CallbackNumber::parse("+34 912 34 56 78", None, &[Id::ES], &NumberKind::DEFAULT)
                .map(|n| n.masked()),
            Ok("•••• 5678".to_owned())
        );
        // +1 is shared: a Canadian number is Canada's, not the United States'.
        assert_eq!(
            CallbackNumber::parse("+1 604 555 0123", None, &[Id::US], &NumberKind::DEFAULT),
            Err(Refusal::CountryNotAllowed)
        );
    }

    #[test]
    fn the_number_is_masked_everywhere_it_could_be_printed() {
        let number =
            CallbackNumber::parse("+1 201 555 0123", None, ALLOWED, &NumberKind::DEFAULT).unwrap();
        assert_eq!(number.masked(), "•••• 0123");
        assert_eq!(format!("{number:?}"), "CallbackNumber(•••• 0123)");
        assert_eq!(mask("+1"), "•••• 1");
    }

    #[test]
    fn only_numbers_a_person_answers_are_called_unless_the_operator_lists_more() {
        // libphonenumber's own examples of premium-rate and shared-cost numbers, and a UK
        // mobile, a French fixed line and a US number (fixed or mobile: the ranges are shared).
        for text in [
            "+1 900 234 5678",
            "+44 901 234 5678",
            "+44 845 464 0000",
            "+33 8 91 12 34 56",
            "+1 800 234 5678",
            "+44 800 123 4567",
        ] {
            assert_eq!(
                parse(text, None),
                Err(Refusal::NumberTypeNotAllowed),
                "{text}"
            );
        }
        for text in ["+44 7400 123456", "+33 1 42 68 53 00", "+1 201 555 0123"] {
            assert!(parse(text, None).is_ok(), "{text}");
        }
        let toll_free = [NumberKind::TollFree];
        assert!(
            CallbackNumber::parse("+1 800 234 5678", None, ALLOWED, &toll_free).is_ok(),
            "listed by the operator"
        );
        assert_eq!(
            NumberKind::parse(" Premium-Rate "),
            Some(NumberKind::PremiumRate)
        );
        assert_eq!(NumberKind::parse("landline"), None);
    }

    #[test]
    fn countries_are_iso_alpha_2_codes() {
        assert_eq!(country("US"), Some(Id::US));
        assert_eq!(country("gb"), Some(Id::GB));
        for bad in ["", "U", "USA", "U1", "ZZ", "🇺🇸"] {
            assert_eq!(country(bad), None, "{bad}");
        }
    }
}
