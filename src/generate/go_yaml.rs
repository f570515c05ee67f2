//! How go-yaml v2 (behind `sigs.k8s.io/yaml`, which istioctl and client-go marshal with) writes
//! a string scalar: plain when it reads back as the same string, double-quoted when a plain
//! scalar would read back as a boolean, number, null or timestamp, single-quoted when it holds
//! characters a plain scalar cannot. Enough of go-yaml's `resolve` and emitter analysis for the
//! values of a remote secret; deliberately absent: multi-line values (the kubeconfig itself is
//! written as a literal block by the caller).

/// The scalar as go-yaml v2 writes it in block context.
pub fn scalar(text: &str) -> String {
    if text.is_empty() || resolves_to_non_string(text) {
        return double_quoted(text);
    }
    if plain_allowed(text) {
        text.to_string()
    } else if text.chars().all(|c| !c.is_control()) {
        format!("'{}'", text.replace('\'', "''"))
    } else {
        double_quoted(text)
    }
}

fn double_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether a plain scalar of this text would read back as something else than a string (go-yaml
/// v2's `resolve`: YAML 1.1 booleans, null, integers, floats, base-60 numbers and timestamps).
fn resolves_to_non_string(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF", "~", "null", "Null", "NULL", ".inf", ".Inf", ".INF", "+.inf", "+.Inf",
        "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN", "<<",
    ];
    if WORDS.contains(&text) {
        return true;
    }
    let first = text.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return false;
    }
    is_integer(text) || is_float(text) || is_base60(text) || is_timestamp(text)
}

fn is_integer(text: &str) -> bool {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text).replace('_', "");
    if body.is_empty() {
        return false;
    }
    if let Some(binary) = body.strip_prefix("0b") {
        return !binary.is_empty() && binary.chars().all(|c| c == '0' || c == '1');
    }
    if let Some(hex) = body.strip_prefix("0x") {
        return !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    body.chars().all(|c| c.is_ascii_digit())
}

fn is_float(text: &str) -> bool {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text).replace('_', "");
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa.to_string(), Some(exponent.to_string())),
        None => (body.clone(), None),
    };
    let digits_and_dot = !mantissa.is_empty()
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
        && mantissa.matches('.').count() <= 1
        && mantissa.chars().any(|c| c.is_ascii_digit());
    let exponent_ok = exponent.as_deref().is_none_or(|exponent| {
        let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
    });
    digits_and_dot && exponent_ok && (mantissa.contains('.') || exponent.is_some())
}

fn is_base60(text: &str) -> bool {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    let mut parts = body.split(':');
    let Some(head) = parts.next() else { return false };
    let rest: Vec<&str> = parts.collect();
    !rest.is_empty()
        && !head.is_empty()
        && head.chars().all(|c| c.is_ascii_digit() || c == '_')
        && rest.iter().all(|part| {
            let digits = part.split('.').next().unwrap_or_default();
            (1..=2).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
        })
}

/// `2006-01-02`, alone or with a time: YAML 1.1 timestamps, which go-yaml v2 resolves.
fn is_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 10
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[5..7].iter().all(u8::is_ascii_digit)
        && bytes[7] == b'-'
        && bytes[8..10].iter().all(u8::is_ascii_digit)
        && (bytes.len() == 10 || matches!(bytes[10], b'T' | b't' | b' ' | b'\t'))
}

/// go-yaml's emitter analysis for a plain scalar in block context.
fn plain_allowed(text: &str) -> bool {
    let bytes = text.as_bytes();
    let first = bytes[0];
    let last = bytes[bytes.len() - 1];
    if first == b' ' || last == b' ' || text.starts_with("---") || text.starts_with("...") {
        return false;
    }
    let followed_by_blank = |index: usize| bytes.get(index + 1).is_none_or(|next| *next == b' ');
    if b"#,[]{}&*!|>'\"%@`".contains(&first) || (b"-?:".contains(&first) && followed_by_blank(0)) {
        return false;
    }
    for (index, byte) in bytes.iter().enumerate() {
        match byte {
            b':' if followed_by_blank(index) => return false,
            b'#' if index > 0 && bytes[index - 1] == b' ' => return false,
            b'\n' | b'\r' | b'\t' => return false,
            _ => {}
        }
    }
    !text.chars().any(|c| c.is_control() || c == '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::scalar;

    #[test]
    fn strings_that_read_back_as_strings_stay_plain() {
        for text in [
            "cluster2",
            "https://10.0.0.2:6443",
            "istio-system",
            "LS0tLS1CRUdJTg==",
            "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
            "54643f96-eca0-11e9-bb97-42010a80000a",
        ] {
            assert_eq!(scalar(text), text);
        }
    }

    #[test]
    fn strings_that_read_back_as_something_else_are_double_quoted() {
        for (text, written) in [
            ("true", "\"true\""),
            ("yes", "\"yes\""),
            ("on", "\"on\""),
            ("1234", "\"1234\""),
            ("0x1f", "\"0x1f\""),
            ("1e3", "\"1e3\""),
            ("1.5", "\"1.5\""),
            ("1:20", "\"1:20\""),
            ("2026-01-01", "\"2026-01-01\""),
            ("null", "\"null\""),
            ("", "\"\""),
        ] {
            assert_eq!(scalar(text), written, "{text}");
        }
    }

    #[test]
    fn strings_a_plain_scalar_cannot_hold_are_single_quoted() {
        assert_eq!(scalar("a: b"), "'a: b'");
        assert_eq!(scalar("- item"), "'- item'");
        assert_eq!(scalar("*alias"), "'*alias'");
        assert_eq!(scalar("it's #1"), "'it''s #1'");
        assert_eq!(scalar(" padded"), "' padded'");
    }
}
