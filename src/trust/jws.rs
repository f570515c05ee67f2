//! Verifies a JWT's signature as the Kubernetes API server does
//! (`jwtTokenAuthenticator.AuthenticateToken`): with a `kid`, only the keys of that id are tried,
//! and none is `invalid signature, no keys found`; without one, every key is tried until one
//! verifies. The algorithm comes from the header and must suit the key (go-jose's rule).
//! Only the outcome leaves this module: the token is not kept.

use base64::Engine;

use super::key::{Hash, Scheme, SignatureError};
use super::keys::Keys;
use super::{CertificateSignature, Verify};
use crate::model::{Signature, SignatureProblem, TriedKey};

/// The JWS `alg` names the API server's go-jose verifies with public keys.
pub fn scheme(algorithm: &str) -> Option<Scheme> {
    Some(match algorithm {
        "RS256" => Scheme::RsaPkcs1(Hash::Sha256),
        "RS384" => Scheme::RsaPkcs1(Hash::Sha384),
        "RS512" => Scheme::RsaPkcs1(Hash::Sha512),
        "PS256" => Scheme::RsaPss(Hash::Sha256),
        "PS384" => Scheme::RsaPss(Hash::Sha384),
        "PS512" => Scheme::RsaPss(Hash::Sha512),
        "ES256" => Scheme::EcdsaFixed(Hash::Sha256),
        "ES384" => Scheme::EcdsaFixed(Hash::Sha384),
        "ES512" => Scheme::EcdsaFixed(Hash::Sha512),
        "EdDSA" => Scheme::Ed25519,
        _ => return None,
    })
}

impl Verify for Keys {
    fn verify(&self, token: &str, algorithm: Option<&str>, kid: Option<&str>) -> Signature {
        verify(token, algorithm, kid, self)
    }

    fn certificate_signature(&self, signature: &CertificateSignature) -> Result<(), String> {
        super::key::certificate_signature(signature)
    }
}

/// Verifies the compact JWT `token` (whitespace already removed), whose header says `algorithm`
/// and `kid`, against `keys`.
pub fn verify(token: &str, algorithm: Option<&str>, kid: Option<&str>, keys: &Keys) -> Signature {
    let algorithm = algorithm.unwrap_or("");
    let Some(scheme) = scheme(algorithm) else {
        return Signature::Invalid {
            problem: SignatureProblem::UnsupportedAlgorithm {
                algorithm: algorithm.to_string(),
            },
        };
    };
    if keys.keys.is_empty() {
        return Signature::Invalid {
            problem: SignatureProblem::NoUsableKeys,
        };
    }
    let candidates: Vec<_> = match kid.filter(|kid| !kid.is_empty()) {
        Some(kid) => keys.keys.iter().filter(|key| key.answers_to(kid)).collect(),
        None => keys.keys.iter().collect(),
    };
    if candidates.is_empty() {
        return Signature::Invalid {
            problem: SignatureProblem::NoKeyWithKid {
                kid: kid.unwrap_or_default().to_string(),
                keys: keys.keys.len(),
            },
        };
    }
    let Some((signing_input, signature)) = token.rsplit_once('.') else {
        return Signature::Invalid {
            problem: SignatureProblem::Tried { tried: Vec::new() },
        };
    };
    let signature = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(signature.trim_end_matches('='))
        .unwrap_or_default();
    let mut tried = Vec::new();
    for key in candidates {
        match key.key.verify(scheme, signing_input.as_bytes(), &signature) {
            Ok(()) => {
                return Signature::Verified {
                    key: key.describe(),
                    algorithm: algorithm.to_string(),
                }
            }
            Err(error) => tried.push(TriedKey {
                key: key.describe(),
                reason: match &error {
                    SignatureError::KeyMismatch { scheme, key } => format!("a {key} key cannot verify {scheme}"),
                    SignatureError::Malformed => format!("the signature is not a well-formed {algorithm} signature"),
                    SignatureError::Invalid => "the signature does not match".to_string(),
                },
                go_error: match error {
                    SignatureError::KeyMismatch { .. } => "go-jose/go-jose: unknown/unsupported algorithm",
                    SignatureError::Malformed | SignatureError::Invalid => {
                        "go-jose/go-jose: error in cryptographic primitive"
                    }
                }
                .to_string(),
            }),
        }
    }
    Signature::Invalid {
        problem: SignatureProblem::Tried { tried },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::rand_core::SeedableRng;
    use rsa::pkcs8::EncodePublicKey;
    use sha2::Sha256;
    use signature::{RandomizedSigner, SignatureEncoding, Signer};

    fn encode(bytes: &[u8]) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    /// A token of `alg` and `kid`, signed by `sign` over its signing input.
    fn token(alg: &str, kid: Option<&str>, sign: impl Fn(&[u8]) -> Vec<u8>) -> String {
        let header = match kid {
            Some(kid) => serde_json::json!({"alg": alg, "kid": kid}),
            None => serde_json::json!({"alg": alg}),
        };
        let input = format!(
            "{}.{}",
            encode(header.to_string().as_bytes()),
            encode(br#"{"sub":"x"}"#)
        );
        let signature = sign(input.as_bytes());
        format!("{input}.{}", encode(&signature))
    }

    fn check(token: &str, keys: &str) -> Signature {
        let header: serde_json::Value = serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(token.split('.').next().unwrap())
                .unwrap(),
        )
        .unwrap();
        verify(
            token,
            header["alg"].as_str(),
            header["kid"].as_str(),
            &Keys::parse(keys),
        )
    }

    fn pem(label: &str, der: &[u8]) -> String {
        crate::decode::certificate::pem(label, der)
    }

    fn rsa_key(seed: u64) -> rsa::RsaPrivateKey {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        rsa::RsaPrivateKey::new(&mut rng, 2048).unwrap()
    }

    fn rsa_public_pem(key: &rsa::RsaPrivateKey) -> String {
        let der = key.to_public_key().to_public_key_der().unwrap();
        pem("PUBLIC KEY", der.as_bytes())
    }

    fn verified(outcome: &Signature) -> bool {
        matches!(outcome, Signature::Verified { .. })
    }

    #[test]
    fn rsa_pkcs1_and_pss_verify_with_the_right_key_only() {
        let key = rsa_key(1);
        let other = rsa_key(2);
        let keys = rsa_public_pem(&key);
        let good = token("RS256", None, |input| {
            rsa::pkcs1v15::SigningKey::<Sha256>::new(key.clone())
                .sign(input)
                .to_vec()
        });
        assert!(verified(&check(&good, &keys)));
        let rs384 = token("RS384", None, |input| {
            rsa::pkcs1v15::SigningKey::<sha2::Sha384>::new(key.clone())
                .sign(input)
                .to_vec()
        });
        assert!(verified(&check(&rs384, &keys)));
        let rs512 = token("RS512", None, |input| {
            rsa::pkcs1v15::SigningKey::<sha2::Sha512>::new(key.clone())
                .sign(input)
                .to_vec()
        });
        assert!(verified(&check(&rs512, &keys)));
        for alg in ["PS256", "PS384", "PS512"] {
            let pss = token(alg, None, |input| {
                let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
                match alg {
                    "PS256" => rsa::pss::SigningKey::<Sha256>::new(key.clone())
                        .sign_with_rng(&mut rng, input)
                        .to_vec(),
                    "PS384" => rsa::pss::SigningKey::<sha2::Sha384>::new(key.clone())
                        .sign_with_rng(&mut rng, input)
                        .to_vec(),
                    _ => rsa::pss::SigningKey::<sha2::Sha512>::new(key.clone())
                        .sign_with_rng(&mut rng, input)
                        .to_vec(),
                }
            });
            assert!(verified(&check(&pss, &keys)), "{alg}");
        }
        // Signed by another key: Go's "error in cryptographic primitive".
        let forged = token("RS256", None, |input| {
            rsa::pkcs1v15::SigningKey::<Sha256>::new(other.clone())
                .sign(input)
                .to_vec()
        });
        let Signature::Invalid { problem } = check(&forged, &keys) else {
            panic!("verified a forgery")
        };
        assert_eq!(
            problem.api_server_errors(),
            ["go-jose/go-jose: error in cryptographic primitive"]
        );
    }

    #[test]
    fn a_tampered_payload_does_not_verify() {
        let key = rsa_key(1);
        let good = token("RS256", None, |input| {
            rsa::pkcs1v15::SigningKey::<Sha256>::new(key.clone())
                .sign(input)
                .to_vec()
        });
        let mut parts: Vec<&str> = good.split('.').collect();
        let tampered_claims = encode(br#"{"sub":"y"}"#);
        parts[1] = &tampered_claims;
        assert!(!verified(&check(&parts.join("."), &rsa_public_pem(&key))));
    }

    #[test]
    fn ecdsa_on_each_curve_and_ed25519() {
        let p256 = p256::ecdsa::SigningKey::from_slice(&[7; 32]).unwrap();
        let p256_pem = pem(
            "PUBLIC KEY",
            p256::PublicKey::from(p256.verifying_key())
                .to_public_key_der()
                .unwrap()
                .as_bytes(),
        );
        let es256 = token("ES256", None, |input| {
            let signature: p256::ecdsa::Signature = p256.sign(input);
            signature.to_bytes().to_vec()
        });
        assert!(verified(&check(&es256, &p256_pem)));

        let p384 = p384::ecdsa::SigningKey::from_slice(&[7; 48]).unwrap();
        let (x, y) = {
            let point = p384.verifying_key().to_encoded_point(false);
            (encode(point.x().unwrap()), encode(point.y().unwrap()))
        };
        let jwk = serde_json::json!({"kty": "EC", "crv": "P-384", "x": x, "y": y}).to_string();
        let es384 = token("ES384", None, |input| {
            let signature: p384::ecdsa::Signature = p384.sign(input);
            signature.to_bytes().to_vec()
        });
        assert!(verified(&check(&es384, &jwk)));
        // The wrong curve for the algorithm: go-jose's unsupported algorithm.
        let Signature::Invalid { problem } = check(&es256, &jwk) else {
            panic!("a P-384 key verified ES256")
        };
        assert_eq!(
            problem.api_server_errors(),
            ["go-jose/go-jose: unknown/unsupported algorithm"]
        );

        let mut scalar = [0u8; 66];
        scalar[65] = 7;
        let p521 = p521::ecdsa::SigningKey::from_slice(&scalar).unwrap();
        let point = p521::ecdsa::VerifyingKey::from(&p521).to_encoded_point(false);
        let jwk = serde_json::json!({"kty": "EC", "crv": "P-521", "x": encode(point.x().unwrap()), "y": encode(point.y().unwrap())})
            .to_string();
        let es512 = token("ES512", None, |input| {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
            let signature: p521::ecdsa::Signature = p521.sign_with_rng(&mut rng, input);
            signature.to_bytes().to_vec()
        });
        assert!(verified(&check(&es512, &jwk)));

        let ed = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
        let jwk =
            serde_json::json!({"kty": "OKP", "crv": "Ed25519", "x": encode(ed.verifying_key().as_bytes())}).to_string();
        let eddsa = token("EdDSA", None, |input| ed.sign(input).to_bytes().to_vec());
        assert!(verified(&check(&eddsa, &jwk)));
    }

    #[test]
    fn the_kid_chooses_the_keys_as_the_api_server_does() {
        let signer = p256::ecdsa::SigningKey::from_slice(&[7; 32]).unwrap();
        let other = p256::ecdsa::SigningKey::from_slice(&[8; 32]).unwrap();
        let der = |key: &p256::ecdsa::SigningKey| {
            p256::PublicKey::from(key.verifying_key())
                .to_public_key_der()
                .unwrap()
                .as_bytes()
                .to_vec()
        };
        let keys = format!(
            "{}{}",
            pem("PUBLIC KEY", &der(&other)),
            pem("PUBLIC KEY", &der(&signer))
        );
        let sign = |input: &[u8]| {
            let signature: p256::ecdsa::Signature = signer.sign(input);
            signature.to_bytes().to_vec()
        };
        // No kid: every key is tried, the second verifies.
        assert!(verified(&check(&token("ES256", None, sign), &keys)));
        // Kubernetes' own kid for the key: found by the id derived from the PEM key.
        let kid = super::super::keys::kubernetes_key_id(&der(&signer));
        assert!(verified(&check(&token("ES256", Some(&kid), sign), &keys)));
        // A kid no key has: not tried at all.
        let Signature::Invalid { problem } = check(&token("ES256", Some("elsewhere"), sign), &keys) else {
            panic!("verified with a kid no key has")
        };
        assert_eq!(problem.api_server_errors(), ["invalid signature, no keys found"]);
    }

    #[test]
    fn hmac_and_unknown_algorithms_are_refused() {
        let keys = rsa_public_pem(&rsa_key(1));
        for alg in ["HS256", "none", "ED25519", ""] {
            let outcome = check(&token(alg, None, |_| vec![1, 2, 3]), &keys);
            assert!(
                matches!(
                    outcome,
                    Signature::Invalid {
                        problem: SignatureProblem::UnsupportedAlgorithm { .. }
                    }
                ),
                "{alg}: {outcome:?}"
            );
        }
    }
}
