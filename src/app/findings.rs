//! The verdict per cluster entry (which doubles as the navigation between clusters) and the
//! findings of the selected entry, grouped by severity, each with its why, fix and source.

use leptos::prelude::*;

use super::editor::InputText;
use super::extras::{self, Extras};
use super::prose::prose;
use super::state::{findings_by_severity, Explanation};
use crate::checks;
use crate::finding::{Finding, Severity};
use crate::report::Report;

fn severity_heading(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Info => "Notes",
    }
}

/// One row per cluster entry: its verdict, istiod's sentence and log line. Clicking selects it.
#[component]
pub fn Verdicts(
    /// The report of the current input.
    report: Memo<Report>,
    /// The selected (secret, entry).
    selected: Memo<Option<(usize, usize)>>,
    /// Chooses another entry.
    set_selected: WriteSignal<Option<(usize, usize)>>,
) -> impl IntoView {
    let (filter, set_filter) = signal(String::new());
    let many = move || report.with(|report| report.verdicts.len() > 8);
    let rows = move || {
        let wanted = filter.get().to_ascii_lowercase();
        report.with(|report| {
            report
                .verdicts
                .iter()
                .filter_map(|verdict| {
                    let secret = &report.model.secrets[verdict.secret_index];
                    let entry = &secret.entries[verdict.entry_index];
                    shows(&wanted, &entry.cluster_id, &secret.display_name()).then(|| {
                        (
                            (verdict.secret_index, verdict.entry_index),
                            entry.cluster_id.clone(),
                            secret.display_name(),
                            entry.line,
                            verdict.clone(),
                        )
                    })
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || report.with(|report| !report.verdicts.is_empty())>
            <section class="rsi-verdicts" aria-labelledby="rsi-verdicts-heading">
                <h2 id="rsi-verdicts-heading" class="rsi-section-title">"Clusters"</h2>
                <Show when=many>
                    <label class="rsi-filter">
                        <span>"Filter clusters"</span>
                        <input
                            type="search"
                            data-testid="cluster-filter"
                            prop:value=move || filter.get()
                            on:input=move |event| {
                                let typed = event_target_value(&event);
                                // A filter that hides the selected cluster selects the first it
                                // shows, so that the findings, cards and diagram are of one in it.
                                let wanted = typed.to_ascii_lowercase();
                                let shown = |(secret, entry): (usize, usize)| {
                                    report.with_untracked(|report| {
                                        let secret = &report.model.secrets[secret];
                                        shows(&wanted, &secret.entries[entry].cluster_id, &secret.display_name())
                                    })
                                };
                                if selected.get_untracked().is_some_and(|chosen| !shown(chosen)) {
                                    let first = report.with_untracked(|report| {
                                        report.verdicts.iter().map(|v| (v.secret_index, v.entry_index)).find(|at| shown(*at))
                                    });
                                    if first.is_some() {
                                        set_selected.set(first);
                                    }
                                }
                                set_filter.set(typed);
                            }
                        />
                    </label>
                </Show>
                <ul class="rsi-verdicts__list" class:rsi-verdicts__list--long=many>
                    <For
                        each=rows
                        // Everything the row shows but its line, which follows lines typed above
                        // the Secret without the row being drawn again.
                        key=|(key, cluster, name, _, verdict)| {
                            (*key, cluster.clone(), name.clone(), verdict.verdict, verdict.summary.clone(),
                             verdict.istiod_log.clone(), verdict.api_server_answer.clone())
                        }
                        children=move |(key, cluster, secret_name, line, verdict)| {
                            let is_selected = move || selected.get() == Some(key);
                            let line = move || {
                                report.with(|report| {
                                    let entry = report.model.secrets.get(key.0).and_then(|secret| secret.entries.get(key.1));
                                    entry.map_or(line, |entry| entry.line)
                                })
                            };
                            let verdict_name = verdict.verdict.as_str();
                            view! {
                                <li
                                    class=format!("rsi-verdict rsi-verdict--{verdict_name}")
                                    data-testid="verdict"
                                    data-verdict=verdict_name
                                    data-cluster=cluster.clone()
                                >
                                    <button
                                        class="rsi-verdict__select"
                                        aria-pressed=move || is_selected().to_string()
                                        on:click=move |_| set_selected.set(Some(key))
                                    >
                                        <span class="rsi-verdict__cluster">{cluster.clone()}</span>
                                        <span class=format!("rsi-badge rsi-badge--{verdict_name}")>{verdict_name}</span>
                                        <span class="rsi-verdict__where">{secret_name}", line "{line}</span>
                                    </button>
                                    <p class="rsi-verdict__summary" data-testid="verdict-summary">{prose(&verdict.summary)}</p>
                                    {verdict.istiod_log.clone().map(|log| view! {
                                        <p class="rsi-verdict__log">
                                            <span class="rsi-verdict__log-label">"istiod logs: "</span>
                                            <code data-testid="istiod-log">{log}</code>
                                        </p>
                                    })}
                                    {verdict.api_server_answer.clone().map(|answer| view! {
                                        <p class="rsi-verdict__log">
                                            <span class="rsi-verdict__log-label">"kubectl apply answers: "</span>
                                            <code data-testid="api-server-answer">{answer}</code>
                                        </p>
                                    })}
                                </li>
                            }
                        }
                    />
                </ul>
            </section>
        </Show>
    }
}

/// Whether the verdicts' filter `wanted` (lowercase) shows a cluster: by its ID or its Secret's
/// name, ASCII case folded.
fn shows(wanted: &str, cluster_id: &str, secret_name: &str) -> bool {
    wanted.is_empty()
        || cluster_id.to_ascii_lowercase().contains(wanted)
        || secret_name.to_ascii_lowercase().contains(wanted)
}

/// What identifies a finding across reports: a keystroke elsewhere keeps its DOM (and an
/// opened "Why, fix and source") in place.
type FindingKey = (&'static str, Option<usize>, Option<String>, String);

fn key_of(finding: &Finding) -> FindingKey {
    (
        finding.id,
        finding.line,
        finding.cluster.clone(),
        finding.message.clone(),
    )
}

/// The findings for the selected entry (and the input as a whole), grouped by severity.
#[component]
pub fn Findings(
    /// The report of the current input.
    report: Memo<Report>,
    /// The selected (secret, entry).
    selected: Memo<Option<(usize, usize)>>,
    /// The index of the selected finding in `report.findings`.
    selected_finding: RwSignal<Option<usize>>,
    /// Called with a finding's index when it is chosen.
    on_choose: Callback<usize>,
    /// Where the checks' explanations come from.
    extras: Extras,
) -> impl IntoView {
    let groups = Memo::new(move |_| report.with(|report| findings_by_severity(report, selected.get())));
    let total = move || groups.with(|groups| groups.iter().map(|(_, indexes)| indexes.len()).sum::<usize>());
    let group = move |severity: Severity| {
        let findings = move || {
            report.with(|report| {
                groups.with(|groups| {
                    groups
                        .iter()
                        .filter(|(wanted, _)| *wanted == severity)
                        .flat_map(|(_, indexes)| indexes.iter().map(|&index| report.findings[index].clone()))
                        .collect::<Vec<_>>()
                })
            })
        };
        let count = move || {
            groups.with(|groups| {
                groups
                    .iter()
                    .filter(|(wanted, _)| *wanted == severity)
                    .map(|(_, indexes)| indexes.len())
                    .sum::<usize>()
            })
        };
        view! {
            <Show when=move || count() != 0>
                <h3 class=format!("rsi-findings__group rsi-findings__group--{}", severity.as_str())>
                    {move || format!("{} ({})", severity_heading(severity), count())}
                </h3>
            </Show>
            <ul class="rsi-findings__list">
                <For
                    each=findings
                    key=key_of
                    children=move |finding| finding_item(report, finding, selected_finding, on_choose, extras)
                />
            </ul>
        }
    };
    view! {
        <section class="rsi-findings" aria-labelledby="rsi-findings-heading">
            <h2 id="rsi-findings-heading" class="rsi-section-title">
                {move || format!("Findings ({})", total())}
            </h2>
            <Show when=move || total() == 0 && report.with(|report| !report.verdicts.is_empty())>
                <p class="rsi-empty">"Nothing to report for this cluster."</p>
            </Show>
            {group(Severity::Error)}
            {group(Severity::Warning)}
            {group(Severity::Info)}
        </section>
    }
}

fn finding_item(
    report: Memo<Report>,
    finding: Finding,
    selected_finding: RwSignal<Option<usize>>,
    on_choose: Callback<usize>,
    extras: Extras,
) -> impl IntoView {
    // The item outlives the report it came from: its index is looked up when needed.
    let key = key_of(&finding);
    let index_now = {
        let key = key.clone();
        move || report.with_untracked(|report| report.findings.iter().position(|f| key_of(f) == key))
    };
    let is_selected = Memo::new(move |_| {
        report.with(|report| {
            selected_finding
                .get()
                .and_then(|index| report.findings.get(index))
                .map(key_of)
        }) == Some(key.clone())
    });
    let check = checks::find(finding.id);
    let place = match (&finding.line, &finding.cluster) {
        (Some(line), Some(cluster)) => format!("line {line} · {cluster}"),
        (Some(line), None) => format!("line {line}"),
        (None, Some(cluster)) => cluster.clone(),
        (None, None) => String::new(),
    };
    let steps = match finding.steps {
        [] => String::new(),
        steps => {
            let numbers: Vec<String> = steps.iter().map(u8::to_string).collect();
            format!("diagram step {}", numbers.join(", "))
        }
    };
    let severity = finding.severity.as_str();
    view! {
        <li
            class=format!("rsi-finding rsi-finding--{severity}")
            class:rsi-finding--selected=move || is_selected.get()
            data-testid="finding"
            data-id=finding.id
            data-line=finding.line.map(|line| line.to_string()).unwrap_or_default()
        >
            <button
                class="rsi-finding__select"
                aria-pressed=move || is_selected.get().to_string()
                title="Select its line in the editor and its steps in the diagram"
                on:click=move |_| {
                    if let Some(index) = index_now() {
                        on_choose.run(index);
                    }
                }
            >
                <span class=format!("rsi-badge rsi-badge--{severity}")>{severity}</span>
                <code class="rsi-finding__id">{finding.id}</code>
                <span class="rsi-finding__place">{place}</span>
            </button>
            <p class="rsi-finding__message">{prose(&finding.message)}</p>
            {check.map(|check| {
                // The explanation is not in the first load: the extras module has it, asked for
                // the first time one is opened.
                let explanation = RwSignal::new(None::<Explanation>);
                let explain = move |_| {
                    if explanation.with_untracked(Option::is_none) {
                        extras.when_ready(move || explanation.set(extras::explanation(check.id)));
                    }
                };
                view! {
                    <details class="rsi-finding__details">
                        <summary on:click=explain>"Why, fix and source"</summary>
                        <dl>
                            {move || match explanation.get() {
                                Some(Explanation { why, fix, sources }) => {
                                    let links = sources
                                        .into_iter()
                                        .map(|(label, address)| match address {
                                            Some(address) => view! {
                                                <a href=address target="_blank" rel="noopener noreferrer">{label}</a>
                                            }
                                            .into_any(),
                                            None => view! { <span>{label}</span> }.into_any(),
                                        })
                                        .collect_view();
                                    view! {
                                        <dt>"Why"</dt>
                                        <dd>{prose(&why)}</dd>
                                        <dt>"Fix"</dt>
                                        <dd>{prose(&fix)}</dd>
                                        <dt>"Source"</dt>
                                        <dd class="rsi-finding__source">{links}</dd>
                                    }
                                    .into_any()
                                }
                                None => view! { <dt>"Why, fix and source"</dt><dd>"Loading…"</dd> }.into_any(),
                            }}
                            {(!steps.is_empty()).then(|| view! { <dt>"Breaks"</dt><dd>{steps.clone()}</dd> })}
                        </dl>
                    </details>
                }
            })}
        </li>
    }
}

/// The offer to restore a paste whose indentation was lost.
#[component]
pub fn RepairOffer(
    /// The report of the current input.
    report: Memo<Report>,
    /// The editor's text, which the repaired text replaces.
    text: InputText,
    /// The status line.
    set_status: WriteSignal<String>,
) -> impl IntoView {
    move || {
        report.with(|report| report.repaired_text().map(str::to_string)).map(|repaired| {
            let line = report.with(|report| report.model.indentation_lost.as_ref().map_or(1, |repair| repair.line));
            view! {
                <div class="rsi-repair" role="status" data-testid="repair">
                    <p>{format!("From line {line}, this paste has lost its indentation (a blog or chat flattened it). The inspector can restore it.")}</p>
                    <button class="rsi-button" data-testid="repair-apply" on:click=move |_| {
                        text.set(repaired.clone());
                        set_status.set("Restored the indentation.".to_string());
                    }>"Use the repaired text"</button>
                </div>
            }
        })
    }
}

/// The other Secrets of a list, counted by type: never inspected, never flagged.
#[component]
pub fn UnrelatedSecrets(
    /// The report of the current input.
    report: Memo<Report>,
) -> impl IntoView {
    move || {
        report.with(|report| {
            let others = &report.model.unrelated_secrets;
            (!others.is_empty()).then(|| {
                let mut by_type = std::collections::BTreeMap::<String, usize>::new();
                for secret in others {
                    *by_type
                        .entry(secret.secret_type.clone().unwrap_or_else(|| "(no type)".to_string()))
                        .or_default() += 1;
                }
                let kinds: Vec<String> = by_type
                    .iter()
                    .map(|(kind, count)| format!("{count} × {kind}"))
                    .collect();
                view! {
                    <details class="rsi-unrelated" data-testid="unrelated">
                        <summary>{format!("{} other Secrets, not inspected", others.len())}</summary>
                        <p>{kinds.join(", ")}</p>
                    </details>
                }
            })
        })
    }
}
