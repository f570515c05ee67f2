//! `token-expires-soon`: a token expiring within the warning window.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::time_format::{relative, rfc3339};

pub const CHECK: Check = Check {
    id: "token-expires-soon",
    severity: Severity::Warning,
    summary: "The token expires within the warning window.",
    why: prose!("When it expires, istiod loses the remote cluster with `Unauthorized`, and nothing renews it."),
    fix: prose!("Replace it with a long-lived reader token now: rerun `istioctl create-remote-secret`."),
    source: sources!(&[Citation::kubernetes(
        "pkg/serviceaccount/jwt.go",
        "jwtTokenAuthenticator.AuthenticateToken",
    )]),
    steps: &[3, 10],
    effect: Effect::Risk,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    let now = context.settings.now;
    let window = context.settings.warn_within_seconds;
    for (at, token, jwt) in context.jwts() {
        if let Some(expires_at) = jwt.expires_at.filter(|exp| *exp >= now && *exp - now <= window) {
            sink.entry(
                at,
                token.line,
                format!(
                    "the token expires {} ({})",
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
    fn fires_within_the_window() {
        check_fires(
            "token-expires-soon",
            &bound(&["https://kubernetes.default.svc"], NOW - DAY, NOW + 3 * DAY),
            &["token:"],
        );
        check_quiet(
            "token-expires-soon",
            &bound(&["https://kubernetes.default.svc"], NOW - DAY, NOW + 90 * DAY),
        );
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("token-expires-soon", &healthy());
    }
}
