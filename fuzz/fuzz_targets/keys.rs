//! Reading keys: JWKS, JWK, PEM public keys, RSA public keys and certificates.
#![no_main]

use libfuzzer_sys::fuzz_target;
use remote_secret::trust::Keys;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let keys = Keys::parse(text);
    assert!(keys.keys.len() <= remote_secret::trust::keys::MAX_KEYS);
    let _ = keys.read();
});
