//! The edge between the app and the browser: the clock, the URL, the clipboard, files and
//! downloads, the editor's selection and scroll, and what an event's target is. The only module
//! of the app (with `panic_banner.rs`) that names `web_sys` or `js_sys`, which the tidy test
//! enforces. Each helper swallows what the browser refuses and says so in its result; nothing
//! here makes a network request or writes to storage.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// "Now" from the browser's clock, in seconds: taken here and passed into the pure core.
pub fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

pub fn location_search() -> String {
    window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

pub fn location_hash() -> String {
    window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// The page's address without query or fragment, for embed snippets and the reload link.
pub fn page_address() -> String {
    let Some(location) = window().map(|w| w.location()) else {
        return String::new();
    };
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    format!("{origin}{path}")
}

/// Rewrites the address bar (settings and step only; never input) without navigating.
pub fn replace_url(search: &str, hash: &str) {
    let Some(window) = window() else { return };
    let path = window.location().pathname().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{search}{hash}")));
    }
}

/// An element's computed `line-height` in pixels (`normal` gives `None`).
pub fn line_height_px(element: &web_sys::Element) -> Option<f64> {
    let style = window()?.get_computed_style(element).ok().flatten()?;
    let value = style.get_property_value("line-height").ok()?;
    value.strip_suffix("px")?.parse().ok()
}

pub fn prefers_dark() -> bool {
    window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|query| query.matches())
}

/// Copies text to the clipboard; `Err` says why it could not.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let window = window().ok_or("no window")?;
    // Pages served over plain HTTP (not localhost) have no clipboard object at all; calling it
    // would throw through the wasm stack.
    let clipboard = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("clipboard"))
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
        .ok_or("this page has no clipboard (it needs HTTPS or localhost)")?;
    let promise = clipboard.unchecked_into::<web_sys::Clipboard>().write_text(text);
    JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| "the browser refused the clipboard".to_string())
}

/// Reads a dropped or opened file as text (bad bytes become U+FFFD, like the CLI).
pub async fn read_file(file: web_sys::File) -> Result<String, String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("cannot read {}", file.name()))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Saves `content` as a file through a temporary `blob:` address: local, no request.
pub fn download(file_name: &str, mime: &str, content: &str) -> Result<(), String> {
    let document = window().and_then(|w| w.document()).ok_or("no document")?;
    let address = gloo_file::ObjectUrl::from(gloo_file::Blob::new_with_options(content, Some(mime)));
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "cannot make a link".to_string())?
        .unchecked_into();
    anchor.set_href(&address);
    anchor.set_download(file_name);
    anchor.click();
    // Some browsers read the address after click() returns: it is revoked when dropped, in a moment.
    leptos::prelude::set_timeout(move || drop(address), std::time::Duration::from_secs(10));
    Ok(())
}

/// Scrolls the first element matching `selector` into view, as little as needed.
pub fn scroll_into_view(selector: &str) {
    let element = window()
        .and_then(|w| w.document())
        .and_then(|document| document.query_selector(selector).ok().flatten());
    if let Some(element) = element {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        options.set_inline(web_sys::ScrollLogicalPosition::Center);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// Whether a drag carries files (text dragged inside the editor is the editor's business).
pub fn drags_files(event: &web_sys::DragEvent) -> bool {
    event.data_transfer().is_some_and(|transfer| {
        transfer
            .types()
            .iter()
            .any(|kind| kind.as_string().as_deref() == Some("Files"))
    })
}

/// Whether a keyboard event was typed into a form field (which keeps its arrow keys).
pub fn typed_in_a_field(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|element| matches!(element.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT"))
}

/// A file the user dropped or chose.
pub type File = web_sys::File;

/// The editor's textarea.
pub type TextArea = web_sys::HtmlTextAreaElement;

/// The scroll offsets (top, left) of the element an event happened on.
pub fn scroll_offsets(event: &leptos::ev::Event) -> (i32, i32) {
    let element: web_sys::HtmlElement = leptos::prelude::event_target(event);
    (element.scroll_top().max(0), element.scroll_left().max(0))
}

/// The value chosen in the `<select>` an event happened on; the select is reset to its first
/// option, so that choosing the same value again fires again.
pub fn take_selected_value(event: &leptos::ev::Event) -> String {
    let select: web_sys::HtmlSelectElement = leptos::prelude::event_target(event);
    let value = select.value();
    select.set_value("");
    value
}

/// Whether a drag leaves the element it is handled on (moving onto a child is not leaving).
pub fn drag_leaves_element(event: &web_sys::DragEvent) -> bool {
    let inside = event
        .related_target()
        .and_then(|target| target.dyn_into::<web_sys::Node>().ok())
        .is_some_and(|node| {
            event
                .current_target()
                .and_then(|current| current.dyn_into::<web_sys::Node>().ok())
                .is_some_and(|current| current.contains(Some(&node)))
        });
    !inside
}

/// The value of `attribute` on the closest element to an event's target that matches `selector`.
pub fn closest_attribute(event: &web_sys::MouseEvent, selector: &str, attribute: &str) -> Option<String> {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest(selector).ok().flatten())
        .and_then(|element| element.get_attribute(attribute))
}

/// Sets the page's colour theme (`data-theme` on the root element).
pub fn set_root_theme(theme: &str) {
    let root = window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element());
    if let Some(root) = root {
        let _ = root.set_attribute("data-theme", theme);
    }
}

/// How long the extras module may take to arrive before the page says it could not.
const EXTRAS_PATIENCE: std::time::Duration = std::time::Duration::from_secs(30);

/// The extras module, once `extras/loader.js` has started it (or the offline single file has it
/// inline): its functions on the global object.
fn extras() -> Option<JsValue> {
    let module = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("__rsiExtras")).ok()?;
    (!module.is_undefined() && !module.is_null()).then_some(module)
}

pub fn extras_ready() -> bool {
    extras().is_some()
}

/// Adds the extras' loader to the page, once: a module script from this origin (allowed by
/// `script-src 'self'`), which fetches the module and fires `rsi-extras-ready` or
/// `rsi-extras-failed` on the window. The requests carry nothing of the input.
pub fn load_extras() {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    if extras_ready() || document.get_element_by_id("rsi-extras-loader").is_some() {
        return;
    }
    let Ok(script) = document.create_element("script") else {
        return;
    };
    script.set_id("rsi-extras-loader");
    let _ = script.set_attribute("type", "module");
    let base = document.base_uri().ok().flatten().unwrap_or_default();
    let source = web_sys::Url::new_with_base("extras/loader.js", &base)
        .map(|url| url.href())
        .unwrap_or_else(|_| "extras/loader.js".to_string());
    let _ = script.set_attribute("src", &source);
    // The loader says when the module or its wasm fails; a loader that cannot be fetched never
    // runs to say so, so after a while its absence says it. (An `error` listener on the element
    // would tell at once: with gloo-events' listener it measured 559 bytes gzip more of first
    // load, so the loader's own report and this patience do it.)
    leptos::prelude::set_timeout(
        || {
            if !extras_ready() {
                if let (Some(window), Ok(event)) = (window(), web_sys::Event::new("rsi-extras-failed")) {
                    let _ = window.dispatch_event(&event);
                }
            }
        },
        EXTRAS_PATIENCE,
    );
    if let Some(head) = document.head() {
        let _ = head.append_child(&script);
    }
}

/// Bytes as a JavaScript `Uint8Array`, to hand to the extras.
pub fn bytes(bytes: &[u8]) -> JsValue {
    js_sys::Uint8Array::from(bytes).into()
}

/// Calls the extras' function `name` with `arguments`; its answer, which is always text.
pub fn call_extras(name: &str, arguments: &[JsValue]) -> Option<String> {
    let module = extras()?;
    let function: js_sys::Function = js_sys::Reflect::get(&module, &JsValue::from_str(name))
        .ok()?
        .dyn_into()
        .ok()?;
    let arguments: js_sys::Array = arguments.iter().collect();
    function.apply(&module, &arguments).ok()?.as_string()
}
