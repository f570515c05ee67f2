//! `token-expired`: a token past its `exp`.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::time_format::{relative, rfc3339};

pub const CHECK: Check = Check {
    id: "token-expired",
    severity: Severity::Error,
    summary: "The token's `exp` is before now.",
    why: prose!("The remote API server answers `Unauthorized` (`the server has asked for the client to provide credentials`): istiod loses the cluster and every TokenReview for its proxies fails."),
    fix: prose!("Use a long-lived token of the reader service account: rerun `istioctl create-remote-secret`, which creates a `kubernetes.io/service-account-token` Secret on Kubernetes 1.24+."),
    source: sources!(&[
        Citation::kubernetes("pkg/serviceaccount/jwt.go", "jwtTokenAuthenticator.AuthenticateToken"),
        Citation::istio_issue(37925),
        Citation::istio_issue(52951),
    ]),
    steps: &[3, 10],
    effect: Effect::Fail,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    let now = context.settings.now;
    for (at, token, jwt) in context.jwts() {
        if let Some(expires_at) = jwt.expires_at.filter(|exp| *exp < now) {
            sink.entry(
                at,
                token.line,
                format!(
                    "the token expired {} ({})",
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
    use crate::fixtures::NOW;

    #[test]
    fn fires_after_exp() {
        let report = check_fires(
            "token-expired",
            &bound(&["https://kubernetes.default.svc"], NOW - 7200, NOW - 3600),
            &["token:"],
        );
        assert_eq!(first_verdict(&report), Verdict::Failing);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("token-expired", &healthy());
    }
}
