//! `secret-key-invalid`: a data key Kubernetes does not accept.

use super::istiod::quote;
use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::k8s_names::is_config_map_key;

pub const CHECK: Check = Check {
    id: "secret-key-invalid",
    severity: Severity::Error,
    summary: "A data key has characters outside `[-._a-zA-Z0-9]`.",
    why: prose!("The API server validates every key of `data` (and of `stringData`, which it folds into `data`) and refuses to store the whole Secret, so istiod never sees it: `kubectl apply` answers `The Secret \"...\" is invalid: data[...]: Invalid value: ...: a valid config key must consist of alphanumeric characters, '-', '_' or '.'`."),
    fix: prose!("Rename the key (the cluster ID) to letters, digits, `-`, `_` and `.` only, and use the same ID in the remote cluster's `values.global.multiCluster.clusterName`."),
    source: sources!(&[
        Citation::apimachinery("pkg/util/validation/validation.go", "IsConfigMapKey"),
        Citation::kubernetes("pkg/apis/core/validation/validation.go", "ValidateSecret"),
    ]),
    steps: &[2],
    effect: Effect::Ignore,
    stage: Stage::ApiServer,
    istiod_log: "The Secret \"{name}\" is invalid: data[{cluster}]: Invalid value: \"{cluster}\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    run,
};

/// What the API server answers for an invalid key (apimachinery's `RegexError` wording).
pub fn answer(secret_name: &str, key: &str) -> String {
    format!(
        "The Secret {name} is invalid: data[{key}]: Invalid value: {quoted}: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
        name = quote(secret_name),
        quoted = quote(key),
    )
}

fn run(context: &Context, sink: &mut Sink) {
    for (at, secret, entry) in context.entries() {
        if secret.origin != crate::model::SecretOrigin::BareKubeconfig && !is_config_map_key(&entry.cluster_id) {
            sink.entry(
                at,
                entry.line,
                format!(
                    "the key `{}` is not a valid Secret key (letters, digits, `-`, `_` and `.`)",
                    entry.cluster_id
                ),
            )
            .log(answer(&secret.display_name(), &entry.cluster_id));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_a_key_with_a_slash_or_space() {
        let input = healthy().replace("  cluster2: |", "  east/cluster2: |");
        let report = check_fires("secret-key-invalid", &input, &["east/cluster2:"]);
        assert_eq!(first_verdict(&report), Verdict::Ignored);
        assert!(report.verdicts[0]
            .api_server_answer
            .as_deref()
            .unwrap()
            .starts_with("The Secret \"istio-remote-secret-cluster2\" is invalid: data[east/cluster2]: Invalid value: \"east/cluster2\": a valid config key"));
        assert!(!crate::k8s_names::is_config_map_key("a b"));
        assert!(crate::k8s_names::is_config_map_key("cluster-2_a.b"));
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("secret-key-invalid", &healthy());
    }
}
