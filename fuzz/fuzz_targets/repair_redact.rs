//! Text that may not parse: the repair of lost indentation, and redaction (which works on the
//! text itself); a second redaction changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use remote_secret::decode::{decode, repair};
use remote_secret::redact::redact;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Some(repaired) = repair::detect(text) {
        let _ = decode(&repaired.repaired);
    }
    let once = redact(text, &decode(text));
    assert_eq!(redact(&once, &decode(&once)), once);
});
