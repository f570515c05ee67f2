//! Decodes a bearer token: masks it at once, then reads a JWT's header and claims. The signature
//! is kept out of the model: it is verified here, when keys were given, and only the outcome kept.

use base64::Engine;
use serde_json::{Map, Value};

use crate::model::{Jwt, JwtPart, PartProblem, Signature, Token, TokenForm, TokenKind, TokenProblem};
use crate::time_format::rfc3339;
use crate::trust::{Evidence, Verify};

/// Decodes the token found on `line`, and verifies a JWT's signature with the evidence's keys.
/// Only the masked form and the outcome are kept.
pub fn decode(token: &str, line: usize, evidence: &Evidence) -> Token {
    let has_whitespace = token.trim().chars().any(char::is_whitespace) || token != token.trim();
    let compact: String = token.chars().filter(|c| !c.is_whitespace()).collect();
    Token {
        line,
        masked: mask(&compact),
        length: compact.len(),
        has_whitespace,
        form: decode_form(&compact, evidence),
    }
}

/// `eyJhbGciOi…x7Q`: the first ten and the last three characters, never more than a fifth of
/// the token. Short tokens show nothing but their length.
pub fn mask(token: &str) -> String {
    let characters: Vec<char> = token.chars().collect();
    if characters.len() < 40 {
        return format!("… ({} characters)", characters.len());
    }
    let head: String = characters[..10].iter().collect();
    let tail: String = characters[characters.len() - 3..].iter().collect();
    format!("{head}…{tail}")
}

/// The most header bytes Go's HTTP server (the API server's) reads: `http.DefaultMaxHeaderBytes`.
pub const MAX_TOKEN_BYTES: usize = 1 << 20;

fn decode_form(token: &str, evidence: &Evidence) -> TokenForm {
    if token.len() > MAX_TOKEN_BYTES {
        return TokenForm::Malformed {
            problem: TokenProblem::TooLong { bytes: token.len() },
        };
    }
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        if parts.len() == 5 {
            return TokenForm::Malformed {
                problem: TokenProblem::EncryptedJwe,
            };
        }
        return TokenForm::Opaque;
    }
    let header = match decode_part(parts[0]) {
        Ok(header) => header,
        Err(problem) => {
            // Three parts that do not start like a JWT are most likely an opaque token with dots.
            if !parts[0].starts_with("eyJ") {
                return TokenForm::Opaque;
            }
            return TokenForm::Malformed {
                problem: TokenProblem::Part {
                    part: JwtPart::Header,
                    problem,
                },
            };
        }
    };
    let claims = match decode_part(parts[1]) {
        Ok(claims) => claims,
        Err(problem) => {
            return TokenForm::Malformed {
                problem: TokenProblem::Part {
                    part: JwtPart::Claims,
                    problem,
                },
            }
        }
    };
    if parts[2].is_empty() {
        return TokenForm::Malformed {
            problem: TokenProblem::UnsignedNone,
        };
    }
    if base64url(parts[2]).is_err() {
        return TokenForm::Malformed {
            problem: TokenProblem::SignatureNotBase64Url,
        };
    }
    let mut jwt = describe(header, claims);
    jwt.signature = evidence.verify(token, jwt.algorithm.as_deref(), jwt.key_id.as_deref());
    TokenForm::Jwt(Box::new(jwt))
}

fn base64url(part: &str) -> Result<Vec<u8>, base64::DecodeError> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part.trim_end_matches('='))
}

fn decode_part(part: &str) -> Result<Map<String, Value>, PartProblem> {
    let bytes = base64url(part).map_err(|_| PartProblem::NotBase64Url)?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(PartProblem::NotAnObject),
        Err(error) => Err(PartProblem::NotJson {
            reason: error.to_string(),
        }),
    }
}

fn describe(header: Map<String, Value>, claims: Map<String, Value>) -> Jwt {
    let text = |map: &Map<String, Value>, key: &str| map.get(key).and_then(Value::as_str).map(str::to_string);
    let number = |key: &str| claims.get(key).and_then(Value::as_f64).map(|seconds| seconds as i64);
    let audiences = match claims.get("aud") {
        Some(Value::String(audience)) => vec![audience.clone()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        _ => Vec::new(),
    };
    let expires_at = number("exp");
    let not_before = number("nbf");
    let issued_at = number("iat");
    let issuer = text(&claims, "iss");
    let subject = text(&claims, "sub");

    let bound = claims.get("kubernetes.io").and_then(Value::as_object);
    let kind = if bound.is_some() || (expires_at.is_some() && !audiences.is_empty()) {
        TokenKind::Bound
    } else if issuer.as_deref() == Some("kubernetes/serviceaccount") {
        TokenKind::SecretBased
    } else {
        TokenKind::Other
    };
    let namespace = bound
        .and_then(|object| object.get("namespace"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| text(&claims, "kubernetes.io/serviceaccount/namespace"));
    let service_account = bound
        .and_then(|object| object.get("serviceaccount"))
        .and_then(|account| account.get("name"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| text(&claims, "kubernetes.io/serviceaccount/service-account.name"));
    // Fall back to the subject, `system:serviceaccount:<namespace>:<name>`.
    let from_subject = subject
        .as_deref()
        .and_then(|sub| sub.strip_prefix("system:serviceaccount:"))
        .and_then(|rest| rest.split_once(':'))
        .map(|(ns, name)| (ns.to_string(), name.to_string()));
    let (namespace, service_account) = match (namespace, service_account, from_subject) {
        (Some(ns), Some(sa), _) => (Some(ns), Some(sa)),
        (ns, sa, Some((sub_ns, sub_sa))) => (ns.or(Some(sub_ns)), sa.or(Some(sub_sa))),
        (ns, sa, None) => (ns, sa),
    };

    Jwt {
        algorithm: text(&header, "alg"),
        key_id: text(&header, "kid"),
        header,
        issuer,
        subject,
        audiences,
        expires_at,
        not_before,
        issued_at,
        expires_at_text: expires_at.map(rfc3339),
        not_before_text: not_before.map(rfc3339),
        issued_at_text: issued_at.map(rfc3339),
        kind,
        namespace,
        service_account,
        claims,
        signature: Signature::Unchecked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_without_revealing_the_token() {
        let token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQx7Q";
        assert_eq!(mask(token), "eyJhbGciOi…x7Q");
        assert_eq!(mask("abcdef.0123456789abcdef"), "… (23 characters)");
    }

    #[test]
    fn a_token_longer_than_the_api_server_reads_is_not_decoded() {
        let long = format!("eyJhbGciOiJSUzI1NiJ9.{}.c2ln", "e".repeat(MAX_TOKEN_BYTES));
        let decoded = decode(&long, 1, &Evidence::none());
        assert!(matches!(
            decoded.form,
            TokenForm::Malformed {
                problem: TokenProblem::TooLong { .. }
            }
        ));
        assert_eq!(decoded.masked, "eyJhbGciOi…2ln");
    }

    #[test]
    fn tells_opaque_from_malformed() {
        assert!(matches!(
            decode("abcdef.0123456789abcdef", 1, &Evidence::none()).form,
            TokenForm::Opaque
        ));
        assert!(matches!(
            decode("eyJhbGc.eyJ.sig", 1, &Evidence::none()).form,
            TokenForm::Malformed { .. }
        ));
    }
}
