//! The web app: a thin Leptos shell over [`crate::inspect`]. One signal holds the pasted text;
//! the report is derived from it on every edit. Nothing leaves the page: no requests, no storage.
//!
//! This is the first cut (a page that mounts, takes a paste and shows the verdicts); the full
//! app (editor, findings, decoded cards, settings, redaction) is issue 3.

use leptos::prelude::*;

use crate::report::{inspect, Report};
use crate::settings::Settings;

/// "Now" from the browser's clock, taken at the edge and passed into the pure core.
fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

#[component]
pub fn App() -> impl IntoView {
    let (text, set_text) = signal(String::new());
    let report = move || -> Report { inspect(&text.get(), &Settings::at(now_seconds())) };
    view! {
        <main class="rsi-page">
            <header class="rsi-header">
                <h1>"Remote Secret Inspector"</h1>
                <p class="rsi-tagline">
                    "Paste an Istio remote secret: every layer is decoded and checked in your browser. Nothing leaves this page."
                </p>
            </header>
            <label class="rsi-label" for="rsi-input">"Remote secret YAML or JSON"</label>
            <textarea
                id="rsi-input"
                class="rsi-input"
                data-testid="input"
                spellcheck="false"
                autocomplete="off"
                placeholder="istioctl create-remote-secret --context=cluster2 --name=cluster2"
                on:input=move |event| set_text.set(event_target_value(&event))
            ></textarea>
            <section class="rsi-results" data-testid="results" aria-live="polite">
                {move || {
                    let report = report();
                    let verdicts = report
                        .verdicts
                        .iter()
                        .map(|verdict| {
                            let secret = &report.model.secrets[verdict.secret_index];
                            let cluster = secret.entries[verdict.entry_index].cluster_id.clone();
                            let class = format!("rsi-verdict rsi-verdict--{}", verdict.verdict.as_str());
                            view! {
                                <li class=class data-testid="verdict" data-verdict=verdict.verdict.as_str()>
                                    <strong>{cluster}</strong>
                                    " "
                                    <span class="rsi-badge">{verdict.verdict.as_str()}</span>
                                    <p>{verdict.summary.clone()}</p>
                                </li>
                            }
                        })
                        .collect_view();
                    let findings = report
                        .findings
                        .iter()
                        .map(|finding| {
                            let line = finding.line.map(|line| format!("line {line}")).unwrap_or_default();
                            view! {
                                <li class="rsi-finding" data-testid="finding" data-id=finding.id>
                                    <code>{finding.id}</code>
                                    " "
                                    <span>{finding.severity.as_str()}</span>
                                    " "
                                    <span>{line}</span>
                                    <p>{finding.message.clone()}</p>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <ul class="rsi-verdicts">{verdicts}</ul>
                        <ul class="rsi-findings">{findings}</ul>
                    }
                }}
            </section>
        </main>
    }
}
