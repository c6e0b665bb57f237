use super::*;

fn options(contact_id: &str) -> Options {
    Options {
        contact_id: contact_id.into(),
        ..Options::default()
    }
}

#[test]
fn fills_the_default_endpoint() {
    let settings = Settings::new(&Options {
        token: Some(" tok ".into()),
        ..options("c0ffee-1")
    })
    .unwrap();
    assert_eq!(settings.url, "/v1/contacts/c0ffee-1/metrics");
    assert_eq!(settings.token.as_deref(), Some("tok"));
    assert_eq!(settings.session, SessionConfig::default());
}

#[test]
fn encodes_arns_into_one_segment() {
    let settings = Settings::new(&Options {
        endpoint: Some("https://api.example.com/q/{contactId}".into()),
        poll_seconds: Some(2.5),
        ..options("arn:aws:connect:eu-west-2:1:instance/i/contact/c")
    })
    .unwrap();
    assert_eq!(
        settings.url,
        "https://api.example.com/q/arn%3Aaws%3Aconnect%3Aeu-west-2%3A1%3Ainstance%2Fi%2Fcontact%2Fc"
    );
    assert_eq!(settings.session.tracker.poll_interval_ms, 2_500);
    assert_eq!(percent_encode("a b/é"), "a%20b%2F%C3%A9");
    assert_eq!(
        fill_placeholder("/é/{contactId}?again={contactId}", "c").as_deref(),
        Some("/é/c?again=c")
    );
    assert_eq!(fill_placeholder("/{contactid}", "c"), None);
}

#[test]
fn reads_display_and_offer_options() {
    let settings = Settings::new(&Options {
        ewt_style: Some("range".into()),
        max_wait_seconds: Some(1800.0),
        callback_after_seconds: Some(600.0),
        self_service_after_position: Some(10.0),
        announce_every_seconds: Some(30.0),
        ..options("c")
    })
    .unwrap();
    assert_eq!(settings.session.ewt_style, EwtStyle::Range);
    assert_eq!(settings.session.max_wait_seconds, 1800);
    assert_eq!(
        settings.session.callback,
        Threshold {
            after_seconds: Some(600),
            after_position: None
        }
    );
    assert_eq!(
        settings.session.self_service,
        Threshold {
            after_seconds: None,
            after_position: Some(10)
        }
    );
    assert_eq!(settings.session.announce_every_seconds, 30);
    assert_eq!(settings.timeout_ms, DEFAULT_TIMEOUT_MS);
    let settings = Settings::new(&Options {
        timeout_seconds: Some(2.0),
        ..options("c")
    })
    .unwrap();
    assert_eq!(settings.timeout_ms, 2_000);
    assert!(
        Settings::new(&Options {
            timeout_seconds: Some(0.0),
            ..options("c")
        })
        .is_err()
    );
}

#[test]
fn rejects_bad_settings() {
    assert_eq!(
        Settings::new(&options("  ")),
        Err(SettingsError::MissingContactId)
    );
    assert_eq!(
        Settings::new(&options(&"x".repeat(257))),
        Err(SettingsError::ContactIdTooLong)
    );
    let bad = |o: Options| Settings::new(&o).unwrap_err().to_string();
    assert_eq!(
        bad(Options {
            endpoint: Some("/metrics".into()),
            ..options("c")
        }),
        "endpoint must contain {contactId}"
    );
    assert_eq!(
        bad(Options {
            token: Some("a b".into()),
            ..options("c")
        }),
        "token must be visible ASCII characters without spaces"
    );
    assert_eq!(
        bad(Options {
            ewt_style: Some("exact".into()),
            ..options("c")
        }),
        "ewt-style must be approximate, less-than, range or precise"
    );
    for poll in [0.5, 3601.0, f64::NAN, -1.0] {
        assert_eq!(
            bad(Options {
                poll_seconds: Some(poll),
                ..options("c")
            }),
            "poll-seconds must be a number from 1 to 3600"
        );
    }
    assert_eq!(
        bad(Options {
            callback_after_position: Some(0.0),
            ..options("c")
        }),
        "callback-after-position must be a number from 1 to 100000"
    );
    assert_eq!(
        bad(Options {
            self_service_after_seconds: Some(f64::NAN),
            ..options("c")
        }),
        "self-service-after-seconds must be a number from 0 to 86400"
    );
    assert_eq!(
        bad(Options {
            max_wait_seconds: Some(10.0),
            ..options("c")
        }),
        "max-wait-seconds must be a number from 60 to 86400"
    );
}
