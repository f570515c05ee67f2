//! `secret-namespace`: a namespace other than istiod's.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "secret-namespace",
    severity: Severity::Error,
    summary: "The Secret's namespace is set and is not istiod's.",
    why: prose!("istiod watches remote secrets only in its own namespace; a Secret anywhere else is silently ignored (istio/istio#47433, #49780)."),
    fix: prose!("Apply the Secret to istiod's namespace: set `metadata.namespace` (or run `istioctl create-remote-secret -n istio-system`)."),
    source: sources!(&[
        Citation::istio("pkg/kube/multicluster/secretcontroller.go", "NewController"),
    ]),
    steps: &[2, 3],
    effect: Effect::Ignore,
    stage: Stage::Informer,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    let expected = &context.settings.istio_namespace;
    for (secret_index, secret) in context.real_secrets() {
        if let Some(namespace) = &secret.namespace {
            if &namespace.value != expected {
                sink.secret(
                    secret_index,
                    namespace.line,
                    format!(
                        "the Secret is in namespace `{}`, but istiod watches only `{expected}`",
                        namespace.value
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_another_namespace() {
        let input = healthy().replace("namespace: istio-system", "namespace: default");
        let report = check_fires("secret-namespace", &input, &["namespace:"]);
        assert_eq!(first_verdict(&report), Verdict::Ignored);
    }

    #[test]
    fn follows_the_setting() {
        let mut settings = settings();
        settings.istio_namespace = "istio-control".into();
        check_fires_with("secret-namespace", &healthy(), &["namespace:"], &settings);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("secret-namespace", &healthy());
    }
}
