//! The whole entry point, as the app runs it per keystroke: inspect, find and mask the secrets,
//! redact, and draw the diagram of every entry. Nothing may panic; masking keeps the lines; and
//! after an edit (picked from the input's first bytes), the spans moved past it are the spans
//! found again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use remote_secret::diagram::svg::{render, SvgOptions};
use remote_secret::diagram::Diagram;
use remote_secret::redact::{mask, redact, sensitive_spans, FoundSpans};
use remote_secret::splice::Splice;
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
    // An edit: where from the first two bytes, what from the third.
    let (Some(&high), Some(&low), Some(&what)) = (data.first(), data.get(1), data.get(2)) else {
        return;
    };
    let mut at = (usize::from(high) << 8 | usize::from(low)) % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let inserted = ["x", " ", ":", "-", "|", ".", "\n", ""][usize::from(what) % 8];
    let removed = match what / 8 % 2 {
        0 => "",
        _ => text[at..]
            .chars()
            .next()
            .map_or("", |first| &text[at..at + first.len_utf8()]),
    };
    let found = FoundSpans::find(text, &report.model);
    assert_eq!(found.spans, spans);
    let edited = [&text[..at], inserted, &text[at + removed.len()..]].concat();
    let model = inspect(&edited, &Settings::at(1_767_225_600)).model;
    let moved = found.after(&edited, &model, Splice::of(at, removed, inserted));
    assert_eq!(moved, FoundSpans::find(&edited, &model));
});
