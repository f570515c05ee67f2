//! The toolbar over the editor: load an example, open a file, reveal secrets, copy the input
//! redacted, clear. Copying redacts with the spans the editor masks with (found once per edit).

use leptos::html::Input;
use leptos::prelude::*;

use super::browser;
use super::editor::InputText;
use super::files::load_file;
use crate::fixtures::EXAMPLES;
use crate::redact::{redact_spans, FoundSpans, Sensitive};

#[component]
pub fn Toolbar(
    /// The editor's text.
    text: InputText,
    /// Where the secrets of the text are, and the text's revision they were found in.
    spans: Memo<(FoundSpans, u64)>,
    /// Whether secrets are shown on screen.
    revealed: ReadSignal<bool>,
    set_revealed: WriteSignal<bool>,
    /// The status line.
    set_status: WriteSignal<String>,
    /// The redacted text to copy by hand, when the clipboard is refused.
    set_manual_copy: WriteSignal<Option<String>>,
    /// Loads the example of this name.
    load_example: Callback<String>,
) -> impl IntoView {
    let file_input = NodeRef::<Input>::new();
    let on_example = move |event: leptos::ev::Event| {
        load_example.run(browser::take_selected_value(&event));
    };
    let on_file_chosen = move |_| {
        let file = file_input
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            load_file(text, set_status, file);
        }
        if let Some(input) = file_input.get_untracked() {
            input.set_value("");
        }
    };
    let redact_and_copy = move |_| {
        let (redacted, counts) = text.with_untracked(|text| {
            spans.with_untracked(|(FoundSpans { spans, .. }, _)| {
                let counted = |kind: Sensitive, noun: &str| {
                    let count = spans.iter().filter(|span| span.kind == kind).count();
                    format!("{count} {noun}{}", if count == 1 { "" } else { "s" })
                };
                let counts = [
                    counted(Sensitive::Token, "token"),
                    counted(Sensitive::PrivateKey, "key"),
                    counted(Sensitive::Certificate, "certificate"),
                    counted(Sensitive::EncodedKubeconfig, "encoded kubeconfig"),
                ]
                .join(", ");
                (redact_spans(text, spans), counts)
            })
        });
        leptos::task::spawn_local(async move {
            match browser::copy_text(&redacted).await {
                Ok(()) => {
                    set_manual_copy.set(None);
                    set_status.set(format!(
                        "Copied the input with placeholders for {counts}. Check it before you post it."
                    ));
                }
                Err(reason) => {
                    set_status.set(format!("{reason}: here is the redacted text to copy by hand."));
                    set_manual_copy.set(Some(redacted));
                }
            }
        });
    };
    view! {
        <nav class="rsi-toolbar" aria-label="Input">
            <label class="rsi-visually-hidden" for="rsi-examples">"Load an example"</label>
            <select id="rsi-examples" class="rsi-button" data-testid="examples" on:change=on_example>
                <option value="" selected>"Load an example…"</option>
                {EXAMPLES
                    .iter()
                    .map(|(name, description)| view! { <option value=*name>{format!("{name}: {description}")}</option> })
                    .collect_view()}
            </select>
            <button class="rsi-button" data-testid="open-file" on:click=move |_| {
                if let Some(input) = file_input.get_untracked() {
                    input.click();
                }
            }>"Open file…"</button>
            <input
                type="file"
                class="rsi-visually-hidden"
                tabindex="-1"
                aria-hidden="true"
                data-testid="file-input"
                node_ref=file_input
                on:change=on_file_chosen
            />
            <button
                class="rsi-button"
                data-testid="reveal"
                aria-pressed=move || revealed.get().to_string()
                on:click=move |_| set_revealed.update(|revealed| *revealed = !*revealed)
            >
                "Reveal secrets"
            </button>
            <button
                class="rsi-button rsi-button--primary"
                data-testid="redact-copy"
                disabled=move || text.with(|text| text.trim().is_empty())
                on:click=redact_and_copy
            >
                "Copy redacted"
            </button>
            <button class="rsi-button" data-testid="clear" on:click=move |_| {
                text.set(String::new());
                set_status.set("Cleared.".to_string());
            }>"Clear"</button>
        </nav>
    }
}
