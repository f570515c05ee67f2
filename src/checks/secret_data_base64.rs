//! `secret-data-base64`: a `data` value that is not base64.

use super::{Check, Context, Effect, Sink};
use crate::model::EntryValue;
use crate::report::Severity;

pub const CHECK: Check = Check {
    id: "secret-data-base64",
    severity: Severity::Error,
    summary: "A `data` value is not valid base64.",
    why: "The API server rejects a Secret whose `data` is not base64, so it never reaches istiod.",
    fix: "Encode the kubeconfig with `base64 -w0`, or put it as plain text under `stringData` instead of `data`.",
    source: "Kubernetes API (Secret.data is []byte, base64 in YAML and JSON)",
    steps: &[2, 3],
    effect: Effect::Reject,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (secret_index, entry_index, _, entry) in context.entries() {
        if let EntryValue::InvalidBase64 { message } = &entry.value {
            sink.entry(
                secret_index,
                entry_index,
                entry.line,
                format!("the `data` value of `{}` is not base64: {message}", entry.cluster_id),
            );
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
        check_fires("secret-data-base64", &broken, &[3]);
    }

    #[test]
    fn quiet_on_healthy_data() {
        check_quiet("secret-data-base64", &RemoteSecretSpec::healthy(NOW).kubectl_yaml());
    }
}
