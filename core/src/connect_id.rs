//! Amazon Connect's identifiers as its API takes them in `InstanceId`, `ContactId` and a queue
//! filter, checked as Connect checks them, so the proxy refuses what Connect would refuse
//! before spending a call on it, and the simulator answers a malformed one as Connect does.
//!
//! Every form is at most [`MAX_ID_LEN`] characters and ends in a lowercase UUID: the UUID
//! itself, or an ARN in a partition Connect runs in,
//! `arn:(aws|aws-us-gov):connect:[a-z]{2}-[a-z]+-[0-9]:[0-9]{1,20}:instance/…`. A `ContactId` is
//! a contact's UUID, that UUID after an instance ARN's prefix (`GetContactMetrics`' documented
//! pattern), or the contact's own ARN, `…:instance/<instance>/contact/<contact>`.

use crate::prelude::*;

/// The longest `InstanceId` or `ContactId` Connect takes (`GetContactMetrics`' limit).
pub const MAX_ID_LEN: usize = 250;

/// A UUID as Connect writes it: hyphenated, lowercase. The `uuid` crate parses; the text must be
/// exactly its lowercase hyphenated form (it also accepts braces, URNs, no hyphens, capitals).
pub fn is_uuid(text: &str) -> bool {
    uuid::Uuid::try_parse(text).is_ok_and(|parsed| {
        let mut buffer = uuid::Uuid::encode_buffer();
        parsed.hyphenated().encode_lower(&mut buffer) == text
    })
}

/// The instance's UUID in an `InstanceId`: the UUID itself or its ARN, `…:instance/<uuid>`.
pub fn instance_uuid(id: &str) -> Option<&str> {
    if id.len() > MAX_ID_LEN {
        return None;
    }
    uuid(id).or_else(|| match *resource(id)?.as_slice() {
        ["instance", instance] => uuid(instance),
        _ => None,
    })
}

/// The contact's UUID in a `ContactId`: the UUID itself, the contact's ARN
/// (`…:instance/<uuid>/contact/<uuid>`), or an instance ARN's prefix before it.
pub fn contact_uuid(id: &str) -> Option<&str> {
    if id.len() > MAX_ID_LEN {
        return None;
    }
    uuid(id).or_else(|| match *resource(id)?.as_slice() {
        ["instance", contact] => uuid(contact),
        ["instance", instance, "contact", contact] => uuid(instance).and(uuid(contact)),
        _ => None,
    })
}

/// A queue named in a request: its UUID, with the instance its ARN names (`None` for a bare
/// UUID, which means the request's instance).
pub fn queue_uuid(id: &str) -> Option<(Option<&str>, &str)> {
    if id.len() > MAX_ID_LEN {
        return None;
    }
    if let Some(queue) = uuid(id) {
        return Some((None, queue));
    }
    match *resource(id)?.as_slice() {
        ["instance", instance, "queue", queue] => Some((Some(uuid(instance)?), uuid(queue)?)),
        _ => None,
    }
}

fn uuid(text: &str) -> Option<&str> {
    is_uuid(text).then_some(text)
}

/// The `/`-separated resource path of a Connect ARN in a partition Connect runs in.
fn resource(arn: &str) -> Option<Vec<&str>> {
    let mut fields = arn.splitn(6, ':');
    let (Some("arn"), Some("aws" | "aws-us-gov"), Some("connect")) =
        (fields.next(), fields.next(), fields.next())
    else {
        return None;
    };
    let (region, account, resource) = (fields.next()?, fields.next()?, fields.next()?);
    let account_ok =
        (1..=20).contains(&account.len()) && account.bytes().all(|b| b.is_ascii_digit());
    if !is_region(region) || !account_ok {
        return None;
    }
    Some(resource.split('/').collect())
}

/// `[a-z]{2}-[a-z]+-[0-9]`: `us-east-1`, not `us-gov-west-1` (the documented shape has one word
/// between the dashes).
fn is_region(region: &str) -> bool {
    let letters = |word: &str| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase());
    let mut words = region.split('-');
    match (words.next(), words.next(), words.next(), words.next()) {
        (Some(area), Some(name), Some(number), None) => {
            area.len() == 2
                && letters(area)
                && letters(name)
                && number.len() == 1
                && number.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests;
