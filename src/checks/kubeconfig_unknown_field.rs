//! `kubeconfig-unknown-field`: a field client-go's loader does not know and drops.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "kubeconfig-unknown-field",
    severity: Severity::Warning,
    summary: "The kubeconfig has a field client-go does not know; it is dropped without a word.",
    why: prose!("client-go's loader is lenient and case-sensitive: a field it does not know (`certificate-authority-date`, `insecure-skip-tls-verfy`, `Server`) is silently dropped, so the setting the author meant is simply not there: a cluster without its CA, TLS verification still on, no server at all."),
    fix: prose!("Rename the field to the one client-go knows (the message names the closest), or remove it."),
    source: sources!(&[
        Citation::client_go("tools/clientcmd/api/v1/types.go", "Cluster, Context, AuthInfo"),
        Citation::client_go("tools/clientcmd/loader.go", "Load"),
    ]),
    steps: &[3],
    effect: Effect::Risk,
    stage: Stage::Load,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        for unknown in &config.unknown_fields {
            let place = if unknown.parent.is_empty() {
                "at the top of the kubeconfig".to_string()
            } else {
                format!("in `{}`", unknown.parent)
            };
            let hint = match unknown.suggestion {
                Some(known) => format!("; did you mean `{known}`?"),
                None => String::new(),
            };
            sink.entry(
                at,
                unknown.line,
                format!("client-go does not know `{}` {place} and drops it{hint}", unknown.field),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_a_misspelt_ca_field_and_names_the_right_one() {
        let input = healthy().replace("certificate-authority-data:", "certificate-authority-date:");
        let report = check_fires(
            "kubeconfig-unknown-field",
            &input,
            &[line_of(&input, "certificate-authority-date:")],
        );
        let finding = report
            .findings
            .iter()
            .find(|f| f.id == "kubeconfig-unknown-field")
            .unwrap();
        assert!(
            finding.message.contains("did you mean `certificate-authority-data`"),
            "{}",
            finding.message
        );
        // The CA is gone as far as client-go is concerned.
        assert!(report.findings.iter().any(|f| f.id == "tls-ca-missing"));
    }

    #[test]
    fn fires_at_every_level() {
        let input = healthy()
            .replace("    kind: Config\n", "    kind: Config\n    current-contxt: cluster2\n")
            .replace(
                "        user: cluster2\n",
                "        user: cluster2\n        namespaces: default\n",
            )
            .replace("        token:", "        Token: x\n        token:");
        check_fires(
            "kubeconfig-unknown-field",
            &input,
            &[
                line_of(&input, "namespaces:"),
                line_of(&input, "current-contxt:"),
                line_of(&input, "Token: x"),
            ],
        );
    }

    #[test]
    fn quiet_on_healthy_and_on_known_optional_fields() {
        check_quiet("kubeconfig-unknown-field", &healthy());
        let input = healthy().replace(
            "        server:",
            "        disable-compression: true\n        tls-server-name: api.internal\n        server:",
        );
        check_quiet("kubeconfig-unknown-field", &input);
    }

    #[test]
    fn a_field_like_no_known_one_gets_no_hint() {
        let input = healthy().replace("        token:", "        zzzzzzzz: 1\n        token:");
        let report = check_fires("kubeconfig-unknown-field", &input, &["zzzzzzzz:"]);
        assert_eq!(
            message_of(&report, "kubeconfig-unknown-field"),
            "client-go does not know `zzzzzzzz` in `users[cluster2].user` and drops it"
        );
    }
}
