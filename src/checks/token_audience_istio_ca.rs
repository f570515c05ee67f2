//! `token-audience-istio-ca`: a token meant for istiod, not for the API server.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "token-audience-istio-ca",
    severity: Severity::Error,
    summary: "The token's `aud` holds only `istio-ca`.",
    why: prose!("That is a pod's `istio-token`, meant for istiod's CA. The remote API server's token authenticator accepts only tokens whose audiences it serves (its `--api-audiences`, by default its issuer), so it refuses this one with `401 Unauthorized`: istiod can neither list the remote cluster nor run TokenReviews, and the cluster never syncs."),
    fix: prose!("Use the reader service account's token (`istioctl create-remote-secret`), not a token copied from a pod's `/var/run/secrets/tokens/istio-token`."),
    source: sources!(&[
        Citation::kubernetes("pkg/serviceaccount/jwt.go", "jwtTokenAuthenticator.AuthenticateToken"),
        Citation::doc("The reader token", "the-reader-token"),
    ]),
    steps: &[3, 10],
    effect: Effect::Fail,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, token, jwt) in context.jwts() {
        if jwt.audiences == ["istio-ca"] {
            sink.entry(at, token.line,
                "the token's only audience is `istio-ca`: it is a proxy's token for istiod, which the API server rejects".to_string(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{DAY, NOW};

    #[test]
    fn fires_on_istio_ca_audience() {
        check_fires(
            "token-audience-istio-ca",
            &bound(&["istio-ca"], NOW - DAY, NOW + 300 * DAY),
            &["token:"],
        );
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("token-audience-istio-ca", &healthy());
    }
}
