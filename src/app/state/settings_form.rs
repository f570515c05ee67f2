//! The settings as the settings panel edits them: text fields, checked field by field, with the
//! reason a value is refused.

use crate::settings::{parse_duration, KubeconfigOption, Settings, DAY};
use crate::time_format::parse_rfc3339;

/// The settings as the form edits them: text fields, checked until valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsForm {
    pub istio_namespace: String,
    pub primary_cluster_id: String,
    pub allowed_kubeconfig_options: Vec<KubeconfigOption>,
    pub expected_service_account: String,
    /// RFC 3339, or empty for the browser's clock.
    pub now: String,
    /// A duration such as `30d`.
    pub warn_within: String,
}

impl Default for SettingsForm {
    fn default() -> SettingsForm {
        let defaults = Settings::at(0);
        SettingsForm {
            istio_namespace: defaults.istio_namespace,
            primary_cluster_id: defaults.primary_cluster_id,
            allowed_kubeconfig_options: defaults.allowed_kubeconfig_options,
            expected_service_account: defaults.expected_service_account,
            now: String::new(),
            warn_within: format!("{}d", defaults.warn_within_seconds / DAY),
        }
    }
}

/// One field of the form that does not hold a valid value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl SettingsForm {
    /// The settings the checks read, at `clock_now` unless the form travels in time. Invalid
    /// fields keep their defaults and are reported, so the report never stops.
    pub fn to_settings(&self, clock_now: i64) -> (Settings, Vec<FieldError>) {
        let mut settings = Settings::at(clock_now);
        let mut errors = Vec::new();
        let mut text_field = |field: &'static str, value: &str, target: &mut String| match value.trim() {
            "" => errors.push(FieldError {
                field,
                message: "cannot be empty; the default is used".to_string(),
            }),
            trimmed => *target = trimmed.to_string(),
        };
        text_field("istio-namespace", &self.istio_namespace, &mut settings.istio_namespace);
        text_field(
            "primary-cluster-id",
            &self.primary_cluster_id,
            &mut settings.primary_cluster_id,
        );
        text_field(
            "service-account",
            &self.expected_service_account,
            &mut settings.expected_service_account,
        );
        settings.allowed_kubeconfig_options = self.allowed_kubeconfig_options.clone();
        if !self.now.trim().is_empty() {
            match parse_rfc3339(&self.now) {
                Ok(now) => settings.now = now,
                Err(message) => errors.push(FieldError { field: "now", message }),
            }
        }
        match parse_duration(&self.warn_within) {
            Ok(seconds) => settings.warn_within_seconds = seconds,
            Err(message) => errors.push(FieldError {
                field: "warn-within",
                message,
            }),
        }
        (settings, errors)
    }

    /// Only the fields that differ from the defaults, as URL query pairs.
    pub(super) fn changed_pairs(&self) -> Vec<(&'static str, String)> {
        let defaults = SettingsForm::default();
        let mut pairs = Vec::new();
        let mut differs = |key: &'static str, value: &str, default: &str| {
            if value.trim() != default {
                pairs.push((key, value.trim().to_string()));
            }
        };
        differs("namespace", &self.istio_namespace, &defaults.istio_namespace);
        differs("primary", &self.primary_cluster_id, &defaults.primary_cluster_id);
        differs("sa", &self.expected_service_account, &defaults.expected_service_account);
        differs("now", &self.now, "");
        differs("warn", &self.warn_within, &defaults.warn_within);
        if !self.allowed_kubeconfig_options.is_empty() {
            let names: Vec<&str> = self.allowed_kubeconfig_options.iter().map(|o| o.as_str()).collect();
            pairs.push(("allow", names.join(",")));
        }
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::NOW;

    #[test]
    fn invalid_settings_fall_back_to_defaults_and_say_why() {
        let form = SettingsForm {
            now: "yesterday".to_string(),
            warn_within: "3y".to_string(),
            istio_namespace: "  ".to_string(),
            ..SettingsForm::default()
        };
        let (settings, errors) = form.to_settings(NOW);
        assert_eq!(settings, Settings::at(NOW));
        let fields: Vec<&str> = errors.iter().map(|error| error.field).collect();
        assert_eq!(fields, ["istio-namespace", "now", "warn-within"]);
        let travelled = SettingsForm {
            now: "2030-01-01T00:00:00Z".to_string(),
            ..SettingsForm::default()
        };
        assert_eq!(travelled.to_settings(NOW).0.now, 1_893_456_000);
    }
}
