//! The first-load size budget: everything `dist/` serves before the page is usable (HTML, JS,
//! wasm, CSS), gzip level 9, must stay within [`FIRST_LOAD_BUDGET`]. Bytes are deterministic,
//! unlike times, so this is checked by `cargo xtask test` while speed is only printed by `bench`.
//!
//! The budget only ever goes down: lower it when the app shrinks; raising it is a decision to
//! write down in the commit that does it.

use std::io::Write;
use std::path::Path;

/// Bytes of the first load, gzip level 9 by flate2. History: 532,000 on 2026-11-29 (the size of
/// that day); 527,000 when verification and sample making moved to the extras module; 530,100
/// with the verification of what the API server presents (its chain logic is engine code, 3.3 KB:
/// still under the last landed budget); 528,400 with wasm-opt told the low kilobyte is unused
/// and run twice; 522,300 with one minified stylesheet and the glue minified by terser
/// (`finish`, 6.1 KB); 506,200 with Leptos erasing
/// component types (25.6 KB), the Mesh trust pane and the mesh's checks (9.4 KB) included;
/// 508,100 with `cert-chain-broken` and the extended key usage of what the server presents (1.9
/// KB, still 20.3 KB under the budget that last landed); 508,200 with RSA-PSS certificate
/// signatures (their parameters go to the verifier as text: 52 bytes); 509,800 with a kubectl List
/// decoded item by item and its unchanged items kept between keystrokes (1.6 KB); 509,900 with the
/// editor no longer reading its whole text back after each keystroke (135 bytes); 510,200 with
/// the YAML pre-scans that skip to the bytes that matter (125 bytes, 7% off inspect) and the
/// List's items decoded through one helper per target (141 bytes); 510,600 with a bundle's links
/// judged by their issuers' CA flag, key usage and path length too (437 bytes); 510,500 after the
/// review (the evidence memo reads its four texts without nesting). Next stop: 510,480 after
/// issue 9's clean-up from 510,443 (a CertificateSignature value, -60 bytes; one palette for the
/// page and the SVG, +81; a PEM module, -6; gloo-file for downloads, +10; oid-registry constants
/// for signature algorithms, +10). This stop: 486,510 with the kubeconfig read from the parsed
/// value by hand instead of serde's derived deserializers, instantiated for two of serde_yaml's
/// deserializers (-23,971 bytes, 510,479 -> 486,508); 484,340 with that reader's lists read by
/// loops instead of collecting `Result`s, and its keys left unsorted (-2,175); 478,400 with the
/// rarer general names written out instead of through x509-parser's `Display`, which linked its
/// whole OID registry back in (-5,933); 469,520 with the verdicts' filter folding ASCII case
/// only, so that Unicode's lowercase tables are not linked (-8,887); 469,730 with the values of
/// Secrets that only a kubeconfig value could make remote secrets not parsed as YAML when they
/// cannot hold one (+209 bytes: `remote-secret inspect` of the big dump 131 -> 74 ms; the
/// browser's paste, which the textarea dominates, did not measurably change); 469,740 after the
/// review's rename in the kubeconfig reader (+10 bytes: the source lines its panic locations
/// name moved); 469,710 after the second review (the kubeconfig test for raw text beside the one
/// for parsed values, a mismatch's line found once: -28 bytes); 459,260 with the checks' `why`,
/// `fix` and sources fetched from the extras module when a finding's explanation is first opened
/// (-10,451 bytes); 467,710 with the editor's window of lines for long inputs, its own undo and
/// select-all (+8,443 bytes: typing in the 4.7 MB dump went from about 195 to 55-65 ms a keystroke
/// and its paste from about 500 to 170 ms; still 2,000 bytes under what the last stop landed);
/// 467,560 with the editor's key and clipboard handlers as methods (-150 bytes); 467,670 with a
/// window that follows a caret moved past its last line, and Ctrl+Home and Ctrl+End going to the
/// text's ends (+115 bytes); 467,840 with the mirror masking only the lines it draws (+169 bytes:
/// a copy of the whole text less on every keystroke, about 6 ms of a keystroke's 64 in the big dump);
/// 467,740 with a keystroke that sizes the window from line numbers alone (-104 bytes); 467,730
/// with the explanation's wire format in app/state, beside its test (-7 bytes); 467,810 with a run
/// of Backspace or Delete undone at once (+80 bytes); 467,770 with a finding's line selected from
/// its window of bytes alone (-38 bytes); 472,520 with a `kind: List`'s items compared as they
/// stand in the input (no copy of the dump on every keystroke) and kept when a line typed above
/// them only moved them (+4,747 bytes, most of it the model's `Clone`, which moving a cached
/// Secret's lines needs: a line break typed at the top of the 4.7 MB dump went from 310-320 to
/// 52-57 ms, as every item below it was decoded again); 472,650 with the secrets to mask found
/// in walks over the input's colons, dots and dashes instead of a search per key and per header
/// (+131 bytes: finding them in the big dump went from about 13 to 6.5 ms a keystroke); 472,640
/// with the PEM reader's test oracle sharing its code (-6 bytes); 469,480 with a moved item's
/// Secrets moved in place, the app dropping its last report before the next (-3,168 bytes: the
/// model's `Clone` is no longer in the first load); 465,570 with the Generate panel's istioctl
/// writer in the extras module, fetched when a part is first typed (-3,908 bytes); 465,710 with a
/// verdict row redrawn when its line, Secret name or quoted log changes (+145 bytes: a fault);
/// 454,870 with certificates parsed with their extensions left as bytes and only the six this
/// tool reads parsed when read (`src/x509.rs`: -10,845 bytes of x509-parser's other extension
/// parsers); 455,230 with a verdict row's line following the report in place rather than by
/// drawing the row again (+363 bytes: a line break at the top of the big dump drew its 100 rows
/// again, 72 against 50-56 ms); 455,540 with the verdicts' filter selecting the first cluster it
/// shows when it hides the selected one (+311 bytes: a fault two notes had left alone); 455,590
/// with the Generate panel saying the extras failed rather than waiting for them (+47 bytes);
/// 455,540 with the span finder's value reading and overlap merging each written once (-48 bytes).
/// Next stop: 454,430 with a certificate's refusal said in x509-parser's words from a table
/// (`x509::refusal`) rather than through nom's `Display`, which prints the error's `Debug` and
/// linked the `Debug` text of every ASN.1 tag and error kind (-1,107 bytes); 452,600 with the
/// three classes wasm-streams exports for Leptos's server functions (which this app never calls)
/// taken out of the glue and the wasm after the build (`streams`: -1,833 bytes); 455,310 with the
/// secrets' spans moved past an edit within one line rather than found again in the whole text
/// (`FoundSpans::after`, the editor's edits numbered and kept: +2,710 bytes; a keystroke in the
/// 4.7 MB dump went from 31-38 to 23-26 ms; still 230 bytes under what the last stop landed);
/// 455,250 with the glue's `initSync`, which nothing calls, no longer exported (-62 bytes).
/// Issue 13 aims at 250 KB (256,000 bytes).
pub const FIRST_LOAD_BUDGET: usize = 455_250;

/// The gzip (level 9) size of `bytes`.
fn gzip_size(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder
        .finish()
        .map(|compressed| compressed.len())
        .unwrap_or(usize::MAX)
}

/// The brotli (quality 11, window 22) size of `bytes`, as a static host precompresses.
pub fn brotli_size(bytes: &[u8]) -> usize {
    let mut compressed = Vec::new();
    let parameters = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    match brotli::BrotliCompress(&mut &bytes[..], &mut compressed, &parameters) {
        Ok(_) => compressed.len(),
        Err(_) => usize::MAX,
    }
}

/// The first load of `dist/` in brotli (for `bench`: slower than gzip, and not budgeted).
pub fn brotli_total(root: &Path) -> Result<usize, String> {
    let dist = root.join("dist");
    let mut total = 0;
    for (name, _, _) in measure(root)? {
        let bytes = std::fs::read(dist.join(&name)).map_err(|error| format!("cannot read dist/{name}: {error}"))?;
        total += brotli_size(&bytes);
    }
    Ok(total)
}

/// The first load of `dist/`, file by file: (name, raw, gzip).
pub fn measure(root: &Path) -> Result<Vec<(String, usize, usize)>, String> {
    let dist = root.join("dist");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dist)
        .map_err(|error| format!("cannot read dist/: {error}"))?
        .flatten()
    {
        let path = entry.path();
        let loaded = path
            .extension()
            .is_some_and(|extension| matches!(extension.to_str(), Some("html" | "js" | "wasm" | "css")));
        if !loaded {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.push((name, bytes.len(), gzip_size(&bytes)));
    }
    files.sort();
    Ok(files)
}

/// Fails when the first load is over the budget; prints it either way.
pub fn check(root: &Path) -> Result<(), String> {
    let total: usize = measure(root)?.iter().map(|(_, _, gzip)| gzip).sum();
    println!("first load: {total} bytes gzip -9 (budget {FIRST_LOAD_BUDGET})");
    if total > FIRST_LOAD_BUDGET {
        return Err(format!(
            "the first load is {total} bytes gzip, over the budget of {FIRST_LOAD_BUDGET} (xtask/src/size_budget.rs): \
             make it smaller, or raise the budget in a commit that says why"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::gzip_size;

    #[test]
    fn gzip_shrinks_repetition() {
        assert!(gzip_size(&[b'a'; 10_000]) < 100);
    }
}
