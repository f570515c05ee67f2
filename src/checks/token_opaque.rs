//! `token-opaque`: a token that is not a JWT.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::model::TokenForm;

pub const CHECK: Check = Check {
    id: "token-opaque",
    severity: Severity::Info,
    summary: "The token is not a JWT (a static or bootstrap token).",
    why: prose!(
        "Nothing about it (subject, expiry) can be checked here; it may still work if the API server knows it."
    ),
    fix: prose!("Prefer the reader service account's token, which `istioctl create-remote-secret` writes."),
    source: sources!(&[Citation::spec(
        "Kubernetes: Authenticating",
        "https://kubernetes.io/docs/reference/access-authn-authz/authentication/",
    )]),
    steps: &[],
    effect: Effect::None,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, token) in context.tokens() {
        if matches!(token.form, TokenForm::Opaque) {
            sink.entry(
                at,
                token.line,
                format!(
                    "the token ({}) is not a JWT: it cannot be inspected further",
                    token.masked
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_a_bootstrap_token() {
        let input = healthy_replacing_line(
            "token:",
            "        token: abcdef.0123456789abcdef
",
        );
        check_fires("token-opaque", &input, &["token:"]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("token-opaque", &healthy());
    }
}
