//! `token-signature-verified`: a given key verifies the token, as the API server will.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::model::Signature;

pub const CHECK: Check = Check {
    id: "token-signature-verified",
    severity: Severity::Info,
    summary: "The token's signature verifies with one of the given keys.",
    why: prose!("A token the remote's own keys verify was signed by that cluster: the API server accepts it unless it has expired or its service account is gone."),
    fix: prose!("Nothing to do."),
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
        if let Signature::Verified { key, algorithm } = &jwt.signature {
            sink.entry(at, token.line, format!("the {algorithm} signature verifies with {key}"));
        }
    }
}

#[cfg(all(test, feature = "verify"))]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{jwks, FixtureKey};

    #[test]
    fn fires_with_the_signing_key() {
        let keys = jwks(&FixtureKey::from_seed(9), "fixture").to_string();
        let report = check_fires_with_keys("token-signature-verified", &healthy(), &keys, &["token:"]);
        assert_eq!(first_verdict(&report), Verdict::Ok);
        let message = message_of(&report, "token-signature-verified");
        assert_eq!(
            message,
            "the ES256 signature verifies with key 1 (kid \"fixture\") (ECDSA P-256)"
        );
    }

    #[test]
    fn quiet_without_keys() {
        check_quiet("token-signature-verified", &healthy());
    }
}
