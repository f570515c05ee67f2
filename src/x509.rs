//! Certificates as x509-parser reads them, with only the extensions this tool reads parsed, when
//! asked for. x509-parser's default parse decodes every extension it knows (CRL distribution
//! points, policies, SCTs, Netscape types, ...): linking those parsers, for extensions nothing
//! here reads, cost the app's first load 10.8 KB gzip.
//!
//! Each reader below gives what x509-parser 0.18.1's `X509Certificate` method of the same name
//! gives after its default parse, for a missing, duplicated or malformed extension too: the same
//! parser on the same bytes (the `FromDer` of the extension's type, which is what its extension
//! parser maps), and the same outcome when it fails. Nothing else in `src/` calls those methods or
//! parses a certificate otherwise (`tests/tidy.rs`).

use x509_parser::certificate::{X509Certificate, X509CertificateParser};
use x509_parser::error::{X509Error, X509Result};
use x509_parser::extensions::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyIdentifier, KeyUsage, SubjectAlternativeName,
    X509Extension,
};
use x509_parser::nom::Parser;
use x509_parser::oid_registry::{
    Oid, OID_X509_EXT_AUTHORITY_KEY_IDENTIFIER, OID_X509_EXT_BASIC_CONSTRAINTS, OID_X509_EXT_EXTENDED_KEY_USAGE,
    OID_X509_EXT_KEY_USAGE, OID_X509_EXT_SUBJECT_ALT_NAME, OID_X509_EXT_SUBJECT_KEY_IDENTIFIER,
};
use x509_parser::prelude::FromDer;

/// One DER certificate, its extensions left as bytes: what `X509Certificate::from_der` accepts
/// and refuses (an extension that does not parse never made a certificate fail).
pub fn parse(der: &[u8]) -> X509Result<'_, X509Certificate<'_>> {
    X509CertificateParser::new()
        .with_deep_parse_extensions(false)
        .parse(der)
}

/// Why [`parse`] refused a certificate, in the words of x509-parser's `Display` for its error. An
/// error in the DER itself is said as such, without the ASN.1 detail: formatting that detail, or
/// nom's `Display` (which prints the error's `Debug`), linked the `Debug` text of every ASN.1 tag
/// and error kind into the app's first load (1.1 KB gzip).
pub fn refusal(error: &x509_parser::nom::Err<X509Error>) -> &'static str {
    match error {
        x509_parser::nom::Err::Error(error) | x509_parser::nom::Err::Failure(error) => error_text(error),
        x509_parser::nom::Err::Incomplete(_) => "the DER is cut short",
    }
}

/// An x509-parser error in its own words, as [`refusal`] says it.
pub fn error_text(error: &X509Error) -> &'static str {
    match error {
        X509Error::Generic => "generic error",
        X509Error::InvalidVersion => "invalid version",
        X509Error::InvalidSerial => "invalid serial",
        X509Error::InvalidAlgorithmIdentifier => "invalid algorithm identifier",
        X509Error::InvalidX509Name => "invalid X.509 name",
        X509Error::InvalidDate => "invalid date",
        X509Error::InvalidSPKI => "invalid X.509 Subject Public Key Info",
        X509Error::InvalidSubjectUID => "invalid X.509 Subject Unique ID",
        X509Error::InvalidIssuerUID => "invalid X.509 Issuer Unique ID",
        X509Error::InvalidExtensions => "invalid extensions",
        X509Error::InvalidAttributes => "invalid attributes",
        X509Error::DuplicateExtensions => "duplicate extensions",
        X509Error::DuplicateAttributes => "duplicate attributes",
        X509Error::InvalidSignatureValue => "invalid Signature DER Value",
        X509Error::InvalidTbsCertificate => "invalid TBS certificate",
        X509Error::InvalidUserCertificate => "invalid User certificate",
        X509Error::InvalidCertificate => "invalid certificate",
        X509Error::SignatureVerificationError => "signature verification error",
        X509Error::SignatureUnsupportedAlgorithm => "signature unsupported algorithm",
        X509Error::InvalidNumber => "invalid number",
        X509Error::Der(x509_parser::der_parser::error::BerError::Incomplete(_))
        | X509Error::NomError(x509_parser::nom::error::ErrorKind::Eof) => "the DER is cut short",
        X509Error::Der(_) | X509Error::NomError(_) => "the DER does not parse",
    }
}

/// An extension that was found and read.
#[derive(Debug)]
pub struct Found<T> {
    pub critical: bool,
    pub value: T,
}

/// The extension `oid` read with `T`'s parser: `Err` when it is there twice (x509-parser's
/// `get_extension_unique`), `Ok(None)` when it is absent, `Ok(Some(Err(())))` when it is there
/// but does not parse.
fn read<'a, T: FromDer<'a, X509Error>>(
    certificate: &'a X509Certificate,
    oid: &Oid,
) -> Result<Option<Result<Found<T>, ()>>, X509Error> {
    Ok(certificate.get_extension_unique(oid)?.map(|extension| {
        T::from_der(extension.value)
            .map(|(_, value)| Found {
                critical: extension.critical,
                value,
            })
            .map_err(|_| ())
    }))
}

/// `X509Certificate::basic_constraints`: one that does not parse counts as absent.
pub fn basic_constraints(certificate: &X509Certificate) -> Result<Option<Found<BasicConstraints>>, X509Error> {
    Ok(read(certificate, &OID_X509_EXT_BASIC_CONSTRAINTS)?.and_then(Result::ok))
}

/// The rest of x509-parser's readers: one that does not parse is an error.
fn strict<'a, T: FromDer<'a, X509Error>>(
    certificate: &'a X509Certificate,
    oid: &Oid,
) -> Result<Option<Found<T>>, X509Error> {
    read(certificate, oid)?
        .transpose()
        .map_err(|()| X509Error::InvalidExtensions)
}

/// `X509Certificate::key_usage`.
pub fn key_usage(certificate: &X509Certificate) -> Result<Option<Found<KeyUsage>>, X509Error> {
    strict(certificate, &OID_X509_EXT_KEY_USAGE)
}

/// `X509Certificate::extended_key_usage`.
pub fn extended_key_usage<'a>(
    certificate: &'a X509Certificate,
) -> Result<Option<Found<ExtendedKeyUsage<'a>>>, X509Error> {
    strict(certificate, &OID_X509_EXT_EXTENDED_KEY_USAGE)
}

/// `X509Certificate::subject_alternative_name`.
pub fn subject_alternative_name<'a>(
    certificate: &'a X509Certificate,
) -> Result<Option<Found<SubjectAlternativeName<'a>>>, X509Error> {
    strict(certificate, &OID_X509_EXT_SUBJECT_ALT_NAME)
}

/// `X509Certificate::is_ca`.
pub fn is_ca(certificate: &X509Certificate) -> bool {
    basic_constraints(certificate)
        .ok()
        .flatten()
        .is_some_and(|found| found.value.ca)
}

/// The subject key identifier and the authority's, as the last of each extension that parses
/// says (what a walk over `parsed_extension()` found): an authority key identifier without a key
/// identifier sets `None`.
pub fn key_identifiers<'a>(certificate: &'a X509Certificate) -> (Option<&'a [u8]>, Option<&'a [u8]>) {
    let mut subject = None;
    let mut authority = None;
    for extension in certificate.extensions() {
        let X509Extension { oid, value, .. } = extension;
        if *oid == OID_X509_EXT_SUBJECT_KEY_IDENTIFIER {
            if let Ok((_, identifier)) = KeyIdentifier::from_der(value) {
                subject = Some(identifier.0);
            }
        } else if *oid == OID_X509_EXT_AUTHORITY_KEY_IDENTIFIER {
            if let Ok((_, identifier)) = AuthorityKeyIdentifier::from_der(value) {
                authority = identifier.key_identifier.map(|id| id.0);
            }
        }
    }
    (subject, authority)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{
        certificate_pem, constrained_chain_pem, issued_certificate_pem_for, server_certificate_pem, CertificateSpec,
        NOW,
    };
    use base64::Engine;

    #[test]
    fn a_refusal_is_said_in_x509_parsers_words() {
        use x509_parser::nom::Err;
        let plain = [
            X509Error::Generic,
            X509Error::InvalidVersion,
            X509Error::InvalidSerial,
            X509Error::InvalidAlgorithmIdentifier,
            X509Error::InvalidX509Name,
            X509Error::InvalidDate,
            X509Error::InvalidSPKI,
            X509Error::InvalidSubjectUID,
            X509Error::InvalidIssuerUID,
            X509Error::InvalidExtensions,
            X509Error::InvalidAttributes,
            X509Error::DuplicateExtensions,
            X509Error::DuplicateAttributes,
            X509Error::InvalidSignatureValue,
            X509Error::InvalidTbsCertificate,
            X509Error::InvalidUserCertificate,
            X509Error::InvalidCertificate,
            X509Error::SignatureVerificationError,
            X509Error::SignatureUnsupportedAlgorithm,
            X509Error::InvalidNumber,
        ];
        for error in plain {
            assert_eq!(refusal(&Err::Failure(error.clone())), error.to_string());
        }
        let incomplete = x509_parser::der_parser::error::BerError::Incomplete(x509_parser::nom::Needed::Unknown);
        assert_eq!(refusal(&Err::Error(X509Error::Der(incomplete))), "the DER is cut short");
        // Errors in the DER itself, as certificates cut short or damaged give them.
        let der = der_of(&certificate_pem(&CertificateSpec::cluster_ca(NOW)));
        assert_eq!(
            refusal(&parse(&der[..der.len() / 2]).expect_err("cut short")),
            "the DER is cut short"
        );
        let mut damaged = der.clone();
        damaged[4] = 0x05;
        assert_eq!(
            refusal(&parse(&damaged).expect_err("a NULL for the TBS")),
            "the DER does not parse"
        );
    }

    fn der_of(pem: &str) -> Vec<u8> {
        let body: String = pem.lines().filter(|line| !line.starts_with("-----")).collect();
        base64::engine::general_purpose::STANDARD
            .decode(body)
            .expect("a PEM body")
    }

    /// What each reader gives, as text, read here and by x509-parser's default parse.
    fn readings(der: &[u8]) -> (String, String) {
        let (_, ours) = parse(der).expect("a certificate");
        let (_, theirs) = X509Certificate::from_der(der).expect("a certificate");
        let found = |critical: bool, value: String| format!("{critical} {value}");
        let our_reading = format!(
            "{:?}|{:?}|{:?}|{:?}|{}|{:?}",
            basic_constraints(&ours).map(|found_| found_.map(|f| found(f.critical, format!("{:?}", f.value)))),
            key_usage(&ours).map(|found_| found_.map(|f| found(f.critical, format!("{:?}", f.value)))),
            extended_key_usage(&ours).map(|found_| found_.map(|f| found(f.critical, format!("{:?}", f.value)))),
            subject_alternative_name(&ours).map(|found_| found_.map(|f| found(f.critical, format!("{:?}", f.value)))),
            is_ca(&ours),
            key_identifiers(&ours),
        );
        let mut subject = None;
        let mut authority = None;
        for extension in theirs.extensions() {
            match extension.parsed_extension() {
                x509_parser::extensions::ParsedExtension::SubjectKeyIdentifier(identifier) => {
                    subject = Some(identifier.0)
                }
                x509_parser::extensions::ParsedExtension::AuthorityKeyIdentifier(identifier) => {
                    authority = identifier.key_identifier.as_ref().map(|id| id.0)
                }
                _ => {}
            }
        }
        let their_reading = format!(
            "{:?}|{:?}|{:?}|{:?}|{}|{:?}",
            theirs
                .basic_constraints()
                .map(|found_| found_.map(|f| found(f.critical, format!("{:?}", f.value)))),
            theirs
                .key_usage()
                .map(|found_| found_.map(|f| found(f.critical, format!("{:?}", f.value)))),
            theirs
                .extended_key_usage()
                .map(|found_| found_.map(|f| found(f.critical, format!("{:?}", f.value)))),
            theirs
                .subject_alternative_name()
                .map(|found_| found_.map(|f| found(f.critical, format!("{:?}", f.value)))),
            theirs.is_ca(),
            (subject, authority),
        );
        (our_reading, their_reading)
    }

    #[test]
    fn a_second_authority_key_identifier_is_read_as_x509_parsers_walk_reads_it() {
        // Two authority key identifiers, the second without a key identifier.
        let extension = |content: Vec<u8>| rcgen::CustomExtension::from_oid_content(&[2, 5, 29, 35], content);
        let mut params = rcgen::CertificateParams::default();
        params.serial_number = Some(rcgen::SerialNumber::from_slice(&[1]));
        params.custom_extensions = vec![
            extension(vec![0x30, 0x06, 0x80, 0x04, 1, 2, 3, 4]),
            extension(vec![0x30, 0x00]),
        ];
        let key = crate::fixtures::FixtureKey::from_seed(3);
        let der = params.self_signed(&key).expect("a certificate").der().to_vec();
        let (ours, theirs) = readings(&der);
        assert_eq!(ours, theirs);
        assert!(ours.ends_with("(None, None)"), "{ours}");
    }

    #[test]
    fn each_reader_gives_what_x509_parsers_default_parse_gives_even_for_a_broken_extension() {
        let ca = CertificateSpec::cluster_ca(NOW);
        let leaf = CertificateSpec {
            common_name: "leaf".into(),
            is_ca: false,
            key_seed: 9,
            ..CertificateSpec::cluster_ca(NOW)
        };
        let (below, root) = constrained_chain_pem(1, vec![rcgen::KeyUsagePurpose::KeyCertSign]);
        let certificates: Vec<Vec<u8>> = [
            certificate_pem(&ca),
            server_certificate_pem(&leaf, &ca, &["api.example", "10.0.0.2"]),
            issued_certificate_pem_for(&leaf, &ca, &["a"], &[rcgen::ExtendedKeyUsagePurpose::ServerAuth]),
            below,
            root,
        ]
        .iter()
        .map(|pem| der_of(pem))
        .collect();
        let mut broken = 0;
        for der in certificates {
            let (ours, theirs) = readings(&der);
            assert_eq!(ours, theirs);
            // Each extension in turn made unreadable: its value's first byte an unknown tag.
            let (_, certificate) = parse(&der).expect("a certificate");
            let offsets: Vec<usize> = certificate
                .extensions()
                .iter()
                .map(|extension| extension.value.as_ptr() as usize - der.as_ptr() as usize)
                .collect();
            for offset in offsets {
                let mut damaged = der.clone();
                damaged[offset] = 0x1F;
                let (ours, theirs) = readings(&damaged);
                assert_eq!(ours, theirs, "extension at {offset}");
                broken += 1;
            }
        }
        assert!(broken >= 15, "{broken}");
    }
}
