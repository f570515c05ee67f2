//! `token-whitespace`: spaces or line breaks in the token.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "token-whitespace",
    severity: Severity::Error,
    summary: "The token holds spaces or line breaks.",
    why: prose!("The API server receives a token that is not the one it issued and answers `Unauthorized`: usually a copy from a terminal that wrapped the line."),
    fix: prose!("Copy the token again in one piece: `kubectl get secret <token secret> -n istio-system -o jsonpath='{.data.token}' | base64 -d`."),
    source: sources!(&[
        Citation::spec("Kubernetes: Authenticating", "https://kubernetes.io/docs/reference/access-authn-authz/authentication/"),
    ]),
    steps: &[3, 10],
    effect: Effect::Fail,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, token) in context.tokens() {
        if token.has_whitespace {
            sink.entry(
                at,
                token.line,
                "the token holds spaces or line breaks: the API server will answer `Unauthorized`".to_string(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_a_split_token() {
        // A terminal wrapped the token: a quoted scalar with a space in the middle.
        let input: String = healthy()
            .lines()
            .map(|line| match line.split_once("token: ") {
                Some((indent, token)) => format!("{indent}token: \"{} {}\"\n", &token[..20], &token[20..]),
                None => format!("{line}\n"),
            })
            .collect();
        check_fires("token-whitespace", &input, &["token:"]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("token-whitespace", &healthy());
    }
}
