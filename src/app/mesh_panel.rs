//! The Mesh trust pane: what each cluster's Istio CA trusts and uses (its `cacerts` Secret, its
//! `istio-ca-root-cert` ConfigMap, or PEM), side by side, and whether both trust one root. With
//! both clusters' roots given, the diagram judges steps 8, 12 and 14 (`mesh-root-mismatch`,
//! `mesh-chain-broken`). Certificates are public, so they are shown as typed; a private key
//! (`ca-key.pem`) is noted by its line and never read. Like every input, they never reach the
//! address bar or any storage.
//!
//! The links' signatures are checked by the extras module, fetched from this site the first
//! time a cluster's files are given.

use leptos::prelude::*;

use super::extras::ExtrasState;
use super::prose::prose;
use crate::report::Report;
use crate::trust::mesh::{subject_of, Cluster};

#[component]
pub fn MeshPanel(
    /// Each cluster's files, as typed.
    mesh_text: [RwSignal<String>; 2],
    /// The report, whose `mesh` is what was read and found.
    report: Memo<Report>,
    /// Whether the extras module (the verifier) has been fetched.
    extras: ReadSignal<ExtrasState>,
    /// The CA files of the sample on screen, if a sample was loaded.
    example_mesh: Signal<Option<[String; 2]>>,
) -> impl IntoView {
    // What was read of cluster `index`, in words, and what could not be read.
    let read_of = move |index: usize| {
        report.with(|report| {
            let cluster = report.mesh.as_ref().map(|mesh| &mesh.clusters[index])?;
            Some(cluster_words(cluster))
        })
    };
    let problems_of = move |index: usize| {
        report.with(|report| {
            let Some(cluster) = report.mesh.as_ref().map(|mesh| &mesh.clusters[index]) else {
                return Vec::new();
            };
            let keys = cluster
                .private_keys
                .iter()
                .map(|place| format!("{place}: a private key, not read (see the findings)"));
            cluster.problems.iter().cloned().chain(keys).collect::<Vec<String>>()
        })
    };
    let shared = move || {
        if extras.get() == ExtrasState::Loading {
            return Some("Fetching the verifier from this site…".to_string());
        }
        if extras.get() == ExtrasState::Failed {
            return Some(super::extras::FAILED.to_string());
        }
        report.with(|report| {
            let mesh = report.mesh.as_ref().filter(|mesh| mesh.both_have_roots)?;
            Some(match (&mesh.shared_root, mesh.chain_errors.is_empty()) {
                (Some(root), true) => {
                    format!("Both clusters trust `{root}`, and each CA chains to its root: steps 8, 12 and 14 pass.")
                }
                (Some(root), false) => {
                    format!("Both clusters trust `{root}`, but a CA does not chain to its root: see the findings.")
                }
                (None, _) => "The clusters trust no root in common: steps 8, 12 and 14 break.".to_string(),
            })
        })
    };
    let given = move || {
        let count = mesh_text
            .iter()
            .filter(|text| text.with(|text| !text.trim().is_empty()))
            .count();
        match count {
            0 => "(each cluster's Istio CA files, to judge the shared root)",
            1 => "(1 cluster)",
            _ => "(2 clusters)",
        }
    };
    // Written out as the Keys pane's fields are: a shared component for the four fields
    // measured 2.5 KB gzip more of first load, and a shared function taking `Signal`s and an
    // `AnyView` (one body of code for all four) 1.5 KB more (at dab483f).
    let field = move |index: usize| {
        let number = index + 1;
        let text = mesh_text[index];
        view! {
            <div class="rsi-field">
                <label for=format!("rsi-mesh-{number}-input")>{format!("Cluster {number}")}</label>
                <textarea
                    id=format!("rsi-mesh-{number}-input")
                    class="rsi-keys__input"
                    data-testid=format!("mesh-{number}-input")
                    spellcheck="false"
                    autocomplete="off"
                    rows="6"
                    placeholder="kind: Secret (cacerts), kind: ConfigMap, or -----BEGIN CERTIFICATE-----"
                    aria-describedby="rsi-mesh-help"
                    prop:value=move || text.get()
                    on:input=move |event| text.set(event_target_value(&event))
                ></textarea>
                <p class="rsi-keys__summary" role="status" data-testid=format!("mesh-{number}-summary")>
                    {move || read_of(index).map(|words| prose(&words))}
                </p>
                <ul class="rsi-keys__problems" data-testid=format!("mesh-{number}-problems")>
                    {move || {
                        problems_of(index)
                            .into_iter()
                            .map(|problem| view! { <li class="rsi-field__error">{prose(&problem)}</li> })
                            .collect_view()
                    }}
                </ul>
            </div>
        }
    };
    view! {
        <details class="rsi-settings rsi-keys" data-testid="mesh">
            <summary>"Mesh trust " <span class="rsi-keys__state">{given}</span></summary>
            <small id="rsi-mesh-help" class="rsi-field__help">
                "For each cluster: "
                <code>"kubectl -n istio-system get secret cacerts -o yaml"</code>
                ", or "
                <code>"get configmap istio-ca-root-cert -o yaml"</code>
                ", or PEM (read as the roots it trusts). A "
                <code>"ca-key.pem"</code>
                " is noted, never read."
            </small>
            <div class="rsi-mesh__clusters">{field(0)} {field(1)}</div>
            <p class="rsi-keys__summary" role="status" data-testid="mesh-shared">
                {move || shared().map(|words| prose(&words))}
            </p>
            <div class="rsi-keys__actions">
                <Show when=move || example_mesh.with(Option::is_some)>
                    <button
                        class="rsi-button"
                        data-testid="mesh-use-example"
                        on:click=move |_| {
                            if let Some(files) = example_mesh.get_untracked() {
                                for (text, file) in mesh_text.iter().zip(files) {
                                    text.set(file);
                                }
                            }
                        }
                    >
                        "Use the sample's CA files"
                    </button>
                </Show>
                <button
                    class="rsi-button"
                    data-testid="mesh-clear"
                    on:click=move |_| {
                        for text in mesh_text {
                            text.set(String::new());
                        }
                    }
                >
                    "Clear"
                </button>
            </div>
        </details>
    }
}

/// What was read of one cluster, in words: "3 certificates read; trusts `root`."
fn cluster_words(cluster: &Cluster) -> String {
    let count = cluster.certificates.len();
    let roots: Vec<String> = cluster
        .roots()
        .iter()
        .map(|root| format!("`{}`", subject_of(&root.der)))
        .collect();
    let trusts = match roots.is_empty() {
        true => "no root".to_string(),
        false => roots.join(", "),
    };
    let plural = if count == 1 { "" } else { "s" };
    format!("{count} certificate{plural} read; trusts {trusts}.")
}
