//! The wasm's [`waitline::Widget`] in a real browser (wasm-bindgen-test in headless Chromium):
//! what the JavaScript shell hands it (options, the page's languages, `Response` objects and
//! their parsed bodies) and the frames it hands back. The shell itself (DOM, timers, requests)
//! is tested in `tests/e2e/shell.test.mjs`.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use js_sys::{Array, JSON, Reflect};
use waitline::Widget;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function response(status, body, headers) {
  return new Response(body, { status, headers });
}
export function error_message(error) { return error.message; }
"#)]
extern "C" {
    fn response(status: u16, body: &str, headers: JsValue) -> JsValue;
    fn error_message(error: &JsValue) -> String;
}

const POSITION_3: &str = r#"{"MetricResults":[{"Name":"POSITION_IN_QUEUE","Value":{"Number":3}},{"Name":"ESTIMATED_WAIT_TIME","Value":{"Number":125}}]}"#;
const NOW: f64 = 1_795_433_700_000.0;
const BASE: &str = "https://support.example.com/help/page.html";

fn options(members: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (name, value) in members {
        Reflect::set(&object, &(*name).into(), value).unwrap();
    }
    object.into()
}

fn languages(tags: &[&str]) -> Array {
    tags.iter().map(|t| JsValue::from_str(t)).collect()
}

fn widget(members: &[(&str, JsValue)]) -> Widget {
    speaking(Widget::new(&options(members), &languages(&["en"]), BASE, 1.0).unwrap())
}

/// `widget` with the language pack it asks for, as the shell loads it (`locales/<tag>.js`).
fn speaking(mut widget: Widget) -> Widget {
    use waitline_core::i18n::{Locale, locales};
    let setup: JsValue = widget.setup().into();
    let pack = text(&setup, "pack").unwrap_or_default();
    let locale = Locale::ALL.into_iter().find(|l| l.tag() == pack).unwrap();
    assert!(widget.language(locales::builtin(locale)));
    widget
}

fn get(object: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(object.clone(), |value, name| {
        Reflect::get(&value, &name.into()).unwrap_or(JsValue::UNDEFINED)
    })
}

fn text(object: &JsValue, path: &str) -> Option<String> {
    get(object, path).as_string()
}

fn error(members: JsValue) -> String {
    let error = Widget::new(&members, &languages(&[]), BASE, 1.0).unwrap_err();
    error_message(&error.into())
}

/// Answers `widget` with `status` and `body`, parsed as the shell parses it.
fn answer(widget: &mut Widget, status: u16, body: &str, now: f64) -> JsValue {
    let parsed = JSON::parse(body).unwrap_or(JsValue::UNDEFINED);
    widget
        .answer(
            &response(status, body, JsValue::UNDEFINED),
            &parsed,
            false,
            now,
        )
        .into()
}

#[wasm_bindgen_test]
fn the_setup_has_the_request_and_the_language() {
    let mut widget = widget(&[("contactId", "c/1".into()), ("token", "tok".into())]);
    let target: JsValue = widget.target().into();
    assert_eq!(
        text(&target, "url").as_deref(),
        Some("/v1/contacts/c%2F1/metrics")
    );
    assert_eq!(text(&target, "token").as_deref(), Some("tok"));
    let setup: JsValue = widget.setup().into();
    assert_eq!(text(&setup, "lang").as_deref(), Some("en"));
    assert_eq!(text(&setup, "dir").as_deref(), Some("ltr"));
    assert_eq!(get(&setup, "timeout").as_f64(), Some(8_000.0));
}

#[wasm_bindgen_test]
fn an_answer_becomes_what_is_shown_said_and_dispatched() {
    let mut widget = widget(&[("contactId", "c-1".into()), ("pollSeconds", 10.into())]);
    let first: JsValue = widget.tick(NOW, false, false).into();
    assert_eq!(
        text(&first, "headline").as_deref(),
        Some("Checking your place in the queue…")
    );
    assert_eq!(get(&first, "poll").as_f64(), Some(0.0));
    let frame = answer(&mut widget, 200, POSITION_3, NOW + 100.0);
    assert_eq!(text(&frame, "state").as_deref(), Some("in-queue"));
    assert_eq!(
        text(&frame, "headline").as_deref(),
        Some("You're 3rd in line")
    );
    assert_eq!(
        text(&frame, "detail").as_deref(),
        Some("Estimated wait: about 3 minutes")
    );
    assert_eq!(get(&frame, "note"), JsValue::UNDEFINED);
    assert!(text(&frame, "announce").unwrap().contains("3rd"));
    let event = get(&frame, "events.0");
    assert_eq!(text(&event, "type").as_deref(), Some("waitline:update"));
    assert_eq!(get(&event, "detail.position").as_f64(), Some(3.0));
    assert_eq!(get(&event, "detail.ewtSeconds").as_f64(), Some(125.0));
    // Never later than poll-seconds; sooner near the front of the queue.
    let poll = get(&frame, "poll").as_f64().unwrap();
    assert!(poll > 0.0 && poll <= 10_000.0, "next poll in {poll} ms");
}

#[wasm_bindgen_test]
fn bad_answers_are_errors_that_back_off_never_panics() {
    let mut widget = widget(&[("contactId", "c-1".into()), ("pollSeconds", 1.into())]);
    widget.tick(NOW, false, false);
    let mut now = NOW;
    let mut said = Vec::new();
    for (status, body) in [
        (200, "not json"),
        (200, r#"{"MetricResults":"wrong"}"#),
        (200, "[1]"),
        (500, "{}"),
    ] {
        now += 1_000.0;
        let frame = answer(&mut widget, status, body, now);
        if let Some(kind) = text(&frame, "events.0.type") {
            said.push((kind, get(&frame, "events.0.detail.retrying")));
        }
        assert!(
            get(&frame, "poll").as_f64().is_some(),
            "{body}: polling goes on"
        );
    }
    assert!(!said.is_empty(), "the page heard of no failure");
    for (kind, retrying) in said {
        assert_eq!((kind.as_str(), retrying), ("waitline:error", JsValue::TRUE));
    }
    // No response at all, and the shell's deadline: errors too, still retrying.
    for timed_out in [false, true] {
        let frame: JsValue = widget
            .answer(&JsValue::UNDEFINED, &JsValue::UNDEFINED, timed_out, now)
            .into();
        assert!(get(&frame, "poll").as_f64().is_some(), "polling goes on");
    }
    let frame = answer(&mut widget, 200, POSITION_3, now + 1_000.0);
    assert_eq!(
        text(&frame, "headline").as_deref(),
        Some("You're 3rd in line")
    );
}

#[wasm_bindgen_test]
fn a_refused_token_stops_polling() {
    let mut widget = widget(&[("contactId", "c-1".into())]);
    widget.tick(NOW, false, false);
    let frame = answer(&mut widget, 401, r#"{"code":"InvalidToken"}"#, NOW);
    assert_eq!(get(&frame, "poll"), JsValue::UNDEFINED);
    assert_eq!(get(&frame, "events.0.detail.retrying"), JsValue::FALSE);
}

#[wasm_bindgen_test]
fn retry_after_is_read_from_the_response_headers() {
    let mut widget = widget(&[("contactId", "c-1".into()), ("pollSeconds", 1.into())]);
    widget.tick(NOW, false, false);
    let headers = options(&[("Retry-After", "30".into())]);
    let frame: JsValue = widget
        .answer(
            &response(429, "{}", headers),
            &JSON::parse("{}").unwrap(),
            false,
            NOW,
        )
        .into();
    let poll = get(&frame, "poll").as_f64().unwrap();
    assert!(
        poll >= 30_000.0,
        "polled again after {poll} ms despite Retry-After: 30"
    );
}

#[wasm_bindgen_test]
fn the_page_hidden_or_offline_pauses_polling_and_its_return_polls_at_once() {
    let mut widget = widget(&[("contactId", "c-1".into())]);
    let first: JsValue = widget.tick(NOW, false, false).into();
    assert_eq!(get(&first, "poll").as_f64(), Some(0.0), "the first starts");
    let mut schedule = |hidden, offline| -> Option<String> {
        text(&widget.tick(NOW, hidden, offline).into(), "schedule")
    };
    assert_eq!(schedule(false, false).as_deref(), Some("keep"));
    assert_eq!(schedule(true, false).as_deref(), Some("cancel"));
    assert_eq!(schedule(false, false).as_deref(), Some("poll"));
    assert_eq!(schedule(false, true).as_deref(), Some("cancel"));
    assert_eq!(schedule(true, true).as_deref(), Some("keep"));
    assert_eq!(schedule(false, false).as_deref(), Some("poll"));
    let mut hidden = self::widget(&[("contactId", "c-1".into())]);
    let frame: JsValue = hidden.tick(NOW, true, false).into();
    assert_eq!(
        get(&frame, "poll"),
        JsValue::UNDEFINED,
        "no poll while hidden"
    );
    assert_eq!(text(&frame, "schedule").as_deref(), Some("keep"));
    let shown: JsValue = hidden.tick(NOW + 1_000.0, false, false).into();
    assert_eq!(text(&shown, "schedule").as_deref(), Some("poll"));
}

#[wasm_bindgen_test]
fn the_locale_option_then_the_page_then_the_browser_pick_the_language() {
    let setup = |locale: Option<&str>, tags: &[&str]| -> JsValue {
        let mut members = vec![("contactId", JsValue::from("c-1"))];
        if let Some(locale) = locale {
            members.push(("locale", locale.into()));
        }
        Widget::new(&options(&members), &languages(tags), BASE, 1.0)
            .unwrap()
            .setup()
            .into()
    };
    // The language picked is the pack asked for, English's too; none is built in.
    let french = setup(Some("fr-CA"), &["de"]);
    assert_eq!(text(&french, "pack").as_deref(), Some("fr"));
    assert_eq!(
        text(&setup(None, &["", "de-DE", "fr"]), "pack").as_deref(),
        Some("de")
    );
    assert_eq!(text(&setup(None, &["xx"]), "pack").as_deref(), Some("en"));
    assert_eq!(
        text(&setup(None, &["en-GB", "fr"]), "pack").as_deref(),
        Some("en")
    );
}

#[wasm_bindgen_test]
fn a_language_pack_makes_the_widget_speak_it_and_a_broken_one_is_refused() {
    use waitline_core::i18n::{Locale, locales};
    let arabic = || {
        Widget::new(
            &options(&[("contactId", "c-1".into())]),
            &languages(&["ar"]),
            BASE,
            1.0,
        )
        .unwrap()
    };
    let mut widget = arabic();
    assert!(widget.language(locales::builtin(Locale::Ar)));
    let setup: JsValue = widget.setup().into();
    assert_eq!(text(&setup, "lang").as_deref(), Some("ar"));
    assert_eq!(text(&setup, "dir").as_deref(), Some("rtl"));
    assert_eq!(get(&setup, "pack"), JsValue::UNDEFINED);
    let frame: JsValue = widget.tick(NOW, false, false).into();
    assert_eq!(
        text(&frame, "headline").as_deref(),
        Some("جارٍ التحقق من دورك في قائمة الانتظار…")
    );

    // A pack that cannot be had or is not whole: English's is asked for next, then nothing.
    for broken in ["", "نص\nقصير"] {
        let mut widget = arabic();
        assert!(!widget.language(broken));
        let setup: JsValue = widget.setup().into();
        assert_eq!(text(&setup, "pack").as_deref(), Some("en"), "then English");
        assert!(!widget.language(broken));
        let setup: JsValue = widget.setup().into();
        assert_eq!(get(&setup, "pack"), JsValue::UNDEFINED, "then nothing");
    }
    let mut widget = arabic();
    assert!(!widget.language(""));
    assert!(widget.language(locales::builtin(Locale::En)));
    let setup: JsValue = widget.setup().into();
    assert_eq!(text(&setup, "lang").as_deref(), Some("en"));
    assert_eq!(text(&setup, "dir").as_deref(), Some("ltr"));
    let frame: JsValue = widget.tick(NOW, false, false).into();
    assert_eq!(
        text(&frame, "headline").as_deref(),
        Some("Checking your place in the queue…")
    );
}

#[wasm_bindgen_test]
fn only_http_links_become_links() {
    let mut widget = widget(&[
        ("contactId", "c-1".into()),
        ("callbackUrl", "/callback?x=1".into()),
        ("selfServiceUrl", "javascript:alert(1)".into()),
    ]);
    let setup: JsValue = widget.setup().into();
    assert_eq!(text(&setup, "offers.0.kind").as_deref(), Some("callback"));
    assert_eq!(
        text(&setup, "offers.0.url").as_deref(),
        Some("https://support.example.com/callback?x=1")
    );
    assert_eq!(
        text(&setup, "offers.1.kind").as_deref(),
        Some("self-service")
    );
    assert_eq!(get(&setup, "offers.1.url"), JsValue::UNDEFINED);
}

#[wasm_bindgen_test]
fn invalid_options_are_a_clear_error() {
    assert_eq!(
        error(options(&[("contactId", "".into())])),
        "waitline: contact-id is required"
    );
    assert_eq!(
        error(options(&[
            ("contactId", "c".into()),
            ("pollSeconds", 0.into())
        ])),
        "waitline: poll-seconds must be a number from 1 to 3600"
    );
    assert!(error("not an object".into()).starts_with("waitline: invalid options"));
    assert_eq!(
        error(options(&[
            ("contactId", "c".into()),
            ("pollSecond", 5.into())
        ])),
        "waitline: invalid options: unknown option pollSecond"
    );
}

#[wasm_bindgen_test]
fn every_listed_option_is_read_with_its_type() {
    use waitline_core::options::{OPTIONS, OptionKind};
    for option in OPTIONS {
        let (wrong, expected): (JsValue, &str) = match option.kind {
            OptionKind::Text => (5.into(), "a string"),
            OptionKind::Number => ("5".into(), "a number"),
            OptionKind::Messages => ("hello".into(), "an object"),
            OptionKind::Flag => ("yes".into(), "true or false"),
        };
        let members = options(&[("contactId", "c-1".into()), (option.name, wrong)]);
        assert_eq!(
            error(members),
            format!(
                "waitline: invalid options: {} must be {expected}",
                option.name
            )
        );
    }
}

/// The stream's life as the shell reports it: asked for, taken (the shell recognised the
/// media type), its events answers with a `watch` and no `poll`, its end without a response.
#[wasm_bindgen_test]
fn a_stream_is_asked_for_its_events_are_answers_and_its_end_goes_back_to_polling() {
    let mut widget = widget(&[("contactId", "c-1".into()), ("pollSeconds", 10.into())]);
    widget.tick(NOW, false, false);
    let target: JsValue = widget.target().into();
    assert_eq!(get(&target, "stream").as_bool(), Some(true));
    assert_eq!(widget.opened(true), 5_000);
    let frame = answer(&mut widget, 200, POSITION_3, NOW + 100.0);
    assert_eq!(
        text(&frame, "headline").as_deref(),
        Some("You're 3rd in line")
    );
    assert_eq!(get(&frame, "watch").as_f64(), Some(45_000.0));
    assert!(
        get(&frame, "poll").is_undefined(),
        "no poll while streaming"
    );
    let end: JsValue = widget
        .answer(
            &JsValue::UNDEFINED,
            &JsValue::UNDEFINED,
            false,
            NOW + 2_000.0,
        )
        .into();
    assert_eq!(
        text(&end, "headline").as_deref(),
        Some("You're 3rd in line")
    );
    assert_eq!(text(&end, "state").as_deref(), Some("in-queue"));
    assert!(get(&end, "watch").is_undefined());
    let poll = get(&end, "poll").as_f64().unwrap();
    assert!(
        (4_000.0..=6_000.0).contains(&poll),
        "near the front: {poll}"
    );
    let target: JsValue = widget.target().into();
    assert_eq!(get(&target, "stream").as_bool(), Some(true), "asks again");
    // A JSON answer: not read as a stream, a poll as before.
    assert_eq!(widget.opened(false), 0);
}

#[wasm_bindgen_test]
fn the_title_and_the_notify_button_follow_their_options() {
    let mut widget = widget(&[
        ("contactId", "c-1".into()),
        ("titlePosition", true.into()),
        ("notifyNext", true.into()),
    ]);
    let setup: JsValue = widget.setup().into();
    assert_eq!(text(&setup, "offers.2.kind").as_deref(), Some("notify"));
    widget.notify("default", NOW);
    widget.tick(NOW, false, false);
    let frame = answer(&mut widget, 200, POSITION_3, NOW + 100.0);
    assert!(get(&frame, "title").is_undefined(), "visible");
    assert_eq!(text(&frame, "offers.0.kind").as_deref(), Some("notify"));
    assert_eq!(
        text(&frame, "offers.0.action").as_deref(),
        Some("Notify me when I'm next")
    );
    assert!(get(&frame, "offers.0.prompt").is_undefined());
    let granted: JsValue = widget.notify("granted", NOW + 200.0).into();
    assert_eq!(Array::from(&get(&granted, "offers")).length(), 0);
    let hidden: JsValue = widget.tick(NOW + 300.0, true, false).into();
    assert_eq!(text(&hidden, "title").as_deref(), Some("(3rd) {title}"));
    let next = r#"{"MetricResults":[{"Name":"POSITION_IN_QUEUE","Value":{"Number":1}}]}"#;
    let frame = answer(&mut widget, 200, next, NOW + 400.0);
    assert_eq!(text(&frame, "notification").as_deref(), Some("You're next"));
    assert_eq!(text(&frame, "title").as_deref(), Some("(1st) {title}"));
}

/// A widget offering a callback (from position 1), answered once: the offer is shown.
fn offering() -> Widget {
    let mut widget = speaking(
        Widget::new(
            &options(&[
                ("contactId", "c-1".into()),
                ("token", "tok".into()),
                ("callbackAfterPosition", 1.into()),
            ]),
            &languages(&["en-GB"]),
            BASE,
            1.0,
        )
        .unwrap(),
    );
    widget.tick(NOW, false, false);
    answer(&mut widget, 200, POSITION_3, NOW);
    widget
}

fn request(widget: &mut Widget, status: u16, body: &str) -> JsValue {
    let parsed = JSON::parse(body).unwrap_or(JsValue::UNDEFINED);
    widget
        .requested(&response(status, body, JsValue::UNDEFINED), &parsed, NOW)
        .into()
}

const CREATED: &str = r#"{"contactId":"cb-9","token":"cb.tok","phoneNumber":"•••• 0958"}"#;

#[wasm_bindgen_test]
fn a_number_is_checked_then_sent_with_the_contacts_token_and_the_pages_country() {
    let mut widget = offering();
    let frame: JsValue = widget.form(true, NOW).into();
    assert_eq!(
        text(&frame, "form.label").as_deref(),
        Some("Your phone number")
    );
    let frame: JsValue = widget.submit("not a number", NOW).into();
    assert!(text(&frame, "form.error").is_some());
    assert_eq!(get(&frame, "send"), JsValue::UNDEFINED);
    let frame: JsValue = widget.submit("020 7946 0958", NOW).into();
    assert_eq!(
        text(&frame, "send.url").as_deref(),
        Some("/v1/contacts/c-1/callback")
    );
    assert_eq!(text(&frame, "send.token").as_deref(), Some("tok"));
    assert_eq!(
        text(&frame, "send.body").as_deref(),
        Some(r#"{"phoneNumber":"020 7946 0958","country":"GB"}"#)
    );
    assert_eq!(get(&frame, "form.sending"), JsValue::TRUE);
}

#[wasm_bindgen_test]
fn the_proxys_answer_starts_following_the_callback_or_says_why_not() {
    let mut widget = offering();
    widget.form(true, NOW);
    widget.submit("+44 20 7946 0958", NOW);
    let refused = r#"{"__type":"InvalidParameterException","Reason":"COUNTRY_NOT_ALLOWED"}"#;
    let frame = request(&mut widget, 400, refused);
    assert_eq!(
        text(&frame, "form.error").as_deref(),
        Some("We can't call numbers in this country.")
    );
    assert_eq!(get(&frame, "store"), JsValue::UNDEFINED);

    widget.submit("+1 201 555 0958", NOW);
    let frame = request(&mut widget, 201, CREATED);
    assert_eq!(get(&frame, "form"), JsValue::UNDEFINED);
    assert_eq!(get(&frame, "poll").as_f64(), Some(0.0));
    assert_eq!(
        text(&frame, "events.0.type").as_deref(),
        Some("waitline:callback-requested")
    );
    assert_eq!(
        text(&frame, "events.0.detail.contactId").as_deref(),
        Some("cb-9")
    );
    let target: JsValue = widget.target().into();
    assert_eq!(
        text(&target, "url").as_deref(),
        Some("/v1/contacts/cb-9/callback")
    );
    assert_eq!(text(&target, "token").as_deref(), Some("cb.tok"));

    // Polls now read the callback's status.
    let scheduled = r#"{"state":"scheduled","scheduledAt":1795433820,"startsInSeconds":120}"#;
    let frame = answer(&mut widget, 200, scheduled, NOW + 1_000.0);
    assert_eq!(text(&frame, "state").as_deref(), Some("callback-scheduled"));
    assert_eq!(
        text(&frame, "events.0.type").as_deref(),
        Some("waitline:callback-state")
    );
    assert_eq!(
        get(&frame, "events.0.detail.startsInSeconds").as_f64(),
        Some(120.0)
    );
}

#[wasm_bindgen_test]
fn what_the_shell_keeps_brings_a_reloaded_widget_back_to_the_callback() {
    let mut widget = offering();
    widget.form(true, NOW);
    widget.submit("+1 201 555 0958", NOW);
    let kept = text(&request(&mut widget, 201, CREATED), "store").unwrap();
    let mut reloaded = offering();
    reloaded.resume(&kept);
    let target: JsValue = reloaded.target().into();
    assert_eq!(
        text(&target, "url").as_deref(),
        Some("/v1/contacts/cb-9/callback")
    );
    assert_eq!(text(&target, "token").as_deref(), Some("cb.tok"));
    // Anything else kept there is ignored.
    for junk in ["garbage", "", "a\nb", "cb\ntoken with spaces\n•••• 1"] {
        let mut other = offering();
        other.resume(junk);
        let target: JsValue = other.target().into();
        assert_eq!(
            text(&target, "url").as_deref(),
            Some("/v1/contacts/c-1/metrics"),
            "{junk:?}"
        );
    }
}

#[wasm_bindgen_test]
fn a_reloaded_widget_says_the_first_status_of_the_callback_it_resumes() {
    // As the shell does after a reload: resume what it kept, then start, then the first answer.
    let mut reloaded = widget(&[("contactId", "c-1".into()), ("token", "tok".into())]);
    reloaded.resume("cb-9\ncb.tok\n•••• 0958");
    let first: JsValue = reloaded.tick(NOW, false, false).into();
    assert_eq!(get(&first, "announce"), JsValue::UNDEFINED);
    let frame = answer(&mut reloaded, 200, r#"{"state":"queued"}"#, NOW + 100.0);
    assert_eq!(text(&frame, "state").as_deref(), Some("callback-queued"));
    assert_eq!(
        text(&frame, "announce").as_deref(),
        Some("We'll call you at \u{2068}•••• 0958\u{2069} shortly")
    );
}

#[wasm_bindgen_test]
fn the_stage_beside_metrics_without_a_position_is_what_is_shown() {
    for (stage, state, headline, polls) in [
        ("\"IN_FLOW\"", "in-flow", "Connecting you…", true),
        (
            "\"WITH_AGENT\"",
            "connecting",
            "An agent will be with you shortly",
            false,
        ),
        ("\"ENDED\"", "ended", "You're no longer in the queue", false),
        // Unknown stages, and values of another kind, are no stage: as before.
        (
            "\"TRANSFERRED\"",
            "loading",
            "Checking your place in the queue…",
            true,
        ),
        ("7", "loading", "Checking your place in the queue…", true),
    ] {
        let mut widget = widget(&[("contactId", "c-1".into())]);
        widget.tick(NOW, false, false);
        let body = format!(r#"{{"MetricResults":[],"ContactStage":{stage}}}"#);
        let frame = answer(&mut widget, 200, &body, NOW + 100.0);
        assert_eq!(text(&frame, "state").as_deref(), Some(state), "{stage}");
        assert_eq!(
            text(&frame, "headline").as_deref(),
            Some(headline),
            "{stage}"
        );
        assert_eq!(get(&frame, "poll").as_f64().is_some(), polls, "{stage}");
    }
}
