//! The inspector page: the toolbar (examples, open, reveal, redact and copy), settings, the
//! editor beside the verdicts, findings and decoded cards, and the diagram below.
//!
//! It owns the state: one signal for the text; the settings form; the selected cluster entry,
//! finding and diagram step. Everything else is derived with memos that call the core.

use leptos::prelude::*;

use super::browser;
use super::cards::Decoded;
use super::diagram_view::DiagramSection;
use super::editor::{Editor, EditorHandle, InputText};
use super::extras::{self, Extras};
use super::files::{load_file, load_text};
use super::findings::{Findings, RepairOffer, UnrelatedSecrets, Verdicts};
use super::generate_panel::GeneratePanel;
use super::keys_panel::KeysPanel;
use super::mesh_panel::MeshPanel;
use super::prose::prose;
use super::settings_panel::SettingsPanel;
use super::state::{headline, UrlState};
use super::toolbar::Toolbar;
use crate::diagram::Diagram;
use crate::fixtures::EXAMPLES;
use crate::redact::FoundSpans;
use crate::report::{inspect_with, Report};

const CLOCK_TICK: std::time::Duration = std::time::Duration::from_secs(60);

#[component]
pub fn Inspector(
    /// What the address bar asked for: settings and a step.
    url: UrlState,
) -> impl IntoView {
    // The browser's clock, read at the edge and again each minute, so that "expires in 2 hours"
    // stays true in a tab left open.
    let (clock_now, set_clock_now) = signal(browser::now_seconds());
    let ticking = set_interval_with_handle(move || set_clock_now.set(browser::now_seconds()), CLOCK_TICK);
    on_cleanup(move || {
        if let Ok(handle) = ticking {
            handle.clear();
        }
    });
    let text = InputText::new();
    let form = RwSignal::new(url.settings.clone());
    let settings = Memo::new(move |_| form.with(|form| form.to_settings(clock_now.get())));
    // The keys are read once per change of their text; their cache of verified tokens lives as
    // long as they do, so typing in the input does not verify a token again.
    let keys_text = RwSignal::new(String::new());
    let server_text = RwSignal::new(String::new());
    // Each cluster's Istio CA files (the Mesh trust pane).
    let mesh_text = [RwSignal::new(String::new()), RwSignal::new(String::new())];
    let extras = Extras::follow();
    Effect::new(move |_| {
        let given = [keys_text, server_text, mesh_text[0], mesh_text[1]]
            .iter()
            .any(|field| field.with(|text| !text.trim().is_empty()));
        if given {
            extras.request();
        }
    });
    let evidence = Memo::new_with_compare(
        move |_| {
            let state = extras.state.get();
            let mesh = [mesh_text[0].read(), mesh_text[1].read()];
            std::sync::Arc::new(extras::evidence(
                &keys_text.read(),
                &server_text.read(),
                [&mesh[0], &mesh[1]],
                state,
            ))
        },
        |_, _| true,
    );
    // A report is always new when its input, settings or keys are: no comparison needed. The last
    // one is dropped first, so that the List items cached with the evidence are no longer shared
    // and can be moved to new lines rather than decoded again (`decode::take_known`).
    let report: Memo<Report> = Memo::new_owning(move |last| {
        drop(last);
        let report = text.with(|text| evidence.with(|evidence| inspect_with(text, &settings.get().0, evidence)));
        (report, true)
    });
    // The spans of the text before a one-line edit are moved past it, not found again
    // (`FoundSpans::after`): the editor's edit says where.
    let spans: Memo<(FoundSpans, u64)> = Memo::new_owning(move |last: Option<(FoundSpans, u64)>| {
        let found = text.with(|input| {
            report.with(|report| match last {
                Some((last, revision)) => match text.splice_since(revision) {
                    Some(splice) => last.after(input, &report.model, splice),
                    None => FoundSpans::find(input, &report.model),
                },
                None => FoundSpans::find(input, &report.model),
            })
        });
        ((found, text.revision()), true)
    });

    let (chosen_entry, set_chosen_entry) = signal(None::<(usize, usize)>);
    let selected = Memo::new(move |_| {
        report.with(|report| {
            chosen_entry
                .get()
                .filter(|(secret, entry)| report.verdict(*secret, *entry).is_some())
                .or_else(|| report.verdicts.first().map(|v| (v.secret_index, v.entry_index)))
        })
    });
    let selected_finding = RwSignal::new(None::<usize>);
    // Indexes point into one report: a new report drops the selection.
    Effect::new(move |_| {
        report.track();
        selected_finding.set(None);
    });
    // Memos, not derived signals: the editor and the diagram redraw only when these change,
    // not on every keystroke.
    let highlighted_line = Memo::new(move |_| {
        let index = selected_finding.get()?;
        report.with(|report| report.findings.get(index).and_then(|finding| finding.line))
    });
    let highlighted_steps = Memo::new(move |_| {
        selected_finding
            .get()
            .and_then(|index| report.with(|report| report.findings.get(index).map(|finding| finding.steps.to_vec())))
            .unwrap_or_default()
    });

    let diagram = Memo::new(move |_| {
        report.with(|report| match selected.get() {
            Some((secret, entry)) => Diagram::for_entry(report, secret, entry),
            None => Diagram::plain(),
        })
    });
    let current_step = RwSignal::new(url.step);
    // Jump to the first broken step when the input changes, unless the user has moved away
    // from where the last jump left them.
    let first_problem = Memo::new(move |_| diagram.with(Diagram::first_problem));
    let auto_step = StoredValue::new(url.step);
    Effect::new(move |_| {
        let problem = first_problem.get();
        if problem.is_some() && current_step.get_untracked() == auto_step.get_value() {
            current_step.set(problem);
            auto_step.set_value(problem);
        }
    });

    // Settings and the step (never input) are mirrored into the address bar.
    Effect::new(move |_| {
        let query = UrlState::settings_query(&form.get());
        let hash = current_step
            .get()
            .map(|step| format!("#step={step}"))
            .unwrap_or_default();
        browser::replace_url(&query, &hash);
    });
    let hash_listener = window_event_listener(leptos::ev::hashchange, move |_| {
        if let Some(step) = super::state::step_from_hash(&browser::location_hash()) {
            current_step.set(Some(step));
        }
    });
    on_cleanup(move || hash_listener.remove());

    let editor = EditorHandle::new(text);
    let choose_finding = Callback::new(move |index: usize| {
        selected_finding.set(Some(index));
        let (line, first_step) = report.with_untracked(|report| {
            let finding = report.findings.get(index);
            (
                finding.and_then(|finding| finding.line),
                finding.and_then(|finding| finding.steps.first().copied()),
            )
        });
        if let Some(line) = line {
            editor.select_line(line);
        }
        if first_step.is_some() {
            current_step.set(first_step);
        }
    });

    let (revealed, set_revealed) = signal(false);
    let (status, set_status) = signal(String::new());
    let (manual_copy, set_manual_copy) = signal(None::<String>);
    let (dragging, set_dragging) = signal(false);

    // When the extras module cannot be had, what waited for it is dropped: say so.
    Effect::new(move |_| {
        if extras.state.get() == extras::ExtrasState::Failed {
            set_status.set(extras::FAILED.to_string());
        }
    });
    // The instant the example on screen was made at: its token's signing key derives from it.
    let (example_made_at, set_example_made_at) = signal(None::<i64>);
    let load_example = Callback::new(move |name: String| {
        let now = settings.get_untracked().0.now;
        set_status.set(format!("Making the `{name}` example…"));
        extras.when_ready(move || match extras::example(&name, now) {
            Some(content) => {
                load_text(text, set_status, content, format!("the `{name}` example"));
                set_example_made_at.set(Some(now));
            }
            None => set_status.set(extras::FAILED.to_string()),
        });
    });
    // The JWKS and the server certificate of the example or sample on screen.
    let example_keys = Signal::derive(move || {
        let now = example_made_at.get()?;
        if extras.state.get() != extras::ExtrasState::Ready {
            return None;
        }
        Some((extras::sample_jwks(now)?, extras::sample_server_certificate(now)?))
    });
    // The CA files of the sample's mesh.
    let example_mesh = Signal::derive(move || {
        let now = example_made_at.get()?;
        if extras.state.get() != extras::ExtrasState::Ready {
            return None;
        }
        extras::sample_mesh(now)
    });
    // Only files are taken over: text dragged within the editor moves as it always does.
    let on_drop = move |event: leptos::ev::DragEvent| {
        set_dragging.set(false);
        if !browser::drags_files(&event) {
            return;
        }
        event.prevent_default();
        let file = event
            .data_transfer()
            .and_then(|transfer| transfer.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            load_file(text, set_status, file);
        }
    };
    let on_drag_leave = move |event: leptos::ev::DragEvent| {
        // Leaving for a child element is not leaving the page.
        if browser::drag_leaves_element(&event) {
            set_dragging.set(false);
        }
    };
    view! {
        <div
            class="rsi-app"
            class:rsi-app--dragging=move || dragging.get()
            on:dragover=move |event: leptos::ev::DragEvent| {
                if browser::drags_files(&event) {
                    event.prevent_default();
                    set_dragging.set(true);
                }
            }
            on:dragleave=on_drag_leave
            on:drop=on_drop
        >
            <a class="rsi-skip" href="#rsi-results">"Skip to the results"</a>
            <header class="rsi-header">
                <div class="rsi-brand">
                    <h1>"Remote Secret Inspector"</h1>
                    <p class="rsi-tagline">
                        "Paste an Istio remote secret: every layer is decoded and checked in your browser. Nothing leaves this page."
                    </p>
                </div>
                <Toolbar
                    text=text
                    spans=spans
                    revealed=revealed
                    set_revealed=set_revealed
                    set_status=set_status
                    set_manual_copy=set_manual_copy
                    load_example=load_example
                />
            </header>
            <SettingsPanel form=form errors=Signal::derive(move || settings.get().1) />
            <KeysPanel keys_text=keys_text server_text=server_text evidence=evidence extras=extras.state example_keys=example_keys />
            <MeshPanel mesh_text=mesh_text report=report extras=extras.state example_mesh=example_mesh />
            <GeneratePanel
                text=text
                settings=Signal::derive(move || settings.get().0)
                revealed=revealed
                set_status=set_status
                extras=extras
                on_sample_made=Callback::new(move |now| set_example_made_at.set(Some(now)))
            />
            <p class="rsi-status" role="status" data-testid="status">{move || prose(&status.get())}</p>
            {move || manual_copy.get().map(|redacted| view! {
                <label class="rsi-manual-copy">
                    "Redacted input"
                    <textarea readonly data-testid="manual-copy" prop:value=redacted></textarea>
                </label>
            })}
            <div class="rsi-main">
                <section class="rsi-pane rsi-pane--input" aria-labelledby="rsi-input-heading">
                    <h2 id="rsi-input-heading" class="rsi-section-title">
                        <label for="rsi-input">"Remote secret YAML or JSON"</label>
                    </h2>
                    <Editor editor=editor spans=spans revealed=revealed highlighted_line=highlighted_line.into() />
                    <RepairOffer report=report text=text set_status=set_status />
                </section>
                <section id="rsi-results" class="rsi-pane rsi-pane--results" aria-label="Results">
                    <p class="rsi-headline" role="status" data-testid="headline">{move || report.with(headline)}</p>
                    <Show when=move || text.with(|text| !text.trim().is_empty()) fallback=move || view! { <Intro on_example=load_example /> }>
                        <UnrelatedSecrets report=report />
                        <Verdicts report=report selected=selected set_selected=set_chosen_entry />
                        <Findings
                            report=report
                            selected=selected
                            selected_finding=selected_finding
                            on_choose=choose_finding
                            extras=extras
                        />
                        <Decoded report=report selected=selected />
                    </Show>
                </section>
            </div>
            <DiagramSection
                report=report
                diagram=diagram
                current=current_step
                highlighted=highlighted_steps.into()
                on_choose_finding=choose_finding
            />
            <footer class="rsi-footer">
                <p>
                    <strong data-testid="privacy-line">"Runs in your browser. Sends nothing."</strong>
                    " No request is made after the page loads and nothing is stored: open your browser's developer tools, Network tab, then paste, and see that nothing appears. "
                    "Checks follow Istio's own source; each finding links to it."
                </p>
            </footer>
            <div class="rsi-drop" aria-hidden="true"><p>"Drop the file to inspect it here"</p></div>
        </div>
    }
}

/// What the results pane says before there is any input: what to paste, and examples to try.
#[component]
fn Intro(
    /// Loads the example of this name.
    on_example: Callback<String>,
) -> impl IntoView {
    view! {
        <section class="rsi-intro" data-testid="intro" aria-labelledby="rsi-intro-heading">
            <h2 id="rsi-intro-heading" class="rsi-section-title">"What to paste"</h2>
            <ul>
                <li>"The output of " <code>"istioctl create-remote-secret --context=cluster2 --name=cluster2"</code></li>
                <li>"A secret as stored: " <code>"kubectl get secret -n istio-system -l istio/multiCluster=true -o yaml"</code> " (or " <code>"-o json"</code> ")"</li>
                <li>"A whole " <code>"kubectl get secrets -A -o yaml"</code> ": the remote secrets are picked out"</li>
                <li>"A kubeconfig on its own"</li>
            </ul>
            <p>
                "Each cluster gets a verdict (what istiod will do with it), findings that point at lines, the decoded certificates and token, and the authentication sequence below, coloured where it breaks."
            </p>
            <h3 class="rsi-intro__subtitle">"Or try an example"</h3>
            <p class="rsi-intro__examples">
                {EXAMPLES
                    .iter()
                    .map(|(name, description)| {
                        let name = name.to_string();
                        view! {
                            <button class="rsi-button" title=*description on:click=move |_| on_example.run(name.clone())>
                                {name.clone()}
                            </button>
                        }
                    })
                    .collect_view()}
            </p>
            <p class="rsi-intro__privacy">
                "Examples are made in this page with throwaway keys. Whatever you paste stays here: no request is made after the page has loaded, nothing is stored, and tokens are masked on screen."
            </p>
        </section>
    }
}
