//! base64, PEM, DER and X.509: raw bytes as a decoded `*-data` field holds them, and text as
//! its base64.
#![no_main]

use libfuzzer_sys::fuzz_target;
use remote_secret::decode::certificate::{decode_base64, decode_bytes, decode_field};

fuzz_target!(|data: &[u8]| {
    let _ = decode_bytes(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = decode_base64(text);
        let _ = decode_field("certificate-authority-data", text, 1);
    }
});
