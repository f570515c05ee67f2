//! What the API server presents, verified as client-go's TLS (Go's `crypto/x509`) verifies it for
//! istiod: the leaf's validity at "now", its name against the server's host (or
//! `tls-server-name`), then a chain from the leaf through the presented intermediates to one of
//! the entry's CA certificates, every signature checked. Go's own error texts come out, so a
//! finding can quote what istiod logs. Signatures are checked by a [`Verify`], so this module
//! links no cryptography of its own.
//!
//! Followed from Go's `crypto/x509/verify.go` (go1.25.0): `Certificate.Verify` (leaf validity,
//! then `VerifyHostname`, then `buildChains`), `considerCandidate` (a parent by subject, its
//! signature, then its validity, the first failure kept as the hint of `UnknownAuthorityError`),
//! `isValid` (the validity period; an intermediate must be a CA; path length),
//! `checkChainForKeyUsage` (client-go asks for `serverAuth`; every certificate of the chain, root
//! included, with an extended key usage must allow it or any) and `HostnameError.Error`. Not
//! followed: name constraints, the key usage bits (Go reads none for chains), policies, and the
//! AKID/SKI ordering of candidates (every candidate of the right subject is tried). Where Go
//! builds several chains and keeps those that pass the usage check, this keeps the first chain
//! it finds.

use std::net::IpAddr;

use x509_parser::certificate::X509Certificate;

use crate::x509;
use x509_parser::extensions::GeneralName;
use x509_parser::oid_registry::OID_PKCS1_RSASSAPSS;

use super::{CertificateSignature, KeyProblem, Verify};
use crate::pem;
use crate::time_format::rfc3339;

/// The most certificates read from what the server presents; real chains hold two or three.
pub const MAX_PRESENTED: usize = 16;
/// Go's limit on intermediates between the leaf and a root is looser; this keeps the search
/// small and still far above any real chain.
const MAX_DEPTH: usize = 8;
/// Go's `maxChainSignatureChecks`: past this many signature checks the search gives up, so that
/// a pathological set of cross-signed intermediates cannot make it exponential.
const MAX_SIGNATURE_CHECKS: usize = 100;

/// The certificates the API server presents, read from text: PEM blocks, with whatever
/// surrounds them (the output of `openssl s_client -showcerts` as it is).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Presented {
    /// DER certificates, leaf first, with the line of each `BEGIN`.
    pub certificates: Vec<(usize, Vec<u8>)>,
    pub problems: Vec<KeyProblem>,
}

impl Presented {
    /// Reads the certificates of `text`; what is not one is a problem with its line.
    pub fn parse(text: &str) -> Presented {
        use base64::Engine;
        let mut presented = Presented::default();
        for (line, label, body, ended) in pem::blocks(text) {
            let problem = |message: String| KeyProblem { line, message };
            if label != "CERTIFICATE" {
                if pem::is_private_key(&label) {
                    presented
                        .problems
                        .push(problem(format!("a {label}: it was not read; give only certificates")));
                }
                continue;
            }
            if !ended {
                presented
                    .problems
                    .push(problem("a certificate without its END line".to_string()));
                continue;
            }
            let Ok(der) = base64::engine::general_purpose::STANDARD.decode(&body) else {
                presented
                    .problems
                    .push(problem("a certificate that is not base64".to_string()));
                continue;
            };
            if x509::parse(&der).is_err() {
                presented.problems.push(problem(
                    "not a certificate: its DER does not parse as X.509".to_string(),
                ));
                continue;
            }
            if presented.certificates.len() == MAX_PRESENTED {
                presented.problems.push(problem(format!(
                    "more than {MAX_PRESENTED} certificates: the rest are not read"
                )));
                break;
            }
            presented.certificates.push((line, der));
        }
        if presented.certificates.is_empty() && presented.problems.is_empty() && !text.trim().is_empty() {
            presented.problems.push(KeyProblem {
                line: 1,
                message: "no certificate found: give the PEM the server presents (`openssl s_client -connect HOST:PORT -showcerts`)".to_string(),
            });
        }
        presented
    }
}

/// Whether a self-issued certificate's signature verifies with its own key: `None` when it is not
/// self-issued or does not parse, else Go's error when it does not.
pub fn self_signature(der: &[u8], signatures: &dyn Verify) -> Option<Result<(), String>> {
    let (_, certificate) = x509::parse(der).ok()?;
    if certificate.subject().as_raw() != certificate.issuer().as_raw() {
        return None;
    }
    Some(signatures.certificate_signature(&signature_of(&certificate, certificate.public_key().raw)))
}

/// The signature of `certificate`, to check against the key `issuer_spki` (DER).
fn signature_of<'a>(certificate: &'a X509Certificate, issuer_spki: &'a [u8]) -> CertificateSignature<'a> {
    CertificateSignature {
        issuer_spki,
        algorithm: signature_algorithm_of(certificate),
        signed: certificate.tbs_certificate.as_ref(),
        signature: &certificate.signature_value.data,
    }
}

/// The algorithm of a certificate's signature as [`Verify::certificate_signature`] takes it: the
/// dotted OID; for RSASSA-PSS, whose hash and salt are in the parameters, the OID, a `:` and the
/// parameters' DER content as `AB:CD:..`, which the verifier reads (`key::certificate_signature`), so
/// that their parsing stays out of the app's first load.
pub fn signature_algorithm_of(certificate: &X509Certificate) -> String {
    let identifier = &certificate.signature_algorithm;
    let oid = identifier.algorithm.to_id_string();
    match &identifier.parameters {
        // RSASSA-PSS (RFC 4055) keeps its hash and salt in the parameters.
        Some(parameters) if identifier.algorithm == OID_PKCS1_RSASSAPSS => {
            format!("{oid}:{}", colon_hex(parameters.data))
        }
        _ => oid,
    }
}

/// Why Go refuses the server's certificate, in its words and in ours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerProblem {
    /// The leaf is outside its validity period.
    Validity { go_error: String },
    /// The leaf is not valid for the host client-go asks for.
    Name { go_error: String },
    /// No chain reaches one of the entry's CA certificates.
    UnknownAuthority { go_error: String, why: String },
    /// A chain was found, but a certificate of it restricts its extended key usage to uses other
    /// than a TLS server's.
    Usage { go_error: String, why: String },
}

impl ServerProblem {
    /// What crypto/tls returns, as istiod logs it inside the request error.
    pub fn go_error(&self) -> String {
        let x509 = match self {
            ServerProblem::Validity { go_error }
            | ServerProblem::Name { go_error }
            | ServerProblem::UnknownAuthority { go_error, .. }
            | ServerProblem::Usage { go_error, .. } => go_error,
        };
        format!("tls: failed to verify certificate: {x509}")
    }
}

/// The outcome for one entry: the chain Go builds (subjects, leaf first), or why none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerOutcome {
    pub host: String,
    pub result: Result<Vec<String>, ServerProblem>,
}

/// Verifies the presented certificates for `host` against `roots` (the entry's CA
/// certificates, DER) at `now`. `None` when there is nothing to verify or nobody to check
/// signatures.
pub fn verify(
    presented: &Presented,
    roots: &[&[u8]],
    host: &str,
    now: i64,
    signatures: &dyn Verify,
) -> Option<ServerOutcome> {
    let parsed: Vec<X509Certificate> = presented
        .certificates
        .iter()
        .filter_map(|(_, der)| x509::parse(der).ok().map(|(_, certificate)| certificate))
        .collect();
    let leaf = parsed.first()?;
    let roots: Vec<X509Certificate> = roots
        .iter()
        .filter_map(|der| x509::parse(der).ok().map(|(_, certificate)| certificate))
        .collect();
    let outcome = |result| {
        Some(ServerOutcome {
            host: host.to_string(),
            result,
        })
    };
    if let Err(go_error) = validity(leaf, now) {
        return outcome(Err(ServerProblem::Validity { go_error }));
    }
    // As Go: no name asked for, no name checked.
    if !host.is_empty() {
        if let Err(go_error) = verify_hostname(leaf, host) {
            return outcome(Err(ServerProblem::Name { go_error }));
        }
    }
    let accepted = |chain: &[&X509Certificate]| match serves_tls(chain) {
        Ok(()) => Ok(chain.iter().map(|certificate| name_of(certificate)).collect()),
        Err(why) => Err(ServerProblem::Usage {
            go_error: "x509: certificate specifies an incompatible key usage".to_string(),
            why,
        }),
    };
    if roots.iter().any(|root| root.as_ref() == leaf.as_ref()) {
        return outcome(accepted(&[leaf]));
    }
    let mut search = Search {
        roots: &roots,
        intermediates: &parsed[1..],
        now,
        signatures,
        hint: None,
        checks: 0,
    };
    let mut chain = vec![leaf];
    if let Some(found) = search.extend(&mut chain) {
        return outcome(accepted(&found));
    }
    let mut go_error = "x509: certificate signed by unknown authority".to_string();
    let why = match &search.hint {
        Some((error, name)) => {
            go_error.push_str(&format!(
                " (possibly because of {error:?} while trying to verify candidate authority certificate {name:?})"
            ));
            format!("the CA certificate `{name}` has the issuer's name, but {error}")
        }
        None if roots.is_empty() => "the entry has no CA certificate to verify it with".to_string(),
        None => format!(
            "no CA certificate of the entry, and no certificate the server presents, is the issuer `{}`",
            super_name(leaf)
        ),
    };
    outcome(Err(ServerProblem::UnknownAuthority { go_error, why }))
}

/// The search for a chain, with the first failure it met (Go's hint).
struct Search<'c, 'v> {
    roots: &'c [X509Certificate<'c>],
    intermediates: &'c [X509Certificate<'c>],
    now: i64,
    signatures: &'v dyn Verify,
    hint: Option<(String, String)>,
    /// Signature checks so far.
    checks: usize,
}

impl<'c> Search<'c, '_> {
    /// Extends `chain` (leaf first) to a root; the whole chain, root last, when found.
    fn extend(&mut self, chain: &mut Vec<&'c X509Certificate<'c>>) -> Option<Vec<&'c X509Certificate<'c>>> {
        let child = *chain.last()?;
        let issuer = child.issuer().as_raw();
        for root in self.roots.iter().filter(|root| root.subject().as_raw() == issuer) {
            if self.consider(child, root, chain, true) {
                let mut found = chain.clone();
                found.push(root);
                return Some(found);
            }
        }
        if chain.len() > MAX_DEPTH {
            return None;
        }
        let intermediates = self.intermediates;
        let candidates: Vec<&'c X509Certificate<'c>> = intermediates
            .iter()
            .filter(|candidate| {
                candidate.subject().as_raw() == issuer && !chain.iter().any(|link| link.as_ref() == candidate.as_ref())
            })
            .collect();
        for intermediate in candidates {
            if self.consider(child, intermediate, chain, false) {
                chain.push(intermediate);
                if let Some(found) = self.extend(chain) {
                    return Some(found);
                }
                chain.pop();
            }
        }
        None
    }

    /// Go's `considerCandidate`: the signature, then the candidate's own validity.
    fn consider(
        &mut self,
        child: &X509Certificate,
        candidate: &X509Certificate,
        chain: &[&X509Certificate],
        is_root: bool,
    ) -> bool {
        if self.checks >= MAX_SIGNATURE_CHECKS {
            self.keep_hint(
                "x509: signature check attempts limit reached while verifying certificate chain".to_string(),
                candidate,
            );
            return false;
        }
        self.checks += 1;
        if let Err(error) = self
            .signatures
            .certificate_signature(&signature_of(child, candidate.public_key().raw))
        {
            self.keep_hint(error, candidate);
            return false;
        }
        let mut valid = validity(candidate, self.now);
        if valid.is_ok() && !is_root && !x509::is_ca(candidate) {
            valid = Err("x509: certificate is not authorized to sign other certificates".to_string());
        }
        if valid.is_ok() {
            if let Ok(Some(constraints)) = x509::basic_constraints(candidate) {
                let intermediates_below = chain.len().saturating_sub(1);
                if constraints
                    .value
                    .path_len_constraint
                    .is_some_and(|limit| intermediates_below > limit as usize)
                {
                    valid = Err("x509: too many intermediates for path length constraint".to_string());
                }
            }
        }
        match valid {
            Ok(()) => true,
            Err(error) => {
                self.keep_hint(error, candidate);
                false
            }
        }
    }

    fn keep_hint(&mut self, error: String, candidate: &X509Certificate) {
        if self.hint.is_none() {
            self.hint = Some((error, name_of(candidate)));
        }
    }
}

/// Go's `checkChainForKeyUsage` for client-go's one requested usage, `serverAuth`: from the root
/// down, a certificate without extended key usages, or with `anyExtendedKeyUsage`, allows it;
/// one that lists others without `serverAuth` crosses it out. Else why, in words.
fn serves_tls(chain: &[&X509Certificate]) -> Result<(), String> {
    for certificate in chain.iter().rev() {
        let Ok(Some(extension)) = x509::extended_key_usage(certificate) else {
            continue;
        };
        let usage = extension.value;
        let listed = extended_key_usage_names(&usage);
        if usage.any || usage.server_auth || listed.is_empty() {
            continue;
        }
        return Err(format!(
            "`{}` allows only {} (its extended key usage), not a TLS server's `serverAuth`",
            name_of(certificate),
            listed.join(", ")
        ));
    }
    Ok(())
}

/// A certificate of a CA bundle that does not link to the bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenLink {
    /// The certificate's place in the bundle (0-based) and its name.
    pub index: usize,
    pub name: String,
    /// The issuer's name, as the certificate gives it.
    pub issuer: String,
    pub problem: LinkProblem,
}

/// Why a link breaks. `holder` is the place (0-based) of the bundle's certificate of the
/// issuer's name that was tried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkProblem {
    /// The bundle holds no certificate of the issuer's name.
    IssuerAbsent,
    /// No holder of the name verifies the signature; Go's error for the first.
    Signature { holder: usize, go_error: String },
    /// The issuer is not a CA (basic constraints).
    NotCa { holder: usize },
    /// The issuer's key usage does not allow signing certificates (`keyCertSign`).
    KeyUsage { holder: usize },
    /// The issuer's path length is 0, and the certificate it issued is a CA.
    PathLength { holder: usize },
}

/// The links of a bundle (DER certificates, in order) that break: for every certificate that is
/// not self-issued, an issuer of its name in the bundle whose key verifies its signature (only
/// with a verifier), which is a CA, may sign certificates (key usage, when it has one), and, when
/// the certificate is itself a CA, allows one more CA below it (path length 0 does not). Deeper
/// path lengths and validity are not judged here (`cert-expired` says when each expires).
pub fn broken_links(bundle: &[&[u8]], signatures: Option<&dyn Verify>) -> Vec<BrokenLink> {
    let parsed: Vec<Option<X509Certificate>> = bundle
        .iter()
        .map(|der| x509::parse(der).ok().map(|(_, certificate)| certificate))
        .collect();
    let mut broken = Vec::new();
    for (index, certificate) in parsed.iter().enumerate() {
        let Some(certificate) = certificate else { continue };
        let issuer = certificate.issuer().as_raw();
        if certificate.subject().as_raw() == issuer {
            continue;
        }
        let holders: Vec<(usize, &X509Certificate)> = parsed
            .iter()
            .enumerate()
            .filter(|(other, _)| *other != index)
            .filter_map(|(other, candidate)| candidate.as_ref().map(|candidate| (other, candidate)))
            .filter(|(_, candidate)| candidate.subject().as_raw() == issuer)
            .collect();
        if let Some(problem) = link_problem(certificate, &holders, signatures) {
            broken.push(BrokenLink {
                index,
                name: name_of(certificate),
                issuer: super_name(certificate),
                problem,
            });
        }
    }
    broken
}

/// What breaks the link from `certificate` to the bundle's `holders` of its issuer's name.
fn link_problem(
    certificate: &X509Certificate,
    holders: &[(usize, &X509Certificate)],
    signatures: Option<&dyn Verify>,
) -> Option<LinkProblem> {
    if holders.is_empty() {
        return Some(LinkProblem::IssuerAbsent);
    }
    // The holder whose key made the signature; without a verifier, the first of the name.
    let (holder, issuer) = match signatures {
        None => holders[0],
        Some(signatures) => {
            let mut failure = None;
            let verified = holders.iter().find(|(place, holder)| {
                match signatures.certificate_signature(&signature_of(certificate, holder.public_key().raw)) {
                    Ok(()) => true,
                    Err(go_error) => {
                        failure.get_or_insert(LinkProblem::Signature {
                            holder: *place,
                            go_error,
                        });
                        false
                    }
                }
            });
            match verified {
                Some(found) => *found,
                None => return failure,
            }
        }
    };
    if !x509::is_ca(issuer) {
        return Some(LinkProblem::NotCa { holder });
    }
    if let Ok(Some(usage)) = x509::key_usage(issuer) {
        if !usage.value.key_cert_sign() {
            return Some(LinkProblem::KeyUsage { holder });
        }
    }
    let limit = x509::basic_constraints(issuer)
        .ok()
        .flatten()
        .and_then(|constraints| constraints.value.path_len_constraint);
    if limit == Some(0) && x509::is_ca(certificate) {
        return Some(LinkProblem::PathLength { holder });
    }
    None
}

/// The names of an extended key usage's purposes, as OpenSSL prints them (`serverAuth`, ...),
/// and the dotted OIDs of the others.
pub fn extended_key_usage_names(usage: &x509_parser::extensions::ExtendedKeyUsage) -> Vec<String> {
    let mut names = Vec::new();
    for (present, name) in [
        (usage.any, "any"),
        (usage.server_auth, "serverAuth"),
        (usage.client_auth, "clientAuth"),
        (usage.code_signing, "codeSigning"),
        (usage.email_protection, "emailProtection"),
        (usage.time_stamping, "timeStamping"),
        (usage.ocsp_signing, "OCSPSigning"),
    ] {
        if present {
            names.push(name.to_string());
        }
    }
    names.extend(usage.other.iter().map(|oid| oid.to_id_string()));
    names
}

/// `AB:CD:EF`, the way OpenSSL prints fingerprints and key identifiers.
pub fn colon_hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|byte| format!("{byte:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// The extensions Go's parser handles (`processExtensions`): a critical one of any other kind
/// makes the certificate invalid (`x509: unhandled critical extension`). Dotted, as Go's source
/// lists them (as oid-registry constants, 25 bytes more of first load).
const HANDLED_EXTENSIONS: &[&str] = &[
    "2.5.29.14",         // subject key identifier
    "2.5.29.15",         // key usage
    "2.5.29.17",         // subject alternative name
    "2.5.29.19",         // basic constraints
    "2.5.29.30",         // name constraints
    "2.5.29.31",         // CRL distribution points
    "2.5.29.32",         // certificate policies
    "2.5.29.35",         // authority key identifier
    "2.5.29.37",         // extended key usage
    "1.3.6.1.5.5.7.1.1", // authority information access
];

/// Go's `isValid`: no critical extension it does not handle, then the validity period.
fn validity(certificate: &X509Certificate, now: i64) -> Result<(), String> {
    let unhandled = certificate
        .extensions()
        .iter()
        .any(|extension| extension.critical && !HANDLED_EXTENSIONS.contains(&extension.oid.to_id_string().as_str()));
    if unhandled {
        return Err("x509: unhandled critical extension".to_string());
    }
    let not_before = certificate.validity().not_before.timestamp();
    let not_after = certificate.validity().not_after.timestamp();
    if now < not_before {
        return Err(format!(
            "x509: certificate has expired or is not yet valid: current time {} is before {}",
            rfc3339(now),
            rfc3339(not_before)
        ));
    }
    if now > not_after {
        return Err(format!(
            "x509: certificate has expired or is not yet valid: current time {} is after {}",
            rfc3339(now),
            rfc3339(not_after)
        ));
    }
    Ok(())
}

/// The subject's common name, else its first organization, else `serial:N`, as Go names a
/// candidate in `UnknownAuthorityError`; how every certificate is named here.
pub fn name_of(certificate: &X509Certificate) -> String {
    let name = certificate.subject();
    if let Some(common_name) = name.iter_common_name().next().and_then(|cn| cn.as_str().ok()) {
        if !common_name.is_empty() {
            return common_name.to_string();
        }
    }
    if let Some(organization) = name.iter_organization().next().and_then(|o| o.as_str().ok()) {
        return organization.to_string();
    }
    format!("serial:{}", serial_text(certificate.raw_serial()))
}

/// A serial number in decimal, as Go's `big.Int.String`, for serials of up to 16 bytes (a
/// larger one is written in hex, which keeps big-number code out of the app).
fn serial_text(bytes: &[u8]) -> String {
    let significant: &[u8] = {
        let start = bytes.iter().position(|byte| *byte != 0).unwrap_or(bytes.len());
        &bytes[start..]
    };
    if significant.len() <= 16 {
        let value = significant
            .iter()
            .fold(0u128, |value, byte| (value << 8) | u128::from(*byte));
        value.to_string()
    } else {
        significant.iter().map(|byte| format!("{byte:02x}")).collect()
    }
}

/// The leaf's issuer, named as a candidate would be.
fn super_name(certificate: &X509Certificate) -> String {
    let issuer = certificate.issuer();
    issuer
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| "(unnamed)".to_string())
}

/// Go's `VerifyHostname` and the text of its `HostnameError`.
fn verify_hostname(certificate: &X509Certificate, host: &str) -> Result<(), String> {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let mut dns_names = Vec::new();
    let mut addresses = Vec::new();
    let san = x509::subject_alternative_name(certificate).ok().flatten();
    if let Some(san) = &san {
        for name in &san.value.general_names {
            match name {
                GeneralName::DNSName(dns) => dns_names.push(dns.to_string()),
                GeneralName::IPAddress(bytes) => {
                    if let Some(address) = ip_of(bytes) {
                        addresses.push(address);
                    }
                }
                _ => {}
            }
        }
    }
    if let Ok(wanted) = host.parse::<IpAddr>() {
        if addresses.contains(&wanted) {
            return Ok(());
        }
    } else {
        let wanted = host.trim_end_matches('.').to_ascii_lowercase();
        if dns_names.iter().any(|pattern| matches_hostname(pattern, &wanted)) {
            return Ok(());
        }
    }
    let common_name = certificate
        .subject()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok().map(str::to_string));
    if san.is_none() && common_name.is_some_and(|cn| matches_hostname(&cn, &host.to_ascii_lowercase())) {
        return Err("x509: certificate relies on legacy Common Name field, use SANs instead".to_string());
    }
    let valid = if host.parse::<IpAddr>().is_ok() {
        if addresses.is_empty() {
            return Err(format!(
                "x509: cannot validate certificate for {host} because it doesn't contain any IP SANs"
            ));
        }
        addresses.iter().map(IpAddr::to_string).collect::<Vec<_>>().join(", ")
    } else {
        dns_names.join(", ")
    };
    if valid.is_empty() {
        return Err(format!(
            "x509: certificate is not valid for any names, but wanted to match {host}"
        ));
    }
    Err(format!("x509: certificate is valid for {valid}, not {host}"))
}

fn ip_of(bytes: &[u8]) -> Option<IpAddr> {
    match bytes.len() {
        4 => Some(IpAddr::from(<[u8; 4]>::try_from(bytes).ok()?)),
        16 => Some(IpAddr::from(<[u8; 16]>::try_from(bytes).ok()?)),
        _ => None,
    }
}

/// Go's `matchHostnames`: labels compared case-insensitively, a leading `*` matching exactly one
/// label. A pattern Go does not take for one (`validHostnamePattern`: a bare `*`, a `*` that is
/// not the whole first label) matches only itself.
fn matches_hostname(pattern: &str, host: &str) -> bool {
    let pattern = pattern.trim_end_matches('.').to_ascii_lowercase();
    let valid_pattern = pattern != "*"
        && pattern
            .split('.')
            .enumerate()
            .all(|(index, label)| !label.contains('*') || (index == 0 && label == "*"));
    if !valid_pattern {
        return pattern == host;
    }
    if pattern.is_empty() || host.is_empty() {
        return false;
    }
    let pattern_labels: Vec<&str> = pattern.split('.').collect();
    let host_labels: Vec<&str> = host.split('.').collect();
    if pattern_labels.len() != host_labels.len() {
        return false;
    }
    pattern_labels
        .iter()
        .zip(&host_labels)
        .enumerate()
        .all(|(index, (want, have))| (index == 0 && *want == "*") || want == have)
}

#[cfg(all(test, feature = "verify"))]
mod tests {
    use super::*;
    use crate::fixtures::{
        certificate_pem, issued_certificate_pem, issued_certificate_pem_for, server_certificate_pem, CertificateSpec,
        DAY, NOW,
    };
    use rcgen::ExtendedKeyUsagePurpose as Usage;

    fn der(pem: &str) -> Vec<u8> {
        Presented::parse(pem).certificates.remove(0).1
    }

    fn spec(name: &str, seed: u8, is_ca: bool) -> CertificateSpec {
        CertificateSpec {
            common_name: name.to_string(),
            key_seed: seed,
            is_ca,
            ..CertificateSpec::cluster_ca(NOW)
        }
    }

    fn check(presented: &str, root: &CertificateSpec, host: &str) -> Result<Vec<String>, ServerProblem> {
        let root = der(&certificate_pem(root));
        let keys = crate::trust::Keys::default();
        verify(&Presented::parse(presented), &[root.as_slice()], host, NOW, &keys)
            .expect("an outcome")
            .result
    }

    #[test]
    fn a_chain_through_a_presented_intermediate() {
        let root = spec("root", 30, true);
        let intermediate = spec("intermediate", 31, true);
        let leaf = spec("api", 32, false);
        let presented = format!(
            "{}{}",
            server_certificate_pem(&leaf, &intermediate, &["api.example.com"]),
            issued_certificate_pem(&intermediate, &root, &[])
        );
        assert_eq!(
            check(&presented, &root, "API.example.com"),
            Ok(vec!["api".to_string(), "intermediate".to_string(), "root".to_string()])
        );
        // Without the intermediate, Go finds no issuer.
        let alone = server_certificate_pem(&leaf, &intermediate, &["api.example.com"]);
        let Err(ServerProblem::UnknownAuthority { go_error, .. }) = check(&alone, &root, "api.example.com") else {
            panic!("verified without its intermediate")
        };
        assert_eq!(go_error, "x509: certificate signed by unknown authority");
    }

    #[test]
    fn a_chain_for_clients_only_is_not_for_a_server() {
        let root = spec("root", 30, true);
        let intermediate = spec("intermediate", 31, true);
        let leaf = spec("api", 32, false);
        let chain_of = |leaf_usages: &[Usage], intermediate_usages: &[Usage]| {
            format!(
                "{}{}",
                issued_certificate_pem_for(&leaf, &intermediate, &["api.example.com"], leaf_usages),
                issued_certificate_pem_for(&intermediate, &root, &[], intermediate_usages)
            )
        };
        let usage_error = |presented: &str| match check(presented, &root, "api.example.com") {
            Err(ServerProblem::Usage { go_error, why }) => (go_error, why),
            other => panic!("not a usage error: {other:?}"),
        };
        // A leaf for client authentication only: Go's error, naming it.
        let (go_error, why) = usage_error(&chain_of(&[Usage::ClientAuth], &[]));
        assert_eq!(go_error, "x509: certificate specifies an incompatible key usage");
        assert_eq!(
            why,
            "`api` allows only clientAuth (its extended key usage), not a TLS server's `serverAuth`"
        );
        // An intermediate that restricts its chain to clients crosses it out for the leaf too.
        let (_, why) = usage_error(&chain_of(
            &[Usage::ServerAuth],
            &[Usage::ClientAuth, Usage::EmailProtection],
        ));
        assert!(
            why.starts_with("`intermediate` allows only clientAuth, emailProtection"),
            "{why}"
        );
        // serverAuth, any usage, or no extension at all: accepted.
        for (leaf_usages, intermediate_usages) in [
            (vec![Usage::ServerAuth, Usage::ClientAuth], vec![]),
            (vec![Usage::Any], vec![Usage::ServerAuth]),
            (vec![], vec![]),
        ] {
            assert!(check(&chain_of(&leaf_usages, &intermediate_usages), &root, "api.example.com").is_ok());
        }
    }

    #[test]
    fn a_bundle_s_broken_links_are_named() {
        let root = spec("root", 30, true);
        let intermediate = spec("intermediate", 31, true);
        let keys = crate::trust::Keys::default();
        let root_der = der(&certificate_pem(&root));
        let good = der(&issued_certificate_pem(&intermediate, &root, &[]));
        // Signed by another key of the same name: the name links, the signature does not.
        let forged = der(&issued_certificate_pem(&intermediate, &spec("root", 33, true), &[]));
        assert_eq!(broken_links(&[&good, &root_der], Some(&keys)), Vec::new());
        let absent = broken_links(&[&good, &der(&certificate_pem(&spec("other", 34, true)))], Some(&keys));
        assert_eq!(
            absent,
            vec![BrokenLink {
                index: 0,
                name: "intermediate".to_string(),
                issuer: "root".to_string(),
                problem: LinkProblem::IssuerAbsent,
            }]
        );
        let bad = broken_links(&[&forged, &root_der], Some(&keys));
        assert_eq!(bad.len(), 1);
        assert_eq!(
            bad[0].problem,
            LinkProblem::Signature {
                holder: 1,
                go_error: "x509: ECDSA verification failure".to_string()
            }
        );
        // Without a verifier, a signature cannot be told.
        assert_eq!(broken_links(&[&forged, &root_der], None), Vec::new());
        // An issuer that is not a CA, though its key signed.
        let not_a_ca = spec("root", 30, false);
        let issued = der(&issued_certificate_pem(&spec("leaf", 35, false), &not_a_ca, &[]));
        let not_a_ca_der = der(&certificate_pem(&not_a_ca));
        let problems: Vec<LinkProblem> = broken_links(&[&issued, &not_a_ca_der], Some(&keys))
            .into_iter()
            .map(|link| link.problem)
            .collect();
        assert_eq!(problems, [LinkProblem::NotCa { holder: 1 }]);
    }

    /// [`crate::fixtures::constrained_chain_pem`], as DER.
    fn constrained(path_length: u8, usages: Vec<rcgen::KeyUsagePurpose>) -> (Vec<u8>, Vec<u8>) {
        let (below, root) = crate::fixtures::constrained_chain_pem(path_length, usages);
        (der(&below), der(&root))
    }

    #[test]
    fn a_bundle_s_issuer_must_be_allowed_to_sign_what_it_signed() {
        use rcgen::KeyUsagePurpose::{DigitalSignature, KeyCertSign};
        let keys = crate::trust::Keys::default();
        let problems = |(below, root): (Vec<u8>, Vec<u8>)| -> Vec<LinkProblem> {
            broken_links(&[&below, &root], Some(&keys))
                .into_iter()
                .map(|link| link.problem)
                .collect()
        };
        assert_eq!(problems(constrained(1, vec![KeyCertSign])), []);
        assert_eq!(
            problems(constrained(0, vec![KeyCertSign])),
            [LinkProblem::PathLength { holder: 1 }]
        );
        assert_eq!(
            problems(constrained(1, vec![DigitalSignature])),
            [LinkProblem::KeyUsage { holder: 1 }]
        );
    }

    #[test]
    fn an_intermediate_that_is_not_a_ca_signs_nothing() {
        let root = spec("root", 30, true);
        let not_a_ca = spec("not a ca", 31, false);
        let leaf = spec("api", 32, false);
        let presented = format!(
            "{}{}",
            server_certificate_pem(&leaf, &not_a_ca, &["api.example.com"]),
            issued_certificate_pem(&not_a_ca, &root, &["x"])
        );
        let Err(ServerProblem::UnknownAuthority { go_error, .. }) = check(&presented, &root, "api.example.com") else {
            panic!("a leaf signed for another")
        };
        assert!(
            go_error.contains("x509: certificate is not authorized to sign other certificates"),
            "{go_error}"
        );
    }

    #[test]
    fn an_expired_root_is_the_hint() {
        let root = CertificateSpec {
            not_before: NOW - 400 * DAY,
            not_after: NOW - DAY,
            ..spec("old root", 30, true)
        };
        let presented = server_certificate_pem(&spec("api", 32, false), &root, &["api.example.com"]);
        let Err(ServerProblem::UnknownAuthority { go_error, .. }) = check(&presented, &root, "api.example.com") else {
            panic!("an expired root verified")
        };
        assert!(go_error.ends_with(
            "(possibly because of \"x509: certificate has expired or is not yet valid: current time 2026-01-01T00:00:00Z is after 2025-12-31T00:00:00Z\" while trying to verify candidate authority certificate \"old root\")"
        ), "{go_error}");
    }

    #[test]
    fn serials_in_decimal_as_go_writes_them() {
        assert_eq!(serial_text(&[0x00, 0x01, 0x00]), "256");
        assert_eq!(serial_text(&[]), "0");
        assert_eq!(serial_text(&[0xff; 17]).len(), 34);
    }

    #[test]
    fn names_as_go_matches_them() {
        // A bare `*`, or a `*` inside a label, is no pattern for Go: it matches only itself.
        assert!(!matches_hostname("*", "com"));
        assert!(!matches_hostname("f*.example.com", "foo.example.com"));
        assert!(matches_hostname("f*.example.com", "f*.example.com"));
        assert!(matches_hostname("*.example.com", "api.example.com"));
        assert!(!matches_hostname("*.example.com", "a.api.example.com"));
        assert!(!matches_hostname("*.example.com", "example.com"));
        assert!(matches_hostname("Kubernetes.Default.svc.", "kubernetes.default.svc"));
        let root = spec("root", 30, true);
        let presented = server_certificate_pem(&spec("api", 32, false), &root, &["a.example", "b.example"]);
        assert_eq!(
            check(&presented, &root, "c.example"),
            Err(ServerProblem::Name {
                go_error: "x509: certificate is valid for a.example, b.example, not c.example".to_string()
            })
        );
        let presented = server_certificate_pem(&spec("api", 32, false), &root, &["::1"]);
        assert!(check(&presented, &root, "[::1]").is_ok());
    }

    #[test]
    fn what_is_not_a_certificate_is_said_with_its_line() {
        let presented = Presented::parse("CONNECTED\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n-----BEGIN RSA PRIVATE KEY-----\n");
        let lines: Vec<usize> = presented.problems.iter().map(|problem| problem.line).collect();
        assert_eq!(lines, [2, 5]);
        assert!(Presented::parse("hello").problems[0]
            .message
            .starts_with("no certificate found"));
        assert_eq!(Presented::parse(""), Presented::default());
    }

    #[test]
    fn sha1_is_refused_by_go_s_name_for_it() {
        let sha1 = der(&crate::fixtures::sha1_certificate_pem(&spec("old", 40, true)));
        assert_eq!(
            self_signature(&sha1, &crate::trust::Keys::default()),
            Some(Err(
                "x509: cannot verify signature: insecure algorithm SHA1-RSA".to_string()
            ))
        );
    }
}
