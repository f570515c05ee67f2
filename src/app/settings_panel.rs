//! The settings of docs/checks.md as a form. The report follows every change; the settings (never the
//! input) are mirrored into the address bar so that a link reproduces them.

use leptos::prelude::*;

use super::state::{FieldError, SettingsForm};
use crate::settings::KubeconfigOption;

#[component]
pub fn SettingsPanel(
    /// The settings as typed.
    form: RwSignal<SettingsForm>,
    /// The fields that do not hold a valid value, and why.
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let error_for = move |field: &'static str| {
        move || {
            errors
                .get()
                .into_iter()
                .find(|error| error.field == field)
                .map(|error| error.message)
        }
    };
    let text_field = move |field: &'static str,
                           label: &'static str,
                           help: &'static str,
                           get: fn(&SettingsForm) -> String,
                           set: fn(&mut SettingsForm, String)| {
        let id = format!("rsi-setting-{field}");
        let error_id = format!("{id}-error");
        let error = error_for(field);
        let invalid = move || error().is_some();
        view! {
            <div class="rsi-field">
                <label for=id.clone()>{label}</label>
                <input
                    id=id
                    type="text"
                    data-testid=format!("setting-{field}")
                    spellcheck="false"
                    prop:value=move || form.with(get)
                    aria-invalid=move || invalid().to_string()
                    aria-describedby=error_id.clone()
                    on:input=move |event| form.update(|form| set(form, event_target_value(&event)))
                />
                <small class="rsi-field__help">{help}</small>
                <small id=error_id class="rsi-field__error" role="alert">{error}</small>
            </div>
        }
    };
    let options = KubeconfigOption::ALL
        .into_iter()
        .map(|option| {
            let checked = move || form.with(|form| form.allowed_kubeconfig_options.contains(&option));
            let toggle = move |_| {
                form.update(|form| {
                    let options = &mut form.allowed_kubeconfig_options;
                    match options.iter().position(|o| *o == option) {
                        Some(at) => {
                            options.remove(at);
                        }
                        None => {
                            options.push(option);
                            options.sort();
                        }
                    }
                })
            };
            view! {
                <label class="rsi-check">
                    <input type="checkbox" prop:checked=checked on:change=toggle data-testid=format!("allow-{}", option.as_str()) />
                    <code>{option.as_str()}</code>
                </label>
            }
        })
        .collect_view();
    view! {
        <details class="rsi-settings" data-testid="settings">
            <summary>"Settings"</summary>
            <div class="rsi-settings__grid">
                {text_field("istio-namespace", "istiod namespace", "Where istiod watches for remote secrets.", |f| f.istio_namespace.clone(), |f, v| f.istio_namespace = v)}
                {text_field("primary-cluster-id", "Primary cluster ID", "istiod's own CLUSTER_ID; a key equal to it is skipped.", |f| f.primary_cluster_id.clone(), |f, v| f.primary_cluster_id = v)}
                {text_field("service-account", "Expected service account", "Whose token the secret should carry.", |f| f.expected_service_account.clone(), |f, v| f.expected_service_account = v)}
                {text_field("now", "Now (RFC 3339)", "Empty: this browser's clock. Set a time to travel.", |f| f.now.clone(), |f, v| f.now = v)}
                {text_field("warn-within", "Warn before expiry", "A duration: 30d, 12h, 2w.", |f| f.warn_within.clone(), |f, v| f.warn_within = v)}
                <fieldset class="rsi-field rsi-field--options">
                    <legend>"PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS"</legend>
                    <div class="rsi-checks">{options}</div>
                    <small class="rsi-field__help">"What your istiod re-allows in kubeconfigs."</small>
                </fieldset>
            </div>
            <button class="rsi-button" data-testid="settings-reset" on:click=move |_| form.set(SettingsForm::default())>
                "Reset to defaults"
            </button>
        </details>
    }
}
