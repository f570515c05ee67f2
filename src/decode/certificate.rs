//! Decodes `*-data` certificate fields: base64, then PEM blocks (or one DER blob), then X.509.
//! Every block gets a result; one bad block does not hide the others.
//!
//! Deliberately absent: signature verification and chain building (the trust checks do that from
//! [`Certificate::der`]), and anything that reads a clock (validity is judged by the checks with
//! the settings' "now").

use base64::Engine;
use sha2::{Digest, Sha256};
use x509_parser::asn1_rs::oid;
use x509_parser::extensions::GeneralName;
use x509_parser::oid_registry::{
    Oid, OID_EC_P256, OID_NIST_EC_P384, OID_NIST_EC_P521, OID_PKCS1_MD2WITHRSAENC, OID_PKCS1_MD5WITHRSAENC,
    OID_PKCS1_SHA1WITHRSA, OID_PKCS1_SHA224WITHRSA, OID_PKCS1_SHA256WITHRSA, OID_PKCS1_SHA384WITHRSA,
    OID_PKCS1_SHA512WITHRSA, OID_SIG_DSA_WITH_SHA1, OID_SIG_ECDSA_WITH_SHA224, OID_SIG_ECDSA_WITH_SHA256,
    OID_SIG_ECDSA_WITH_SHA384, OID_SIG_ECDSA_WITH_SHA512, OID_SIG_ED25519, OID_SIG_ED448,
};
use x509_parser::prelude::X509Certificate;
use x509_parser::public_key::PublicKey;

use crate::model::{
    Base64Problem, Certificate, CertificateBlock, CertificateContent, CertificateData, CertificateProblem, Curve,
    KeyAlgorithm,
};
use crate::time_format::rfc3339;
use crate::trust::chain::{colon_hex, extended_key_usage_names};

/// Decodes a base64 `*-data` field found on `line`.
pub fn decode_field(field: &'static str, base64_text: &str, line: usize) -> CertificateData {
    let content = match decode_base64(base64_text) {
        Err(problem) => CertificateContent::InvalidBase64 { problem },
        Ok(bytes) => decode_bytes(&bytes),
    };
    CertificateData { field, line, content }
}

/// Decodes standard base64 as Go's `encoding/base64.StdEncoding` would (what client-go uses for
/// `[]byte` fields), tolerating the line breaks that `base64` without `-w0` inserts.
pub fn decode_base64(text: &str) -> Result<Vec<u8>, Base64Problem> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|error| match error {
            base64::DecodeError::InvalidByte(offset, byte) => Base64Problem::InvalidCharacter {
                character: char::from(byte),
                offset,
            },
            base64::DecodeError::InvalidLength(length) => Base64Problem::InvalidLength { length },
            base64::DecodeError::InvalidLastSymbol(offset, byte) => Base64Problem::InvalidLastCharacter {
                character: char::from(byte),
                offset,
            },
            base64::DecodeError::InvalidPadding => Base64Problem::InvalidPadding,
        })
}

/// PEM text of `bytes` under `label` (`CERTIFICATE`, `PRIVATE KEY`, ...), 64 columns as Go's
/// `encoding/pem` writes it.
pub fn pem(label: &str, bytes: &[u8]) -> String {
    let body = base64::engine::general_purpose::STANDARD.encode(bytes);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in body.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// The input byte at which Go's `base64.StdEncoding` reports `illegal base64 data at input byte N`
/// for `text`: the first byte outside the alphabet (Go skips only `\r` and `\n`), or else the
/// length of the text when the fault is its length or padding.
pub fn go_base64_error_offset(text: &str) -> usize {
    let mut seen_padding = false;
    for (index, byte) in text.bytes().enumerate() {
        match byte {
            b'\r' | b'\n' => {}
            b'=' => seen_padding = true,
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' if !seen_padding => {}
            _ => return index,
        }
    }
    text.len()
}

/// Finds the certificates in decoded bytes: PEM `CERTIFICATE` blocks, or else one DER blob.
pub fn decode_bytes(bytes: &[u8]) -> CertificateContent {
    let mut blocks = Vec::new();
    let mut saw_pem = false;
    for (index, pem) in x509_parser::pem::Pem::iter_from_buffer(bytes).enumerate() {
        if blocks.len() == MAX_CERTIFICATES {
            // A CA bundle holds a few hundred at the most (Mozilla's ~150); reading tens of
            // thousands on every keystroke would freeze the page.
            blocks.push(CertificateBlock {
                position: blocks.len() + 1,
                result: Err(CertificateProblem::TooMany { max: MAX_CERTIFICATES }),
            });
            break;
        }
        match pem {
            Ok(pem) => {
                saw_pem = true;
                if pem.label.contains("CERTIFICATE") && !pem.label.contains("REQUEST") {
                    blocks.push(CertificateBlock {
                        position: blocks.len() + 1,
                        result: parse_der(&pem.contents),
                    });
                }
            }
            Err(error) => {
                if index == 0 && !looks_like_pem(bytes) {
                    break;
                }
                // A block that begins but does not end or decode is a parse failure of that block.
                if looks_like_pem(bytes) {
                    blocks.push(CertificateBlock {
                        position: blocks.len() + 1,
                        result: Err(CertificateProblem::PemDoesNotDecode {
                            reason: error.to_string(),
                        }),
                    });
                    saw_pem = true;
                }
                break;
            }
        }
    }
    if saw_pem && !blocks.is_empty() {
        return CertificateContent::Blocks { blocks, der: false };
    }
    // Not PEM: one DER certificate (0x30 is an ASN.1 SEQUENCE) is accepted by some tools.
    if bytes.first() == Some(&0x30) {
        return CertificateContent::Blocks {
            blocks: vec![CertificateBlock {
                position: 1,
                result: parse_der(bytes),
            }],
            der: true,
        };
    }
    CertificateContent::NoCertificate { bytes: bytes.len() }
}

/// The most certificates read from one field.
pub const MAX_CERTIFICATES: usize = 1_000;

fn looks_like_pem(bytes: &[u8]) -> bool {
    bytes.windows(11).any(|window| window == b"-----BEGIN ")
}

/// Parses one DER certificate into the model.
pub fn parse_der(der: &[u8]) -> Result<Certificate, CertificateProblem> {
    let (rest, certificate) = crate::x509::parse(der).map_err(|error| CertificateProblem::NotX509 {
        reason: crate::x509::refusal(&error).to_string(),
    })?;
    if !rest.is_empty() {
        return Err(CertificateProblem::TrailingBytes { count: rest.len() });
    }
    Ok(describe(&certificate, der))
}

fn describe(certificate: &X509Certificate, der: &[u8]) -> Certificate {
    let validity = certificate.validity();
    let not_before = validity.not_before.timestamp();
    let not_after = validity.not_after.timestamp();

    let subject_alternative_names = match crate::x509::subject_alternative_name(certificate) {
        Ok(Some(extension)) => extension.value.general_names.iter().map(general_name_text).collect(),
        _ => Vec::new(),
    };

    let spki = certificate.public_key();
    let key_oid = &spki.algorithm.algorithm;
    let (key_algorithm, key_bits) = match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) => (KeyAlgorithm::Rsa, Some(bit_length(rsa.modulus))),
        Ok(PublicKey::EC(point)) => {
            let curve = crate::trust::named_curve(spki).map(|oid| {
                if oid == OID_EC_P256 {
                    Curve::P256
                } else if oid == OID_NIST_EC_P384 {
                    Curve::P384
                } else if oid == OID_NIST_EC_P521 {
                    Curve::P521
                } else {
                    Curve::Other(oid.to_id_string())
                }
            });
            let bits = curve.as_ref().and_then(Curve::bits).unwrap_or(point.key_size() as u32);
            (KeyAlgorithm::Ec(curve), Some(bits))
        }
        Ok(PublicKey::DSA(_)) => (KeyAlgorithm::Dsa, None),
        _ if *key_oid == OID_SIG_ED25519 => (KeyAlgorithm::Ed25519, Some(256)),
        _ if *key_oid == OID_SIG_ED448 => (KeyAlgorithm::Ed448, Some(456)),
        _ => (
            KeyAlgorithm::Other(oid_name(key_oid).unwrap_or_else(|| key_oid.to_id_string())),
            None,
        ),
    };

    let signature_oid = &certificate.signature_algorithm.algorithm;
    let signature_algorithm = oid_name(signature_oid).unwrap_or_else(|| signature_oid.to_id_string());
    let signature_hash = signature_hash(signature_oid).map(str::to_string);

    let (is_ca, path_length) = match crate::x509::basic_constraints(certificate) {
        Ok(Some(extension)) => (Some(extension.value.ca), extension.value.path_len_constraint),
        _ => (None, None),
    };

    let key_usage = match crate::x509::key_usage(certificate) {
        Ok(Some(extension)) => extension
            .value
            .to_string()
            .split(", ")
            .filter(|usage| !usage.is_empty())
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    };

    let extended_key_usage = match crate::x509::extended_key_usage(certificate) {
        Ok(Some(extension)) => extended_key_usage_names(&extension.value),
        _ => Vec::new(),
    };

    let (subject_key_id, authority_key_id) = crate::x509::key_identifiers(certificate);
    let (subject_key_id, authority_key_id) = (subject_key_id.map(colon_hex), authority_key_id.map(colon_hex));

    let subject = super::oid_names::name_text(certificate.subject());
    let issuer = super::oid_names::name_text(certificate.issuer());
    Certificate {
        self_issued: certificate.subject().as_raw() == certificate.issuer().as_raw(),
        subject,
        issuer,
        serial: certificate.raw_serial_as_string(),
        not_before,
        not_after,
        not_before_text: rfc3339(not_before),
        not_after_text: rfc3339(not_after),
        subject_alternative_names,
        key_algorithm,
        key_bits,
        signature_algorithm,
        signature_hash,
        is_ca,
        path_length,
        key_usage,
        extended_key_usage,
        subject_key_id,
        authority_key_id,
        sha256_fingerprint: colon_hex(&Sha256::digest(der)),
        der: der.to_vec(),
    }
}

/// The hash each signature algorithm uses.
const SIGNATURE_HASHES: &[(Oid<'static>, &str)] = &[
    (OID_PKCS1_MD2WITHRSAENC, "md2"),
    (OID_PKCS1_MD5WITHRSAENC, "md5"),
    (OID_PKCS1_SHA1WITHRSA, "sha1"),
    (oid!(1.2.840 .10045 .4 .1), "sha1"), // ecdsa-with-SHA1
    (OID_SIG_DSA_WITH_SHA1, "sha1"),
    (oid!(1.3.14 .3 .2 .29), "sha1"), // sha1WithRSASignature (OIW)
    (OID_PKCS1_SHA224WITHRSA, "sha224"),
    (OID_SIG_ECDSA_WITH_SHA224, "sha224"),
    (OID_PKCS1_SHA256WITHRSA, "sha256"),
    (OID_SIG_ECDSA_WITH_SHA256, "sha256"),
    (oid!(2.16.840 .1 .101 .3 .4 .3 .2), "sha256"), // dsa-with-sha256
    (OID_PKCS1_SHA384WITHRSA, "sha384"),
    (OID_SIG_ECDSA_WITH_SHA384, "sha384"),
    (OID_PKCS1_SHA512WITHRSA, "sha512"),
    (OID_SIG_ECDSA_WITH_SHA512, "sha512"),
];

/// The hash a signature algorithm uses.
fn signature_hash(oid: &Oid) -> Option<&'static str> {
    SIGNATURE_HASHES
        .iter()
        .find(|(known, _)| known == oid)
        .map(|(_, hash)| *hash)
}

fn oid_name(oid: &Oid) -> Option<String> {
    super::oid_names::short_name(oid).map(str::to_string)
}

fn general_name_text(name: &GeneralName) -> String {
    match name {
        GeneralName::DNSName(dns) => format!("DNS:{dns}"),
        GeneralName::URI(uri) => format!("URI:{uri}"),
        GeneralName::RFC822Name(mail) => format!("email:{mail}"),
        GeneralName::IPAddress(bytes) => format!("IP:{}", ip_text(bytes)),
        // As x509-parser's `Display` writes it, with the names of `oid_names`.
        GeneralName::DirectoryName(name) => format!("DirectoryName({})", super::oid_names::name_text(name)),
        // The rest as x509-parser's `Display` writes them, written out: calling that `Display`
        // would link, for its `DirectoryName` arm, the OID registry this crate replaced (19 KB
        // of wasm building a table, with every OID's description).
        GeneralName::OtherName(oid, _) => format!("OtherName({oid}, [...])"),
        GeneralName::X400Address(_) => "X400Address(<unparsed>)".to_string(),
        GeneralName::EDIPartyName(_) => "EDIPartyName(<unparsed>)".to_string(),
        GeneralName::RegisteredID(oid) => format!("RegisteredID({oid})"),
        GeneralName::Invalid(tag, bytes) => {
            format!("Invalid(tag={tag}, data={})", colon_hex(bytes).to_ascii_lowercase())
        }
    }
}

fn ip_text(bytes: &[u8]) -> String {
    match bytes.len() {
        4 => std::net::Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3]).to_string(),
        16 => {
            let mut octets = [0u8; 16];
            octets.copy_from_slice(bytes);
            std::net::Ipv6Addr::from(octets).to_string()
        }
        _ => colon_hex(bytes),
    }
}

/// The number of bits of a big-endian unsigned integer (leading zero bytes skipped).
fn bit_length(bytes: &[u8]) -> u32 {
    let significant: &[u8] = match bytes.iter().position(|byte| *byte != 0) {
        Some(start) => &bytes[start..],
        None => return 0,
    };
    (significant.len() as u32 - 1) * 8 + (8 - significant[0].leading_zeros())
}

#[cfg(test)]
mod general_name_tests {
    use super::general_name_text;
    use x509_parser::asn1_rs::{oid, Any, Tag};
    use x509_parser::extensions::GeneralName;

    #[test]
    fn the_names_written_out_read_as_x509_parser_writes_them() {
        let names = [
            GeneralName::OtherName(oid!(1.3.6 .1 .4 .1 .311 .20 .2 .3), &[0x0c, 0x01, 0x61]),
            GeneralName::X400Address(Any::from_tag_and_data(Tag::Sequence, &[])),
            GeneralName::EDIPartyName(Any::from_tag_and_data(Tag::Sequence, &[])),
            GeneralName::RegisteredID(oid!(1.2.3 .4)),
            GeneralName::Invalid(Tag(2), &[0xde, 0xad, 0x0f]),
        ];
        for name in names {
            assert_eq!(general_name_text(&name), name.to_string());
        }
    }
}

#[cfg(test)]
mod limit_tests {
    use super::*;
    use crate::fixtures::{certificate_pem, CertificateSpec, NOW};

    #[test]
    fn a_field_is_read_for_a_thousand_certificates_and_says_so_past_them() {
        let one = certificate_pem(&CertificateSpec::cluster_ca(NOW));
        let bundle = one.repeat(MAX_CERTIFICATES + 5);
        let CertificateContent::Blocks { blocks, .. } = decode_bytes(bundle.as_bytes()) else {
            panic!("no blocks")
        };
        assert_eq!(blocks.len(), MAX_CERTIFICATES + 1);
        assert!(blocks[..MAX_CERTIFICATES].iter().all(|block| block.result.is_ok()));
        assert_eq!(
            blocks[MAX_CERTIFICATES].result.as_ref().err(),
            Some(&CertificateProblem::TooMany { max: MAX_CERTIFICATES })
        );
    }
}
