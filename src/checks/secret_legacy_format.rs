//! `secret-legacy-format`: written by an older istioctl.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "secret-legacy-format",
    severity: Severity::Info,
    summary: "The Secret was written by an older istioctl.",
    why: prose!("`creationTimestamp: null` and `preferences: {}` (1.7 to 1.27) are harmless; `istio.io/clusterContext` (1.6 and earlier) hints at a Secret old enough that its token or CA may have rotated since."),
    fix: prose!("Nothing is required; regenerate with a current istioctl when you next rotate credentials."),
    source: sources!(&[
        Citation::istio("istioctl/pkg/multicluster/remote_secret.go", "createBaseKubeconfig"),
        Citation::doc("The remote secret", "the-remote-secret"),
    ]),
    steps: &[],
    effect: Effect::None,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (secret_index, secret) in context.real_secrets() {
        let mut marks: Vec<(String, usize)> = secret
            .legacy_markers
            .iter()
            .map(|m| (format!("`{}`", m.value), m.line))
            .collect();
        for entry in &secret.entries {
            if let Some(line) = entry.kubeconfig.as_ref().and_then(|config| config.empty_preferences) {
                marks.push(("`preferences: {}`".to_string(), line));
            }
        }
        if let Some((_, line)) = marks.first() {
            let names: Vec<String> = marks.iter().map(|(name, _)| name.clone()).collect();
            sink.secret(
                secret_index,
                *line,
                format!("written by an older istioctl: {}", names.join(", ")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_legacy_marks() {
        let input = healthy().replace("  labels:\n", "  creationTimestamp: null\n  labels:\n");
        check_fires("secret-legacy-format", &input, &["creationTimestamp:"]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("secret-legacy-format", &healthy());
    }

    #[test]
    fn fires_on_an_empty_preferences_and_names_every_mark() {
        let input = healthy()
            .replace("  labels:\n", "  creationTimestamp: null\n  labels:\n")
            .replace("    kind: Config\n", "    kind: Config\n    preferences: {}\n");
        let report = check_fires("secret-legacy-format", &input, &["creationTimestamp:"]);
        assert_eq!(
            message_of(&report, "secret-legacy-format"),
            "written by an older istioctl: `creationTimestamp: null`, `preferences: {}`"
        );
        let only_preferences = healthy().replace("    kind: Config\n", "    kind: Config\n    preferences: {}\n");
        // At its own line, not the kubeconfig's.
        check_fires("secret-legacy-format", &only_preferences, &["preferences: {}"]);
    }
}
