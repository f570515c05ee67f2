//! What an API server presents: read as `s_client` output, then verified as a chain against
//! the certificates it holds itself (any of them may be taken for a root).
#![no_main]

use libfuzzer_sys::fuzz_target;
use remote_secret::trust::chain::{self, Presented};
use remote_secret::trust::Keys;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let presented = Presented::parse(text);
    assert!(presented.certificates.len() <= chain::MAX_PRESENTED);
    let roots: Vec<&[u8]> = presented
        .certificates
        .iter()
        .skip(1)
        .map(|(_, der)| der.as_slice())
        .collect();
    let _ = chain::verify(&presented, &roots, "10.0.0.2", 1_767_225_600, &Keys::default());
});
