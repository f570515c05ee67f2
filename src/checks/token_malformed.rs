//! `token-malformed`: a JWT that does not decode.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::model::TokenForm;

pub const CHECK: Check = Check {
    id: "token-malformed",
    severity: Severity::Error,
    summary: "The token has three dot-separated parts that are not valid base64url JSON.",
    why: prose!("The API server cannot parse it and answers `Unauthorized`; usually a token truncated or edited in a copy."),
    fix: prose!("Copy the token again from its Secret: `kubectl get secret <token secret> -n istio-system -o jsonpath='{.data.token}' | base64 -d`."),
    source: sources!(&[
        Citation::spec("RFC 7519 (JWT)", "https://www.rfc-editor.org/rfc/rfc7519"),
        Citation::kubernetes("pkg/serviceaccount/jwt.go", "jwtTokenAuthenticator.AuthenticateToken"),
    ]),
    steps: &[3, 10],
    effect: Effect::Fail,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, token) in context.tokens() {
        if let TokenForm::Malformed { problem } = &token.form {
            sink.entry(at, token.line, format!("the token is not a valid JWT: {problem}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_a_truncated_header() {
        let input = healthy().replace("token: eyJ", "token: eyJhb");
        check_fires("token-malformed", &input, &["token:"]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("token-malformed", &healthy());
    }
}
