//! The whole entry point, as the app runs it per keystroke: inspect, find and mask the secrets,
//! redact, and draw the diagram of every entry. Nothing may panic; masking keeps the lines.
#![no_main]

use libfuzzer_sys::fuzz_target;
use remote_secret::diagram::svg::{render, SvgOptions};
use remote_secret::diagram::Diagram;
use remote_secret::redact::{mask, redact, sensitive_spans};
use remote_secret::{inspect, Settings};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let report = inspect(text, &Settings::at(1_767_225_600));
    let spans = sensitive_spans(text, &report.model);
    assert_eq!(mask(text, &spans).lines().count(), text.lines().count());
    let _ = redact(text, &report.model);
    for verdict in &report.verdicts {
        let diagram = Diagram::for_entry(&report, verdict.secret_index, verdict.entry_index);
        let _ = render(&diagram, &SvgOptions::default());
    }
});
