//! `token-long-lived`: a Secret-based token without expiry.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::model::TokenKind;

pub const CHECK: Check = Check {
    id: "token-long-lived",
    severity: Severity::Info,
    summary: "A Secret-based token without `exp`.",
    why: prose!("It is what istioctl uses and what istiod needs (nothing renews a pasted token), but it is valid until its Secret or service account is deleted: guard the remote secret accordingly."),
    fix: prose!("Nothing is required. To revoke it, delete the token Secret (`istio-reader-service-account-istio-remote-secret-token`) and regenerate."),
    source: sources!(&[
        Citation::doc("The reader token", "the-reader-token"),
        Citation::istio("istioctl/pkg/multicluster/remote_secret.go", "getOrCreateServiceAccountSecret"),
    ]),
    steps: &[],
    effect: Effect::None,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, token, jwt) in context.jwts() {
        if jwt.kind == TokenKind::SecretBased && jwt.expires_at.is_none() {
            sink.entry(
                at,
                token.line,
                "a long-lived, Secret-based token: valid until its Secret or service account is deleted".to_string(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{DAY, NOW};

    #[test]
    fn fires_on_the_istioctl_token() {
        check_fires("token-long-lived", &healthy(), &["token:"]);
    }

    #[test]
    fn quiet_on_a_bound_token() {
        check_quiet(
            "token-long-lived",
            &bound(&["https://kubernetes.default.svc"], NOW - DAY, NOW + 300 * DAY),
        );
    }
}
