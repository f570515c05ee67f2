//! Public keys and the signatures they verify: RSA (PKCS #1 v1.5 and PSS), ECDSA on P-256,
//! P-384 and P-521, and Ed25519, all in pure Rust (RustCrypto) so the browser verifies what the
//! command line does. Keys come from a SubjectPublicKeyInfo (a certificate, a PEM public key) or
//! from a JWK; this module knows nothing of where.

use rsa::BigUint;
use sha2::{Digest, Sha256, Sha384, Sha512};
use signature::Verifier;
use x509_parser::oid_registry::{
    Oid, OID_EC_P256, OID_NIST_EC_P384, OID_NIST_EC_P521, OID_NIST_HASH_SHA256, OID_NIST_HASH_SHA384,
    OID_NIST_HASH_SHA512, OID_PKCS1_MD5WITHRSAENC, OID_PKCS1_RSASSAPSS, OID_PKCS1_SHA1WITHRSA, OID_PKCS1_SHA256WITHRSA,
    OID_PKCS1_SHA384WITHRSA, OID_PKCS1_SHA512WITHRSA, OID_SIG_ECDSA_WITH_SHA256, OID_SIG_ECDSA_WITH_SHA384,
    OID_SIG_ECDSA_WITH_SHA512, OID_SIG_ED25519,
};
use x509_parser::prelude::FromDer;
use x509_parser::public_key::PublicKey as ParsedKey;
use x509_parser::x509::SubjectPublicKeyInfo;

use super::CertificateSignature;

/// The largest RSA modulus accepted, in bits. Go verifies any size; RustCrypto stops at 4,096 by
/// default, and 16,384 keeps a pasted key from costing seconds.
const MAX_RSA_BITS: usize = 16_384;

/// A public key that can verify signatures.
#[derive(Clone)]
pub enum PublicKey {
    Rsa(rsa::RsaPublicKey),
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    P521(p521::ecdsa::VerifyingKey),
    Ed25519(ed25519_dalek::VerifyingKey),
}

/// The hash of a signature scheme. SHA-1 is absent on purpose: Go refuses SHA-1 signatures
/// (since 1.18), so nothing here needs to verify one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

/// How a signature was made, independent of the key: what a JWS `alg` or an X.509
/// signatureAlgorithm names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// RSASSA-PKCS1-v1_5 (JWS RS256/384/512; X.509 sha*WithRSAEncryption).
    RsaPkcs1(Hash),
    /// RSASSA-PSS with MGF1 of the same hash (JWS PS256/384/512).
    RsaPss(Hash),
    /// ECDSA with r and s as fixed-size big-endian halves (JWS ES256/384/512).
    EcdsaFixed(Hash),
    /// ECDSA with r and s in a DER SEQUENCE (X.509 ecdsa-with-SHA*).
    EcdsaDer(Hash),
    /// Pure Ed25519.
    Ed25519,
}

/// Why a signature does not verify.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureError {
    /// The key cannot make this kind of signature (an RSA key for ES256, a P-384 key for ES256).
    KeyMismatch { scheme: String, key: String },
    /// The signature is not of the form the scheme requires (wrong length, not DER).
    Malformed,
    /// Well-formed, but not made by this key over these bytes.
    Invalid,
}

// p521's key is not `Debug`; the description says what matters.
impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl PublicKey {
    /// Reads a DER SubjectPublicKeyInfo, as in a certificate or a `PUBLIC KEY` PEM block.
    pub fn from_spki_der(der: &[u8]) -> Result<PublicKey, String> {
        let (_, spki) = SubjectPublicKeyInfo::from_der(der)
            .map_err(|error| format!("not a public key: {}", crate::x509::refusal(&error)))?;
        PublicKey::from_spki(&spki)
    }

    /// Reads a parsed SubjectPublicKeyInfo.
    pub fn from_spki(spki: &SubjectPublicKeyInfo) -> Result<PublicKey, String> {
        let algorithm = &spki.algorithm.algorithm;
        if *algorithm == OID_SIG_ED25519 {
            return PublicKey::ed25519(&spki.subject_public_key.data);
        }
        match spki.parsed() {
            Ok(ParsedKey::RSA(key)) => PublicKey::rsa(key.modulus, key.exponent),
            Ok(ParsedKey::EC(point)) => match super::named_curve(spki) {
                Some(oid) if oid == OID_EC_P256 => PublicKey::ec("P-256", point.data()),
                Some(oid) if oid == OID_NIST_EC_P384 => PublicKey::ec("P-384", point.data()),
                Some(oid) if oid == OID_NIST_EC_P521 => PublicKey::ec("P-521", point.data()),
                Some(oid) => Err(format!("the elliptic curve {oid} is not supported")),
                None => Err("the elliptic-curve key names no curve".to_string()),
            },
            Ok(ParsedKey::DSA(_)) => Err("DSA keys are not supported (Go dropped them too)".to_string()),
            Ok(_) => Err(format!("keys of algorithm {algorithm} are not supported")),
            Err(error) => Err(format!(
                "the public key does not parse: {}",
                crate::x509::error_text(&error)
            )),
        }
    }

    /// An RSA key from its big-endian modulus and exponent.
    pub fn rsa(modulus: &[u8], exponent: &[u8]) -> Result<PublicKey, String> {
        let n = BigUint::from_bytes_be(modulus);
        let e = BigUint::from_bytes_be(exponent);
        rsa::RsaPublicKey::new_with_max_size(n, e, MAX_RSA_BITS)
            .map(PublicKey::Rsa)
            .map_err(|error| format!("not a usable RSA key: {error}"))
    }

    /// An elliptic-curve key from its SEC1 point (`04 || x || y`, or compressed).
    pub fn ec(curve: &str, sec1: &[u8]) -> Result<PublicKey, String> {
        let invalid = |_| format!("not a point on {curve}");
        match curve {
            "P-256" => p256::ecdsa::VerifyingKey::from_sec1_bytes(sec1)
                .map(PublicKey::P256)
                .map_err(invalid),
            "P-384" => p384::ecdsa::VerifyingKey::from_sec1_bytes(sec1)
                .map(PublicKey::P384)
                .map_err(invalid),
            "P-521" => p521::ecdsa::VerifyingKey::from_sec1_bytes(sec1)
                .map(PublicKey::P521)
                .map_err(invalid),
            other => Err(format!("the elliptic curve {other} is not supported")),
        }
    }

    /// An Ed25519 key from its 32 bytes.
    pub fn ed25519(bytes: &[u8]) -> Result<PublicKey, String> {
        let bytes: &[u8; 32] = bytes
            .try_into()
            .map_err(|_| format!("an Ed25519 key has 32 bytes, not {}", bytes.len()))?;
        ed25519_dalek::VerifyingKey::from_bytes(bytes)
            .map(PublicKey::Ed25519)
            .map_err(|_| "not a valid Ed25519 key".to_string())
    }

    /// `RSA 2048-bit`, `ECDSA P-256`, `Ed25519`.
    pub fn describe(&self) -> String {
        match self {
            PublicKey::Rsa(key) => {
                use rsa::traits::PublicKeyParts;
                format!("RSA {}-bit", key.n().bits())
            }
            PublicKey::P256(_) => "ECDSA P-256".to_string(),
            PublicKey::P384(_) => "ECDSA P-384".to_string(),
            PublicKey::P521(_) => "ECDSA P-521".to_string(),
            PublicKey::Ed25519(_) => "Ed25519".to_string(),
        }
    }

    /// Verifies `signature` over `message` made with `scheme`.
    pub fn verify(&self, scheme: Scheme, message: &[u8], signature: &[u8]) -> Result<(), SignatureError> {
        let mismatch = || SignatureError::KeyMismatch {
            scheme: scheme.describe(),
            key: self.describe(),
        };
        match (self, scheme) {
            (PublicKey::Rsa(key), Scheme::RsaPkcs1(hash)) => rsa_pkcs1(key, hash, message, signature),
            (PublicKey::Rsa(key), Scheme::RsaPss(hash)) => rsa_pss(key, hash, message, signature),
            (PublicKey::P256(key), Scheme::EcdsaFixed(Hash::Sha256)) => {
                let signature = p256::ecdsa::Signature::from_slice(signature).map_err(|_| SignatureError::Malformed)?;
                key.verify(message, &signature).map_err(|_| SignatureError::Invalid)
            }
            (PublicKey::P384(key), Scheme::EcdsaFixed(Hash::Sha384)) => {
                let signature = p384::ecdsa::Signature::from_slice(signature).map_err(|_| SignatureError::Malformed)?;
                key.verify(message, &signature).map_err(|_| SignatureError::Invalid)
            }
            (PublicKey::P521(key), Scheme::EcdsaFixed(Hash::Sha512)) => {
                let signature = p521::ecdsa::Signature::from_slice(signature).map_err(|_| SignatureError::Malformed)?;
                key.verify(message, &signature).map_err(|_| SignatureError::Invalid)
            }
            (key, Scheme::EcdsaDer(hash)) => ecdsa_der(key, hash, message, signature).ok_or_else(mismatch)?,
            (PublicKey::Ed25519(key), Scheme::Ed25519) => {
                let signature =
                    ed25519_dalek::Signature::from_slice(signature).map_err(|_| SignatureError::Malformed)?;
                key.verify_strict(message, &signature)
                    .map_err(|_| SignatureError::Invalid)
            }
            _ => Err(mismatch()),
        }
    }
}

impl Scheme {
    /// `RS256`-style words for messages.
    pub fn describe(self) -> String {
        let bits = |hash: Hash| match hash {
            Hash::Sha256 => "SHA-256",
            Hash::Sha384 => "SHA-384",
            Hash::Sha512 => "SHA-512",
        };
        match self {
            Scheme::RsaPkcs1(hash) => format!("RSA PKCS #1 v1.5 with {}", bits(hash)),
            Scheme::RsaPss(hash) => format!("RSA-PSS with {}", bits(hash)),
            Scheme::EcdsaFixed(hash) | Scheme::EcdsaDer(hash) => format!("ECDSA with {}", bits(hash)),
            Scheme::Ed25519 => "Ed25519".to_string(),
        }
    }
}

fn digest(hash: Hash, message: &[u8]) -> Vec<u8> {
    match hash {
        Hash::Sha256 => Sha256::digest(message).to_vec(),
        Hash::Sha384 => Sha384::digest(message).to_vec(),
        Hash::Sha512 => Sha512::digest(message).to_vec(),
    }
}

fn rsa_pkcs1(key: &rsa::RsaPublicKey, hash: Hash, message: &[u8], signature: &[u8]) -> Result<(), SignatureError> {
    let scheme = match hash {
        Hash::Sha256 => rsa::Pkcs1v15Sign::new::<Sha256>(),
        Hash::Sha384 => rsa::Pkcs1v15Sign::new::<Sha384>(),
        Hash::Sha512 => rsa::Pkcs1v15Sign::new::<Sha512>(),
    };
    key.verify(scheme, &digest(hash, message), signature)
        .map_err(|_| SignatureError::Invalid)
}

/// PSS as Go verifies it with `PSSSaltLengthAuto` (go-jose passes no options): the salt may have
/// any length. RustCrypto checks one given length, so the two that signers use are tried: the
/// hash's length (RFC 7518 §3.5, Go's signing default) and the largest that fits (Go before 1.22
/// and golang-jwt).
fn rsa_pss(key: &rsa::RsaPublicKey, hash: Hash, message: &[u8], signature: &[u8]) -> Result<(), SignatureError> {
    use rsa::traits::PublicKeyParts;
    let hashed = digest(hash, message);
    let em_len = key.n().bits().div_ceil(8);
    let largest = em_len.saturating_sub(hashed.len() + 2);
    for salt in [hashed.len(), largest] {
        let scheme = match hash {
            Hash::Sha256 => rsa::Pss::new_with_salt::<Sha256>(salt),
            Hash::Sha384 => rsa::Pss::new_with_salt::<Sha384>(salt),
            Hash::Sha512 => rsa::Pss::new_with_salt::<Sha512>(salt),
        };
        if key.verify(scheme, &hashed, signature).is_ok() {
            return Ok(());
        }
    }
    Err(SignatureError::Invalid)
}

/// ECDSA with a DER signature, the hash chosen by the certificate's algorithm (not the curve's).
/// `None` when the key is not an ECDSA key.
fn ecdsa_der(key: &PublicKey, hash: Hash, message: &[u8], signature: &[u8]) -> Option<Result<(), SignatureError>> {
    use signature::hazmat::PrehashVerifier;
    let hashed = digest(hash, message);
    let result = match key {
        PublicKey::P256(key) => p256::ecdsa::Signature::from_der(signature)
            .map_err(|_| SignatureError::Malformed)
            .and_then(|signature| {
                key.verify_prehash(&hashed, &signature)
                    .map_err(|_| SignatureError::Invalid)
            }),
        PublicKey::P384(key) => p384::ecdsa::Signature::from_der(signature)
            .map_err(|_| SignatureError::Malformed)
            .and_then(|signature| {
                key.verify_prehash(&hashed, &signature)
                    .map_err(|_| SignatureError::Invalid)
            }),
        PublicKey::P521(key) => p521::ecdsa::Signature::from_der(signature)
            .map_err(|_| SignatureError::Malformed)
            .and_then(|signature| {
                key.verify_prehash(&hashed, &signature)
                    .map_err(|_| SignatureError::Invalid)
            }),
        _ => return None,
    };
    Some(result)
}

/// The hash of RSASSA-PSS parameters (their DER content as `AB:CD:..`) when they are one of the
/// three sets Go's `getSignatureAlgorithmFromAI` accepts (go1.25.0: MGF1 of the same hash, a salt
/// as long as the hash, trailer 1, for SHA-256, SHA-384 or SHA-512); `None` for any other, which
/// Go knows as `UnknownSignatureAlgorithm`.
pub fn pss_hash(parameters: &str) -> Option<Hash> {
    use x509_parser::der_parser::asn1_rs::{Any, Tag};
    use x509_parser::signature_algorithm::RsaSsaPssParams;
    const MGF1: Oid = x509_parser::der_parser::oid!(1.2.840 .113549 .1 .1 .8);
    let bytes: Vec<u8> = parameters
        .split(':')
        .map(|pair| u8::from_str_radix(pair, 16).ok())
        .collect::<Option<_>>()?;
    let params = RsaSsaPssParams::try_from(&Any::from_tag_and_data(Tag::Sequence, &bytes)).ok()?;
    let hash = params.hash_algorithm_oid();
    let (scheme_hash, salt) = [
        (OID_NIST_HASH_SHA256, Hash::Sha256, 32),
        (OID_NIST_HASH_SHA384, Hash::Sha384, 48),
        (OID_NIST_HASH_SHA512, Hash::Sha512, 64),
    ]
    .into_iter()
    .find(|(oid, _, _)| oid == hash)
    .map(|(_, scheme_hash, salt)| (scheme_hash, salt))?;
    let mask = params.mask_gen_algorithm().ok()?;
    let same_mask = mask.mgf == MGF1 && &mask.hash == hash;
    (same_mask && params.salt_length() == salt && params.trailer_field() == 1).then_some(scheme_hash)
}

/// The scheme of a certificate's signature algorithm (its dotted OID; for RSASSA-PSS, a `:` and
/// its parameters), as Go's `getSignatureAlgorithmFromAI` maps it; else the error Go's
/// `checkSignature` gives.
fn scheme_of(algorithm: &str) -> Result<Scheme, String> {
    const ECDSA_WITH_SHA1: Oid = x509_parser::der_parser::oid!(1.2.840 .10045 .4 .1);
    let unimplemented = || "x509: cannot verify signature: algorithm unimplemented".to_string();
    let (dotted, parameters) = algorithm.split_once(':').unwrap_or((algorithm, ""));
    let oid: Oid = dotted.parse().map_err(|_| unimplemented())?;
    if oid == OID_PKCS1_RSASSAPSS {
        return pss_hash(parameters).map(Scheme::RsaPss).ok_or_else(unimplemented);
    }
    let known = [
        (OID_PKCS1_SHA256WITHRSA, Scheme::RsaPkcs1(Hash::Sha256)),
        (OID_PKCS1_SHA384WITHRSA, Scheme::RsaPkcs1(Hash::Sha384)),
        (OID_PKCS1_SHA512WITHRSA, Scheme::RsaPkcs1(Hash::Sha512)),
        (OID_SIG_ECDSA_WITH_SHA256, Scheme::EcdsaDer(Hash::Sha256)),
        (OID_SIG_ECDSA_WITH_SHA384, Scheme::EcdsaDer(Hash::Sha384)),
        (OID_SIG_ECDSA_WITH_SHA512, Scheme::EcdsaDer(Hash::Sha512)),
        (OID_SIG_ED25519, Scheme::Ed25519),
    ];
    if let Some((_, scheme)) = known.into_iter().find(|(known, _)| *known == oid) {
        return Ok(scheme);
    }
    // Go's `InsecureAlgorithmError`, with `SignatureAlgorithm.String()`'s names.
    let insecure = [
        (OID_PKCS1_SHA1WITHRSA, "SHA1-RSA"),
        (ECDSA_WITH_SHA1, "ECDSA-SHA1"),
        (OID_PKCS1_MD5WITHRSAENC, "MD5-RSA"),
    ];
    match insecure.into_iter().find(|(known, _)| *known == oid) {
        Some((_, name)) => Err(format!("x509: cannot verify signature: insecure algorithm {name}")),
        None => Err(unimplemented()),
    }
}

/// Whether a certificate's `signature` over its TBS bytes `signed` was made by the key of
/// `issuer_spki` with the algorithm of the dotted OID `algorithm`; else the error Go's
/// `CheckSignatureFrom` returns. RSA-PSS comes with its parameters (`OID:HEX`,
/// `chain::signature_algorithm_of`), taken when they are ones Go accepts ([`pss_hash`]); Go
/// verifies those with a salt as long as the hash, which the auto-detected salt here accepts too.
/// MD5 and SHA-1 are refused, as Go refuses them ([`scheme_of`]).
pub fn certificate_signature(signature: &CertificateSignature) -> Result<(), String> {
    let CertificateSignature {
        issuer_spki,
        algorithm,
        signed,
        signature,
    } = signature;
    let scheme = scheme_of(algorithm)?;
    // A key of an algorithm Go does not know (DSA, an RSASSA-PSS key OID) is no key to Go's
    // parser, and `checkSignature` answers that the algorithm is unimplemented.
    let key = PublicKey::from_spki_der(issuer_spki).map_err(|reason| match reason.contains("not supported") {
        true => "x509: cannot verify signature: algorithm unimplemented".to_string(),
        false => format!("x509: {reason}"),
    })?;
    let failure = match scheme {
        Scheme::RsaPkcs1(_) | Scheme::RsaPss(_) => "crypto/rsa: verification error",
        Scheme::EcdsaFixed(_) | Scheme::EcdsaDer(_) => "x509: ECDSA verification failure",
        Scheme::Ed25519 => "x509: Ed25519 verification failure",
    };
    match key.verify(scheme, signed, signature) {
        Ok(()) => Ok(()),
        Err(SignatureError::KeyMismatch { .. }) => Err(format!(
            "x509: signature algorithm specifies {}, but the public key is {}",
            scheme.describe(),
            key.describe()
        )),
        Err(_) => Err(failure.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::{pss_hash, scheme_of, Hash, Scheme};

    /// The content of Go's `pssParametersSHA256` (crypto/x509/x509.go): SHA-256, MGF1 with
    /// SHA-256, a salt of 32 bytes.
    const SHA256_PARAMETERS: &str = "A0:0F:30:0D:06:09:60:86:48:01:65:03:04:02:01:05:00:A1:1C:30:1A:06:09:2A:86:48:86:F7:0D:01:01:08:30:0D:06:09:60:86:48:01:65:03:04:02:01:05:00:A2:03:02:01:20";

    #[test]
    fn pss_parameters_as_go_takes_them() {
        assert_eq!(pss_hash(SHA256_PARAMETERS), Some(Hash::Sha256));
        // A salt of 20 bytes, or parameters that do not parse: Go knows no such algorithm.
        let salt_20 = SHA256_PARAMETERS.replace("A2:03:02:01:20", "A2:03:02:01:14");
        assert_eq!(pss_hash(&salt_20), None);
        assert_eq!(pss_hash("zz"), None);
    }

    #[test]
    fn algorithms_are_named_as_go_names_them() {
        assert_eq!(scheme_of("1.2.840.113549.1.1.11"), Ok(Scheme::RsaPkcs1(Hash::Sha256)));
        assert_eq!(scheme_of("1.3.101.112"), Ok(Scheme::Ed25519));
        assert_eq!(
            scheme_of(&format!("1.2.840.113549.1.1.10:{SHA256_PARAMETERS}")),
            Ok(Scheme::RsaPss(Hash::Sha256))
        );
        let unimplemented = Err("x509: cannot verify signature: algorithm unimplemented".to_string());
        assert_eq!(scheme_of("1.2.840.113549.1.1.10:zz"), unimplemented);
        assert_eq!(scheme_of("1.2.3.4"), unimplemented);
        assert_eq!(scheme_of("not an oid"), unimplemented);
        assert_eq!(
            scheme_of("1.2.840.10045.4.1"),
            Err("x509: cannot verify signature: insecure algorithm ECDSA-SHA1".to_string())
        );
        assert_eq!(
            scheme_of("1.2.840.113549.1.1.4"),
            Err("x509: cannot verify signature: insecure algorithm MD5-RSA".to_string())
        );
    }
}
