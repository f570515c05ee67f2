//! The Generate panel: a remote secret from its parts, as `istioctl create-remote-secret` writes
//! it, inspected at once (verdict, findings, the coloured diagram beside the text); and the sample
//! builder, whose sample goes into the editor for the whole inspector. The form holds a token: it
//! lives in signals only, never in the address bar or storage, and the text is masked on screen
//! until "Reveal secrets".

use leptos::prelude::*;

use super::browser;
use super::extras::{self, Extras};
use super::prose::prose;
use super::state::{GenerateForm, GenerateOutcome};
use crate::diagram::svg::{render, SvgOptions, Theme};
use crate::diagram::Diagram;
use crate::generate::samples::{Fault, FAULTS};
use crate::redact::{mask, sensitive_spans};
use crate::settings::Settings;

#[component]
pub fn GeneratePanel(
    /// The editor's text: "Inspect this" and "Build sample" put their text there.
    text: RwSignal<String>,
    /// The inspector's settings (and "now").
    settings: Signal<Settings>,
    /// Whether secrets are shown on screen.
    revealed: ReadSignal<bool>,
    /// The status line.
    set_status: WriteSignal<String>,
    /// The extras module, which makes samples.
    extras: Extras,
    /// Told the instant a sample was made at (its keys derive from it).
    on_sample_made: Callback<i64>,
) -> impl IntoView {
    let form = RwSignal::new(GenerateForm::default());
    let outcome = Memo::new(move |_| form.with(GenerateForm::outcome));
    let generated = Memo::new(move |_| match outcome.get() {
        GenerateOutcome::Generated(generated) => Some(generated),
        _ => None,
    });
    // A report is recomputed only when the generated text or the settings change (the memo above
    // it compares), so it never needs comparing itself.
    let report = Memo::new_with_compare(
        move |_| {
            generated.with(|generated| {
                generated.as_ref().map(|generated| {
                    let settings = form.with(|form| form.inspection_settings(&settings.get()));
                    crate::inspect(&generated.yaml, &settings)
                })
            })
        },
        |_, _| true,
    );
    let problem_for = move |field: &'static str| {
        move || match outcome.get() {
            GenerateOutcome::Problems(problems) => problems
                .into_iter()
                .find(|(name, _)| *name == field)
                .map(|(_, message)| message),
            _ => None,
        }
    };

    // How a field takes its text: one line, several lines, or a secret (one line, masked on
    // screen until "Reveal secrets", as the editor masks tokens).
    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Line,
        Lines,
        Secret,
    }
    let text_field = move |field: &'static str,
                           label: &'static str,
                           kind: Kind,
                           get: fn(&GenerateForm) -> String,
                           set: fn(&mut GenerateForm, String)| {
        let id = format!("rsi-generate-{field}");
        let error_id = format!("{id}-error");
        let problem = problem_for(field);
        let invalid = move || problem().is_some();
        let control = if kind == Kind::Lines {
            view! {
                <textarea
                    id=id.clone()
                    rows="4"
                    data-testid=format!("generate-{field}")
                    spellcheck="false"
                    autocomplete="off"
                    prop:value=move || form.with(get)
                    aria-invalid=move || invalid().to_string()
                    aria-describedby=error_id.clone()
                    on:input=move |event| form.update(|form| set(form, event_target_value(&event)))
                ></textarea>
            }
            .into_any()
        } else {
            let input_type = move || match (kind, revealed.get()) {
                (Kind::Secret, false) => "password",
                _ => "text",
            };
            view! {
                <input
                    id=id.clone()
                    type=input_type
                    data-testid=format!("generate-{field}")
                    spellcheck="false"
                    autocomplete="off"
                    prop:value=move || form.with(get)
                    aria-invalid=move || invalid().to_string()
                    aria-describedby=error_id.clone()
                    on:input=move |event| form.update(|form| set(form, event_target_value(&event)))
                />
            }
            .into_any()
        };
        view! {
            <div class="rsi-field">
                <label for=id.clone()>{label}</label>
                {control}
                <small id=error_id class="rsi-field__error" role="alert" data-testid=format!("generate-error-{field}")>
                    {problem}
                </small>
            </div>
        }
    };
    let choice = move |field: &'static str,
                       label: &'static str,
                       options: &'static [(&'static str, &'static str)],
                       get: fn(&GenerateForm) -> String,
                       set: fn(&mut GenerateForm, String)| {
        let id = format!("rsi-generate-{field}");
        view! {
            <div class="rsi-field">
                <label for=id.clone()>{label}</label>
                <select
                    id=id
                    data-testid=format!("generate-{field}")
                    prop:value=move || form.with(get)
                    on:change=move |event| form.update(|form| set(form, event_target_value(&event)))
                >
                    {options.iter().map(|(value, words)| view! { <option value=*value>{*words}</option> }).collect_view()}
                </select>
            </div>
        }
    };

    // What the panel shows of the generated text: masked unless revealed.
    let shown_yaml = move || {
        generated.with(|generated| {
            generated.as_ref().map(|generated| {
                if revealed.get() {
                    generated.yaml.clone()
                } else {
                    // The report already holds the decoded model of this very text; it is
                    // there whenever a text is, so decoding again is only a fallback.
                    let spans = report.with(|report| match report {
                        Some(report) => sensitive_spans(&generated.yaml, &report.model),
                        None => sensitive_spans(&generated.yaml, &crate::decode::decode(&generated.yaml)),
                    });
                    mask(&generated.yaml, &spans)
                }
            })
        })
    };
    let verdict_line =
        move || report.with(|report| report.as_ref().and_then(|report| report.verdicts.first().cloned()));
    let findings = move || {
        report.with(|report| {
            report
                .as_ref()
                .map(|report| {
                    report
                        .findings
                        .iter()
                        .map(|finding| (finding.severity.as_str(), finding.id, finding.message.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let diagram_svg = move || {
        report.with(|report| {
            report.as_ref().map(|report| {
                render(
                    &Diagram::for_entry(report, 0, 0),
                    &SvgOptions {
                        theme: Theme::Auto,
                        current_step: None,
                        highlighted_steps: Vec::new(),
                    },
                )
            })
        })
    };
    let inspect_this = move |_| {
        if let Some(generated) = generated.get_untracked() {
            text.set(generated.yaml);
            set_status.set("The generated secret is in the editor. It stays in this page.".to_string());
        }
    };
    let copy = move |_| {
        if let Some(generated) = generated.get_untracked() {
            leptos::task::spawn_local(async move {
                match browser::copy_text(&generated.yaml).await {
                    Ok(()) => set_status.set("Copied the generated secret.".to_string()),
                    Err(reason) => set_status.set(reason),
                }
            });
        }
    };

    // The sample builder.
    let chosen = RwSignal::new(Vec::<&'static str>::new());
    let build_sample = move |_| {
        let faults: Vec<&'static Fault> =
            chosen.with_untracked(|ids| FAULTS.iter().filter(|fault| ids.contains(&fault.id)).collect());
        let names: Vec<&'static str> = faults.iter().map(|fault| fault.id).collect();
        let now = settings.get_untracked().now;
        set_status.set("Making the sample…".to_string());
        extras.when_ready(move || {
            let Some(sample) = extras::sample(now, &names) else {
                set_status.set(extras::FAILED.to_string());
                return;
            };
            text.set(sample);
            on_sample_made.run(now);
            set_status.set(sample_status(&names));
        });
    };
    let fault_boxes = FAULTS
        .iter()
        .map(|fault| {
            let id = fault.id;
            let checked = move || chosen.with(|ids| ids.contains(&id));
            let toggle = move |_| {
                chosen.update(|ids| match ids.iter().position(|known| *known == id) {
                    Some(at) => {
                        ids.remove(at);
                    }
                    None => ids.push(id),
                })
            };
            let steps: Vec<String> = fault.steps().iter().map(u8::to_string).collect();
            let breaks = if steps.is_empty() { "no step".to_string() } else { format!("steps {}", steps.join(", ")) };
            view! {
                <li class="rsi-generate__fault">
                    <label>
                        <input type="checkbox" data-testid=format!("fault-{id}") prop:checked=checked on:change=toggle />
                        <code>{id}</code>
                        " "
                        {prose(fault.summary)}
                        <small class="rsi-generate__fault-check">{format!(" {} · {breaks}", fault.check)}</small>
                    </label>
                </li>
            }
        })
        .collect_view();

    view! {
        <details class="rsi-generate" data-testid="generate-panel">
            <summary>"Generate a remote secret"</summary>
            <div class="rsi-generate__body">
                <section class="rsi-generate__parts" aria-labelledby="rsi-generate-parts-heading">
                    <h3 id="rsi-generate-parts-heading">"From its parts, as istioctl writes it"</h3>
                    <p class="rsi-field__help">
                        "The same bytes as " <code>"istioctl create-remote-secret"</code>
                        " for these inputs. Nothing you type leaves this page or is stored."
                    </p>
                    <div class="rsi-generate__fields">
                        {text_field("name", "Cluster name (--name)", Kind::Line, |f| f.name.clone(), |f, v| f.name = v)}
                        {text_field("server", "API server (--server)", Kind::Line, |f| f.server.clone(), |f, v| f.server = v)}
                        {text_field("ca", "API server's CA (PEM)", Kind::Lines, |f| f.certificate_authority.clone(), |f, v| f.certificate_authority = v)}
                        {choice("auth-type", "Authentication (--auth-type)", &[("bearer-token", "bearer-token"), ("plugin", "plugin")], |f| f.auth_type.clone(), |f, v| f.auth_type = v)}
                        {move || if form.with(|form| form.auth_type == "plugin") {
                            view! {
                                <div class="rsi-generate__plugin">
                                    {text_field("auth-plugin-name", "Plugin name (--auth-plugin-name)", Kind::Line, |f| f.auth_plugin_name.clone(), |f, v| f.auth_plugin_name = v)}
                                    {text_field("auth-plugin-config", "Plugin config (key=value per line)", Kind::Lines, |f| f.auth_plugin_config.clone(), |f, v| f.auth_plugin_config = v)}
                                </div>
                            }.into_any()
                        } else {
                            text_field("token", "Reader token (masked)", Kind::Secret, |f| f.token.clone(), |f, v| f.token = v).into_any()
                        }}
                        {text_field("namespace", "Namespace (-n)", Kind::Line, |f| f.namespace.clone(), |f, v| f.namespace = v)}
                        {text_field("service-account", "Service account (--service-account)", Kind::Line, |f| f.service_account.clone(), |f, v| f.service_account = v)}
                        {text_field("tls-server-name", "TLS server name (--tls-server-name)", Kind::Line, |f| f.tls_server_name.clone(), |f, v| f.tls_server_name = v)}
                        {choice("type", "Type (--type)", &[("remote", "remote"), ("config", "config (external control plane)")], |f| f.secret_type.clone(), |f, v| f.secret_type = v)}
                        {choice("layout", "Layout", &[("current", "istioctl 1.28 and later"), ("1.27", "istioctl 1.7 to 1.27")], |f| f.layout.clone(), |f, v| f.layout = v)}
                    </div>
                    {move || match outcome.get() {
                        GenerateOutcome::Refused(reason) => Some(view! {
                            <p class="rsi-generate__refusal" role="alert" data-testid="generate-refusal">
                                "istioctl refuses: " <code>{reason}</code>
                            </p>
                        }.into_any()),
                        GenerateOutcome::Generated(generated) => Some(view! {
                            <ul class="rsi-generate__warnings" data-testid="generate-warnings">
                                {generated.warnings.into_iter().map(|warning| view! { <li>"istioctl warns: " {warning}</li> }).collect_view()}
                            </ul>
                        }.into_any()),
                        _ => None,
                    }}
                    {move || shown_yaml().map(|yaml| view! {
                        <div class="rsi-generate__result">
                            <div class="rsi-generate__actions">
                                <button class="rsi-button rsi-button--primary" data-testid="generate-inspect" on:click=inspect_this>"Inspect this"</button>
                                <button class="rsi-button" data-testid="generate-copy" on:click=copy>"Copy"</button>
                            </div>
                            <pre class="rsi-generate__yaml" data-testid="generated-yaml">{yaml}</pre>
                            {verdict_line().map(|verdict| view! {
                                <p class="rsi-generate__verdict" data-testid="generate-verdict" data-verdict=verdict.verdict.as_str()>
                                    <span class=format!("rsi-badge rsi-badge--{}", verdict.verdict.as_str())>{verdict.verdict.as_str()}</span>
                                    " " {prose(&verdict.summary)}
                                </p>
                            })}
                            <ul class="rsi-generate__findings" data-testid="generate-findings">
                                {findings().into_iter().map(|(severity, id, message)| view! {
                                    <li data-id=id>
                                        <span class=format!("rsi-badge rsi-badge--{severity}")>{severity}</span>
                                        " " <code>{id}</code> " " {prose(&message)}
                                    </li>
                                }).collect_view()}
                            </ul>
                            <div class="rsi-generate__diagram" data-testid="generate-diagram" inner_html=diagram_svg().unwrap_or_default()></div>
                        </div>
                    })}
                </section>
                <section class="rsi-generate__samples" aria-labelledby="rsi-generate-samples-heading">
                    <h3 id="rsi-generate-samples-heading">"A teaching sample with chosen faults"</h3>
                    <p class="rsi-field__help">
                        "A complete secret made in this page at its clock, with a throwaway CA and token: never a real credential. Choose faults to see what breaks where."
                    </p>
                    <ul class="rsi-generate__faults">{fault_boxes}</ul>
                    <button class="rsi-button rsi-button--primary" data-testid="build-sample" on:click=build_sample>
                        "Build sample"
                    </button>
                </section>
            </div>
        </details>
    }
}

/// What the status line says of a sample with `names` faults.
fn sample_status(names: &[&str]) -> String {
    if names.is_empty() {
        "A healthy sample is in the editor: made in this page, it holds no real credential.".to_string()
    } else {
        format!(
            "A sample with {} is in the editor: made in this page, it holds no real credential.",
            names.join(", ")
        )
    }
}
