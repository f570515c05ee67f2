//! `secret-data-base64`: a `data` value that is not base64.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::model::EntryValue;

pub const CHECK: Check = Check {
    id: "secret-data-base64",
    severity: Severity::Error,
    summary: "A `data` value is not valid base64.",
    why: prose!("`data` values are base64 in YAML and JSON. The API server cannot decode the object and refuses to store the whole Secret (`kubectl apply` fails with `cannot be handled as a Secret: illegal base64 data`), so istiod never sees it."),
    fix: prose!("Encode the kubeconfig with `base64 -w0`, or put it as plain text under `stringData` instead of `data`."),
    source: sources!(&[
        Citation::kubernetes("staging/src/k8s.io/api/core/v1/types.go", "Secret.Data"),
        Citation::go("src/encoding/base64/base64.go", "CorruptInputError"),
    ]),
    steps: &[2, 3],
    effect: Effect::Ignore,
    stage: Stage::ApiServer,
    istiod_log: "Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte {offset}",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, _, entry) in context.entries() {
        if let EntryValue::InvalidBase64 { problem, offset } = &entry.value {
            sink.entry(
                at,
                entry.line,
                format!("the `data` value of `{}` is not base64: {problem}", entry.cluster_id),
            )
            .log(format!(
                "Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte {offset}"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{RemoteSecretSpec, NOW};

    #[test]
    fn fires_on_bad_base64() {
        let input = RemoteSecretSpec::healthy(NOW).kubectl_yaml();
        let broken = input.replacen("  cluster2: ", "  cluster2: x%%", 1);
        let report = check_fires("secret-data-base64", &broken, &["cluster2:"]);
        assert_eq!(first_verdict(&report), Verdict::Ignored);
        assert_eq!(report.verdicts[0].istiod_log, None);
        assert_eq!(
            report.verdicts[0].api_server_answer.as_deref(),
            Some("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 1")
        );
        assert!(report.verdicts[0]
            .summary
            .starts_with("The API server refuses to store this Secret"));
    }

    #[test]
    fn quiet_on_healthy_data() {
        check_quiet("secret-data-base64", &RemoteSecretSpec::healthy(NOW).kubectl_yaml());
    }
}
