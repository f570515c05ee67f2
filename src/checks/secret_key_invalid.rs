//! `secret-key-invalid`: a data key Kubernetes does not accept.

use super::{Check, Context, Effect, Sink};
use crate::report::Severity;

pub const CHECK: Check = Check {
    id: "secret-key-invalid",
    severity: Severity::Error,
    summary: "A data key has characters outside `[-._a-zA-Z0-9]`.",
    why: "The API server rejects the whole Secret (`a valid config key must consist of alphanumeric characters, '-', '_' or '.'`).",
    fix: "Rename the key (the cluster ID) to letters, digits, `-`, `_` and `.` only, and use the same ID in the remote cluster's `values.global.multiCluster.clusterName`.",
    source: "k8s.io/apimachinery validation IsConfigMapKey",
    steps: &[2],
    effect: Effect::Reject,
    istiod_log: "",
    run,
};

pub fn is_valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 253
        && key != "."
        && key != ".."
        && !key.starts_with("..")
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
}

fn run(context: &Context, sink: &mut Sink) {
    for (secret_index, entry_index, secret, entry) in context.entries() {
        if secret.origin != crate::model::SecretOrigin::BareKubeconfig && !is_valid_key(&entry.cluster_id) {
            sink.entry(
                secret_index,
                entry_index,
                entry.line,
                format!(
                    "the key `{}` is not a valid Secret key: Kubernetes rejects the Secret",
                    entry.cluster_id
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_a_key_with_a_slash_or_space() {
        let input = healthy().replace("  cluster2: |", "  east/cluster2: |");
        check_fires("secret-key-invalid", &input, &[12]);
        assert!(!super::is_valid_key("a b"));
        assert!(super::is_valid_key("cluster-2_a.b"));
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("secret-key-invalid", &healthy());
    }
}
