//! `token-bound-expiring`: a bound token, which istiod cannot renew.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::time_format::{relative, rfc3339};

pub const CHECK: Check = Check {
    id: "token-bound-expiring",
    severity: Severity::Warning,
    summary: "The token is a bound (TokenRequest) token with an expiry.",
    why: prose!("Bound tokens expire (one hour by default, at most the API server's maximum); istiod cannot renew a token pasted in a Secret, so the cluster goes `Unauthorized` when it does (istio/istio#37925)."),
    fix: prose!("Use the long-lived token of a `kubernetes.io/service-account-token` Secret: `istioctl create-remote-secret` creates one on Kubernetes 1.24+."),
    source: sources!(&[
        Citation::doc("The reader token", "the-reader-token"),
        Citation::spec("Kubernetes: TokenRequest API", "https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-request-v1/"),
    ]),
    steps: &[3, 10],
    effect: Effect::Risk,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    let now = context.settings.now;
    for (at, token, jwt) in context.jwts() {
        let Some(expires_at) = jwt.expires_at else { continue };
        // Once expired, `token-expired` says the worse thing.
        if expires_at >= now {
            sink.entry(
                at,
                token.line,
                format!(
                    "a bound token that expires {} ({}): istiod cannot renew it",
                    relative(expires_at, now),
                    rfc3339(expires_at)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{DAY, NOW};

    #[test]
    fn fires_on_a_bound_token() {
        let report = check_fires(
            "token-bound-expiring",
            &bound(&["https://kubernetes.default.svc"], NOW - DAY, NOW + 300 * DAY),
            &["token:"],
        );
        assert_eq!(first_verdict(&report), Verdict::AtRisk);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("token-bound-expiring", &healthy());
    }
}
