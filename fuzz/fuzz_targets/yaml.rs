//! The YAML layer: splitting documents (lines kept) and parsing each, alias bombs and deep
//! nesting refused before serde_yaml sees them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use remote_secret::yaml;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for document in yaml::split_documents(text) {
        let _ = yaml::parse(&document.text, document.first_line);
    }
});
