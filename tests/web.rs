//! Browser tests (wasm-bindgen-test in headless Chromium): the engine runs in wasm32 with the
//! same answers as natively, and the app mounts and reacts to a paste.

#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use remote_secret::fixtures::{healthy, NOW};
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
async fn the_app_mounts_and_shows_a_verdict_for_a_paste() {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), remote_secret::app::App);

    let heading = host.query_selector("h1").unwrap().expect("a heading");
    assert_eq!(heading.text_content().unwrap(), "Remote Secret Inspector");

    let input: web_sys::HtmlTextAreaElement = host
        .query_selector("[data-testid=input]")
        .unwrap()
        .expect("the input")
        .dyn_into()
        .unwrap();
    input.set_value(&healthy());
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    // Let the reactive system run.
    gloo_timers::future::TimeoutFuture::new(50).await;

    let verdict = host
        .query_selector("[data-testid=verdict]")
        .unwrap()
        .expect("a verdict");
    assert_eq!(verdict.get_attribute("data-verdict").as_deref(), Some("ok"));
    drop(handle);
}
