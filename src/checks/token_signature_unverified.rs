//! `token-signature-unverified`: no usable key was given to verify the token.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::model::{Signature, SignatureProblem};

pub const CHECK: Check = Check {
    id: "token-signature-unverified",
    severity: Severity::Info,
    summary: "No usable key was given: the token's signature was not checked.",
    why: prose!("A token signed by another cluster (or re-signed after the remote's keys rotated) decodes fine here but gets `Unauthorized` from the API server."),
    fix: prose!("To check it, give the remote's public keys: `kubectl --context=REMOTE get --raw /openid/v1/jwks` (the app's Keys pane, or `--jwks FILE`)."),
    source: sources!(&[
        Citation::kubernetes("pkg/serviceaccount/jwt.go", "jwtTokenAuthenticator.AuthenticateToken"),
        Citation::spec("RFC 7515 (JWS)", "https://www.rfc-editor.org/rfc/rfc7515"),
    ]),
    steps: &[10],
    effect: Effect::None,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, token, jwt) in context.jwts() {
        let algorithm = jwt.algorithm.as_deref().unwrap_or("no algorithm");
        let why = match &jwt.signature {
            Signature::Unchecked => "no key (JWKS) was given",
            Signature::Invalid {
                problem: SignatureProblem::NoUsableKeys,
            } => "none of the given keys is usable",
            _ => continue,
        };
        sink.entry(
            at,
            token.line,
            format!("the {algorithm} signature was not verified: {why}"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_every_jwt_without_a_key() {
        check_fires("token-signature-unverified", &healthy(), &["token:"]);
    }

    #[test]
    fn quiet_on_an_opaque_token() {
        let input = healthy_replacing_line(
            "token:",
            "        token: abcdef.0123456789abcdef
",
        );
        check_quiet("token-signature-unverified", &input);
    }

    #[test]
    #[cfg(feature = "verify")]
    fn fires_when_no_given_key_is_usable() {
        check_fires_with_keys(
            "token-signature-unverified",
            &healthy(),
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
            &["token:"],
        );
    }

    #[test]
    #[cfg(feature = "verify")]
    fn quiet_once_a_key_decides() {
        let keys = crate::fixtures::jwks(&crate::fixtures::FixtureKey::from_seed(9), "fixture").to_string();
        check_quiet_with_keys("token-signature-unverified", &healthy(), &keys);
    }
}
