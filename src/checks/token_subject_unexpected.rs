//! `token-subject-unexpected`: a token of another service account.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "token-subject-unexpected",
    severity: Severity::Warning,
    summary: "`sub` is not `system:serviceaccount:<istiod namespace>:<expected service account>`.",
    why: prose!("The reader service account has the ClusterRole istiod needs (list and watch, `create` on `tokenreviews`); another account often lacks it: `tokenreviews.authentication.k8s.io is forbidden` (istio/istio#26017)."),
    fix: prose!("Use the token of `istio-reader-service-account` in istiod's namespace (`istiod` for `--type config`), or set the expected service account if yours is deliberate."),
    source: sources!(&[
        Citation::istio("manifests/charts/istio-control/istio-discovery/templates/reader-clusterrole.yaml", "istio-reader-clusterrole"),
        Citation::istio("security/pkg/k8s/tokenreview/k8sauthn.go", "ValidateK8sJwt"),
    ]),
    steps: &[10],
    effect: Effect::Risk,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    let expected = format!(
        "system:serviceaccount:{}:{}",
        context.settings.istio_namespace, context.settings.expected_service_account
    );
    for (at, token, jwt) in context.jwts() {
        match &jwt.subject {
            Some(subject) if subject != &expected => {
                sink.entry(
                    at,
                    token.line,
                    format!("the token belongs to `{subject}`, not `{expected}`"),
                );
            }
            None => {
                sink.entry(at, token.line, format!("the token has no `sub`; expected `{expected}`"));
            }
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::legacy_token_claims;

    #[test]
    fn fires_on_another_account() {
        check_fires(
            "token-subject-unexpected",
            &with_claims(legacy_token_claims("foo", "httpbin")),
            &["token:"],
        );
        let mut settings = settings();
        settings.expected_service_account = "httpbin".into();
        settings.istio_namespace = "foo".into();
        check_quiet_with(
            "token-subject-unexpected",
            &with_claims(legacy_token_claims("foo", "httpbin")),
            &settings,
        );
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("token-subject-unexpected", &healthy());
    }

    #[test]
    fn fires_on_a_token_without_a_subject() {
        let report = check_fires(
            "token-subject-unexpected",
            &with_claims(serde_json::json!({"iss": "kubernetes/serviceaccount"})),
            &["token:"],
        );
        assert_eq!(
            message_of(&report, "token-subject-unexpected"),
            "the token has no `sub`; expected `system:serviceaccount:istio-system:istio-reader-service-account`"
        );
    }
}
