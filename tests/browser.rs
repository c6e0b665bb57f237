//! The widget's shell in a real browser (wasm-bindgen-test in headless Chromium), with
//! `window.fetch` stubbed so each test controls every answer and sees every abort.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function stub_fetch(plans) {
  const log = { calls: 0, aborted: 0, urls: [], auth: [] };
  window.fetch = (request) => {
    const plan = plans[Math.min(log.calls, plans.length - 1)];
    log.calls += 1;
    log.urls.push(request.url);
    log.auth.push(request.headers.get('authorization'));
    if (plan === 'hang') {
      return new Promise((_, reject) => request.signal.addEventListener('abort', () => {
        log.aborted += 1;
        reject(new DOMException('aborted', 'AbortError'));
      }));
    }
    const [status, body] = plan;
    return Promise.resolve(new Response(body, { status, headers: { 'content-type': 'application/json' } }));
  };
  return log;
}
export function calls(log) { return log.calls; }
export function aborted(log) { return log.aborted; }
export function last_url(log) { return log.urls[log.urls.length - 1]; }
export function last_auth(log) { return log.auth[log.auth.length - 1]; }
export function options(contactId, pollSeconds, token, endpoint) {
  return { contactId, pollSeconds, token, endpoint };
}
export function shadow_text(host, selector) {
  const el = host.shadowRoot && host.shadowRoot.querySelector(selector);
  return el && !el.hidden ? el.textContent : null;
}
export function error_message(error) { return error.message; }
"#)]
extern "C" {
    type FetchLog;
    fn stub_fetch(plans: JsValue) -> FetchLog;
    fn calls(log: &FetchLog) -> u32;
    fn aborted(log: &FetchLog) -> u32;
    fn last_url(log: &FetchLog) -> String;
    fn last_auth(log: &FetchLog) -> Option<String>;
    fn options(
        contact_id: &str,
        poll_seconds: f64,
        token: Option<String>,
        endpoint: Option<String>,
    ) -> JsValue;
    fn shadow_text(host: &HtmlElement, selector: &str) -> Option<String>;
    fn error_message(error: &JsValue) -> String;
}

const POSITION_3: &str = r#"{"MetricResults":[{"Name":"POSITION_IN_QUEUE","Value":{"Number":3}},{"Name":"ESTIMATED_WAIT_TIME","Value":{"Number":125}}]}"#;

fn plans(items: &[JsValue]) -> JsValue {
    items.iter().collect::<js_sys::Array>().into()
}

fn answer(status: u16, body: &str) -> JsValue {
    js_sys::Array::of2(&JsValue::from(status), &JsValue::from_str(body)).into()
}

fn host() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn renders_the_position_and_wait_from_the_endpoint() {
    let log = stub_fetch(plans(&[answer(200, POSITION_3)]));
    let host = host();
    let widget = waitline::mount(
        host.clone(),
        options("c/1", 10.0, Some("tok".into()), None),
        None,
    )
    .unwrap();
    assert_eq!(
        shadow_text(&host, ".headline").as_deref(),
        Some("Checking your place in the queue…")
    );
    sleep(50).await;
    assert_eq!(
        shadow_text(&host, ".headline").as_deref(),
        Some("You're 3rd in line")
    );
    assert_eq!(
        shadow_text(&host, ".detail").as_deref(),
        Some("Estimated wait: about 3 minutes")
    );
    assert!(
        last_url(&log).ends_with("/v1/contacts/c%2F1/metrics"),
        "{}",
        last_url(&log)
    );
    assert_eq!(last_auth(&log).as_deref(), Some("Bearer tok"));
    widget.destroy();
}

#[wasm_bindgen_test]
async fn destroy_aborts_the_request_in_flight() {
    let log = stub_fetch(plans(&[JsValue::from_str("hang")]));
    let widget = waitline::mount(host(), options("c-1", 1.0, None, None), None).unwrap();
    sleep(30).await;
    assert_eq!((calls(&log), aborted(&log)), (1, 0));
    widget.destroy();
    assert_eq!(aborted(&log), 1);
}

#[wasm_bindgen_test]
async fn destroy_clears_the_poll_timer() {
    let log = stub_fetch(plans(&[answer(200, POSITION_3)]));
    let widget = waitline::mount(host(), options("c-1", 1.0, None, None), None).unwrap();
    sleep(50).await;
    assert_eq!(calls(&log), 1);
    widget.destroy();
    sleep(1300).await;
    assert_eq!(calls(&log), 1, "a poll ran after destroy()");
}

#[wasm_bindgen_test]
async fn dropping_the_widget_releases_it_too() {
    let log = stub_fetch(plans(&[answer(200, POSITION_3)]));
    drop(waitline::mount(host(), options("c-1", 1.0, None, None), None).unwrap());
    sleep(1300).await;
    // Dropped before the first poll's timer (0 ms) could even fire.
    assert_eq!(calls(&log), 0);
}

#[wasm_bindgen_test]
async fn bad_answers_never_panic_and_polling_backs_off() {
    let log = stub_fetch(plans(&[
        answer(200, "not json"),
        answer(200, r#"{"MetricResults":"wrong"}"#),
        answer(500, "{}"),
        answer(200, POSITION_3),
    ]));
    let host = host();
    let widget = waitline::mount(host.clone(), options("c-1", 1.0, None, None), None).unwrap();
    sleep(50).await;
    assert_eq!(
        shadow_text(&host, ".headline").as_deref(),
        Some("Checking your place in the queue…")
    );
    // Three failures back off with full jitter under ceilings of 1 s, 2 s and 4 s, so the
    // fourth answer lands within about 7 s.
    let mut waited = 0;
    while shadow_text(&host, ".headline").as_deref() != Some("You're 3rd in line") {
        assert!(waited < 9_000, "no recovery after {} calls", calls(&log));
        sleep(100).await;
        waited += 100;
    }
    assert_eq!(calls(&log), 4);
    assert!(
        waited >= 2_500,
        "three failures waited at least 1 s each, recovered after {waited} ms"
    );
    widget.destroy();
}

#[wasm_bindgen_test]
fn invalid_options_are_a_clear_error() {
    let error = waitline::mount(host(), options("", 10.0, None, None), None).unwrap_err();
    assert_eq!(
        error_message(&error.into()),
        "waitline: contact-id is required"
    );
    let error = waitline::mount(host(), options("c", 0.0, None, None), None).unwrap_err();
    assert_eq!(
        error_message(&error.into()),
        "waitline: poll-seconds must be a number from 1 to 3600"
    );
    let error = waitline::mount(host(), JsValue::from_str("not an object"), None).unwrap_err();
    assert!(error_message(&error.into()).starts_with("waitline: invalid options"));
}

#[wasm_bindgen_test]
fn an_element_without_shadow_root_support_is_a_clear_error() {
    let document = web_sys::window().unwrap().document().unwrap();
    let img: HtmlElement = document.create_element("img").unwrap().unchecked_into();
    let error = waitline::mount(img, options("c", 10.0, None, None), None).unwrap_err();
    assert!(error_message(&error.into()).contains("cannot host a shadow root"));
}

#[wasm_bindgen_test]
async fn mounting_again_replaces_the_previous_tree() {
    stub_fetch(plans(&[answer(200, POSITION_3)]));
    let host = host();
    waitline::mount(host.clone(), options("c-1", 10.0, None, None), None)
        .unwrap()
        .destroy();
    let sheets = || {
        js_sys::Reflect::get(&host.shadow_root().unwrap(), &"adoptedStyleSheets".into())
            .unwrap()
            .unchecked_into::<js_sys::Array>()
    };
    let first_sheet = sheets().get(0);
    let widget = waitline::mount(host.clone(), options("c-1", 10.0, None, None), None).unwrap();
    // The visible container and the live region, once each.
    let children = host.shadow_root().unwrap().child_element_count();
    assert_eq!(children, 2);
    // The stylesheet adopted the first time is kept, not parsed again.
    assert_eq!(sheets().length(), 1);
    assert!(sheets().get(0) == first_sheet && first_sheet.is_object());
    widget.destroy();
}

#[wasm_bindgen_test]
async fn a_stopped_widget_leaves_nothing_on_screen() {
    stub_fetch(plans(&[answer(200, POSITION_3)]));
    let host = host();
    let widget = waitline::mount(host.clone(), options("c-1", 10.0, None, None), None).unwrap();
    sleep(50).await;
    assert_eq!(
        shadow_text(&host, ".headline").as_deref(),
        Some("You're 3rd in line")
    );
    widget.destroy();
    assert_eq!(host.shadow_root().unwrap().child_element_count(), 0);
}

#[wasm_bindgen_test]
fn an_unknown_option_is_an_error_not_ignored() {
    let options = options("c-1", 10.0, None, None);
    js_sys::Reflect::set(&options, &"pollSecond".into(), &5.into()).unwrap();
    let error = waitline::mount(host(), options, None).unwrap_err();
    assert_eq!(
        error_message(&error.into()),
        "waitline: invalid options: unknown option pollSecond"
    );
}

#[wasm_bindgen_test]
fn every_listed_option_is_read_with_its_type() {
    use waitline_core::options::{OPTIONS, OptionKind};
    for option in OPTIONS {
        let options = options("c-1", 10.0, None, None);
        let (wrong, expected): (JsValue, &str) = match option.kind {
            OptionKind::Text => (5.into(), "a string"),
            OptionKind::Number => ("5".into(), "a number"),
            OptionKind::Messages => ("hello".into(), "an object"),
        };
        js_sys::Reflect::set(&options, &option.name.into(), &wrong).unwrap();
        let error = waitline::mount(host(), options, None).unwrap_err();
        assert_eq!(
            error_message(&error.into()),
            format!(
                "waitline: invalid options: {} must be {expected}",
                option.name
            )
        );
    }
}
