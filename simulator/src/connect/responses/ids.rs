//! The identifiers Connect takes in `InstanceId`, `ContactId` and a queue filter, checked as Connect checks them
//! so a caller sees the same `InvalidParameterException` here as from AWS: at most 250
//! characters; a lowercase UUID, or an ARN
//! `arn:(aws|aws-us-gov):connect:[a-z]{2}-[a-z]+-[0-9]:[0-9]{1,20}:<resource>` ending in one.

use uuid::Uuid;

const MAX_LEN: usize = 250;

/// The instance's UUID in an `InstanceId`: the UUID itself or `…:instance/<uuid>`.
pub fn instance_id(id: &str) -> Option<&str> {
    if id.len() > MAX_LEN {
        return None;
    }
    lowercase_uuid(id).or_else(|| match *resource(id)?.as_slice() {
        ["instance", instance] => lowercase_uuid(instance),
        _ => None,
    })
}

/// The contact's UUID in a `ContactId`: the UUID itself, the contact's ARN
/// (`…:instance/<uuid>/contact/<uuid>`), or an instance ARN's prefix before it, which Connect's
/// documented pattern for `ContactId` also allows.
pub fn contact_id(id: &str) -> Option<&str> {
    if id.len() > MAX_LEN {
        return None;
    }
    lowercase_uuid(id).or_else(|| match *resource(id)?.as_slice() {
        ["instance", contact] => lowercase_uuid(contact),
        ["instance", instance, "contact", contact] => {
            lowercase_uuid(instance).and(lowercase_uuid(contact))
        }
        _ => None,
    })
}

/// A queue named in a request: its UUID, and the instance its ARN names (`None` for a bare
/// ID, which means the request's instance).
pub fn queue_id(id: &str) -> Option<(Option<&str>, &str)> {
    if id.len() > MAX_LEN {
        return None;
    }
    if let Some(queue) = lowercase_uuid(id) {
        return Some((None, queue));
    }
    match *resource(id)?.as_slice() {
        ["instance", instance, "queue", queue] => {
            Some((Some(lowercase_uuid(instance)?), lowercase_uuid(queue)?))
        }
        _ => None,
    }
}

/// Connect writes UUIDs hyphenated and lowercase and refuses other spellings (braces, no
/// hyphens, capitals) that `Uuid::parse_str` alone would let through.
fn lowercase_uuid(text: &str) -> Option<&str> {
    let uuid = Uuid::parse_str(text).ok()?;
    let mut canonical = Uuid::encode_buffer();
    (uuid.hyphenated().encode_lower(&mut canonical) == text).then_some(text)
}

/// The `/`-separated resource path of a Connect ARN in a partition Connect runs in.
fn resource(arn: &str) -> Option<Vec<&str>> {
    let fields: Vec<&str> = arn.splitn(6, ':').collect();
    let [
        "arn",
        "aws" | "aws-us-gov",
        "connect",
        region,
        account,
        resource,
    ] = *fields.as_slice()
    else {
        return None;
    };
    let account_ok =
        (1..=20).contains(&account.len()) && account.bytes().all(|b| b.is_ascii_digit());
    (is_region(region) && account_ok).then(|| resource.split('/').collect())
}

/// `[a-z]{2}-[a-z]+-[0-9]`: `us-east-1`, not `us-gov-west-1` (the documented shape has one word
/// between the dashes).
fn is_region(region: &str) -> bool {
    let letters = |word: &str| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase());
    match region.split('-').collect::<Vec<_>>()[..] {
        [area, name, number] => {
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
mod tests {
    use super::*;

    const INSTANCE: &str = "00000000-0000-4000-8000-000000000000";
    const CONTACT: &str = "9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e5f";

    #[test]
    fn instance_ids_are_uuids_or_instance_arns() {
        assert_eq!(instance_id(INSTANCE), Some(INSTANCE));
        let arn = format!("arn:aws:connect:eu-west-2:123456789012:instance/{INSTANCE}");
        assert_eq!(instance_id(&arn), Some(INSTANCE));
        let gov = format!("arn:aws-us-gov:connect:us-west-1:1:instance/{INSTANCE}");
        assert_eq!(instance_id(&gov), Some(INSTANCE));
        for bad in [
            String::new(),
            "instance".into(),
            CONTACT.to_uppercase(),
            CONTACT.replace('-', ""),
            format!("{{{CONTACT}}}"),
            "arn:aws:connect:eu-west-2:123456789012:instance/".into(),
            format!("arn:aws:connect:eu-west-2::instance/{INSTANCE}"),
            format!("arn:aws:connect:eu-west-2:123456789012:queue/{INSTANCE}"),
            format!("arn:aws-cn:connect:eu-west-2:123456789012:instance/{INSTANCE}"),
            format!("arn:aws:s3:eu-west-2:123456789012:instance/{INSTANCE}"),
            format!("arn:aws:connect:useast1:123456789012:instance/{INSTANCE}"),
            format!("arn:aws-us-gov:connect:us-gov-west-1:1:instance/{INSTANCE}"),
            format!(
                "arn:aws:connect:eu-west-2:{}:instance/{INSTANCE}",
                "1".repeat(21)
            ),
            format!("arn:aws:connect:eu-west-2:123456789012:instance/{INSTANCE}/contact/{CONTACT}"),
        ] {
            assert_eq!(instance_id(&bad), None, "{bad}");
        }
    }

    #[test]
    fn queue_ids_are_uuids_or_queue_arns() {
        assert_eq!(queue_id(CONTACT), Some((None, CONTACT)));
        let arn = format!("arn:aws:connect:us-east-1:1:instance/{INSTANCE}/queue/{CONTACT}");
        assert_eq!(queue_id(&arn), Some((Some(INSTANCE), CONTACT)));
        for bad in [
            "queue-1".to_owned(),
            format!("arn:aws:connect:us-east-1:1:instance/{INSTANCE}/contact/{CONTACT}"),
            format!("arn:aws:connect:us-east-1:1:instance/{INSTANCE}"),
            format!("arn:aws:connect:us-east-1:1:instance/x/queue/{CONTACT}"),
        ] {
            assert_eq!(queue_id(&bad), None, "{bad}");
        }
    }

    #[test]
    fn contact_ids_are_uuids_or_arns_ending_in_one() {
        assert_eq!(contact_id(CONTACT), Some(CONTACT));
        let arn = format!("arn:aws:connect:us-east-1:1:instance/{INSTANCE}/contact/{CONTACT}");
        assert_eq!(contact_id(&arn), Some(CONTACT));
        let prefixed = format!("arn:aws:connect:us-east-1:1:instance/{CONTACT}");
        assert_eq!(contact_id(&prefixed), Some(CONTACT));
        for bad in [
            "c-1".to_owned(),
            CONTACT[1..].to_owned(),
            format!("arn:aws:connect:us-east-1:1:instance/oops/contact/{CONTACT}"),
            format!("arn:aws:connect:us-east-1:1:instance/{INSTANCE}/queue/{CONTACT}"),
            // Well formed, but longer than Connect takes.
            format!(
                "arn:aws:connect:us-{}-1:1:instance/{CONTACT}",
                "a".repeat(200)
            ),
        ] {
            assert_eq!(contact_id(&bad), None, "{bad}");
        }
    }
}
