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

use crate::model::{ForeignObject, Secret, Signature, SignatureProblem, TriedKey, UnrelatedSecret};

pub mod chain;
#[cfg(feature = "verify")]
pub mod jws;
#[cfg(feature = "verify")]
pub mod key;
#[cfg(feature = "verify")]
pub mod keys;
pub mod mesh;

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

/// A certificate's signature, to check against the key of an issuer that may have made it.
pub struct CertificateSignature<'a> {
    /// The issuer's SubjectPublicKeyInfo, DER.
    pub issuer_spki: &'a [u8],
    /// The dotted OID of the algorithm; for RSASSA-PSS, with its parameters
    /// ([`chain::signature_algorithm_of`]).
    pub algorithm: String,
    /// What was signed: the certificate's TBS bytes.
    pub signed: &'a [u8],
    pub signature: &'a [u8],
}

/// Checks signatures: a compact JWT's against keys read earlier, and a certificate's against its
/// issuer's public key.
pub trait Verify: Send + Sync {
    /// The outcome for `token` (whitespace removed), whose header names `algorithm` and `kid`.
    fn verify(&self, token: &str, algorithm: Option<&str>, kid: Option<&str>) -> Signature;

    /// Whether a certificate's signature was made with its issuer's key; else Go's error, as
    /// `CheckSignatureFrom` returns it.
    fn certificate_signature(&self, signature: &CertificateSignature) -> Result<(), String>;
}

/// What the engine is given besides the input and the settings: the keys read, the verifier
/// that holds them, and the outcomes already found, by the SHA-256 of the token, so that typing
/// elsewhere in the input does not verify the same token again (a verification costs about a
/// millisecond in the browser).
#[derive(Default)]
pub struct Evidence {
    pub keys: KeysRead,
    /// What the API server presents, when given.
    pub server: chain::Presented,
    /// What two clusters' Istio CAs trust and use, when given.
    pub mesh: Option<(mesh::Cluster, mesh::Cluster)>,
    verifier: Option<Arc<dyn Verify>>,
    outcomes: Mutex<HashMap<[u8; 32], Signature>>,
    certificate_outcomes: Mutex<HashMap<[u8; 32], Result<(), String>>>,
    mesh_outcome: Mutex<Option<(i64, mesh::MeshOutcome)>>,
    /// The items of the last `kind: List` decoded with this evidence, by first line and text, in
    /// the order of the lines: typing in one item of a dump of a thousand decodes that item again
    /// and takes the others as they were (`decode::decode_block_list`). They live here because
    /// their tokens were verified with these keys; only the last input's are kept.
    pub(crate) items: Mutex<Vec<(usize, String, DecodedItem)>>,
}

/// What one item of a `kind: List` added to the model.
#[derive(Default)]
pub struct DecodedItem {
    /// Shared with the models made from it: a cached item costs no deep copy.
    pub secrets: Vec<Arc<Secret>>,
    pub unrelated_secrets: Vec<UnrelatedSecret>,
    pub foreign_objects: Vec<ForeignObject>,
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

    /// Keys read by `verifier`, which also checks certificates.
    pub fn new(keys: KeysRead, verifier: Arc<dyn Verify>) -> Evidence {
        Evidence {
            keys,
            verifier: Some(verifier),
            ..Evidence::default()
        }
    }

    /// Keys read from `text` (a JWKS, a JWK, or PEM; empty for none) and verified here.
    #[cfg(feature = "verify")]
    pub fn with_keys(text: &str) -> Evidence {
        let keys = Keys::parse(text);
        Evidence::new(keys.read(), Arc::new(keys))
    }

    /// The same evidence, with what the API server presents (PEM, or `openssl s_client
    /// -showcerts` output as it is).
    pub fn with_server(mut self, text: &str) -> Evidence {
        self.server = chain::Presented::parse(text);
        self
    }

    /// The same evidence, with two clusters' CA files, (name, text) each.
    pub fn with_mesh(mut self, cluster1: &[(String, String)], cluster2: &[(String, String)]) -> Evidence {
        self.mesh = Some((mesh::Cluster::read(cluster1), mesh::Cluster::read(cluster2)));
        self.mesh_outcome = Mutex::new(None);
        self
    }

    /// The two clusters' trust checked at `now`; `None` without mesh files or a verifier. The
    /// last outcome is kept: typing in the input does not check the mesh again.
    pub fn mesh_outcome(&self, now: i64) -> Option<mesh::MeshOutcome> {
        let (cluster1, cluster2) = self.mesh.as_ref()?;
        if !self.can_verify() {
            return None;
        }
        let mut last = self.mesh_outcome.lock().ok()?;
        match last.as_ref() {
            Some((at, outcome)) if *at == now => Some(outcome.clone()),
            // The clusters' certificates are copied only when the mesh is checked again.
            _ => {
                let outcome = mesh::check(cluster1.clone(), cluster2.clone(), now, self);
                *last = Some((now, outcome.clone()));
                Some(outcome)
            }
        }
    }

    /// Whether signatures can be checked at all.
    pub fn can_verify(&self) -> bool {
        self.verifier.is_some()
    }

    /// What the server presents, verified for `host` against `roots` at `now`; `None` without
    /// a presented certificate or a verifier.
    pub fn server_outcome(&self, roots: &[&[u8]], host: &str, now: i64) -> Option<chain::ServerOutcome> {
        if !self.can_verify() {
            return None;
        }
        chain::verify(&self.server, roots, host, now, self)
    }
}

impl Verify for Evidence {
    /// The outcome for `token`: unchecked without keys, from the cache when known.
    fn verify(&self, token: &str, algorithm: Option<&str>, kid: Option<&str>) -> Signature {
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

    /// From the cache when known: typing does not verify a chain again.
    fn certificate_signature(&self, signature: &CertificateSignature) -> Result<(), String> {
        let Some(verifier) = &self.verifier else {
            return Err("x509: cannot verify signature: no verifier".to_string());
        };
        let mut hasher = Sha256::new();
        let CertificateSignature {
            issuer_spki,
            algorithm,
            signed,
            signature: value,
        } = signature;
        for part in [*issuer_spki, algorithm.as_bytes(), signed, value] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        let fingerprint: [u8; 32] = hasher.finalize().into();
        let known = self
            .certificate_outcomes
            .lock()
            .ok()
            .and_then(|outcomes| outcomes.get(&fingerprint).cloned());
        if let Some(known) = known {
            return known;
        }
        let outcome = verifier.certificate_signature(signature);
        if let Ok(mut outcomes) = self.certificate_outcomes.lock() {
            outcomes.insert(fingerprint, outcome.clone());
        }
        outcome
    }
}

impl Evidence {
    /// How many token outcomes the cache holds.
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

        fn certificate_signature(&self, _: &CertificateSignature) -> Result<(), String> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Ok(())
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
