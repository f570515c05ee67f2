//! Whether a client certificate and a client key form a pair, as Go's `tls.X509KeyPair` decides
//! before istiod can build the client: the key's public half must be the certificate's.
//!
//! The key is read here and dropped here: only the verdict ([`KeyPair`]) reaches the model.
//! Deliberately absent: signing anything, and key types whose public half cannot be read or
//! derived with the crates at hand (Ed25519, curves other than P-256 without an embedded public
//! key): those are [`KeyPair::NotCompared`], never guessed.

use p256::elliptic_curve::sec1::ToEncodedPoint;
use x509_parser::der_parser::ber::{BerObject, BerObjectContent};
use x509_parser::der_parser::num_bigint::BigUint;
use x509_parser::der_parser::parse_der;
use x509_parser::oid_registry::{OID_EC_P256, OID_KEY_TYPE_EC_PUBLIC_KEY, OID_PKCS1_RSAENCRYPTION};
use x509_parser::public_key::PublicKey;

use crate::model::KeyPair;

/// A public key as both sides can state it.
#[derive(Debug, PartialEq, Eq)]
enum Public {
    Rsa {
        modulus: BigUint,
        exponent: BigUint,
    },
    /// An elliptic-curve point, uncompressed where it could be normalised.
    Ec(Vec<u8>),
}

/// Compares the first certificate of `certificate_der` with the PEM key in `key_bytes`.
pub fn compare(certificate_der: &[u8], key_bytes: &[u8]) -> KeyPair {
    let Some(certificate_key) = certificate_public_key(certificate_der) else {
        return KeyPair::NotCompared {
            key_type: "the certificate's key type".to_string(),
        };
    };
    let Some((label, der)) = first_key_block(key_bytes) else {
        return KeyPair::Unreadable {
            reason: "tls: failed to find any PEM data in key input".to_string(),
        };
    };
    let key = match label.as_str() {
        "RSA PRIVATE KEY" => rsa_public(&der),
        "EC PRIVATE KEY" => ec_public(&der, None),
        "PRIVATE KEY" => pkcs8_public(&der),
        other => {
            return KeyPair::Unreadable {
                reason: format!("a PEM block `{other}` is not a private key Go reads"),
            }
        }
    };
    match key {
        Ok(key) if normalise(&key) == normalise(&certificate_key) => KeyPair::Matches,
        Ok(_) => KeyPair::Mismatch,
        Err(outcome) => outcome,
    }
}

fn first_key_block(bytes: &[u8]) -> Option<(String, Vec<u8>)> {
    x509_parser::pem::Pem::iter_from_buffer(bytes)
        .filter_map(Result::ok)
        .find(|pem| pem.label.ends_with("PRIVATE KEY"))
        .map(|pem| (pem.label, pem.contents))
}

fn certificate_public_key(der: &[u8]) -> Option<Public> {
    let (_, certificate) = crate::x509::parse(der).ok()?;
    match certificate.public_key().parsed().ok()? {
        PublicKey::RSA(rsa) => Some(Public::Rsa {
            modulus: BigUint::from_bytes_be(rsa.modulus),
            exponent: BigUint::from_bytes_be(rsa.exponent),
        }),
        PublicKey::EC(point) => Some(Public::Ec(point.data().to_vec())),
        _ => None,
    }
}

fn unreadable(what: &str) -> KeyPair {
    KeyPair::Unreadable {
        reason: format!("tls: failed to parse private key ({what})"),
    }
}

/// PKCS#1 `RSAPrivateKey`: version, modulus, public exponent, ...
fn rsa_public(der: &[u8]) -> Result<Public, KeyPair> {
    let (_, key) = parse_der(der).map_err(|_| unreadable("not DER"))?;
    let fields = key.as_sequence().map_err(|_| unreadable("not a PKCS#1 sequence"))?;
    let integer = |index: usize| {
        fields
            .get(index)
            .and_then(|field| field.as_biguint().ok())
            .ok_or_else(|| unreadable("a PKCS#1 field is missing"))
    };
    Ok(Public::Rsa {
        modulus: integer(1)?,
        exponent: integer(2)?,
    })
}

/// SEC1 `ECPrivateKey`: version, private key, [0] curve, [1] public key. `curve_from_outside` is
/// the curve a PKCS#8 wrapper named.
fn ec_public(der: &[u8], curve_from_outside: Option<bool>) -> Result<Public, KeyPair> {
    let (_, key) = parse_der(der).map_err(|_| unreadable("not DER"))?;
    let fields = key.as_sequence().map_err(|_| unreadable("not a SEC1 sequence"))?;
    let secret = fields
        .get(1)
        .and_then(|field| field.as_slice().ok())
        .ok_or_else(|| unreadable("no SEC1 private key"))?;
    let mut is_p256 = curve_from_outside;
    for field in fields.iter().skip(2) {
        match tagged(field) {
            Some((0, inner)) => is_p256 = Some(inner.as_oid().is_ok_and(|oid| *oid == OID_EC_P256)),
            Some((1, inner)) => {
                if let Ok(bits) = inner.as_bitstring() {
                    return Ok(Public::Ec(bits.data.to_vec()));
                }
            }
            _ => {}
        }
    }
    // No embedded public key: derive it, which this tool can do for P-256 only.
    if is_p256 != Some(true) {
        return Err(KeyPair::NotCompared {
            key_type: "an EC key without its public key, on a curve other than P-256".to_string(),
        });
    }
    let secret = p256::SecretKey::from_slice(secret).map_err(|_| unreadable("not a P-256 scalar"))?;
    Ok(Public::Ec(
        secret.public_key().to_encoded_point(false).as_bytes().to_vec(),
    ))
}

/// PKCS#8 `PrivateKeyInfo`: version, algorithm, the key in an octet string.
fn pkcs8_public(der: &[u8]) -> Result<Public, KeyPair> {
    let (_, info) = parse_der(der).map_err(|_| unreadable("not DER"))?;
    let fields = info.as_sequence().map_err(|_| unreadable("not a PKCS#8 sequence"))?;
    let algorithm = fields
        .get(1)
        .and_then(|field| field.as_sequence().ok())
        .ok_or_else(|| unreadable("no PKCS#8 algorithm"))?;
    let oid = algorithm
        .first()
        .and_then(|field| field.as_oid().ok())
        .ok_or_else(|| unreadable("no PKCS#8 algorithm"))?;
    let inner = fields
        .get(2)
        .and_then(|field| field.as_slice().ok())
        .ok_or_else(|| unreadable("no PKCS#8 key"))?;
    if *oid == OID_PKCS1_RSAENCRYPTION {
        rsa_public(inner)
    } else if *oid == OID_KEY_TYPE_EC_PUBLIC_KEY {
        let is_p256 = algorithm
            .get(1)
            .and_then(|parameters| parameters.as_oid().ok())
            .map(|curve| *curve == OID_EC_P256);
        ec_public(inner, is_p256)
    } else {
        Err(KeyPair::NotCompared {
            key_type: format!("a key of algorithm {oid}"),
        })
    }
}

/// The number and content of an explicitly tagged, context-specific field.
fn tagged<'a>(field: &'a BerObject<'a>) -> Option<(u32, BerObject<'a>)> {
    match &field.content {
        BerObjectContent::Tagged(_, tag, inner) => Some((tag.0, (**inner).clone())),
        BerObjectContent::Unknown(any) => {
            let (_, inner) = parse_der(any.data).ok()?;
            Some((any.tag().0, inner))
        }
        _ => None,
    }
}

/// Elliptic-curve points compared uncompressed when they are P-256 points; others as written.
fn normalise(key: &Public) -> Public {
    match key {
        Public::Ec(point) => match p256::PublicKey::from_sec1_bytes(point) {
            Ok(public) => Public::Ec(public.to_encoded_point(false).as_bytes().to_vec()),
            Err(_) => Public::Ec(point.clone()),
        },
        Public::Rsa { modulus, exponent } => Public::Rsa {
            modulus: modulus.clone(),
            exponent: exponent.clone(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{certificate_pem, pem, CertificateSpec, NOW};

    fn certificate_der(seed: u8) -> Vec<u8> {
        let text = certificate_pem(&CertificateSpec {
            key_seed: seed,
            ..CertificateSpec::cluster_ca(NOW)
        });
        x509_parser::pem::Pem::iter_from_buffer(text.as_bytes())
            .next()
            .unwrap()
            .unwrap()
            .contents
    }

    /// The fixture key of `seed` as PKCS#8 PEM (what rcgen and openssl write today).
    fn pkcs8_key(seed: u8) -> String {
        use p256::pkcs8::EncodePrivateKey;
        let key = crate::fixtures::fixture_secret_key(seed);
        pem("PRIVATE KEY", key.to_pkcs8_der().unwrap().as_bytes())
    }

    /// The same key as SEC1 PEM (`EC PRIVATE KEY`, what kubeadm writes).
    fn sec1_key(seed: u8) -> String {
        let key = crate::fixtures::fixture_secret_key(seed);
        pem("EC PRIVATE KEY", key.to_sec1_der().unwrap().as_slice())
    }

    #[test]
    fn the_certificates_own_key_matches_in_both_encodings() {
        let der = certificate_der(7);
        assert_eq!(compare(&der, pkcs8_key(7).as_bytes()), KeyPair::Matches);
        assert_eq!(compare(&der, sec1_key(7).as_bytes()), KeyPair::Matches);
    }

    #[test]
    fn another_key_does_not() {
        let der = certificate_der(7);
        assert_eq!(compare(&der, pkcs8_key(9).as_bytes()), KeyPair::Mismatch);
        assert_eq!(compare(&der, sec1_key(9).as_bytes()), KeyPair::Mismatch);
    }

    #[test]
    fn text_that_is_no_key_is_unreadable() {
        let der = certificate_der(7);
        assert!(matches!(compare(&der, b"not a key"), KeyPair::Unreadable { .. }));
        let garbage = pem("PRIVATE KEY", b"\x30\x03\x02\x01\x00");
        assert!(matches!(compare(&der, garbage.as_bytes()), KeyPair::Unreadable { .. }));
    }
}
