//! Synthetic remote secrets, certificates and tokens, made by code: for the tests, the
//! conformance self-check and the app's examples. Nothing here is a real credential: keys come
//! from fixed seeds, and every certificate's validity is a parameter, so examples made "now"
//! never expire out from under their users.
//!
//! Signing is pure Rust (P-256 ECDSA from RustCrypto), so the same code runs in the browser.

use base64::Engine;
use p256::ecdsa::signature::Signer;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyUsagePurpose, PublicKeyData, SignatureAlgorithm,
    SigningKey,
};

/// 2026-01-01T00:00:00Z: the fixed "now" of the tests.
pub const NOW: i64 = 1_767_225_600;
pub use crate::settings::DAY;

/// A P-256 key from a fixed seed, usable by rcgen.
pub struct FixtureKey {
    signing: p256::ecdsa::SigningKey,
    public: Vec<u8>,
}

/// The P-256 scalar of the fixture key of `seed` (any byte but 0: the scalar must be non-zero).
fn fixture_scalar(seed: u8) -> [u8; 32] {
    let mut scalar = [seed.max(1); 32];
    // Keep the scalar well below the curve order.
    scalar[0] = 0x01;
    scalar
}

/// The fixture key of `seed` as a secret key, for fixtures that need the private key itself
/// (a client certificate's `client-key-data`).
pub fn fixture_secret_key(seed: u8) -> p256::SecretKey {
    // The seed is non-zero and below the order, so this cannot fail.
    p256::SecretKey::from_slice(&fixture_scalar(seed)).expect("valid P-256 scalar")
}

/// A P-256 scalar derived from `label` and the instant `now` (SHA-256): samples made at different
/// instants share no key, and a test at a fixed "now" gets the same one every time. Throwaway keys
/// for synthetic samples, never for anything real.
pub fn derived_scalar(label: &str, now: i64) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(b"remote-secret-inspector sample key\0");
    hasher.update(label.as_bytes());
    hasher.update(now.to_le_bytes());
    hasher.finalize().into()
}

impl FixtureKey {
    /// The key of a 32-byte scalar; `None` for the rare scalar that is not a valid P-256 key.
    pub fn from_scalar(scalar: &[u8; 32]) -> Option<FixtureKey> {
        let signing = p256::ecdsa::SigningKey::from_slice(scalar).ok()?;
        let public = signing.verifying_key().to_encoded_point(false).as_bytes().to_vec();
        Some(FixtureKey { signing, public })
    }

    /// The public key as an uncompressed SEC1 point.
    pub fn public_point(&self) -> &[u8] {
        &self.public
    }

    /// A key derived from `seed` (any byte but 0: the scalar must be non-zero).
    pub fn from_seed(seed: u8) -> FixtureKey {
        let scalar = fixture_scalar(seed);
        // The seed is non-zero and below the order, so this cannot fail.
        let signing = p256::ecdsa::SigningKey::from_slice(&scalar).expect("valid P-256 scalar");
        let public = signing.verifying_key().to_encoded_point(false).as_bytes().to_vec();
        FixtureKey { signing, public }
    }
}

impl PublicKeyData for FixtureKey {
    fn der_bytes(&self) -> &[u8] {
        &self.public
    }

    fn algorithm(&self) -> &'static SignatureAlgorithm {
        &rcgen::PKCS_ECDSA_P256_SHA256
    }
}

impl SigningKey for FixtureKey {
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        let signature: p256::ecdsa::Signature = self.signing.sign(message);
        Ok(signature.to_der().as_bytes().to_vec())
    }
}

/// An RSA public key of a chosen size that signs nothing: for weak-key and weak-signature
/// fixtures, where only the encoding matters. Its "signatures" are zeros and do not verify.
struct UnsigningRsaKey {
    public: Vec<u8>,
}

impl UnsigningRsaKey {
    fn new(bits: usize) -> UnsigningRsaKey {
        // PKCS#1 RSAPublicKey { modulus, 65537 } with an odd modulus of exactly `bits` bits.
        let mut modulus = vec![0xC5u8; bits / 8];
        modulus[0] = 0xC0;
        let last = modulus.len() - 1;
        modulus[last] |= 1;
        let mut integer = vec![0x00];
        integer.extend_from_slice(&modulus);
        let body = [der(0x02, &integer), der(0x02, &[0x01, 0x00, 0x01])].concat();
        UnsigningRsaKey {
            public: der(0x30, &body),
        }
    }
}

impl PublicKeyData for UnsigningRsaKey {
    fn der_bytes(&self) -> &[u8] {
        &self.public
    }

    fn algorithm(&self) -> &'static SignatureAlgorithm {
        &rcgen::PKCS_RSA_SHA256
    }
}

impl SigningKey for UnsigningRsaKey {
    fn sign(&self, _message: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        Ok(vec![0; self.public.len()])
    }
}

fn der(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let length = body.len();
    if length < 0x80 {
        out.push(length as u8);
    } else if length < 0x100 {
        out.extend_from_slice(&[0x81, length as u8]);
    } else {
        out.extend_from_slice(&[0x82, (length >> 8) as u8, length as u8]);
    }
    out.extend_from_slice(body);
    out
}

/// What a fixture certificate should look like.
#[derive(Clone, Debug)]
pub struct CertificateSpec {
    pub common_name: String,
    pub not_before: i64,
    pub not_after: i64,
    pub is_ca: bool,
    pub key_seed: u8,
    /// A key of its own instead of the seed's (samples derive one per instant).
    pub key_scalar: Option<[u8; 32]>,
}

impl CertificateSpec {
    /// A CA named `name` with the key of `seed`, otherwise as [`CertificateSpec::cluster_ca`].
    pub fn named_ca(name: &str, seed: u8, now: i64) -> CertificateSpec {
        CertificateSpec {
            common_name: name.to_string(),
            key_seed: seed,
            ..CertificateSpec::cluster_ca(now)
        }
    }

    /// A self-signed CA like a cluster's `kubernetes` CA, valid a year before and ten after `now`.
    pub fn cluster_ca(now: i64) -> CertificateSpec {
        CertificateSpec {
            common_name: "kubernetes".to_string(),
            not_before: now - 365 * DAY,
            not_after: now + 10 * 365 * DAY,
            is_ca: true,
            key_seed: 7,
            key_scalar: None,
        }
    }
}

fn params(spec: &CertificateSpec) -> CertificateParams {
    let mut params = CertificateParams::default();
    params
        .distinguished_name
        .push(DnType::CommonName, spec.common_name.clone());
    params.not_before = offset(spec.not_before);
    params.not_after = offset(spec.not_after);
    // Fixed serials keep fixtures reproducible; the seed tells certificates apart.
    let scalar = spec.key_scalar.unwrap_or_default();
    params.serial_number = Some(rcgen::SerialNumber::from_slice(&[
        0x10,
        spec.key_seed,
        spec.is_ca as u8,
        scalar[0],
        scalar[1],
        scalar[2],
    ]));
    if spec.is_ca {
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
            KeyUsagePurpose::KeyCertSign,
        ];
    } else {
        params.is_ca = IsCa::ExplicitNoCa;
        params.subject_alt_names = vec![rcgen::SanType::DnsName(
            "kubernetes.default.svc".try_into().expect("a valid DNS name"),
        )];
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    }
    params
}

fn offset(seconds: i64) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

/// A self-signed certificate, PEM.
pub fn certificate_pem(spec: &CertificateSpec) -> String {
    let key = spec
        .key_scalar
        .and_then(|scalar| FixtureKey::from_scalar(&scalar))
        .unwrap_or_else(|| FixtureKey::from_seed(spec.key_seed));
    params(spec)
        .self_signed(&key)
        .map(|certificate| certificate.pem())
        .unwrap_or_default()
}

/// An API server's certificate for `names` (DNS names, or IP addresses), issued by the CA of
/// `issuer` (as [`certificate_pem`] makes it), with the validity of `spec`.
pub fn server_certificate_pem(spec: &CertificateSpec, issuer: &CertificateSpec, names: &[&str]) -> String {
    issued_certificate_pem(
        &CertificateSpec {
            is_ca: false,
            ..spec.clone()
        },
        issuer,
        names,
    )
}

/// A certificate of `spec` (a CA or not) for `names`, issued by the CA of `issuer`.
pub fn issued_certificate_pem(spec: &CertificateSpec, issuer: &CertificateSpec, names: &[&str]) -> String {
    issued_certificate_pem_for(spec, issuer, names, &[])
}

/// A root CA (`constrained root`) with a path length and key usages of its own, and a CA (`ca
/// below`) it issued: (the CA below, the root), PEM.
pub fn constrained_chain_pem(path_length: u8, usages: Vec<rcgen::KeyUsagePurpose>) -> (String, String) {
    let params = |name: &str, constraints: BasicConstraints, usages: Vec<rcgen::KeyUsagePurpose>| {
        let mut params = CertificateParams::default();
        params.distinguished_name.push(DnType::CommonName, name);
        params.serial_number = Some(rcgen::SerialNumber::from_slice(&[0x20, name.len() as u8]));
        params.is_ca = IsCa::Ca(constraints);
        params.key_usages = usages;
        params
    };
    let root = params("constrained root", BasicConstraints::Constrained(path_length), usages);
    let root_pem = root
        .clone()
        .self_signed(&FixtureKey::from_seed(36))
        .map(|certificate| certificate.pem())
        .unwrap_or_default();
    let issuer = Issuer::new(root, FixtureKey::from_seed(36));
    let below = params("ca below", BasicConstraints::Unconstrained, Vec::new())
        .signed_by(&FixtureKey::from_seed(37), &issuer)
        .map(|certificate| certificate.pem())
        .unwrap_or_default();
    (below, root_pem)
}

/// [`issued_certificate_pem`] with an extended key usage listing `usages` (none: no extension).
pub fn issued_certificate_pem_for(
    spec: &CertificateSpec,
    issuer: &CertificateSpec,
    names: &[&str],
    usages: &[rcgen::ExtendedKeyUsagePurpose],
) -> String {
    let key_of = |spec: &CertificateSpec| {
        spec.key_scalar
            .and_then(|scalar| FixtureKey::from_scalar(&scalar))
            .unwrap_or_else(|| FixtureKey::from_seed(spec.key_seed))
    };
    let issuer = Issuer::new(params(issuer), key_of(issuer));
    let mut leaf = params(spec);
    leaf.extended_key_usages = usages.to_vec();
    if names.is_empty() {
        return leaf
            .signed_by(&key_of(spec), &issuer)
            .map(|certificate| certificate.pem())
            .unwrap_or_default();
    }
    leaf.subject_alt_names = names
        .iter()
        .filter_map(|name| match name.parse::<std::net::IpAddr>() {
            Ok(address) => Some(rcgen::SanType::IpAddress(address)),
            Err(_) => (*name).try_into().ok().map(rcgen::SanType::DnsName),
        })
        .collect();
    leaf.signed_by(&key_of(spec), &issuer)
        .map(|certificate| certificate.pem())
        .unwrap_or_default()
}

/// A certificate whose subject key is RSA of `bits` bits, issued by a fixture P-256 CA.
pub fn rsa_certificate_pem(spec: &CertificateSpec, bits: usize) -> String {
    let issuer_spec = CertificateSpec {
        common_name: "fixture issuer".to_string(),
        key_seed: spec.key_seed.wrapping_add(1),
        ..spec.clone()
    };
    let issuer = Issuer::new(params(&issuer_spec), FixtureKey::from_seed(issuer_spec.key_seed));
    params(spec)
        .signed_by(&UnsigningRsaKey::new(bits), &issuer)
        .map(|certificate| certificate.pem())
        .unwrap_or_default()
}

/// A self-signed certificate that says it is signed with SHA-1 and RSA. Its signature is zeros:
/// only the algorithm matters to the check that uses it.
pub fn sha1_certificate_pem(spec: &CertificateSpec) -> String {
    let key = UnsigningRsaKey::new(2048);
    let Ok(certificate) = params(spec).self_signed(&key) else {
        return String::new();
    };
    let sha256_with_rsa = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B];
    let mut bytes = certificate.der().to_vec();
    let mut index = 0;
    while index + sha256_with_rsa.len() <= bytes.len() {
        if bytes[index..index + sha256_with_rsa.len()] == sha256_with_rsa {
            // sha1WithRSAEncryption has the same length: 1.2.840.113549.1.1.5.
            bytes[index + sha256_with_rsa.len() - 1] = 0x05;
        }
        index += 1;
    }
    pem("CERTIFICATE", &bytes)
}

/// PEM text of `bytes` under `label`: the engine's own encoder.
pub use crate::decode::certificate::pem;

/// Base64 of text, as `certificate-authority-data` holds PEM.
pub fn base64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text.as_bytes())
}

/// A JWT with these claims, signed ES256 with a fixture key.
pub fn jwt(claims: &serde_json::Value) -> String {
    jwt_signed(claims, &FixtureKey::from_seed(9), "fixture")
}

/// A JWT of `claims`, signed ES256 by `key`, with `kid` in its header.
pub fn jwt_signed(claims: &serde_json::Value, key: &FixtureKey, kid: &str) -> String {
    let encode = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let header = serde_json::json!({"alg": "ES256", "kid": kid});
    let signing_input = format!(
        "{}.{}",
        encode(header.to_string().as_bytes()),
        encode(claims.to_string().as_bytes())
    );
    let signature: p256::ecdsa::Signature = key.signing.sign(signing_input.as_bytes());
    format!("{signing_input}.{}", encode(&signature.to_bytes()))
}

/// The JWKS that verifies what `key` signs (what `kubectl get --raw /openid/v1/jwks` gives for a
/// cluster's service-account key).
pub fn jwks(key: &FixtureKey, kid: &str) -> serde_json::Value {
    let encode = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    // The uncompressed point: 0x04, then x and y of 32 bytes each.
    let (x, y) = key.public[1..].split_at(32);
    serde_json::json!({"keys": [{"kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": kid, "x": encode(x), "y": encode(y)}]})
}

/// The claims of a legacy, Secret-based service-account token, as istioctl's token Secret holds.
pub fn legacy_token_claims(namespace: &str, service_account: &str) -> serde_json::Value {
    serde_json::json!({
        "iss": "kubernetes/serviceaccount",
        "kubernetes.io/serviceaccount/namespace": namespace,
        "kubernetes.io/serviceaccount/secret.name": format!("{service_account}-istio-remote-secret-token"),
        "kubernetes.io/serviceaccount/service-account.name": service_account,
        "kubernetes.io/serviceaccount/service-account.uid": "5f6a7b8c-0000-4000-8000-000000000001",
        "sub": format!("system:serviceaccount:{namespace}:{service_account}"),
    })
}

/// The claims of a bound (TokenRequest) token.
pub fn bound_token_claims(
    namespace: &str,
    service_account: &str,
    audiences: &[&str],
    issued_at: i64,
    expires_at: i64,
) -> serde_json::Value {
    serde_json::json!({
        "aud": audiences,
        "exp": expires_at,
        "iat": issued_at,
        "nbf": issued_at,
        "iss": "https://kubernetes.default.svc.cluster.local",
        "kubernetes.io": {
            "namespace": namespace,
            "serviceaccount": {"name": service_account, "uid": "5f6a7b8c-0000-4000-8000-000000000002"},
        },
        "sub": format!("system:serviceaccount:{namespace}:{service_account}"),
    })
}

/// The parts of a remote secret that fixtures vary.
#[derive(Clone, Debug)]
pub struct RemoteSecretSpec {
    pub cluster_id: String,
    pub server: String,
    pub ca_pem: String,
    pub token: String,
}

impl RemoteSecretSpec {
    /// A healthy remote secret for cluster `cluster2`, valid at `now`.
    pub fn healthy(now: i64) -> RemoteSecretSpec {
        RemoteSecretSpec {
            cluster_id: "cluster2".to_string(),
            server: "https://10.0.0.2:6443".to_string(),
            ca_pem: certificate_pem(&CertificateSpec::cluster_ca(now)),
            token: jwt(&legacy_token_claims("istio-system", "istio-reader-service-account")),
        }
    }

    /// The kubeconfig, as istioctl writes it.
    pub fn kubeconfig(&self) -> String {
        let id = &self.cluster_id;
        format!(
            "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: {ca}\n    server: {server}\n  name: {id}\ncontexts:\n- context:\n    cluster: {id}\n    user: {id}\n  name: {id}\ncurrent-context: {id}\nkind: Config\nusers:\n- name: {id}\n  user:\n    token: {token}\n",
            ca = base64(&self.ca_pem),
            server = self.server,
            token = self.token,
        )
    }

    /// The Secret exactly as `istioctl create-remote-secret` (1.28+) prints it.
    pub fn istioctl_yaml(&self) -> String {
        let id = &self.cluster_id;
        let kubeconfig: String = self.kubeconfig().lines().map(|line| format!("    {line}\n")).collect();
        format!(
            "# This file is autogenerated, do not edit.\napiVersion: v1\nkind: Secret\nmetadata:\n  annotations:\n    networking.istio.io/cluster: {id}\n  labels:\n    istio/multiCluster: \"true\"\n  name: istio-remote-secret-{id}\n  namespace: istio-system\nstringData:\n  {id}: |\n{kubeconfig}---\n"
        )
    }

    /// The same Secret as `kubectl get secret -o yaml` shows it: base64 `data` and server-side
    /// metadata.
    pub fn kubectl_yaml(&self) -> String {
        let id = &self.cluster_id;
        format!(
            "apiVersion: v1\ndata:\n  {id}: {data}\nkind: Secret\nmetadata:\n  annotations:\n    networking.istio.io/cluster: {id}\n  creationTimestamp: \"2026-01-01T00:00:00Z\"\n  labels:\n    istio/multiCluster: \"true\"\n  name: istio-remote-secret-{id}\n  namespace: istio-system\n  resourceVersion: \"4242\"\n  uid: 0b7c1f2e-0000-4000-8000-000000000003\ntype: Opaque\n",
            data = base64(&self.kubeconfig()),
        )
    }
}

/// The healthy istioctl-format remote secret at the fixed test "now".
pub fn healthy() -> String {
    RemoteSecretSpec::healthy(NOW).istioctl_yaml()
}

/// The built-in examples are samples of the generator, so that there is one way to make one.
pub use crate::generate::samples::{example, EXAMPLES};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::certificate::parse_der;

    #[test]
    fn examples_have_the_verdicts_they_promise() {
        use crate::report::{inspect, Verdict};
        let settings = crate::settings::Settings::at(NOW);
        let expected = [
            ("healthy", Verdict::Ok),
            ("loopback-server", Verdict::Failing),
            ("expired-ca", Verdict::Failing),
            ("missing-label", Verdict::Ignored),
            ("exec-plugin", Verdict::Rejected),
            ("two-auth-methods", Verdict::Rejected),
        ];
        assert_eq!(expected.len(), EXAMPLES.len());
        for (name, verdict) in expected {
            let report = inspect(&example(name, NOW).unwrap(), &settings);
            assert_eq!(report.verdicts[0].verdict, verdict, "{name}: {:#?}", report.findings);
        }
        assert!(example("nope", NOW).is_none());
    }

    fn der_of(pem_text: &str) -> Vec<u8> {
        let body: String = pem_text.lines().filter(|line| !line.starts_with("-----")).collect();
        base64::engine::general_purpose::STANDARD.decode(body).unwrap()
    }

    #[test]
    fn makes_parseable_certificates_with_the_asked_properties() {
        let certificate = parse_der(&der_of(&certificate_pem(&CertificateSpec::cluster_ca(NOW)))).unwrap();
        assert_eq!(certificate.subject, "CN=kubernetes");
        assert_eq!(certificate.is_ca, Some(true));
        assert_eq!(certificate.not_after, NOW + 10 * 365 * DAY);
        assert_eq!(certificate.key_bits, Some(256));

        let weak = parse_der(&der_of(&rsa_certificate_pem(&CertificateSpec::cluster_ca(NOW), 1024))).unwrap();
        assert_eq!(
            (weak.key_algorithm.to_string().as_str(), weak.key_bits),
            ("RSA", Some(1024))
        );

        let sha1 = parse_der(&der_of(&sha1_certificate_pem(&CertificateSpec::cluster_ca(NOW)))).unwrap();
        assert_eq!(sha1.signature_hash.as_deref(), Some("sha1"));
    }
}
