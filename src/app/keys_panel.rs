//! The Keys pane: the remote cluster's public keys (a JWKS, a JWK, or PEM), pasted by the user,
//! so that the tokens' signatures are verified, and what the API server presents (the output of
//! `openssl s_client -showcerts`), verified against each entry's CA as client-go will. Keys are public, so they are shown as typed; like
//! the input, they never reach the address bar or any storage.
//!
//! Verification is not in the first load: the first time keys are given, the extras module is
//! fetched from this site (`extras/`), once; keys and tokens go to it inside the page and never
//! leave it.

use std::sync::Arc;

use leptos::prelude::*;

use super::extras::ExtrasState;
use super::prose::prose;
use crate::trust::{Evidence, KeyProblem};

#[component]
pub fn KeysPanel(
    /// The keys as typed.
    keys_text: RwSignal<String>,
    /// What the API server presents, as typed.
    server_text: RwSignal<String>,
    /// What was read from them.
    evidence: Memo<Arc<Evidence>>,
    /// Whether the extras module (the verifier) has been fetched.
    extras: ReadSignal<ExtrasState>,
    /// The JWKS and the server certificate of the example or sample on screen, if one was
    /// loaded: a one-click way to see a verified signature and chain (and, with the
    /// `foreign-token` or `loopback-server` samples, failing ones).
    example_keys: Signal<Option<(String, String)>>,
) -> impl IntoView {
    let summary = move || {
        evidence.with(|evidence| {
            let keys = &evidence.keys.keys;
            match (extras.get(), keys.len()) {
                (ExtrasState::Loading, _) => Some("Fetching the verifier from this site…".to_string()),
                (ExtrasState::Failed, _) => Some(super::extras::FAILED.to_string()),
                (_, 0) => None,
                (_, 1) => Some(format!("1 key read: {}.", keys[0])),
                (_, count) => Some(format!("{count} keys read: {}.", keys.join("; "))),
            }
        })
    };
    // What was not usable, a line each, as list items.
    let problems = move |of: fn(&Evidence) -> &Vec<KeyProblem>| {
        evidence.with(|evidence| {
            of(evidence)
                .iter()
                .map(|problem| {
                    let text = format!("Line {}: {}", problem.line, problem.message);
                    view! { <li class="rsi-field__error">{prose(&text)}</li> }
                })
                .collect_view()
        })
    };
    let server_summary = move || {
        evidence.with(|evidence| match evidence.server.certificates.len() {
            0 => None,
            1 => Some("1 certificate read: the leaf.".to_string()),
            count => Some(format!("{count} certificates read: the leaf and {} more.", count - 1)),
        })
    };
    let given = move || {
        evidence.with(|evidence| {
            let mut parts = Vec::new();
            match evidence.keys.keys.len() {
                0 => {}
                1 => parts.push("1 key".to_string()),
                count => parts.push(format!("{count} keys")),
            }
            match evidence.server.certificates.len() {
                0 => {}
                1 => parts.push("1 server certificate".to_string()),
                count => parts.push(format!("{count} server certificates")),
            }
            if parts.is_empty() {
                "(to verify the token's signature and the server's certificate)".to_string()
            } else {
                format!("({})", parts.join(", "))
            }
        })
    };
    view! {
        <details class="rsi-settings rsi-keys" data-testid="keys">
            <summary>
                "Keys and certificates "
                <span class="rsi-keys__state">{given}</span>
            </summary>
            // The two fields are written out: as one component with `Children` for their help,
            // they cost 10 KB gzip more of first load (measured), for twenty lines saved.
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
                    "The output of "
                    <code>"kubectl --context=REMOTE get --raw /openid/v1/jwks"</code>
                    ", a JWK, or PEM keys or certificates ("
                    <code>"sa.pub"</code>
                    "), chosen by the token's "
                    <code>"kid"</code>
                    " as the API server does. Nothing is fetched."
                </small>
                <p class="rsi-keys__summary" role="status" data-testid="keys-summary">{summary}</p>
                <ul class="rsi-keys__problems" data-testid="keys-problems">
                    {move || problems(|evidence| &evidence.keys.problems)}
                </ul>
            </div>
            <div class="rsi-field">
                <label for="rsi-server-input">"What the API server presents"</label>
                <textarea
                    id="rsi-server-input"
                    class="rsi-keys__input"
                    data-testid="server-input"
                    spellcheck="false"
                    autocomplete="off"
                    rows="4"
                    placeholder="-----BEGIN CERTIFICATE-----"
                    aria-describedby="rsi-server-help"
                    prop:value=move || server_text.get()
                    on:input=move |event| server_text.set(event_target_value(&event))
                ></textarea>
                <small id="rsi-server-help" class="rsi-field__help">
                    "From where istiod runs: "
                    <code>"openssl s_client -connect HOST:6443 -showcerts </dev/null"</code>
                    ", as it is: verified as client-go does, against each entry's CA and for its "
                    <code>"server"</code>
                    " or "
                    <code>"tls-server-name"</code>
                    "."
                </small>
                <p class="rsi-keys__summary" role="status" data-testid="server-summary">{server_summary}</p>
                <ul class="rsi-keys__problems" data-testid="server-problems">
                    {move || problems(|evidence| &evidence.server.problems)}
                </ul>
            </div>
            <div class="rsi-keys__actions">
                <Show when=move || example_keys.with(Option::is_some)>
                    <button
                        class="rsi-button"
                        data-testid="keys-use-example"
                        on:click=move |_| {
                            if let Some((keys, certificate)) = example_keys.get_untracked() {
                                keys_text.set(keys);
                                server_text.set(certificate);
                            }
                        }
                    >
                        "Use the sample's keys and certificate"
                    </button>
                </Show>
                <button
                    class="rsi-button"
                    data-testid="keys-clear"
                    on:click=move |_| {
                        keys_text.set(String::new());
                        server_text.set(String::new());
                    }
                >
                    "Clear"
                </button>
            </div>
        </details>
    }
}
