//! `token-not-yet-valid`: a token before its `nbf`.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::time_format::{relative, rfc3339};

pub const CHECK: Check = Check {
    id: "token-not-yet-valid",
    severity: Severity::Error,
    summary: "The token's `nbf` is after now.",
    why: prose!("The API server refuses it until then (`Unauthorized`); usually clock skew."),
    fix: prose!("Check the clocks (NTP) of the remote cluster's control plane and of the primary."),
    source: sources!(&[Citation::kubernetes(
        "pkg/serviceaccount/jwt.go",
        "jwtTokenAuthenticator.AuthenticateToken",
    )]),
    steps: &[3, 10],
    effect: Effect::Fail,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    let now = context.settings.now;
    for (at, token, jwt) in context.jwts() {
        if let Some(not_before) = jwt.not_before.filter(|nbf| *nbf > now) {
            sink.entry(
                at,
                token.line,
                format!(
                    "the token becomes valid only {} ({})",
                    relative(not_before, now),
                    rfc3339(not_before)
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
    fn fires_before_nbf() {
        check_fires(
            "token-not-yet-valid",
            &bound(&["https://kubernetes.default.svc"], NOW + 3600, NOW + 400 * DAY),
            &["token:"],
        );
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("token-not-yet-valid", &healthy());
    }
}
