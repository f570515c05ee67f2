//! `token-signature-invalid`: the given keys do not verify the token, so neither will the API
//! server.

use super::{istiod, Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::model::{Signature, SignatureProblem};

pub const CHECK: Check = Check {
    id: "token-signature-invalid",
    severity: Severity::Error,
    summary: "The token's signature does not verify against the remote cluster's keys.",
    why: prose!("The remote API server verifies every bearer token with its service-account keys, choosing them by the token's `kid`. A token signed by another cluster, or before the keys were rotated, gets `Unauthorized`: istiod cannot watch the remote cluster and every TokenReview for its proxies fails."),
    fix: prose!("Make the token on the remote cluster itself: rerun `istioctl create-remote-secret --context=REMOTE` and apply its output to the primary. If the keys you gave are not the remote's, give `kubectl --context=REMOTE get --raw /openid/v1/jwks`."),
    source: sources!(&[
        Citation::kubernetes("pkg/serviceaccount/jwt.go", "jwtTokenAuthenticator.AuthenticateToken"),
        Citation::kubernetes("pkg/serviceaccount/jwt.go", "staticPublicKeysGetter.GetPublicKeys"),
        Citation::spec("RFC 7515 (JWS)", "https://www.rfc-editor.org/rfc/rfc7515"),
    ]),
    steps: &[3, 10],
    effect: Effect::Fail,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, token, jwt) in context.jwts() {
        let Signature::Invalid { problem } = &jwt.signature else {
            continue;
        };
        // Keys that are all unusable say nothing of the token: `token-signature-unverified`.
        if *problem == SignatureProblem::NoUsableKeys {
            continue;
        }
        let algorithm = jwt.algorithm.as_deref().unwrap_or("unnamed");
        sink.entry(at, token.line,
            format!(
                "the {algorithm} signature does not verify: {problem}; the API server answers `Unauthorized` (its authenticator: `{}`)",
                istiod::go_aggregate(&problem.api_server_errors())
            ),
        );
    }
}

#[cfg(all(test, feature = "verify"))]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{jwks, FixtureKey};

    #[test]
    fn fires_when_another_key_signed_it() {
        let keys = jwks(&FixtureKey::from_seed(3), "fixture").to_string();
        let report = check_fires_with_keys("token-signature-invalid", &healthy(), &keys, &["token:"]);
        assert_eq!(first_verdict(&report), Verdict::Failing);
        let message = message_of(&report, "token-signature-invalid");
        assert!(message.contains("error in cryptographic primitive"), "{message}");
    }

    #[test]
    fn fires_when_no_key_has_the_kid() {
        let keys = jwks(&FixtureKey::from_seed(9), "rotated-away").to_string();
        let report = check_fires_with_keys("token-signature-invalid", &healthy(), &keys, &["token:"]);
        let message = message_of(&report, "token-signature-invalid");
        assert!(message.contains("invalid signature, no keys found"), "{message}");
        assert!(message.contains("`fixture`"), "{message}");
    }

    #[test]
    fn quiet_when_the_remote_key_signed_it() {
        let keys = jwks(&FixtureKey::from_seed(9), "fixture").to_string();
        check_quiet_with_keys("token-signature-invalid", &healthy(), &keys);
    }

    #[test]
    fn quiet_when_the_keys_are_unusable() {
        check_quiet_with_keys(
            "token-signature-invalid",
            &healthy(),
            r#"{"keys": [{"kty": "oct", "k": "c2VjcmV0"}]}"#,
        );
    }
}
