//! Browser tests (wasm-bindgen-test in headless Chromium): the engine runs in wasm32 with the
//! same answers as natively, and the app's components react in a real DOM: a paste gives a
//! verdict, secrets are masked until revealed, the diagram is drawn and coloured, and a panic
//! leaves a banner with a way back instead of a dead page.

#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use remote_secret::fixtures::{example, healthy, RemoteSecretSpec, NOW};
use remote_secret::{inspect, Settings, Verdict};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_engine_gives_the_same_verdicts_in_the_browser() {
    let report = inspect(&healthy(), &Settings::at(NOW));
    assert_eq!(report.verdicts[0].verdict, Verdict::Ok);
    let broken = healthy().replace("https://10.0.0.2:6443", "https://127.0.0.1:6443");
    let report = inspect(&broken, &Settings::at(NOW));
    assert_eq!(report.verdicts[0].verdict, Verdict::Failing);
    assert!(report
        .findings
        .iter()
        .any(|f| f.id == "server-loopback" && f.line == Some(17)));
}

#[wasm_bindgen_test]
fn examples_are_generated_in_the_browser() {
    // The app's examples menu signs certificates and tokens in wasm32 at the browser's "now".
    let report = inspect(
        &example("expired-ca", NOW).expect("a known example"),
        &Settings::at(NOW),
    );
    assert_eq!(report.verdicts[0].verdict, Verdict::Failing);
}

/// Mounts the app in a fresh element and returns it with its mount handle.
fn mount() -> (web_sys::HtmlElement, impl Drop) {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), remote_secret::app::App);
    (host, handle)
}

fn find(host: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

async fn type_into_editor(host: &web_sys::HtmlElement, text: &str) {
    let input: web_sys::HtmlTextAreaElement = find(host, "[data-testid=input]").dyn_into().unwrap();
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    // Let the reactive system run.
    gloo_timers::future::TimeoutFuture::new(50).await;
}

#[wasm_bindgen_test]
async fn the_app_shows_a_verdict_and_colours_the_diagram_for_a_paste() {
    let (host, handle) = mount();
    assert_eq!(find(&host, "h1").text_content().unwrap(), "Remote Secret Inspector");
    assert_eq!(
        find(&host, "[data-testid=diagram] [data-step='3']")
            .get_attribute("data-state")
            .as_deref(),
        Some("plain")
    );

    type_into_editor(
        &host,
        &healthy().replace("https://10.0.0.2:6443", "https://127.0.0.1:6443"),
    )
    .await;
    let verdict = find(&host, "[data-testid=verdict]");
    assert_eq!(verdict.get_attribute("data-verdict").as_deref(), Some("failing"));
    assert_eq!(
        find(&host, "[data-testid=diagram] [data-step='3']")
            .get_attribute("data-state")
            .as_deref(),
        Some("broken")
    );
    assert_eq!(
        find(&host, "[data-testid=diagram] .rsi-dg-step--current")
            .get_attribute("data-step")
            .as_deref(),
        Some("3"),
        "the first broken step is chosen"
    );
    drop(handle);
    host.remove();
}

#[wasm_bindgen_test]
async fn secrets_are_masked_until_revealed() {
    let (host, handle) = mount();
    let spec = RemoteSecretSpec::healthy(NOW);
    type_into_editor(&host, &spec.istioctl_yaml()).await;
    let mirror = find(&host, "[data-testid=mirror]");
    assert!(!mirror.text_content().unwrap().contains(&spec.token));
    let reveal: web_sys::HtmlElement = find(&host, "[data-testid=reveal]").dyn_into().unwrap();
    reveal.click();
    gloo_timers::future::TimeoutFuture::new(20).await;
    assert!(mirror.text_content().unwrap().contains(&spec.token));
    assert_eq!(reveal.get_attribute("aria-pressed").as_deref(), Some("true"));
    reveal.click();
    gloo_timers::future::TimeoutFuture::new(20).await;
    assert!(!mirror.text_content().unwrap().contains(&spec.token));
    drop(handle);
    host.remove();
}

#[wasm_bindgen_test]
fn a_panic_shows_a_banner_with_a_way_back() {
    remote_secret::app::panic_banner::show();
    remote_secret::app::panic_banner::show();
    let document = web_sys::window().unwrap().document().unwrap();
    let banners = document.query_selector_all("[data-testid=panic-banner]").unwrap();
    assert_eq!(banners.length(), 1, "shown once");
    let banner = document.get_element_by_id("rsi-panic").unwrap();
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    assert!(banner.text_content().unwrap().contains("never left this page"));
    let link = banner.query_selector("a").unwrap().expect("a reload link");
    assert!(link.get_attribute("href").is_some());
    banner.remove();
}
