//! Where the secrets are in a pasted text, for masking on screen and for redaction.
//!
//! [`sensitive_spans`] finds the byte ranges that must not be shown by default: token, password
//! and private-key values, the bodies of PEM private keys, base64 kubeconfigs in `data` (they
//! hold the token) and anything that looks like a JWT. [`redact`] replaces those and the
//! certificate bodies with the placeholders the Istio docs use (`{TOKEN}`, `{CERTIFICATE}`), and
//! keeps every other byte, so a redacted paste still inspects the same way, minus the secrets.
//!
//! The search is textual (keys and PEM markers), so it works on input that does not parse; the
//! decoded model only says which `data` keys are cluster entries.

use std::ops::Range;

use base64::Engine as _;

use crate::model::{Encoding, Model};
use crate::splice::Splice;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sensitive {
    Token,
    Password,
    PrivateKey,
    /// A base64 kubeconfig in a Secret's `data`: it holds the token.
    EncodedKubeconfig,
    /// Public, but bulky and identifying: redacted, never masked.
    Certificate,
}

impl Sensitive {
    pub fn placeholder(self) -> &'static str {
        match self {
            Sensitive::Token => "{TOKEN}",
            Sensitive::Password => "{PASSWORD}",
            Sensitive::PrivateKey => "{PRIVATE_KEY}",
            Sensitive::EncodedKubeconfig => "{KUBECONFIG}",
            Sensitive::Certificate => "{CERTIFICATE}",
        }
    }

    /// Whether the value is hidden on screen until revealed.
    pub fn is_masked(self) -> bool {
        self != Sensitive::Certificate
    }
}

/// A byte range of the input and what it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: Sensitive,
}

const KEYS: [(&str, Sensitive); 5] = [
    ("token", Sensitive::Token),
    ("password", Sensitive::Password),
    ("client-key-data", Sensitive::PrivateKey),
    ("certificate-authority-data", Sensitive::Certificate),
    ("client-certificate-data", Sensitive::Certificate),
];

/// Every sensitive range of `input`, sorted and without overlaps. `model` is the input's decoded
/// model (it tells which `data` keys hold base64 kubeconfigs).
pub fn sensitive_spans(input: &str, model: &Model) -> Vec<Span> {
    FoundSpans::find(input, model).spans
}

/// The sensitive spans of one text, with what finding them again after an edit needs: the zones
/// where a change to one line can change a span beyond it, and the lines of the base64
/// kubeconfigs.
#[derive(Clone, Debug, PartialEq)]
pub struct FoundSpans {
    /// What [`sensitive_spans`] returns.
    pub spans: Vec<Span>,
    /// A block scalar from its key's line to its end; a PEM block from its `BEGIN` to its `END`,
    /// or to the text's end when it has none.
    zones: Vec<Range<usize>>,
    /// Each base64 kubeconfig's line (1-based) and where it starts, in the model's order.
    encoded: Vec<(usize, usize)>,
    /// The length of the text they were found in.
    len: usize,
}

impl FoundSpans {
    /// The spans of `input`, found in the whole text.
    pub fn find(input: &str, model: &Model) -> FoundSpans {
        let mut zones = Vec::new();
        let mut spans = key_spans(input, &mut zones);
        let mut encoded = Vec::new();
        // The lines of those entries, found in one walk down the input (they come in the order of
        // their lines; one that does not starts the walk again).
        let (mut number, mut line_start) = (1, 0);
        for entry in encoded_entries(model) {
            let wanted = entry.line;
            if wanted < number {
                (number, line_start) = (1, 0);
            }
            while number < wanted {
                let Some(at) = input[line_start..].find('\n') else {
                    break;
                };
                line_start += at + 1;
                number += 1;
            }
            if number != wanted {
                break;
            }
            let line_end = input[line_start..].find('\n').map_or(input.len(), |at| line_start + at);
            spans.extend(first_value(&input[line_start..line_end], &entry.cluster_id, line_start));
            encoded.push((wanted, line_start));
        }
        spans.extend(pem_bodies(input, &mut zones));
        spans.extend(jwt_like(input));
        FoundSpans {
            spans: without_overlaps(spans),
            zones,
            encoded,
            len: input.len(),
        }
    }

    /// The spans of `input`, which is the text these were found in with `splice` made. When the
    /// edit kept to one line, past its indentation, outside every block scalar and PEM block, and
    /// made neither, only that line is searched again and the spans past it are moved; otherwise
    /// the whole text is searched.
    pub fn after(self, input: &str, model: &Model, splice: Splice) -> FoundSpans {
        match self.refound(input, model, splice) {
            Some(found) => found,
            None => FoundSpans::find(input, model),
        }
    }

    fn refound(mut self, input: &str, model: &Model, splice: Splice) -> Option<FoundSpans> {
        let Splice { at, inserted, .. } = splice;
        let end = at.checked_add(inserted)?;
        let fits = self.len.checked_sub(splice.removed)? + inserted == input.len();
        if !fits || splice.removed_line_break || !input.is_char_boundary(at) || !input.is_char_boundary(end) {
            return None;
        }
        let line_start = input[..at].rfind('\n').map_or(0, |before| before + 1);
        let line_end = input[end..].find('\n').map_or(input.len(), |after| end + after);
        // Before the edit, the line ended at `old_end`.
        let old_end = line_end - inserted + splice.removed;
        let line = &input[line_start..line_end];
        let indented = input[line_start..at].chars().all(char::is_whitespace);
        let in_zone = self
            .zones
            .iter()
            .any(|zone| zone.start <= old_end && line_start <= zone.end);
        if indented || in_zone || input[at..end].contains('\n') || line.contains("-----") {
            return None;
        }
        let mut zones = Vec::new();
        let mut found = key_spans(line, &mut zones);
        if !zones.is_empty() {
            return None;
        }
        // The edit kept every line where it was: the base64 kubeconfigs are on the lines they
        // were on, or the whole text is searched again.
        let mut known = self.encoded.iter_mut();
        for entry in encoded_entries(model) {
            let (_, start) = known.next().filter(|(line, _)| *line == entry.line)?;
            if *start == line_start {
                found.extend(first_value(line, &entry.cluster_id, 0));
            } else if *start > old_end {
                *start = splice.moved(*start);
            }
        }
        if known.next().is_some() {
            return None;
        }
        found.extend(jwt_like(line));
        for span in &mut found {
            (span.start, span.end) = (span.start + line_start, span.end + line_start);
        }
        // Spans before the line stay, those after it move, and the line's own are found again:
        // no span or zone reaches into the line from outside it.
        let before = self.spans.partition_point(|span| span.start < line_start);
        let after = self.spans.partition_point(|span| span.start <= old_end);
        for span in &mut self.spans[after..] {
            (span.start, span.end) = (splice.moved(span.start), splice.moved(span.end));
        }
        self.spans.splice(before..after, without_overlaps(found));
        for zone in self.zones.iter_mut().filter(|zone| zone.start > old_end) {
            *zone = splice.moved(zone.start)..splice.moved(zone.end);
        }
        self.len = input.len();
        Some(self)
    }
}

/// The entries whose values are base64 kubeconfigs and whose lines are known, in the model's
/// order.
fn encoded_entries(model: &Model) -> impl Iterator<Item = &crate::model::ClusterEntry> {
    model
        .secrets
        .iter()
        .flat_map(|secret| &secret.entries)
        .filter(|entry| entry.encoding == Encoding::Data && entry.line != 0)
}

/// The first value of `cluster_id` as a key in `line`, which starts at byte `line_start`, as a
/// base64 kubeconfig.
fn first_value(line: &str, cluster_id: &str, line_start: usize) -> Option<Span> {
    key_values(line, cluster_id).into_iter().next().map(|value| Span {
        start: line_start + value.start,
        end: line_start + value.end,
        kind: Sensitive::EncodedKubeconfig,
    })
}

/// `spans` sorted, without empty ones and without any that an earlier one overlaps (the longer
/// first at the same start).
fn without_overlaps(mut spans: Vec<Span>) -> Vec<Span> {
    spans.retain(|span| span.end > span.start);
    spans.sort_by_key(|span| (span.start, std::cmp::Reverse(span.end)));
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last() {
            Some(last) if span.start < last.end => {}
            _ => merged.push(span),
        }
    }
    merged
}

/// The input with every sensitive value replaced by its placeholder. Base64 kubeconfigs are
/// decoded, redacted and encoded again, so that the structure survives; one that does not
/// decode becomes `{KUBECONFIG}`.
pub fn redact(input: &str, model: &Model) -> String {
    redact_spans(input, &sensitive_spans(input, model))
}

/// [`redact`] with the spans already found (the app finds them once per edit, for masking).
pub fn redact_spans(input: &str, spans: &[Span]) -> String {
    let mut out = String::with_capacity(input.len());
    let mut cursor = 0;
    for span in spans {
        out.push_str(&input[cursor..span.start]);
        let value = &input[span.start..span.end];
        match span.kind {
            Sensitive::EncodedKubeconfig => out.push_str(&redact_encoded(value)),
            kind => out.push_str(kind.placeholder()),
        }
        cursor = span.end;
    }
    out.push_str(&input[cursor..]);
    out
}

fn redact_encoded(value: &str) -> String {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok());
    match decoded {
        // A kubeconfig has no `data` entries of its own, the one thing the model is asked for:
        // the textual search needs no decoding of it.
        Some(kubeconfig) => base64::engine::general_purpose::STANDARD.encode(redact(&kubeconfig, &Model::default())),
        None => Sensitive::EncodedKubeconfig.placeholder().to_string(),
    }
}

/// The masked text for the screen: each masked span becomes `•` characters, one per character,
/// so that columns and lines stay where they were.
pub fn mask(input: &str, spans: &[Span]) -> String {
    let mut out = String::with_capacity(input.len());
    let mut cursor = 0;
    for span in spans.iter().filter(|span| span.kind.is_masked()) {
        out.push_str(&input[cursor..span.start]);
        for c in input[span.start..span.end].chars() {
            out.push(if c == '\n' { '\n' } else { '•' });
        }
        cursor = span.end;
    }
    out.push_str(&input[cursor..]);
    out
}

/// [`mask`] of `input[range]` alone (`range` on character boundaries): the same text as that
/// range of the whole masked input, without masking the rest (the editor draws only the lines in
/// view).
pub fn mask_range(input: &str, spans: &[Span], range: std::ops::Range<usize>) -> String {
    let first = spans.partition_point(|span| span.end <= range.start);
    let clipped: Vec<Span> = spans[first..]
        .iter()
        .take_while(|span| span.start < range.end)
        .map(|span| Span {
            start: span.start.max(range.start) - range.start,
            end: span.end.min(range.end) - range.start,
            kind: span.kind,
        })
        .collect();
    mask(&input[range], &clipped)
}

/// The values of the sensitive [`KEYS`], wherever one stands as a YAML or JSON key, in one walk
/// over the input's colons (a key ends at one) rather than one search per key: what
/// [`key_values`] finds for each key. Each block scalar's zone, from its key's line to its end,
/// goes to `zones`.
fn key_spans(input: &str, zones: &mut Vec<Range<usize>>) -> Vec<Span> {
    let bytes = input.as_bytes();
    let mut spans = Vec::new();
    for (colon, _) in input.match_indices(':') {
        let before = input[..colon].trim_end_matches([' ', '\t']);
        let closing = before.bytes().last().filter(|byte| matches!(byte, b'"' | b'\''));
        let name = &before[..before.len() - usize::from(closing.is_some())];
        let Some((key, kind)) = KEYS.iter().find(|(key, _)| name.ends_with(key)) else {
            continue;
        };
        let at = name.len() - key.len();
        let opening = at
            .checked_sub(1)
            .map(|before| bytes[before])
            .filter(|byte| matches!(byte, b'"' | b'\''));
        if opening != closing {
            continue;
        }
        let key_start = at - usize::from(opening.is_some());
        if !starts_key(&input[..key_start]) {
            continue;
        }
        let value = value_after(input, colon, key_start);
        let rest = input[colon + 1..].trim_start_matches([' ', '\t']);
        if rest.starts_with(['|', '>']) {
            let key_line = input[..key_start].rfind('\n').map_or(0, |at| at + 1);
            let indicator = input.len() - rest.len();
            zones.push(key_line..value.as_ref().map_or(indicator + 1, |range| range.end));
        }
        if let Some(range) = value {
            spans.push(Span {
                start: range.start,
                end: range.end,
                kind: *kind,
            });
        }
    }
    spans
}

/// The byte ranges of the values of `key` wherever it stands as a YAML or JSON key: at a line's
/// start (after indentation or `- `), or after `{` or `,` in flow style. Quoted values exclude
/// their quotes; block scalars (`|`, `>`) cover their indented lines.
fn key_values(input: &str, key: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = input.as_bytes();
    let mut values = Vec::new();
    for (at, _) in input.match_indices(key) {
        let quoted = at > 0 && matches!(bytes[at - 1], b'"' | b'\'');
        let key_start = if quoted { at - 1 } else { at };
        if !starts_key(&input[..key_start]) {
            continue;
        }
        let mut after = at + key.len();
        if quoted {
            if bytes.get(after) != Some(&bytes[at - 1]) {
                continue;
            }
            after += 1;
        }
        let rest = &input[after..];
        let colon = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        if rest.as_bytes().get(colon) != Some(&b':') {
            continue;
        }
        if let Some(range) = value_after(input, after + colon, key_start) {
            values.push(range);
        }
    }
    values
}

/// The value of the key at `key_start` whose colon is at byte `colon`, past the blanks after it.
fn value_after(input: &str, colon: usize, key_start: usize) -> Option<std::ops::Range<usize>> {
    let rest = &input[colon + 1..];
    let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    value_range(input, colon + 1 + blanks, key_start)
}

/// Whether a key can start after `prefix`: at a line's start, after `- ` of a list item, or after
/// `{` or `,` in flow style (JSON).
fn starts_key(prefix: &str) -> bool {
    let before = prefix.trim_end_matches([' ', '\t']);
    if before.is_empty() || before.ends_with(['\n', '{', ',']) {
        return true;
    }
    let spaced = before.len() < prefix.len();
    let list_marker = before
        .strip_suffix('-')
        .is_some_and(|head| head.is_empty() || head.ends_with([' ', '\t', '\n']));
    spaced && list_marker
}

fn value_range(input: &str, start: usize, key_start: usize) -> Option<std::ops::Range<usize>> {
    let rest = &input[start..];
    let line_end = rest.find('\n').map_or(input.len(), |at| start + at);
    match rest.as_bytes().first()? {
        quote @ (b'"' | b'\'') => {
            let mut escaped = false;
            for (offset, byte) in rest.bytes().enumerate().skip(1) {
                match byte {
                    b'\\' if *quote == b'"' && !escaped => escaped = true,
                    b'\n' => return None,
                    byte if byte == *quote && !escaped => return Some(start + 1..start + offset),
                    _ => escaped = false,
                }
            }
            None
        }
        b'|' | b'>' => {
            // A block scalar: the lines indented deeper than the key's line.
            let key_line_start = input[..key_start].rfind('\n').map_or(0, |at| at + 1);
            let key_indent = indentation(&input[key_line_start..]);
            let block_start = (line_end + 1).min(input.len());
            let mut end = block_start;
            for line in input[block_start..].split_inclusive('\n') {
                if !line.trim().is_empty() && indentation(line) <= key_indent {
                    break;
                }
                end += line.len();
            }
            let text = input[block_start..end].trim_end();
            let first = block_start + (input[block_start..].len() - input[block_start..].trim_start().len());
            (first < block_start + text.len()).then(|| first..block_start + text.len())
        }
        b'\n' | b'#' | b'{' | b'[' => None,
        _ => {
            let line = &input[start..line_end];
            // A plain scalar ends at a comment, or at `,` or `}` in flow style: one walk over a
            // value that may be a long base64 kubeconfig.
            let bytes = line.as_bytes();
            let end = (0..bytes.len())
                .find(|&at| matches!(bytes[at], b',' | b'}') || bytes[at..].starts_with(b" #"))
                .unwrap_or(line.len());
            let trimmed = line[..end].trim_end();
            Some(start..start + trimmed.len())
        }
    }
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The bodies of PEM blocks: private keys (masked) and certificates (redacted only). Each block's
/// zone, from its `BEGIN` to its `END` (or to the text's end when it has none), goes to `zones`.
fn pem_bodies(input: &str, zones: &mut Vec<Range<usize>>) -> Vec<Span> {
    // Headers found by their dashes (memchr), rarer than most bytes, not by a substring search.
    let begins = |from: usize| {
        input[from..]
            .match_indices('-')
            .map(move |(at, _)| from + at)
            .find(|&at| input[at..].starts_with("-----BEGIN "))
    };
    pem_bodies_after(input, begins, zones)
}

/// [`pem_bodies`], with `begins(from)` finding the next `-----BEGIN ` from byte `from` on.
fn pem_bodies_after(input: &str, begins: impl Fn(usize) -> Option<usize>, zones: &mut Vec<Range<usize>>) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut search = 0;
    while let Some(begin) = begins(search) {
        zones.push(begin..input.len());
        let Some(label_end) = input[begin..]
            .find("-----\n")
            .or_else(|| input[begin..].find("-----\r\n"))
        else {
            break;
        };
        let label = &input[begin + 11..begin + label_end];
        let body_start = input[begin + label_end..]
            .find('\n')
            .map_or(input.len(), |at| begin + label_end + at + 1);
        let Some(end_marker) = input[body_start..].find("-----END ") else {
            break;
        };
        let body_end = body_start + input[body_start..body_start + end_marker].trim_end().len();
        let kind = if crate::pem::is_private_key(label) {
            Some(Sensitive::PrivateKey)
        } else if label.contains("CERTIFICATE") {
            Some(Sensitive::Certificate)
        } else {
            None
        };
        if let Some(kind) = kind {
            let first =
                body_start + (input[body_start..body_end].len() - input[body_start..body_end].trim_start().len());
            spans.push(Span {
                start: first,
                end: body_end,
                kind,
            });
        }
        search = body_start + end_marker + 9;
        if let Some(zone) = zones.last_mut() {
            zone.end = search;
        }
    }
    spans
}

/// Anything shaped like a JWT (`eyJ….….…`), wherever it stands: the net under the key search,
/// for tokens in text that does not parse or under unexpected keys. A JWT's header ends at a dot,
/// so the walk is over the input's dots (rare outside JWTs, absent from base64), each looking back
/// for a header's start.
fn jwt_like(input: &str) -> Vec<Span> {
    let bytes = input.as_bytes();
    let mut spans = Vec::new();
    for (dot, _) in input.match_indices('.') {
        let at = bytes[..dot]
            .iter()
            .rposition(|&byte| !is_jwt_part(byte))
            .map_or(0, |before| before + 1);
        if !input[at..dot].starts_with("eyJ") || spans.last().is_some_and(|last: &Span| at < last.end) {
            continue;
        }
        if let Some(end) = jwt_end(bytes, at) {
            spans.push(Span {
                start: at,
                end,
                kind: Sensitive::Token,
            });
        }
    }
    spans
}

fn is_jwt_part(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'
}

/// Where the JWT-shaped text starting at `at` ends: three parts and two dots, over 20 bytes.
fn jwt_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut end = at;
    let mut dots = 0;
    while end < bytes.len() && (is_jwt_part(bytes[end]) || (bytes[end] == b'.' && dots < 2)) {
        dots += usize::from(bytes[end] == b'.');
        end += 1;
    }
    (dots == 2 && end - at > 20).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{example, RemoteSecretSpec, NOW};
    use crate::settings::Settings;

    fn redacted(input: &str) -> String {
        redact(input, &crate::decode::decode(input))
    }

    #[test]
    fn redacting_an_istioctl_secret_keeps_its_structure_and_drops_the_token() {
        let spec = RemoteSecretSpec::healthy(NOW);
        let input = spec.istioctl_yaml();
        let output = redacted(&input);
        assert!(!output.contains(&spec.token), "{output}");
        assert!(output.contains("token: {TOKEN}"), "{output}");
        assert!(output.contains("certificate-authority-data: {CERTIFICATE}"), "{output}");
        assert_eq!(output.lines().count(), input.lines().count());
        // Still a remote secret with the same cluster entry.
        let report = crate::inspect(&output, &Settings::at(NOW));
        assert_eq!(report.model.secrets[0].entries[0].cluster_id, "cluster2");
    }

    #[test]
    fn base64_kubeconfigs_are_redacted_inside_and_encoded_again() {
        let spec = RemoteSecretSpec::healthy(NOW);
        let input = spec.kubectl_yaml();
        let output = redacted(&input);
        let report = crate::inspect(&output, &Settings::at(NOW));
        let entry = &report.model.secrets[0].entries[0];
        assert_eq!(entry.encoding, Encoding::Data);
        let encoded = output
            .lines()
            .find(|line| line.trim_start().starts_with("cluster2:"))
            .expect("the entry");
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim_start().trim_start_matches("cluster2:").trim())
            .expect("still base64");
        let decoded = String::from_utf8(decoded).expect("text");
        assert!(
            decoded.contains("token: {TOKEN}") && !decoded.contains(&spec.token),
            "{decoded}"
        );
    }

    #[test]
    fn json_values_are_found_inside_their_quotes() {
        let input = "{\"users\": [{\"name\": \"r\", \"user\": {\"token\": \"abc.def\", \"password\": \"p\\\"w\"}}]}";
        assert_eq!(
            redacted(input),
            "{\"users\": [{\"name\": \"r\", \"user\": {\"token\": \"{TOKEN}\", \"password\": \"{PASSWORD}\"}}]}"
        );
    }

    #[test]
    fn pem_private_keys_and_stray_jwts_are_found_in_text_that_does_not_parse() {
        let input = "oops: [\n-----BEGIN PRIVATE KEY-----\nMIIEvQ\nABCD\n-----END PRIVATE KEY-----\n\
                     bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl here\n";
        let output = redacted(input);
        assert!(output.contains("-----BEGIN PRIVATE KEY-----\n{PRIVATE_KEY}\n-----END PRIVATE KEY-----"));
        assert!(output.contains("bearer {TOKEN} here"), "{output}");
    }

    #[test]
    fn block_scalars_and_comments_bound_the_value() {
        let input = "user:\n  token: |\n    abc\n    def\n  username: x\n  password: hunter2 # old\n";
        assert_eq!(
            redacted(input),
            "user:\n  token: |\n    {TOKEN}\n  username: x\n  password: {PASSWORD} # old\n"
        );
    }

    #[test]
    fn keys_that_only_end_in_a_sensitive_word_are_left_alone() {
        let input =
            "metadata:\n  name: tokenizer\n  my-token: visible\n  istio-token: visible\nnotes: the token: is here\n";
        assert_eq!(redacted(input), input);
    }

    fn line_starts(input: &str) -> Vec<usize> {
        std::iter::once(0)
            .chain(input.match_indices('\n').map(|(at, _)| at + 1))
            .collect()
    }

    /// Inputs with sensitive values in every form the searches know, and near misses.
    fn varied_inputs() -> Vec<String> {
        let mut inputs: Vec<String> = crate::generate::samples::EXAMPLES
            .iter()
            .filter_map(|(name, _)| example(name, NOW))
            .collect();
        inputs.extend(
            crate::generate::samples::FAULTS
                .iter()
                .map(|fault| crate::generate::samples::sample(NOW, &[fault])),
        );
        let token = crate::fixtures::jwt(&serde_json::json!({"sub": "system:serviceaccount:a:b"}));
        inputs.extend(
            [
                "token: abc\n'token': abc\n\"token\" : abc\n\"token': abc\n'token\": abc\n  - token:\tabc # c\n",
                "{\"token\":\"abc\",\"password\": \"p\\\"q\", \"client-key-data\":x}\n",
                "mytoken: abc\nnote: \"token: abc\"\ntoken-x: abc\n-token: abc\n- token: abc\nx: [token: abc]\n",
                "password: |\n  one\n  two\nnext: x\nclient-key-data: >\n\n  folded\n\n",
                "certificate-authority-data:\ntoken:\ntoken: 'open\ntoken: \"a\\\\\"\n: token\ntoken",
                "a: eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl and eyJh.b x.eyJhbGciOiJub25lIn0.e30.sig.more",
                "aeyJhbGciOiJub25lIn0.e30.c2ln eyJhbGciOiJub25lIn0.eyJhbGciOiJub25lIn0.eyJhbGciOiJub25lIn0",
                "eyJ.. eyJhbGciOiJub25lIn0..x ..eyJhbGciOiJub25lIn0.a.b eyJhbGciOiJub25lIn0.a",
                "key: |\n  -----BEGIN PRIVATE KEY-----\n  QUJD\n  -----END PRIVATE KEY-----\n- x: -----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n---\n-----BEGIN X-----\nQQ==\n-----END X-----\n-----BEGIN RSA PRIVATE KEY-----\r\nQQ==\r\n-----END RSA PRIVATE KEY-----\r\n-----BEGIN EC PRIVATE KEY-----\nQQ==\n",
                "eyAbCdEfGhIjKlMnOp.qrs.tuv EYJhbGciOiJub25lIn0.qrs.tuv e.yJhbGciOiJub25lIn0.e30.c2ln",
            ]
            .map(str::to_string),
        );
        inputs.push(format!("token: {token}\nnote: {token}\n\"{token}\"\n{token}.{token}"));
        inputs
    }

    /// What [`sensitive_spans`] found before it walked the input's colons, dots and dashes: a
    /// search per key, per JWT header and per PEM header, and the lines of every entry.
    fn searched_spans(input: &str, model: &Model) -> Vec<Span> {
        let mut spans = Vec::new();
        for (key, kind) in KEYS {
            for value in key_values(input, key) {
                spans.push(Span {
                    start: value.start,
                    end: value.end,
                    kind,
                });
            }
        }
        let line_starts = line_starts(input);
        for entry in model.secrets.iter().flat_map(|secret| &secret.entries) {
            let Some(&line_start) = line_starts.get(entry.line.wrapping_sub(1)) else {
                continue;
            };
            if entry.encoding != Encoding::Data {
                continue;
            }
            let line_end = input[line_start..].find('\n').map_or(input.len(), |at| line_start + at);
            if let Some(value) = key_values(&input[line_start..line_end], &entry.cluster_id)
                .into_iter()
                .next()
            {
                spans.push(Span {
                    start: line_start + value.start,
                    end: line_start + value.end,
                    kind: Sensitive::EncodedKubeconfig,
                });
            }
        }
        let begins = |from: usize| input[from..].find("-----BEGIN ").map(|at| from + at);
        spans.extend(pem_bodies_after(input, begins, &mut Vec::new()));
        let bytes = input.as_bytes();
        let mut tokens: Vec<Span> = Vec::new();
        for (at, _) in input.match_indices("eyJ") {
            if at > 0 && is_jwt_part(bytes[at - 1]) || tokens.last().is_some_and(|last| at < last.end) {
                continue;
            }
            if let Some(end) = jwt_end(bytes, at) {
                tokens.push(Span {
                    start: at,
                    end,
                    kind: Sensitive::Token,
                });
            }
        }
        spans.extend(tokens);
        without_overlaps(spans)
    }

    #[test]
    fn walks_over_colons_dots_and_dashes_find_what_searches_found() {
        let kubeconfig =
            |server: &str| crate::fixtures::base64(&format!("clusters:\n- cluster:\n    server: {server}\n"));
        let mut inputs = varied_inputs();
        inputs.push(format!(
            "kind: Secret\ndata:\n  b: {}\n  a: {}\n---\nkind: Secret\ndata: {{c: {}, d: {}}}\n",
            kubeconfig("https://b"),
            kubeconfig("https://a"),
            kubeconfig("https://c"),
            kubeconfig("https://d"),
        ));
        for input in inputs {
            let mut model = crate::decode::decode(&input);
            assert_eq!(
                sensitive_spans(&input, &model),
                searched_spans(&input, &model),
                "{input}"
            );
            // Secrets out of the order of their lines.
            model.secrets.reverse();
            assert_eq!(
                sensitive_spans(&input, &model),
                searched_spans(&input, &model),
                "{input}"
            );
        }
    }

    /// Inputs for edits: [`varied_inputs`] and Secrets with base64 kubeconfigs in `data`.
    fn inputs_to_edit() -> Vec<String> {
        let mut inputs = varied_inputs();
        let kubeconfig = crate::fixtures::base64("clusters:\n- cluster:\n    server: https://a\n");
        inputs.push(format!(
            "kind: Secret\ndata:\n  b: {kubeconfig}\n  a: {kubeconfig} # x\n---\nkind: Secret\ndata: {{c: {kubeconfig}, d: {kubeconfig}}}\n"
        ));
        let spec = RemoteSecretSpec::healthy(NOW);
        inputs.push(format!(
            "apiVersion: v1\nkind: List\nitems:\n- {}",
            spec.kubectl_yaml().replace('\n', "\n  ")
        ));
        inputs
    }

    #[test]
    fn spans_moved_past_an_edit_are_the_spans_found_again() {
        use rand_chacha::rand_core::{RngCore, SeedableRng};
        const TYPED: [&str; 21] = [
            "x",
            "Q",
            " ",
            ":",
            ": ",
            "|",
            ">",
            "-",
            "-----",
            ".",
            "eyJ",
            "\n",
            "token: ",
            "'",
            "\"",
            "#",
            ",",
            "token: |",
            "a: >",
            "-----BEGIN CERTIFICATE-----",
            "-----END ",
        ];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let mut pick = |below: usize| (rng.next_u32() as usize) % below.max(1);
        let (mut moved, mut edits) = (0, 0);
        for original in inputs_to_edit() {
            let mut text = original.clone();
            let mut found = FoundSpans::find(&text, &crate::decode::decode(&text));
            for _ in 0..60 {
                // Edits typed where the secrets are, and at a line's start (its indentation), as
                // often as anywhere else.
                let near_span = found
                    .spans
                    .get(pick(found.spans.len()))
                    .map(|span| span.start + pick(4));
                let line_starts = line_starts(&text);
                let mut at = match pick(3) {
                    0 => near_span.unwrap_or(0),
                    1 => line_starts[pick(line_starts.len())] + pick(3),
                    _ => pick(text.len() + 1),
                }
                .min(text.len());
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let mut end = (at + pick(4) * pick(2)).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                let inserted = TYPED[pick(TYPED.len())];
                let splice = Splice::of(at, &text[at..end], inserted);
                text.replace_range(at..end, inserted);
                let model = crate::decode::decode(&text);
                let fresh = FoundSpans::find(&text, &model);
                if found.clone().refound(&text, &model, splice).is_some() {
                    moved += 1;
                }
                found = found.after(&text, &model, splice);
                assert_eq!(found, fresh, "{splice:?} of {original:?} gave {text:?}");
                edits += 1;
            }
        }
        // Many edits keep to a line: their spans were moved, not only found again.
        eprintln!("{moved} of {edits} moved");
        assert!(moved * 6 > edits, "{moved} of {edits} moved");
    }

    #[test]
    fn spans_after_an_edit_to_a_lines_indentation_are_the_spans_found_again() {
        for text in inputs_to_edit() {
            let found = FoundSpans::find(&text, &crate::decode::decode(&text));
            for line_start in line_starts(&text) {
                let first = text[line_start..]
                    .chars()
                    .next()
                    .filter(|&c| c != '\n')
                    .map(char::len_utf8);
                let edits = [(0, " "), (0, "x"), (first.unwrap_or(0), "")];
                for (removed, inserted) in edits {
                    let splice = Splice::of(line_start, &text[line_start..line_start + removed], inserted);
                    let mut edited = text.clone();
                    edited.replace_range(line_start..line_start + removed, inserted);
                    let model = crate::decode::decode(&edited);
                    let after = found.clone().after(&edited, &model, splice);
                    assert_eq!(after, FoundSpans::find(&edited, &model), "{splice:?} of {text:?}");
                }
            }
        }
    }

    #[test]
    fn masking_a_range_of_lines_is_that_range_of_the_masked_text() {
        // Spans of one line and of several (a PEM private key), so that windows cut through them.
        let pem = "key: |\n  -----BEGIN PRIVATE KEY-----\n  QUJD\n  REVG\n  -----END PRIVATE KEY-----\n";
        let both = [example("healthy", NOW), example("two-auth-methods", NOW)].map(|text| text.expect("an example"));
        let input = format!("{}---\n{}---\n{pem}", both[0], both[1]);
        let model = crate::decode::decode(&input);
        let spans = sensitive_spans(&input, &model);
        assert!(spans.iter().any(|span| input[span.start..span.end].contains('\n')));
        let masked = mask(&input, &spans);
        let masked_lines: Vec<&str> = masked.split('\n').collect();
        let starts = line_starts(&input);
        let ends: Vec<usize> = starts.iter().skip(1).map(|at| at - 1).chain([input.len()]).collect();
        for first in 0..starts.len() {
            for last in first..starts.len() {
                let shown = mask_range(&input, &spans, starts[first]..ends[last]);
                assert_eq!(shown, masked_lines[first..=last].join("\n"), "lines {first}..={last}");
            }
        }
    }

    #[test]
    fn masking_keeps_every_line_and_column() {
        let input = example("healthy", NOW).expect("a known example");
        let model = crate::decode::decode(&input);
        let spans = sensitive_spans(&input, &model);
        assert!(spans.iter().any(|span| span.kind == Sensitive::Token));
        let masked = mask(&input, &spans);
        assert_eq!(masked.lines().count(), input.lines().count());
        for (masked_line, line) in masked.lines().zip(input.lines()) {
            assert_eq!(masked_line.chars().count(), line.chars().count());
        }
        let token_line = input
            .lines()
            .find(|line| line.trim_start().starts_with("token:"))
            .expect("a token");
        assert!(!masked.contains(token_line.trim_start().trim_start_matches("token: ")));
        assert!(
            masked.contains("certificate-authority-data: LS0t"),
            "certificates stay visible"
        );
    }

    #[test]
    fn spans_never_overlap_and_always_fall_on_char_boundaries() {
        for name in ["healthy", "exec-plugin", "two-auth-methods", "missing-label"] {
            let input = example(name, NOW).expect("a known example");
            let spans = sensitive_spans(&input, &crate::decode::decode(&input));
            for pair in spans.windows(2) {
                assert!(pair[0].end <= pair[1].start, "{name}");
            }
            for span in &spans {
                assert!(input.is_char_boundary(span.start) && input.is_char_boundary(span.end));
            }
        }
    }
}
