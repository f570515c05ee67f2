//! The editor pane: a plain `<textarea>` for typing, over a mirror that draws the same text with
//! secrets masked, line numbers in a gutter and the selected finding's line highlighted.
//!
//! The textarea's own glyphs are transparent and the mirror, in the same font and metrics, shows
//! through; both scroll together. The mirror and the gutter draw only the lines in view (one text
//! node each), so a 5,000-line paste is laid out once, by the textarea, not three times.

use leptos::html::Textarea;
use leptos::prelude::*;

use super::browser;
use super::state::{line_range, visible_lines};
use crate::redact::{mask, Span};

/// The editor. `text` is the one signal that holds the input.
#[component]
pub fn Editor(
    /// The input.
    text: RwSignal<String>,
    /// Where the secrets are in `text`.
    spans: Memo<Vec<Span>>,
    /// Show secrets as typed instead of masked.
    revealed: ReadSignal<bool>,
    /// The 1-based line to highlight (the selected finding's).
    highlighted_line: Signal<Option<usize>>,
    /// The textarea, for selecting lines from outside.
    textarea: NodeRef<Textarea>,
) -> impl IntoView {
    let (scroll, set_scroll) = signal((0, 0));
    // The line height and the visible height, in pixels; measured after mounting and on resize.
    let (metrics, set_metrics) = signal((0.0_f64, 0.0_f64));
    let measure = move || {
        if let Some(element) = textarea.get_untracked() {
            let line_height = browser::line_height_px(&element).unwrap_or(0.0);
            set_metrics.set((line_height, f64::from(element.client_height())));
        }
    };
    Effect::new(move |_| {
        if textarea.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let line_count = Memo::new(move |_| text.with(|text| text.split('\n').count()));
    // The whole text as shown (masked or not), recomputed only when the text changes.
    let shown = Memo::new(move |_| match revealed.get() {
        true => text.get(),
        false => text.with(|text| spans.with(|spans| mask(text, spans))),
    });
    // Only the lines in view (and a margin) are drawn: the browser lays out a 5,000-line paste
    // once, in the textarea, instead of three times.
    let window = Memo::new(move |_| {
        let (line_height, viewport) = metrics.get();
        visible_lines(line_count.get(), f64::from(scroll.get().0), viewport, line_height, 40)
    });
    let window_offset = move || window.get().0 as f64 * metrics.get().0;
    let gutter = move || {
        let (first, last) = window.get();
        let mut numbers = String::with_capacity((last - first) * 5);
        for line in first + 1..=last {
            numbers.push_str(&line.to_string());
            numbers.push('\n');
        }
        numbers
    };
    let mirror = move || {
        let (first, last) = window.get();
        let mut lines = shown.with(|shown| line_range(shown, first, last).to_string());
        // A trailing line break would collapse; a space keeps the last line's height.
        lines.push(' ');
        lines
    };
    // Text set from outside (an example, a file, a repair) reaches the textarea here. Typing
    // already put it there and says so, so that its value is not read back from the page (a copy
    // of the whole text, 30 ms a keystroke in a 4.7 MB dump) to learn that nothing changed.
    let typed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let typing = typed.clone();
    Effect::new(move |_| {
        text.with(|value| {
            if typed.swap(false, std::sync::atomic::Ordering::Relaxed) {
                return;
            }
            if let Some(element) = textarea.get() {
                if element.value() != *value {
                    element.set_value(value);
                }
            }
        })
    });
    let masked_count = move || spans.with(|spans| spans.iter().filter(|span| span.kind.is_masked()).count());
    view! {
        <div class="rsi-editor" class:rsi-editor--revealed=move || revealed.get()>
            <div class="rsi-editor__gutter" aria-hidden="true">
                <pre
                    class="rsi-editor__numbers"
                    style:transform=move || format!("translateY({}px)", window_offset() - f64::from(scroll.get().0))
                >
                    {gutter}
                </pre>
            </div>
            <div class="rsi-editor__body">
                <div
                    class="rsi-editor__layer"
                    aria-hidden="true"
                    style:transform=move || format!("translate(-{}px, -{}px)", scroll.get().1, scroll.get().0)
                >
                    {move || {
                        highlighted_line
                            .get()
                            .map(|line| {
                                view! {
                                    <div
                                        class="rsi-editor__highlight"
                                        data-testid="highlighted-line"
                                        data-line=line
                                        style=format!("--line: {line}")
                                    ></div>
                                }
                            })
                    }}
                    <pre
                        class="rsi-editor__mirror"
                        data-testid="mirror"
                        data-first-line=move || window.get().0 + 1
                        style:transform=move || format!("translateY({}px)", window_offset())
                    >
                        {mirror}
                    </pre>
                </div>
                <textarea
                    id="rsi-input"
                    class="rsi-editor__input"
                    data-testid="input"
                    node_ref=textarea
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    wrap="off"
                    aria-describedby="rsi-editor-help"
                    placeholder="Paste the output of: istioctl create-remote-secret --context=cluster2 --name=cluster2"
                    on:input=move |event| {
                        typing.store(true, std::sync::atomic::Ordering::Relaxed);
                        text.set(event_target_value(&event));
                    }
                    on:scroll=move |event| {
                        set_scroll.set(browser::scroll_offsets(&event));
                        if metrics.get_untracked().1 == 0.0 {
                            measure();
                        }
                    }
                ></textarea>
            </div>
        </div>
        <p id="rsi-editor-help" class="rsi-editor__help">
            {move || match (revealed.get(), masked_count()) {
                (_, 0) => "Tokens and keys are masked on screen as soon as they appear.".to_string(),
                (false, n) => format!("{n} secret value{} masked on screen; the text itself is unchanged.", if n == 1 { "" } else { "s" }),
                (true, n) => format!("{n} secret value{} shown. Mind who is looking.", if n == 1 { "" } else { "s" }),
            }}
        </p>
    }
}

/// Selects 1-based `line` in the textarea and scrolls it into view.
pub fn select_line(textarea: &browser::TextArea, text: &str, line: usize) {
    if let Some(range) = super::state::line_selection(text, line) {
        browser::select_in_textarea(textarea, range, line, text.split('\n').count());
    }
}
