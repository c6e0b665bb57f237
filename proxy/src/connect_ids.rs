//! Connect's identifier patterns: the proxy refuses what Connect
//! would refuse before spending a call on it. (The simulator, a crate of its own, has its own
//! checks: it stands for Connect, not for the proxy.)

/// Connect's pattern for `ContactId`: at most 250 characters of the `InstanceId` shape below.
pub fn is_valid_contact_id(id: &str) -> bool {
    contact_uuid(id).is_some()
}

/// The UUID in a valid `ContactId`.
pub fn contact_uuid(id: &str) -> Option<&str> {
    if id.len() > 250 {
        return None;
    }
    instance_uuid(id)
}

/// `[a-z]{2}-[a-z]+-[0-9]`
fn is_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    matches!(parts.as_slice(), [area, name, digit]
        if area.len() == 2 && area.bytes().all(|b| b.is_ascii_lowercase())
        && !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase())
        && digit.len() == 1 && digit.bytes().all(|b| b.is_ascii_digit()))
}

/// `InstanceId`: a lowercase UUID, or the instance's ARN,
/// `^arn:(aws|aws-us-gov):connect:[a-z]{2}-[a-z]+-[0-9]{1}:[0-9]{1,20}:instance/` followed by the
/// UUID. Returns the UUID.
pub fn instance_uuid(id: &str) -> Option<&str> {
    let uuid = match id.strip_prefix("arn:") {
        None => id,
        Some(arn) => {
            let rest = arn
                .strip_prefix("aws:")
                .or_else(|| arn.strip_prefix("aws-us-gov:"))?
                .strip_prefix("connect:")?;
            let (region, rest) = rest.split_once(':')?;
            let (account, rest) = rest.split_once(':')?;
            let uuid = rest.strip_prefix("instance/")?;
            let account_ok =
                (1..=20).contains(&account.len()) && account.bytes().all(|b| b.is_ascii_digit());
            (is_region(region) && account_ok).then_some(uuid)?
        }
    };
    is_uuid(uuid).then_some(uuid)
}

/// A UUID as Connect writes it: lowercase 8-4-4-4-12 hex. `uuid` parses; the written form must
/// be exactly its lowercase hyphenated one (it also accepts braces, URNs and uppercase).
pub fn is_uuid(text: &str) -> bool {
    uuid::Uuid::try_parse(text).is_ok_and(|parsed| {
        let mut buffer = uuid::Uuid::encode_buffer();
        parsed.hyphenated().encode_lower(&mut buffer) == text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_ids_follow_connects_pattern() {
        let uuid = "9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e5f";
        assert!(is_valid_contact_id(uuid));
        assert_eq!(
            contact_uuid(&format!(
                "arn:aws:connect:us-east-1:123456789012:instance/{uuid}"
            )),
            Some(uuid)
        );
        // The documented region shape is [a-z]{2}-[a-z]+-[0-9]: one word between the dashes.
        assert!(!is_valid_contact_id(&format!(
            "arn:aws-us-gov:connect:us-gov-west-1:1:instance/{uuid}"
        )));
        assert!(is_valid_contact_id(&format!(
            "arn:aws-us-gov:connect:us-west-1:1:instance/{uuid}"
        )));
        for bad in [
            "",
            "c-1",
            "9F1B6F5E-2D4C-4B8A-9E3F-0A1B2C3D4E5F",
            "9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e5",
            "9f1b6f5e2d4c4b8a9e3f0a1b2c3d4e5f",
            "arn:aws:connect:us-east-1:123:instance/",
            "arn:aws:s3:us-east-1:123:instance/9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e5f",
            "arn:aws:connect:useast1:123:instance/9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e5f",
            "arn:aws:connect:us-east-1:123456789012345678901:instance/9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e5f",
        ] {
            assert!(!is_valid_contact_id(bad), "{bad}");
        }
    }

    #[test]
    fn instance_ids_are_uuids_or_instance_arns() {
        let uuid = "00000000-0000-4000-8000-000000000000";
        assert_eq!(instance_uuid(uuid), Some(uuid));
        assert_eq!(
            instance_uuid(&format!(
                "arn:aws:connect:eu-west-2:123456789012:instance/{uuid}"
            )),
            Some(uuid)
        );
        for bad in [
            "",
            "instance",
            "arn:aws:connect:eu-west-2:123456789012:instance/",
            "arn:aws:connect:eu-west-2::instance/00000000-0000-4000-8000-000000000000",
            "arn:aws:connect:eu-west-2:123456789012:queue/00000000-0000-4000-8000-000000000000",
            "arn:aws-cn:connect:eu-west-2:123456789012:instance/00000000-0000-4000-8000-000000000000",
        ] {
            assert_eq!(instance_uuid(bad), None, "{bad}");
        }
    }
}
