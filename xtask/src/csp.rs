//! `cargo xtask csp`: writes the Content-Security-Policy into the built `index.html`. Trunk runs
//! it as a post-build hook (Trunk.toml), on the staging folder, so every build, served or not,
//! carries the policy. Trunk inlines a module script that loads the wasm; the policy allows it
//! by its SHA-256, never by `'unsafe-inline'`.

use std::path::Path;

use base64::Engine;
use sha2::{Digest, Sha256};

const OPEN: &str = "<script type=\"module\">";
const CLOSE: &str = "</script>";
const MARKER: &str = "<meta http-equiv=\"Content-Security-Policy\"";

/// The policy for a page whose inline scripts hash to `script_hashes`: only the app's own files
/// (`'self'`), the wasm compiled from them, no plugin, no base or form target; styles may be
/// inline (the diagram's SVG carries its own `<style>`; no script can come that way).
pub fn policy(script_hashes: &[String]) -> String {
    let hashes: String = script_hashes.iter().map(|hash| format!(" 'sha256-{hash}'")).collect();
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'"
    )
}

/// The SHA-256 (base64) of every inline module script of `html`, as browsers hash them.
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(OPEN) {
        let body_start = start + OPEN.len();
        let Some(length) = rest[body_start..].find(CLOSE) else {
            break;
        };
        let body = &rest[body_start..body_start + length];
        hashes.push(base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body.as_bytes())));
        rest = &rest[body_start + length + CLOSE.len()..];
    }
    hashes
}

/// `html` with the policy as the first element of `<head>` (replacing an earlier one).
pub fn with_policy(html: &str) -> String {
    let without: String = match html.find(MARKER) {
        Some(start) => {
            let end = html[start..].find('>').map_or(html.len(), |at| start + at + 1);
            format!("{}{}", &html[..start], html[end..].trim_start())
        }
        None => html.to_string(),
    };
    let meta = format!(
        "{MARKER} content=\"{}\" />\n    ",
        policy(&inline_script_hashes(&without))
    );
    match without.find("<meta charset") {
        Some(at) => format!("{}{meta}{}", &without[..at], &without[at..]),
        None => without.replacen("<head>", &format!("<head>\n    {meta}"), 1),
    }
}

/// Applies the policy to `index.html` in Trunk's staging folder (or `dist/` when run by hand).
pub fn apply(root: &Path) -> Result<(), String> {
    let path = crate::finish::staging_folder(root).join("index.html");
    let html = crate::finish::read_text(&path)?;
    crate::finish::write(&path, with_policy(&html).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!doctype html>\n<html>\n  <head>\n    <meta charset=\"utf-8\" />\n<script type=\"module\">\nimport init from '/app.js';\n</script>\n  </head>\n</html>\n";

    #[test]
    fn the_loader_is_allowed_by_its_hash_and_nothing_inline_else() {
        let html = with_policy(PAGE);
        let expected =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"\nimport init from '/app.js';\n"));
        assert!(html.contains(&format!("'sha256-{expected}'")), "{html}");
        assert!(html.find(MARKER) < html.find("<meta charset"), "the policy comes first");
        let policy_text = &html[html.find(MARKER).unwrap()..];
        let script_src = policy_text.split(';').find(|d| d.contains("script-src")).unwrap();
        assert!(!script_src.contains("unsafe-inline"));
    }

    #[test]
    fn applying_twice_keeps_one_policy() {
        let once = with_policy(PAGE);
        assert_eq!(with_policy(&once), once);
        assert_eq!(once.matches(MARKER).count(), 1);
    }
}
