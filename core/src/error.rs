//! Why a poll failed, read the way AWS clients read restJson1 errors, so a proxy that passes
//! Connect's answer through unchanged is understood.

use crate::concat::concat;
use crate::prelude::*;
use core::fmt;

use crate::decimal::decimal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollError {
    /// The request never got an HTTP answer (offline, DNS, CORS, connection reset).
    Network,
    /// No answer within the widget's timeout; the request was aborted.
    Timeout,
    /// An answer that is not a GetContactMetrics response: not JSON, wrong shape, impossible numbers.
    InvalidBody,
    /// The proxy (or Connect through it) answered with an error status.
    Http {
        status: u16,
        code: Option<ErrorCode>,
        /// Seconds, from a `Retry-After` header.
        retry_after: Option<u32>,
    },
}

/// Connect's error types for `GetContactMetrics`, plus the proxy's own 401.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorCode {
    AccessDenied,
    InvalidParameter,
    InvalidRequest,
    ResourceNotFound,
    Throttling,
    InternalService,
    Unauthorized,
    Other(String),
}

impl ErrorCode {
    /// Parses a raw error type as found in `x-amzn-ErrorType`, `code` or `__type`:
    /// `aws.protocoltests#FooError:http://internal...` becomes `FooError`.
    pub fn parse(raw: &str) -> Option<Self> {
        // By bytes rather than `split`/`rsplit`, whose searchers cost the shipped wasm ~1 KB.
        let bytes = raw.as_bytes();
        let end = bytes.iter().position(|&b| b == b':').unwrap_or(bytes.len());
        let start = bytes
            .get(..end)
            .unwrap_or_default()
            .iter()
            .rposition(|&b| b == b'#')
            .map_or(0, |hash| hash + 1);
        let name = raw.get(start..end).unwrap_or_default().trim_ascii();
        if name.is_empty() {
            return None;
        }
        Some(match name {
            "AccessDeniedException" => Self::AccessDenied,
            "InvalidParameterException" => Self::InvalidParameter,
            "InvalidRequestException" => Self::InvalidRequest,
            "ResourceNotFoundException" => Self::ResourceNotFound,
            "ThrottlingException" => Self::Throttling,
            "InternalServiceException" => Self::InternalService,
            "UnauthorizedException" => Self::Unauthorized,
            other => {
                // At most 64 bytes, cut on a character boundary: a page's label, not a dump. A
                // loop, not a reversed range's `find`: that adapter is code of its own in the
                // wasm. 0 is always a boundary, so it stops there at the latest.
                let mut cut = other.len().min(64);
                while !other.is_char_boundary(cut) {
                    cut -= 1;
                }
                Self::Other(other.get(..cut).unwrap_or_default().to_owned())
            }
        })
    }

    pub fn name(&self) -> &str {
        match self {
            Self::AccessDenied => "AccessDeniedException",
            Self::InvalidParameter => "InvalidParameterException",
            Self::InvalidRequest => "InvalidRequestException",
            Self::ResourceNotFound => "ResourceNotFoundException",
            Self::Throttling => "ThrottlingException",
            Self::InternalService => "InternalServiceException",
            Self::Unauthorized => "UnauthorizedException",
            Self::Other(name) => name,
        }
    }

    /// Picks the error type the way AWS SDKs do: the header first, then the body's `code`,
    /// then its `__type`.
    pub fn from_parts(
        header: Option<&str>,
        code: Option<&str>,
        type_: Option<&str>,
    ) -> Option<Self> {
        [header, code, type_]
            .into_iter()
            .flatten()
            .find_map(Self::parse)
    }
}

impl PollError {
    /// Errors that no amount of retrying will fix: the widget stops and says so.
    pub fn is_terminal(&self) -> bool {
        match self {
            Self::Http { status, code, .. } => {
                matches!(status, 400 | 401 | 403)
                    || matches!(
                        code,
                        Some(
                            ErrorCode::AccessDenied
                                | ErrorCode::InvalidParameter
                                | ErrorCode::InvalidRequest
                                | ErrorCode::Unauthorized
                        )
                    )
            }
            Self::Network | Self::Timeout | Self::InvalidBody => false,
        }
    }

    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            Self::Http { status: 404, .. }
                | Self::Http {
                    code: Some(ErrorCode::ResourceNotFound),
                    ..
                }
        )
    }

    /// A stable identifier for the host page: Connect's error type when there is one.
    pub fn code(&self) -> String {
        match self {
            Self::Network => "NetworkError".into(),
            Self::Timeout => "Timeout".into(),
            Self::InvalidBody => "InvalidResponse".into(),
            Self::Http {
                code: Some(code), ..
            } => code.name().into(),
            Self::Http {
                status, code: None, ..
            } => concat(&["HTTP", &decimal(u32::from(*status))]),
        }
    }

    /// For the page's developer, in `waitline:error`. Built without `core::fmt` (see
    /// [`decimal`]); `Display` says the same.
    pub fn message(&self) -> String {
        match self {
            Self::Network => "network error".into(),
            Self::Timeout => "request timed out".into(),
            Self::InvalidBody => "response is not a valid GetContactMetrics answer".into(),
            Self::Http { status, code, .. } => {
                let mut message = concat(&["HTTP ", &decimal(u32::from(*status))]);
                if let Some(code) = code {
                    message.extend([" (", code.name(), ")"]);
                }
                message
            }
        }
    }

    pub fn retry_after(&self) -> Option<u32> {
        match self {
            Self::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

impl fmt::Display for PollError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl core::error::Error for PollError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitises_error_types_like_aws_clients() {
        assert_eq!(
            ErrorCode::parse("ThrottlingException"),
            Some(ErrorCode::Throttling)
        );
        assert_eq!(
            ErrorCode::parse(
                "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.connect/"
            ),
            Some(ErrorCode::ResourceNotFound)
        );
        assert_eq!(
            ErrorCode::parse("com.amazonaws.connect#AccessDeniedException"),
            Some(ErrorCode::AccessDenied)
        );
        assert_eq!(
            ErrorCode::parse("ns#Brand:new"),
            Some(ErrorCode::Other("Brand".into()))
        );
        assert_eq!(ErrorCode::parse(""), None);
        assert_eq!(ErrorCode::parse(":only-suffix"), None);
    }

    #[test]
    fn an_unknown_long_name_is_cut_at_64_bytes_on_a_character_boundary() {
        let cut = |raw: &str| match ErrorCode::parse(raw) {
            Some(ErrorCode::Other(name)) => name,
            other => panic!("{other:?}"),
        };
        assert_eq!(cut(&"A".repeat(70)), "A".repeat(64));
        assert_eq!(cut(&"A".repeat(64)), "A".repeat(64));
        // "é" is two bytes: byte 64 falls inside the 33rd, which is left out whole.
        assert_eq!(
            cut(&format!("A{}", "é".repeat(40))),
            format!("A{}", "é".repeat(31))
        );
        assert_eq!(cut("ÉtatInconnu"), "ÉtatInconnu");
    }

    #[test]
    fn header_wins_over_body() {
        assert_eq!(
            ErrorCode::from_parts(
                Some("ThrottlingException"),
                Some("InternalServiceException"),
                None
            ),
            Some(ErrorCode::Throttling)
        );
        assert_eq!(
            ErrorCode::from_parts(None, None, Some("x#InvalidRequestException")),
            Some(ErrorCode::InvalidRequest)
        );
        assert_eq!(
            ErrorCode::from_parts(Some(""), Some("AccessDeniedException"), None),
            Some(ErrorCode::AccessDenied)
        );
    }

    #[test]
    fn classifies_terminal_errors() {
        let http = |status, code| PollError::Http {
            status,
            code,
            retry_after: None,
        };
        assert!(http(401, None).is_terminal());
        assert!(http(403, Some(ErrorCode::AccessDenied)).is_terminal());
        assert!(http(400, Some(ErrorCode::InvalidRequest)).is_terminal());
        assert!(!http(429, Some(ErrorCode::Throttling)).is_terminal());
        assert!(!http(500, None).is_terminal());
        assert!(!http(404, Some(ErrorCode::ResourceNotFound)).is_terminal());
        assert!(http(404, None).is_not_found());
        assert!(!PollError::Network.is_terminal());
    }
}
