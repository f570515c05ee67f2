//! The Keys pane: the remote cluster's public keys (a JWKS, a JWK, or PEM), pasted by the user,
//! so that the tokens' signatures are verified. Keys are public, so they are shown as typed; like
//! the input, they never reach the address bar or any storage.
//!
//! Verification is not in the first load: the first time keys are given, the extras module is
//! fetched from this site (`extras/`), once; keys and tokens go to it inside the page and never
//! leave it.

use std::sync::Arc;

use leptos::prelude::*;

use super::extras::ExtrasState;
use crate::trust::Evidence;

#[component]
pub fn KeysPanel(
    /// The keys as typed.
    keys_text: RwSignal<String>,
    /// What was read from them.
    evidence: Memo<Arc<Evidence>>,
    /// Whether the extras module (the verifier) has been fetched.
    extras: ReadSignal<ExtrasState>,
    /// The JWKS of the example on screen, if one was loaded: a one-click way to see a verified
    /// signature (and, with the `foreign-token` sample, a failing one).
    example_keys: Signal<Option<String>>,
) -> impl IntoView {
    let summary = move || {
        evidence.with(|evidence| {
            let keys = &evidence.keys.keys;
            match (extras.get(), keys.len()) {
                (ExtrasState::Loading, _) => Some("Fetching the verifier from this site…".to_string()),
                (ExtrasState::Failed, _) => Some(
                    "The verifier could not be loaded: signatures are not verified. Reload the page to try again."
                        .to_string(),
                ),
                (_, 0) => None,
                (_, 1) => Some(format!("1 key read: {}.", keys[0])),
                (_, count) => Some(format!("{count} keys read: {}.", keys.join("; "))),
            }
        })
    };
    let problems = move || {
        evidence.with(|evidence| {
            evidence
                .keys
                .problems
                .iter()
                .map(|problem| format!("Line {}: {}", problem.line, problem.message))
                .collect::<Vec<_>>()
        })
    };
    let given = move || evidence.with(|evidence| evidence.keys.keys.len());
    view! {
        <details class="rsi-settings rsi-keys" data-testid="keys">
            <summary>
                "Keys "
                <span class="rsi-keys__state">
                    {move || match given() {
                        0 => "(to verify the token's signature)".to_string(),
                        1 => "(1 key)".to_string(),
                        count => format!("({count} keys)"),
                    }}
                </span>
            </summary>
            <div class="rsi-field">
                <label for="rsi-keys-input">"The remote cluster's public keys"</label>
                <textarea
                    id="rsi-keys-input"
                    class="rsi-keys__input"
                    data-testid="keys-input"
                    spellcheck="false"
                    autocomplete="off"
                    rows="6"
                    placeholder="{\"keys\": [...]} or -----BEGIN PUBLIC KEY-----"
                    aria-describedby="rsi-keys-help"
                    prop:value=move || keys_text.get()
                    on:input=move |event| keys_text.set(event_target_value(&event))
                ></textarea>
                <small id="rsi-keys-help" class="rsi-field__help">
                    "Paste the output of "
                    <code>"kubectl --context=REMOTE get --raw /openid/v1/jwks"</code>
                    ", a JWK, or PEM public keys or certificates (the service-account key's "
                    <code>"sa.pub"</code>
                    "). Keys are chosen by the token's "
                    <code>"kid"</code>
                    " as the API server chooses them. Nothing is fetched: not from the token's issuer either."
                </small>
                <p class="rsi-keys__summary" role="status" data-testid="keys-summary">{summary}</p>
                <ul class="rsi-keys__problems" data-testid="keys-problems">
                    {move || problems().into_iter().map(|problem| view! { <li class="rsi-field__error">{problem}</li> }).collect_view()}
                </ul>
            </div>
            <div class="rsi-keys__actions">
                <Show when=move || example_keys.with(Option::is_some)>
                    <button
                        class="rsi-button"
                        data-testid="keys-use-example"
                        on:click=move |_| {
                            if let Some(keys) = example_keys.get_untracked() {
                                keys_text.set(keys);
                            }
                        }
                    >
                        "Use the sample's keys"
                    </button>
                </Show>
                <button class="rsi-button" data-testid="keys-clear" on:click=move |_| keys_text.set(String::new())>
                    "Clear"
                </button>
            </div>
        </details>
    }
}
