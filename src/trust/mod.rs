//! Trust, verified rather than decoded. The engine sees it through [`Evidence`]: what was read
//! from the keys a user gave ([`KeysRead`]) and a [`Verify`] that checks a token's signature,
//! with a cache in front. With the `verify` feature the verification is here, in pure Rust:
//! public keys and their signatures (`key`), reading keys from text (`keys`), and JWT signatures
//! as the Kubernetes API server checks them (`jws`). The web app leaves that feature out of its
//! first load and verifies in a module it fetches from its own origin when keys are first given
//! (`src/bin/verifier.rs`). Nothing is ever fetched from a token's `iss`, `jku` or `x5u`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::model::{Signature, SignatureProblem, TriedKey};

#[cfg(feature = "verify")]
pub mod jws;
#[cfg(feature = "verify")]
pub mod key;
#[cfg(feature = "verify")]
pub mod keys;

#[cfg(feature = "verify")]
pub use keys::Keys;

/// What was read from the keys a user gave: each usable key in words, and what was not usable.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KeysRead {
    /// `key 1 (kid "abc") (RSA 2048-bit)`, one per usable key.
    pub keys: Vec<String>,
    pub problems: Vec<KeyProblem>,
}

/// Something in the keys input that is not a usable key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyProblem {
    pub line: usize,
    pub message: String,
}

impl KeysRead {
    /// Whether any keys were given at all (problems count: the user meant to give keys).
    pub fn is_given(&self) -> bool {
        !self.keys.is_empty() || !self.problems.is_empty()
    }
}

/// Checks a compact JWT's signature against keys read earlier.
pub trait Verify: Send + Sync {
    /// The outcome for `token` (whitespace removed), whose header names `algorithm` and `kid`.
    fn verify(&self, token: &str, algorithm: Option<&str>, kid: Option<&str>) -> Signature;
}

/// What the engine is given besides the input and the settings: the keys read, the verifier
/// that holds them, and the outcomes already found, by the SHA-256 of the token, so that typing
/// elsewhere in the input does not verify the same token again (a verification costs about a
/// millisecond in the browser).
#[derive(Default)]
pub struct Evidence {
    pub keys: KeysRead,
    verifier: Option<Arc<dyn Verify>>,
    outcomes: Mutex<HashMap<[u8; 32], Signature>>,
}

impl std::fmt::Debug for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Evidence")
            .field("keys", &self.keys)
            .field("verifier", &self.verifier.is_some())
            .finish()
    }
}

impl Evidence {
    /// Nothing given: signatures stay unchecked.
    pub fn none() -> Evidence {
        Evidence::default()
    }

    /// Keys read by `verifier`.
    pub fn new(keys: KeysRead, verifier: Arc<dyn Verify>) -> Evidence {
        Evidence {
            keys,
            verifier: Some(verifier),
            outcomes: Mutex::default(),
        }
    }

    /// Keys read from `text` (a JWKS, a JWK, or PEM) and verified here.
    #[cfg(feature = "verify")]
    pub fn with_keys(text: &str) -> Evidence {
        let keys = Keys::parse(text);
        Evidence::new(keys.read(), Arc::new(keys))
    }

    /// The outcome for `token`: unchecked without keys, from the cache when known.
    pub fn verify(&self, token: &str, algorithm: Option<&str>, kid: Option<&str>) -> Signature {
        let Some(verifier) = self.verifier.as_ref().filter(|_| self.keys.is_given()) else {
            return Signature::Unchecked;
        };
        if self.keys.keys.is_empty() {
            return Signature::Invalid {
                problem: SignatureProblem::NoUsableKeys,
            };
        }
        let fingerprint: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        if let Some(known) = self
            .outcomes
            .lock()
            .ok()
            .and_then(|outcomes| outcomes.get(&fingerprint).cloned())
        {
            return known;
        }
        let outcome = verifier.verify(token, algorithm, kid);
        if let Ok(mut outcomes) = self.outcomes.lock() {
            outcomes.insert(fingerprint, outcome.clone());
        }
        outcome
    }

    /// How many outcomes the cache holds.
    pub fn cached(&self) -> usize {
        self.outcomes.lock().map_or(0, |outcomes| outcomes.len())
    }
}

/// Reads back what the app's verifier module sends: a [`KeysRead`] or a [`Signature`] as their
/// `Serialize` wrote them. By hand over `serde_json::Value` (which the engine links anyway for
/// JWTs) rather than derived: derived deserializers of tagged enums weigh kilobytes in the first
/// load. What does not read is `None`.
pub mod from_json {
    use super::*;

    fn text(value: &Value, key: &str) -> Option<String> {
        value.get(key)?.as_str().map(str::to_string)
    }

    pub fn keys_read(json: &str) -> Option<KeysRead> {
        let value: Value = serde_json::from_str(json).ok()?;
        let keys = value.get("keys")?.as_array()?;
        let problems = value.get("problems")?.as_array()?;
        Some(KeysRead {
            keys: keys.iter().filter_map(|key| key.as_str().map(str::to_string)).collect(),
            problems: problems
                .iter()
                .filter_map(|problem| {
                    Some(KeyProblem {
                        line: usize::try_from(problem.get("line")?.as_u64()?).ok()?,
                        message: text(problem, "message")?,
                    })
                })
                .collect(),
        })
    }

    pub fn signature(json: &str) -> Option<Signature> {
        let value: Value = serde_json::from_str(json).ok()?;
        match value.get("status")?.as_str()? {
            "unchecked" => Some(Signature::Unchecked),
            "verified" => Some(Signature::Verified {
                key: text(&value, "key")?,
                algorithm: text(&value, "algorithm")?,
            }),
            "invalid" => Some(Signature::Invalid {
                problem: problem(value.get("problem")?)?,
            }),
            _ => None,
        }
    }

    fn problem(value: &Value) -> Option<SignatureProblem> {
        Some(match value.get("kind")?.as_str()? {
            "unsupported-algorithm" => SignatureProblem::UnsupportedAlgorithm {
                algorithm: text(value, "algorithm")?,
            },
            "no-usable-keys" => SignatureProblem::NoUsableKeys,
            "no-key-with-kid" => SignatureProblem::NoKeyWithKid {
                kid: text(value, "kid")?,
                keys: usize::try_from(value.get("keys")?.as_u64()?).ok()?,
            },
            "tried" => SignatureProblem::Tried {
                tried: value
                    .get("tried")?
                    .as_array()?
                    .iter()
                    .map(|tried| {
                        Some(TriedKey {
                            key: text(tried, "key")?,
                            reason: text(tried, "reason")?,
                            go_error: text(tried, "go_error")?,
                        })
                    })
                    .collect::<Option<Vec<_>>>()?,
            },
            _ => return None,
        })
    }
}

/// The named curve an elliptic-curve SubjectPublicKeyInfo's parameters give.
pub fn named_curve<'a>(
    spki: &'a x509_parser::x509::SubjectPublicKeyInfo,
) -> Option<x509_parser::oid_registry::Oid<'a>> {
    let parameters = spki.algorithm.parameters.as_ref()?;
    parameters.as_oid().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A verifier that counts its calls and verifies everything.
    struct Counting(AtomicUsize);

    impl Verify for Counting {
        fn verify(&self, _token: &str, algorithm: Option<&str>, _kid: Option<&str>) -> Signature {
            self.0.fetch_add(1, Ordering::SeqCst);
            Signature::Verified {
                key: "key 1".to_string(),
                algorithm: algorithm.unwrap_or_default().to_string(),
            }
        }
    }

    fn read(keys: usize, problems: usize) -> KeysRead {
        KeysRead {
            keys: (0..keys).map(|index| format!("key {index}")).collect(),
            problems: (0..problems)
                .map(|line| KeyProblem {
                    line,
                    message: "unusable".to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn what_the_verifier_module_sends_reads_back_whole() {
        let outcomes = [
            Signature::Unchecked,
            Signature::Verified {
                key: "key 1 (kid \"a\") (RSA 2048-bit)".to_string(),
                algorithm: "RS256".to_string(),
            },
            Signature::Invalid {
                problem: SignatureProblem::UnsupportedAlgorithm {
                    algorithm: "HS256".to_string(),
                },
            },
            Signature::Invalid {
                problem: SignatureProblem::NoUsableKeys,
            },
            Signature::Invalid {
                problem: SignatureProblem::NoKeyWithKid {
                    kid: "k".to_string(),
                    keys: 2,
                },
            },
            Signature::Invalid {
                problem: SignatureProblem::Tried {
                    tried: vec![TriedKey {
                        key: "key 1".to_string(),
                        reason: "the signature does not match".to_string(),
                        go_error: "go-jose/go-jose: error in cryptographic primitive".to_string(),
                    }],
                },
            },
        ];
        for outcome in outcomes {
            let json = serde_json::to_string(&outcome).unwrap();
            assert_eq!(from_json::signature(&json), Some(outcome), "{json}");
        }
        let read = read(2, 1);
        assert_eq!(from_json::keys_read(&serde_json::to_string(&read).unwrap()), Some(read));
        assert_eq!(from_json::signature("{\"status\": \"maybe\"}"), None);
    }

    #[test]
    fn a_token_seen_before_is_answered_from_the_cache() {
        let counting = Arc::new(Counting(AtomicUsize::new(0)));
        let evidence = Evidence::new(read(1, 0), counting.clone());
        let first = evidence.verify("a.b.c", Some("RS256"), None);
        assert_eq!(evidence.verify("a.b.c", Some("RS256"), None), first);
        assert_eq!(counting.0.load(Ordering::SeqCst), 1);
        evidence.verify("a.b.d", Some("RS256"), None);
        assert_eq!((counting.0.load(Ordering::SeqCst), evidence.cached()), (2, 2));
    }

    #[test]
    fn no_keys_is_unchecked_and_unusable_keys_are_said() {
        assert_eq!(Evidence::none().verify("a.b.c", None, None), Signature::Unchecked);
        let counting = Arc::new(Counting(AtomicUsize::new(0)));
        let unusable = Evidence::new(read(0, 1), counting.clone());
        assert_eq!(
            unusable.verify("a.b.c", Some("RS256"), None),
            Signature::Invalid {
                problem: SignatureProblem::NoUsableKeys
            }
        );
        assert_eq!(counting.0.load(Ordering::SeqCst), 0);
    }
}
