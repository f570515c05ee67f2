//! A panic must not leave a dead page: the hook logs where it happened and puts a banner at the
//! top of the page with a way back. The banner is plain DOM made before the wasm instance stops,
//! with a link rather than a Rust handler, because after a panic no Rust runs.
//!
//! Neither the console nor the banner gets the panic's message: a message can quote the input
//! (a bad string slice prints the string), and the input may hold a token. The location is
//! enough for a bug report.

use wasm_bindgen::JsCast;

/// Installs the hook; call once, before mounting.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|location| format!("{}:{}:{}", location.file(), location.line(), location.column()))
            .unwrap_or_else(|| "an unknown place".to_string());
        web_sys::console::error_1(&format!("Remote Secret Inspector stopped: a panic at {place}").into());
        show();
    }));
}

/// Puts the banner on the page (once).
pub fn show() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    if document.get_element_by_id("rsi-panic").is_some() {
        return;
    }
    let Some(body) = document.body() else { return };
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_id("rsi-panic");
    banner.set_class_name("rsi-panic");
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("data-testid", "panic-banner");
    let message = document.create_element("p").ok();
    if let Some(message) = &message {
        message.set_text_content(Some(
            "The inspector hit an internal error and stopped. Your input never left this page. \
             Reload to start again; the browser console has the details for a bug report.",
        ));
        let _ = banner.append_child(message);
    }
    if let Ok(link) = document.create_element("a") {
        let location = web_sys::window().map(|window| window.location());
        let address = location
            .map(|location| {
                let path = location.pathname().unwrap_or_default();
                let search = location.search().unwrap_or_default();
                format!("{path}{search}")
            })
            .unwrap_or_else(|| "./".to_string());
        let _ = link.set_attribute("href", &address);
        link.set_class_name("rsi-button");
        link.set_text_content(Some("Reload the inspector"));
        let _ = banner.append_child(&link);
    }
    if let Some(first) = body.first_child() {
        let _ = body.insert_before(&banner, Some(&first));
    } else {
        let _ = body.append_child(&banner);
    }
    if let Ok(element) = banner.dyn_into::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
}
