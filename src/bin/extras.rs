//! The app's extras: what the first load leaves out because few visits need it, as a wasm module
//! of its own. The app fetches it from its own origin the first time it verifies a signature or
//! makes a sample (an example, the sample builder, the example's JWKS), and calls it inside the
//! page: signature verification of tokens and certificates (`trust`: RustCrypto's RSA and
//! elliptic curves) and the making
//! of samples (`generate::samples`: rcgen certificates, P-256-signed tokens), and the Generate
//! panel's Secret as istioctl writes it (`generate::istioctl`). Answers are text:
//! YAML, or JSON (`trust::KeysRead`, `model::Signature`). It never makes a request.

use std::cell::RefCell;

use remote_secret::generate::samples;
use remote_secret::trust::{jws, Keys};
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    static KEYS: RefCell<Keys> = RefCell::new(Keys::default());
}

/// Reads the keys' text (a JWKS, a JWK or PEM), keeps them for [`verify`], and says what was
/// read as JSON.
#[wasm_bindgen]
pub fn read_keys(text: &str) -> String {
    let keys = Keys::parse(text);
    let read = keys.read();
    KEYS.with(|kept| *kept.borrow_mut() = keys);
    serde_json::to_string(&read).unwrap_or_default()
}

/// The outcome of verifying `token` with the keys last read, as JSON.
#[wasm_bindgen]
pub fn verify(token: &str, algorithm: Option<String>, kid: Option<String>) -> String {
    let outcome = KEYS.with(|keys| jws::verify(token, algorithm.as_deref(), kid.as_deref(), &keys.borrow()));
    serde_json::to_string(&outcome).unwrap_or_default()
}

/// Whether a certificate's `signature` over `signed` was made by the key of `issuer_spki` (DER)
/// with the algorithm of the dotted OID `algorithm`: empty when it was, else Go's error.
#[wasm_bindgen]
pub fn certificate_signature(issuer_spki: &[u8], algorithm: &str, signed: &[u8], signature: &[u8]) -> String {
    let signature = remote_secret::trust::CertificateSignature {
        issuer_spki,
        algorithm: algorithm.to_string(),
        signed,
        signature,
    };
    remote_secret::trust::key::certificate_signature(&signature)
        .err()
        .unwrap_or_default()
}

/// A check's `why`, `fix` and sources, which the app's first load leaves out
/// (`app::state::explanation_text`); empty for an unknown id.
#[wasm_bindgen]
pub fn explanation(id: &str) -> String {
    remote_secret::checks::find(id).map_or_else(String::new, remote_secret::app::state::explanation_text)
}

/// What the Generate panel's form (`app::state::GenerateForm::to_text`) gives: istioctl's
/// Secret or why there is none (`app::state::outcome_text`); empty for a form that does not read.
#[wasm_bindgen]
pub fn generate(form: &str) -> String {
    use remote_secret::app::state::{outcome_text, GenerateForm};
    GenerateForm::from_text(form).map_or_else(String::new, |form| outcome_text(&form.outcome()))
}

/// The built-in example `name` made at `now` (seconds since the Unix epoch); empty for an
/// unknown name.
#[wasm_bindgen]
pub fn example(name: &str, now: f64) -> String {
    samples::example(name, now as i64).unwrap_or_default()
}

/// A sample made at `now` with the faults named in `faults` (ids, comma-separated).
#[wasm_bindgen]
pub fn sample(now: f64, faults: &str) -> String {
    let chosen: Vec<&samples::Fault> = faults.split(',').filter_map(samples::fault).collect();
    samples::sample(now as i64, &chosen)
}

/// What the API server of samples made at `now` presents, as PEM.
#[wasm_bindgen]
pub fn sample_server_certificate(now: f64) -> String {
    samples::sample_server_certificate(now as i64)
}

/// The `cacerts` Secrets of the mesh of samples made at `now`, cluster 1's and cluster 2's,
/// apart by a NUL.
#[wasm_bindgen]
pub fn sample_mesh(now: f64) -> String {
    samples::sample_mesh(now as i64).join("\0")
}

/// The JWKS of the key that signs the tokens of samples made at `now`.
#[wasm_bindgen]
pub fn sample_jwks(now: f64) -> String {
    samples::sample_jwks(now as i64).to_string()
}

fn main() {}
