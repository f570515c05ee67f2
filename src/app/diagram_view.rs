//! The sequence diagram on the page: the core's SVG, coloured by the selected entry's findings,
//! with step-through (buttons, arrow keys, play), the current step explained beside it, a text
//! list of the steps, and download, copy and embed.
//!
//! The SVG goes in through `inner_html`, the one place the app does so: it is the core's own
//! markup, in which every text (the cluster ID comes from the input) is escaped by
//! `diagram::svg::escape`, so the page shows exactly the bytes a user downloads.

use std::time::Duration;

use leptos::prelude::*;

use super::browser;
use super::prose::prose;
use super::state::{embed_snippet, stepped, LAST_STEP};
use crate::diagram::svg::{render, SvgOptions, Theme};
use crate::diagram::{step, Diagram, STEPS};
use crate::report::Report;

const PLAY_INTERVAL: Duration = Duration::from_millis(2500);

/// The diagram with its controls and explanations.
#[component]
pub fn DiagramSection(
    /// The report of the current input, for the findings at a step.
    report: Memo<Report>,
    /// What to draw: the selected cluster entry's diagram, or the plain one.
    diagram: Memo<Diagram>,
    /// The step being explained.
    current: RwSignal<Option<u8>>,
    /// Steps to emphasise: the selected finding's.
    highlighted: Signal<Vec<u8>>,
    /// Called with a finding's index when it is chosen from the step's explanation.
    on_choose_finding: Callback<usize>,
    /// The embed view: the diagram and a one-line caption only.
    #[prop(optional)]
    embed: bool,
    /// A fixed theme; `None` follows the browser.
    #[prop(optional)]
    theme: Option<Theme>,
) -> impl IntoView {
    let page_theme = theme.unwrap_or(Theme::Auto);
    let svg = move || {
        let options = SvgOptions {
            theme: page_theme,
            current_step: current.get(),
            highlighted_steps: highlighted.get(),
        };
        diagram.with(|diagram| render(diagram, &options))
    };
    let (playing, set_playing) = signal(false);
    let (download_theme, set_download_theme) = signal(Theme::Auto);
    let (status, set_status) = signal(String::new());
    // A step chosen by the user is scrolled into view if it is not (the picture scrolls
    // sideways on a phone); steps chosen for them, on load, move nothing.
    let show = move |number: u8| {
        current.set(Some(number));
        request_animation_frame(move || {
            browser::scroll_into_view(&format!("[data-testid=diagram] [data-step='{number}'] .rsi-dg-title"))
        });
    };
    let go = move |delta: i16| show(stepped(current.get_untracked(), delta));

    let interval = StoredValue::new_local(None::<IntervalHandle>);
    let stop = move || {
        if let Some(handle) = interval.get_value() {
            handle.clear();
        }
        interval.set_value(None);
        set_playing.set(false);
    };
    let toggle_play = move |_| {
        if playing.get_untracked() {
            stop();
            return;
        }
        if current.get_untracked() == Some(LAST_STEP) {
            current.set(Some(1));
        }
        set_playing.set(true);
        let handle = set_interval_with_handle(
            move || match current.get_untracked() {
                Some(LAST_STEP) => {
                    if let Some(handle) = interval.get_value() {
                        handle.clear();
                    }
                    set_playing.set(false);
                }
                other => show(stepped(other, 1)),
            },
            PLAY_INTERVAL,
        );
        interval.set_value(handle.ok());
    };
    on_cleanup(move || {
        if let Some(handle) = interval.get_value() {
            handle.clear();
        }
    });

    // Arrow keys step through from anywhere but a form field.
    let keys = window_event_listener(leptos::ev::keydown, move |event| {
        if browser::typed_in_a_field(&event) || event.alt_key() || event.ctrl_key() || event.meta_key() {
            return;
        }
        let target = match event.key().as_str() {
            "ArrowRight" => Some(stepped(current.get_untracked(), 1)),
            "ArrowLeft" => Some(stepped(current.get_untracked(), -1)),
            "Home" if embed => Some(1),
            "End" if embed => Some(LAST_STEP),
            _ => None,
        };
        if let Some(step) = target {
            event.prevent_default();
            show(step);
        }
    });
    on_cleanup(move || keys.remove());

    let choose_from_figure = move |event: leptos::ev::MouseEvent| {
        let chosen =
            browser::closest_attribute(&event, "[data-step]", "data-step").and_then(|number| number.parse::<u8>().ok());
        if let Some(number) = chosen {
            show(number);
        }
    };

    let controls = move || {
        view! {
            <div class="rsi-diagram__controls" role="group" aria-label="Step through the sequence">
                <button class="rsi-button" data-testid="step-previous" on:click=move |_| go(-1)
                    disabled=move || current.get().unwrap_or(1) <= 1>
                    "← Previous"
                </button>
                <button class="rsi-button" data-testid="step-play" on:click=toggle_play>
                    {move || if playing.get() { "Pause" } else { "Play" }}
                </button>
                <button class="rsi-button" data-testid="step-next" on:click=move |_| go(1)
                    disabled=move || current.get() == Some(LAST_STEP)>
                    "Next →"
                </button>
                <span class="rsi-diagram__position" data-testid="step-position">
                    {move || match current.get() {
                        Some(number) => format!("Step {number} of {LAST_STEP}"),
                        None => format!("{LAST_STEP} steps"),
                    }}
                </span>
            </div>
        }
    };

    let figure = move || {
        view! {
            <div
                class="rsi-diagram__figure"
                data-testid="diagram"
                tabindex="0"
                aria-label="Sequence diagram; use the left and right arrow keys to step through"
                on:click=choose_from_figure
                inner_html=svg
            ></div>
        }
    };

    if embed {
        return view! {
            <main class="rsi-embed">
                {figure()}
                <p class="rsi-embed__caption" data-testid="step-caption">
                    {move || current.get().and_then(step).map(|step| view! {
                        <strong>{format!("{}. {}", step.number, step.title)}</strong>
                        " — "
                        {prose(step.happens)}
                    })}
                </p>
                {controls()}
            </main>
        }
        .into_any();
    }

    let explanation = move || {
        let number = current.get()?;
        let step = step(number)?;
        let diagram = diagram.get();
        let state = diagram.state(number);
        let finding_indexes = diagram
            .findings
            .get(usize::from(number) - 1)
            .cloned()
            .unwrap_or_default();
        let findings = report.with(|report| {
            finding_indexes
                .iter()
                .filter_map(|&index| {
                    report
                        .findings
                        .get(index)
                        .map(|finding| (index, finding.id, finding.message.clone()))
                })
                .collect::<Vec<_>>()
        });
        let (remote, server) = (diagram.remote_cluster.clone(), diagram.remote_server.clone());
        Some(view! {
            <h3 class="rsi-explain__title">
                {format!("Step {number}: {}", step.title)}
                {(!state.words().is_empty()).then(|| view! {
                    <span class=format!("rsi-badge rsi-badge--step-{}", state.as_str()) data-testid="step-state">
                        {state.words()}
                    </span>
                })}
            </h3>
            <p class="rsi-explain__route">
                {format!("{} → {}", step.from.name(), step.to.name())}
                {step.via.map(|via| format!(" (via {})", via.name()))}
                {(!step.payload.is_empty()).then(|| view! { " · " <code>{step.payload_for(&remote, &server)}</code> })}
            </p>
            <dl class="rsi-explain__fields">
                <dt>"What happens"</dt>
                <dd>{prose(step.happens)}</dd>
                <dt>"What is verified"</dt>
                <dd>{prose(step.verified)}</dd>
                <dt>"What goes wrong"</dt>
                <dd>{prose(step.goes_wrong)}</dd>
                <dt>"Source"</dt>
                <dd><code>{step.source}</code></dd>
            </dl>
            {(!findings.is_empty()).then(|| view! {
                <h4 class="rsi-explain__subtitle">"Findings at this step"</h4>
                <ul class="rsi-explain__findings" data-testid="step-findings">
                    {findings.into_iter().map(|(index, id, message)| view! {
                        <li>
                            <button class="rsi-link-button" on:click=move |_| on_choose_finding.run(index)>
                                <code>{id}</code>
                            </button>
                            " "
                            {prose(&message)}
                        </li>
                    }).collect_view()}
                </ul>
            })}
        })
    };

    let step_list = move || {
        let diagram = diagram.get();
        STEPS
            .iter()
            .map(|step| {
                let number = step.number;
                let state = diagram.state(number);
                let words = state.words();
                view! {
                    <li
                        class=format!("rsi-steps__item rsi-steps__item--{}", state.as_str())
                        class:rsi-steps__item--current=move || current.get() == Some(number)
                        data-state=state.as_str()
                    >
                        <button class="rsi-link-button" on:click=move |_| show(number)>
                            {step.title}
                        </button>
                        {format!(": {} → {}", step.from.name(), step.to.name())}
                        {(!words.is_empty()).then(|| format!(" ({words})"))}
                    </li>
                }
            })
            .collect_view()
    };

    // What Download and Copy give: the diagram at the current step, in the chosen theme.
    let exported_svg = move || {
        let options = SvgOptions {
            theme: download_theme.get_untracked(),
            current_step: current.get_untracked(),
            highlighted_steps: Vec::new(),
        };
        diagram.with_untracked(|diagram| render(diagram, &options))
    };
    let download = move |_| {
        let content = exported_svg();
        let message = match browser::download("remote-secret-authentication.svg", "image/svg+xml", &content) {
            Ok(()) => "Saved remote-secret-authentication.svg.".to_string(),
            Err(reason) => format!("Could not save the SVG: {reason}."),
        };
        set_status.set(message);
    };
    let copy_svg = move |_| {
        let content = exported_svg();
        leptos::task::spawn_local(async move {
            set_status.set(match browser::copy_text(&content).await {
                Ok(()) => "The SVG is on the clipboard.".to_string(),
                Err(reason) => format!("Could not copy: {reason}."),
            });
        });
    };
    let copy_embed = move |_| {
        let theme = match download_theme.get_untracked() {
            Theme::Auto if browser::prefers_dark() => Theme::Dark,
            Theme::Auto => Theme::Light,
            other => other,
        };
        let snippet = embed_snippet(&browser::page_address(), current.get_untracked().unwrap_or(1), theme);
        leptos::task::spawn_local(async move {
            set_status.set(match browser::copy_text(&snippet).await {
                Ok(()) => "The <iframe> snippet is on the clipboard.".to_string(),
                Err(reason) => format!("Could not copy: {reason}."),
            });
        });
    };

    view! {
        <section class="rsi-diagram" aria-labelledby="rsi-diagram-heading">
            <div class="rsi-diagram__header">
                <h2 id="rsi-diagram-heading" class="rsi-section-title">
                    {move || diagram.with(|diagram| match diagram.is_plain() {
                        false => format!("Authentication sequence for {}", diagram.remote_cluster),
                        true => "Authentication sequence".to_string(),
                    })}
                </h2>
                {controls()}
            </div>
            <div class="rsi-diagram__body">
                <div class="rsi-diagram__scroll">{figure()}</div>
                <aside class="rsi-explain" data-testid="step-explanation" aria-live="polite">
                    {move || explanation().map(IntoAny::into_any).unwrap_or_else(|| view! {
                        <p class="rsi-empty">"Choose a step, press → or Play to walk through the sequence."</p>
                    }.into_any())}
                </aside>
            </div>
            <div class="rsi-diagram__export">
                <label>
                    "SVG theme "
                    <select data-testid="svg-theme" on:change=move |event| {
                        set_download_theme.set(Theme::parse(&event_target_value(&event)).unwrap_or_default())
                    }>
                        <option value="auto" selected>"auto (follows the viewer)"</option>
                        <option value="light">"light"</option>
                        <option value="dark">"dark"</option>
                    </select>
                </label>
                <button class="rsi-button" data-testid="download-svg" on:click=download>"Download SVG"</button>
                <button class="rsi-button" data-testid="copy-svg" on:click=copy_svg>"Copy SVG"</button>
                <button class="rsi-button" data-testid="copy-embed" on:click=copy_embed>"Copy embed snippet"</button>
                <span class="rsi-status" role="status" data-testid="diagram-status">{move || status.get()}</span>
            </div>
            <details class="rsi-steps" open>
                <summary>"The steps as text"</summary>
                <ol class="rsi-steps__list" data-testid="step-list">{step_list}</ol>
            </details>
        </section>
    }
    .into_any()
}
