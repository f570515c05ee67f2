//! `input-limit`: the input passes a limit that keeps the page responsive; what lies beyond it
//! was not inspected.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::decode::MAX_ENTRIES;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "input-limit",
    severity: Severity::Warning,
    summary: "The input passes a limit of the inspector; the rest was not inspected.",
    why: prose!("The inspector runs on every keystroke; to stay responsive it reads at most 16 MB, 10,000 documents or list items and 1,000 keys per Secret, and says so past that. What it inspected keeps its verdict."),
    fix: prose!("Paste only the remote secrets: `kubectl get secrets -A -l istio/multiCluster=true -o yaml` keeps them and drops the rest of a cluster's Secrets."),
    source: sources!(&[Citation::doc("From kubectl apply to a synced cluster", "from-kubectl-apply-to-a-synced-cluster")]),
    steps: &[],
    effect: Effect::None,
    stage: Stage::Input,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for limit in &context.model.limits {
        sink.input(Some(limit.line), limit.value.to_string());
    }
    for (secret_index, secret) in context.secrets() {
        if secret.skipped_entries > 0 {
            sink.secret(
                secret_index,
                secret.data_line,
                format!(
                    "Secret `{}` has {} keys; the first {MAX_ENTRIES} were inspected, the rest were not",
                    secret.display_name(),
                    secret.entries.len() + secret.skipped_entries
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::decode::{MAX_DOCUMENTS, MAX_ENTRIES, MAX_INPUT_BYTES};

    #[test]
    fn fires_on_an_input_too_large_without_inspecting_it() {
        let input = format!("a: {}\n", "x".repeat(MAX_INPUT_BYTES));
        let report = check_fires("input-limit", &input, &["a:"]);
        assert_eq!(report.findings.len(), 1, "nothing else was inspected");
        assert!(report.findings[0].message.contains("nothing was inspected"));
    }

    #[test]
    fn fires_past_the_documents_a_list_holds_and_the_keys_of_a_secret() {
        let documents: String = (0..=MAX_DOCUMENTS).map(|n| format!("---\nkey{n}: value\n")).collect();
        let report = check_fires(
            "input-limit",
            &documents,
            &[line_of(&documents, &format!("key{MAX_DOCUMENTS}:"))],
        );
        assert_eq!(report.model.documents.len(), MAX_DOCUMENTS);

        let items: String = (0..=MAX_DOCUMENTS)
            .map(|n| format!("- kind: ConfigMap\n  metadata:\n    name: c{n}\n"))
            .collect();
        let list = format!("apiVersion: v1\nkind: List\nitems:\n{items}");
        check_fires(
            "input-limit",
            &list,
            &[line_of(&list, &format!("name: c{MAX_DOCUMENTS}")) - 2],
        );

        let keys: String = (0..=MAX_ENTRIES).map(|n| format!("  c{n}: x\n")).collect();
        let secret = format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: many\n  namespace: istio-system\n  labels:\n    istio/multiCluster: \"true\"\nstringData:\n{keys}");
        let report = check_fires("input-limit", &secret, &[line_of(&secret, "stringData:")]);
        assert_eq!(report.model.secrets[0].entries.len(), MAX_ENTRIES);
        assert_eq!(report.model.secrets[0].skipped_entries, 1);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("input-limit", &healthy());
    }
}
