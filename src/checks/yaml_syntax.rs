//! `yaml-syntax`: a document that is neither YAML nor JSON.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "yaml-syntax",
    severity: Severity::Error,
    summary: "The text (or a document in it) is not YAML or JSON.",
    why: prose!("kubectl refuses to apply it, so istiod never sees the Secret; nothing else in that document can be checked."),
    fix: prose!("Correct the YAML at the line and column given. Indentation must use spaces, and a `key: |` block must be indented more than its key."),
    source: sources!(&[
        Citation::spec("kubectl apply (sigs.k8s.io/yaml)", "https://github.com/kubernetes-sigs/yaml"),
        Citation::doc("From kubectl apply to a synced cluster", "from-kubectl-apply-to-a-synced-cluster"),
    ]),
    steps: &[2],
    effect: Effect::Ignore,
    stage: Stage::Input,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    // When the indentation was lost, `yaml-indentation-lost` explains these errors better.
    if context.model.indentation_lost.is_some() {
        return;
    }
    for error in &context.model.syntax_errors {
        sink.input(
            Some(error.line),
            format!(
                "not YAML or JSON at line {}, column {}: {}",
                error.line, error.column, error.message
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_broken_yaml_with_its_line() {
        // Both end without a closing token: the parser reports the line after the last one.
        check_fires("yaml-syntax", "apiVersion: v1\nkind: Secret\nmetadata: [\n", &[4]);
        check_fires("yaml-syntax", "a: 1\n---\nkey: \"unterminated\n", &[4]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("yaml-syntax", &healthy());
    }
}
