//! The keys a user gives to verify tokens: a JWKS (`kubectl get --raw /openid/v1/jwks`), one JWK,
//! or PEM (public keys, RSA public keys, certificates: the service-account signing key's
//! `sa.pub`, or its certificate). Every key found is kept with the ids a token may name it by;
//! everything that is not a usable key is a problem with a line, never a failure of the whole.
//! Private keys are refused and never read.

use base64::Engine;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::key::PublicKey;
use super::{KeyProblem, KeysRead};
use crate::pem;

/// The most keys read from one input; a real JWKS holds a handful.
pub const MAX_KEYS: usize = 64;

/// Keys read from text, with what could not be read.
#[derive(Clone, Debug, Default)]
pub struct Keys {
    pub keys: Vec<NamedKey>,
    pub problems: Vec<KeyProblem>,
}

/// One usable key.
#[derive(Clone, Debug)]
pub struct NamedKey {
    /// The JWK's `kid`, if it has one.
    pub kid: Option<String>,
    /// The id Kubernetes gives the key (`keyIDFromPublicKey`: base64url of the SHA-256 of its DER
    /// SubjectPublicKeyInfo), when the key came as DER; the API server matches a token's `kid`
    /// against it.
    pub derived_kid: Option<String>,
    /// Where it came from: `key 2 (kid "abc")`, `PEM block 1 (CERTIFICATE)`.
    pub label: String,
    pub line: usize,
    pub key: PublicKey,
}

impl NamedKey {
    /// Whether a token's `kid` names this key.
    pub fn answers_to(&self, kid: &str) -> bool {
        self.kid.as_deref() == Some(kid) || self.derived_kid.as_deref() == Some(kid)
    }

    /// `key 1 (kid "abc", RSA 2048-bit)`.
    pub fn describe(&self) -> String {
        format!("{} ({})", self.label, self.key.describe())
    }
}

impl Keys {
    /// What was read, in words.
    pub fn read(&self) -> KeysRead {
        KeysRead {
            keys: self.keys.iter().map(NamedKey::describe).collect(),
            problems: self.problems.clone(),
        }
    }

    /// Reads keys from `text`: JSON (a JWKS or one JWK) or PEM blocks.
    pub fn parse(text: &str) -> Keys {
        let mut keys = Keys::default();
        let trimmed = text.trim_start();
        if trimmed.is_empty() {
            return keys;
        }
        if trimmed.starts_with('{') || trimmed.starts_with('[') {
            keys.read_json(text);
        } else {
            keys.read_pem(text);
        }
        if keys.keys.is_empty() && keys.problems.is_empty() {
            keys.problems.push(KeyProblem {
                line: 1,
                message: "no key found: give a JWKS (`kubectl get --raw /openid/v1/jwks`), a JWK, or PEM public keys or certificates".to_string(),
            });
        }
        keys
    }

    fn problem(&mut self, line: usize, message: impl Into<String>) {
        self.problems.push(KeyProblem {
            line,
            message: message.into(),
        });
    }

    fn push(&mut self, key: NamedKey) {
        if self.keys.len() == MAX_KEYS {
            self.problem(key.line, format!("more than {MAX_KEYS} keys: the rest are not read"));
        } else if self.keys.len() < MAX_KEYS {
            self.keys.push(key);
        }
    }

    fn read_json(&mut self, text: &str) {
        let value: Value = match serde_json::from_str(text) {
            Ok(value) => value,
            Err(error) => {
                self.problem(error.line().max(1), format!("not JSON: {error}"));
                return;
            }
        };
        let list = match &value {
            Value::Object(object) => match object.get("keys") {
                Some(Value::Array(list)) => list.clone(),
                Some(_) => {
                    self.problem(1, "`keys` is not a list of JWKs");
                    return;
                }
                None if object.contains_key("kty") => vec![value.clone()],
                None => {
                    self.problem(1, "a JSON object with neither `keys` (a JWKS) nor `kty` (a JWK)");
                    return;
                }
            },
            Value::Array(list) => list.clone(),
            _ => {
                self.problem(1, "JSON that is neither a JWKS nor a JWK");
                return;
            }
        };
        for (index, jwk) in list.iter().enumerate() {
            let line = jwk_line(text, index);
            let kid = jwk.get("kid").and_then(Value::as_str).map(str::to_string);
            let label = match &kid {
                Some(kid) => format!("key {} (kid \"{kid}\")", index + 1),
                None => format!("key {}", index + 1),
            };
            match jwk_key(jwk) {
                Ok(key) => self.push(NamedKey {
                    kid,
                    derived_kid: None,
                    label,
                    line,
                    key,
                }),
                Err(reason) => self.problem(line, format!("{label}: {reason}")),
            }
        }
    }

    fn read_pem(&mut self, text: &str) {
        let mut position = 0;
        for (begin_line, label, body, end_found) in pem::blocks(text) {
            position += 1;
            let block = format!("PEM block {position} ({label})");
            if !end_found {
                self.problem(begin_line, format!("{block} has no `-----END {label}-----`"));
                continue;
            }
            if pem::is_private_key(&label) {
                self.problem(
                    begin_line,
                    format!("{block} is a private key: it was not read; give the public key"),
                );
                continue;
            }
            let der = match base64::engine::general_purpose::STANDARD.decode(&body) {
                Ok(der) => der,
                Err(error) => {
                    self.problem(begin_line, format!("{block} is not base64: {error}"));
                    continue;
                }
            };
            let read = match label.as_str() {
                "PUBLIC KEY" => PublicKey::from_spki_der(&der).map(|key| (key, Some(kubernetes_key_id(&der)))),
                "RSA PUBLIC KEY" => rsa_pkcs1_to_key(&der).map(|key| (key, None)),
                "CERTIFICATE" => certificate_spki(&der)
                    .and_then(|spki| PublicKey::from_spki_der(&spki).map(|key| (key, Some(kubernetes_key_id(&spki))))),
                other => Err(format!("`{other}` holds no public key")),
            };
            match read {
                Ok((key, derived_kid)) => self.push(NamedKey {
                    kid: None,
                    derived_kid,
                    label: block,
                    line: begin_line,
                    key,
                }),
                Err(reason) => self.problem(begin_line, format!("{block}: {reason}")),
            }
        }
    }
}

/// Kubernetes' `keyIDFromPublicKey`: the unpadded base64url SHA-256 of the DER
/// SubjectPublicKeyInfo.
pub fn kubernetes_key_id(spki_der: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(spki_der))
}

/// The DER SubjectPublicKeyInfo of a DER certificate.
fn certificate_spki(der: &[u8]) -> Result<Vec<u8>, String> {
    let (_, certificate) =
        crate::x509::parse(der).map_err(|error| format!("not a certificate: {}", crate::x509::refusal(&error)))?;
    Ok(certificate.public_key().raw.to_vec())
}

/// An RSA key from PKCS #1 `RSAPublicKey` DER.
fn rsa_pkcs1_to_key(der: &[u8]) -> Result<PublicKey, String> {
    use x509_parser::prelude::FromDer;
    let (_, key) = x509_parser::public_key::RSAPublicKey::from_der(der)
        .map_err(|error| format!("not an RSA public key: {}", crate::x509::refusal(&error)))?;
    PublicKey::rsa(key.modulus, key.exponent)
}

/// A JWK's public key (RFC 7517/7518): `RSA` (`n`, `e`), `EC` (`crv`, `x`, `y`), `OKP` Ed25519.
fn jwk_key(jwk: &Value) -> Result<PublicKey, String> {
    let field = |name: &str| -> Result<Vec<u8>, String> {
        let text = jwk
            .get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("`{name}` is missing"))?;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(text.trim_end_matches('='))
            .map_err(|_| format!("`{name}` is not base64url"))
    };
    if jwk.get("d").is_some() {
        return Err("a private JWK (it has `d`): it was not read; give the public key".to_string());
    }
    match jwk.get("kty").and_then(Value::as_str) {
        Some("RSA") => PublicKey::rsa(&field("n")?, &field("e")?),
        Some("EC") => {
            let curve = jwk.get("crv").and_then(Value::as_str).unwrap_or("");
            let x = field("x")?;
            let y = field("y")?;
            let mut point = vec![0x04];
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            PublicKey::ec(curve, &point)
        }
        Some("OKP") => match jwk.get("crv").and_then(Value::as_str) {
            Some("Ed25519") => PublicKey::ed25519(&field("x")?),
            Some(other) => Err(format!("the OKP curve `{other}` is not supported")),
            None => Err("`crv` is missing".to_string()),
        },
        Some("oct") => Err("a symmetric key (`oct`): the API server verifies only with public keys".to_string()),
        Some(other) => Err(format!("the key type `{other}` is not supported")),
        None => Err("`kty` is missing".to_string()),
    }
}

/// The line of the `index`-th JWK: the line of the `index`-th `"kty"`; 1 when it cannot be told.
fn jwk_line(text: &str, index: usize) -> usize {
    text.match_indices("\"kty\"")
        .nth(index)
        .map(|(offset, _)| text[..offset].matches('\n').count() + 1)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_have_lines_and_good_keys_are_kept() {
        let key = crate::fixtures::jwks(&crate::fixtures::FixtureKey::from_seed(9), "a");
        let good = &key["keys"][0];
        let text = serde_json::to_string_pretty(&serde_json::json!({"keys": [
            {"kty": "RSA", "n": "AQAB"},
            good,
            {"kty": "oct", "k": "c2VjcmV0"},
            {"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA", "d": "AA"},
        ]}))
        .unwrap();
        let keys = Keys::parse(&text);
        assert_eq!(keys.keys.len(), 1);
        assert_eq!(keys.keys[0].kid.as_deref(), Some("a"));
        let lines: Vec<usize> = keys.problems.iter().map(|problem| problem.line).collect();
        assert_eq!(lines.len(), 3, "{:?}", keys.problems);
        assert!(lines.windows(2).all(|pair| pair[0] < pair[1]), "{lines:?}");
        assert!(
            keys.problems[0].message.contains("`e` is missing"),
            "{:?}",
            keys.problems
        );
        assert!(keys.problems[1].message.contains("symmetric"));
        assert!(keys.problems[2].message.contains("private"));
    }

    #[test]
    fn json_errors_point_at_their_line() {
        let keys = Keys::parse("{\n  \"keys\": [\n    {,\n  ]\n}");
        assert_eq!(keys.problems.len(), 1);
        assert_eq!(keys.problems[0].line, 3);
    }

    #[test]
    fn private_keys_are_never_read() {
        let keys = Keys::parse("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n");
        assert!(keys.keys.is_empty());
        assert!(keys.problems[0].message.contains("private key"));
    }

    #[test]
    fn pem_around_other_text_and_a_truncated_block() {
        let certificate =
            crate::fixtures::certificate_pem(&crate::fixtures::CertificateSpec::cluster_ca(crate::fixtures::NOW));
        let text =
            format!("CONNECTED(00000003)\nsubject=CN = kubernetes\n{certificate}-----BEGIN PUBLIC KEY-----\nMFkw\n");
        let keys = Keys::parse(&text);
        assert_eq!(keys.keys.len(), 1);
        assert!(keys.keys[0].derived_kid.is_some());
        assert_eq!(keys.problems.len(), 1);
        assert!(keys.problems[0].message.contains("no `-----END PUBLIC KEY-----`"));
    }

    #[test]
    fn nothing_recognisable_is_one_problem() {
        let keys = Keys::parse("hello");
        assert!(keys.keys.is_empty());
        assert_eq!(keys.problems.len(), 1);
        assert!(!Keys::parse("   \n").read().is_given());
    }
}
