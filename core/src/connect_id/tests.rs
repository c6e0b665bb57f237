use super::*;

const INSTANCE: &str = "00000000-0000-4000-8000-000000000000";
const CONTACT: &str = "9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e5f";

#[test]
fn uuids_are_lowercase_and_hyphenated() {
    assert!(is_uuid(CONTACT));
    for bad in [
        String::new(),
        "c-1".into(),
        CONTACT.to_uppercase(),
        CONTACT.replace('-', ""),
        format!("{{{CONTACT}}}"),
        format!("urn:uuid:{CONTACT}"),
        CONTACT[1..].to_owned(),
    ] {
        assert!(!is_uuid(&bad), "{bad}");
    }
}

#[test]
fn instance_ids_are_uuids_or_instance_arns() {
    assert_eq!(instance_uuid(INSTANCE), Some(INSTANCE));
    let arn = format!("arn:aws:connect:eu-west-2:123456789012:instance/{INSTANCE}");
    assert_eq!(instance_uuid(&arn), Some(INSTANCE));
    let gov = format!("arn:aws-us-gov:connect:us-west-1:1:instance/{INSTANCE}");
    assert_eq!(instance_uuid(&gov), Some(INSTANCE));
    for bad in [
        String::new(),
        "instance".into(),
        CONTACT.to_uppercase(),
        "arn:aws:connect:eu-west-2:123456789012:instance/".into(),
        format!("arn:aws:connect:eu-west-2:123456789012:instance/{INSTANCE}/"),
        format!("arn:aws:connect:eu-west-2::instance/{INSTANCE}"),
        format!("arn:aws:connect:eu-west-2:123456789012:queue/{INSTANCE}"),
        format!("arn:aws-cn:connect:eu-west-2:123456789012:instance/{INSTANCE}"),
        format!("arn:aws:s3:eu-west-2:123456789012:instance/{INSTANCE}"),
        format!("arn:aws:connect:useast1:123456789012:instance/{INSTANCE}"),
        // The documented region shape is [a-z]{2}-[a-z]+-[0-9]: one word between the dashes.
        format!("arn:aws-us-gov:connect:us-gov-west-1:1:instance/{INSTANCE}"),
        format!(
            "arn:aws:connect:eu-west-2:{}:instance/{INSTANCE}",
            "1".repeat(21)
        ),
        format!("arn:aws:connect:eu-west-2:123456789012:instance/{INSTANCE}/contact/{CONTACT}"),
    ] {
        assert_eq!(instance_uuid(&bad), None, "{bad}");
    }
}

#[test]
fn contact_ids_are_uuids_contact_arns_or_an_instance_prefix_before_one() {
    assert_eq!(contact_uuid(CONTACT), Some(CONTACT));
    for good in [
        // The contact's own ARN, as Connect's answers and contact events carry it.
        format!("arn:aws:connect:us-east-1:123456789012:instance/{INSTANCE}/contact/{CONTACT}"),
        format!("arn:aws-us-gov:connect:us-west-1:1:instance/{INSTANCE}/contact/{CONTACT}"),
        // GetContactMetrics' documented pattern: an instance ARN's prefix, then the contact.
        format!("arn:aws:connect:us-east-1:123456789012:instance/{CONTACT}"),
    ] {
        assert_eq!(contact_uuid(&good), Some(CONTACT), "{good}");
    }
    for bad in [
        String::new(),
        "c-1".into(),
        CONTACT.to_uppercase(),
        CONTACT.replace('-', ""),
        CONTACT[1..].to_owned(),
        "arn:aws:connect:us-east-1:123:instance/".into(),
        format!("arn:aws:s3:us-east-1:123:instance/{CONTACT}"),
        format!("arn:aws:connect:useast1:123:instance/{CONTACT}"),
        format!(
            "arn:aws:connect:us-east-1:{}:instance/{CONTACT}",
            "1".repeat(21)
        ),
        format!("arn:aws-us-gov:connect:us-gov-west-1:1:instance/{CONTACT}"),
        format!("arn:aws:connect:us-east-1:1:instance/oops/contact/{CONTACT}"),
        format!("arn:aws:connect:us-east-1:1:instance/{INSTANCE}/contact/"),
        format!("arn:aws:connect:us-east-1:1:instance/{INSTANCE}/contact/{CONTACT}/"),
        format!("arn:aws:connect:us-east-1:1:instance/{INSTANCE}/queue/{CONTACT}"),
        // Well formed, but longer than Connect takes.
        format!(
            "arn:aws:connect:us-{}-1:1:instance/{CONTACT}",
            "a".repeat(200)
        ),
    ] {
        assert_eq!(contact_uuid(&bad), None, "{bad}");
    }
}

#[test]
fn the_length_limit_counts_the_whole_id() {
    let prefix = "arn:aws:connect:us-";
    let suffix = format!("-1:1:instance/{CONTACT}");
    let longest = format!(
        "{prefix}{}{suffix}",
        "a".repeat(MAX_ID_LEN - prefix.len() - suffix.len())
    );
    assert_eq!(longest.len(), MAX_ID_LEN);
    assert_eq!(contact_uuid(&longest), Some(CONTACT));
    assert_eq!(instance_uuid(&longest), Some(CONTACT));
    let too_long = format!(
        "{prefix}a{}{suffix}",
        "a".repeat(MAX_ID_LEN - prefix.len() - suffix.len())
    );
    assert_eq!(contact_uuid(&too_long), None);
    assert_eq!(instance_uuid(&too_long), None);
}

#[test]
fn queue_ids_are_uuids_or_queue_arns() {
    assert_eq!(queue_uuid(CONTACT), Some((None, CONTACT)));
    let arn = format!("arn:aws:connect:us-east-1:1:instance/{INSTANCE}/queue/{CONTACT}");
    assert_eq!(queue_uuid(&arn), Some((Some(INSTANCE), CONTACT)));
    for bad in [
        "queue-1".to_owned(),
        format!("arn:aws:connect:us-east-1:1:instance/{INSTANCE}/contact/{CONTACT}"),
        format!("arn:aws:connect:us-east-1:1:instance/{INSTANCE}"),
        format!("arn:aws:connect:us-east-1:1:instance/x/queue/{CONTACT}"),
    ] {
        assert_eq!(queue_uuid(&bad), None, "{bad}");
    }
}
