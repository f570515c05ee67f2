//! `secret-no-entries`: a Secret with no data keys.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "secret-no-entries",
    severity: Severity::Error,
    summary: "The Secret has no keys in `data` or `stringData`.",
    why: prose!("Each data key is one remote cluster; with none, istiod adds no cluster at all."),
    fix: prose!("Generate the Secret with `istioctl create-remote-secret --context=<remote> --name=<cluster ID>`, which writes one key per cluster."),
    source: sources!(&[
        Citation::istio("pkg/kube/multicluster/secretcontroller.go", "Controller.addSecret"),
    ]),
    steps: &[2, 3],
    effect: Effect::Ignore,
    stage: Stage::Controller,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (secret_index, secret) in context.real_secrets() {
        if secret.entries.is_empty() {
            sink.secret(
                secret_index,
                secret.data_line,
                "no keys in `data` or `stringData`: no cluster will be added".to_string(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_an_empty_secret() {
        check_fires(
            "secret-no-entries",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: istio-remote-secret-x\n  namespace: istio-system\n",
            &["apiVersion:"],
        );
        check_fires(
            "secret-no-entries",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\nstringData: {}\n",
            &["stringData:"],
        );
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("secret-no-entries", &healthy());
    }
}
