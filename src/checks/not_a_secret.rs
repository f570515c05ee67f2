//! `not-a-secret`: a document that is neither a v1 Secret nor a kubeconfig.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "not-a-secret",
    severity: Severity::Error,
    summary: "A document is neither a `v1` Secret nor a kubeconfig (`kind: Config`).",
    why: prose!("istiod reads remote clusters only from Secrets; any other object (a ConfigMap, a kubeconfig wrapped differently) is never looked at."),
    fix: prose!("Paste the output of `istioctl create-remote-secret` or `kubectl get secret <name> -n istio-system -o yaml`."),
    source: sources!(&[
        Citation::istio("pkg/kube/multicluster/secretcontroller.go", "NewController"),
    ]),
    steps: &[2],
    effect: Effect::Ignore,
    stage: Stage::Input,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for object in &context.model.foreign_objects {
        let what = match (&object.kind, &object.api_version) {
            (Some(kind), Some(version)) => format!("`{version}` `{kind}`"),
            (Some(kind), None) => format!("`{kind}`"),
            (None, _) => "a document without `kind`".to_string(),
        };
        sink.input(Some(object.line), format!("{what} is not a Secret or a kubeconfig"));
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_other_objects() {
        check_fires(
            "not-a-secret",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
            &["apiVersion:"],
        );
        check_fires("not-a-secret", "just text\n", &["just text"]);
        check_fires(
            "not-a-secret",
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n",
            &["- apiVersion: v1"],
        );
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("not-a-secret", &healthy());
    }
}
