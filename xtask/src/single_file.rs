//! `cargo xtask dist --single-file`: the built app (`dist/`) as one self-contained HTML file that
//! works when opened from disk (`file://`) with no network: the CSS inlined as `<style>`, the
//! wasm-bindgen glue and Trunk's loader as one module script, the wasm base64 in it and handed
//! to the glue as bytes, and the extras module likewise in a script of its own, started at once,
//! so nothing is ever fetched. Its Content-Security-Policy says so:
//! `connect-src 'none'`, and the one script allowed by its hash.

use std::path::{Path, PathBuf};

use base64::Engine;
use sha2::{Digest, Sha256};

/// Where the file is written, under the repository.
pub const OUTPUT: &str = "dist-single/remote-secret-inspector.html";

/// The file name a `dist/` asset link points at (`href="/main-1234.css"` gives `main-1234.css`).
pub fn linked_file(tag: &str, attribute: &str) -> Option<String> {
    let start = tag.find(&format!("{attribute}=\""))? + attribute.len() + 2;
    let end = start + tag[start..].find('"')?;
    Some(tag[start..end].trim_start_matches('/').to_string())
}

/// Every `<tag ...>` of `html` whose text contains `needle`, as (start, end) byte ranges.
pub fn tags_with(html: &str, tag: &str, needle: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = html[from..].find(&format!("<{tag} ")) {
        let start = from + offset;
        let Some(length) = html[start..].find('>') else { break };
        let end = start + length + 1;
        if html[start..end].contains(needle) {
            found.push((start, end));
        }
        from = end;
    }
    found
}

/// The single file's policy: no fetch at all, the inline scripts by their hashes.
fn policy(script_hashes: &[String]) -> String {
    let scripts: Vec<String> = script_hashes.iter().map(|hash| format!("'sha256-{hash}'")).collect();
    format!(
        "default-src 'none'; script-src 'wasm-unsafe-eval' {}; style-src 'unsafe-inline'; \
         img-src data: blob:; connect-src 'none'; base-uri 'none'; form-action 'none'",
        scripts.join(" ")
    )
}

/// The extras module (`dist/extras/`) as an inline module script that starts it from bytes and
/// tells the page, as `extras/loader.js` does when served. Its id tells the app not to fetch it.
fn extras_script(dist: &Path) -> Result<String, String> {
    let folder = dist.join(crate::extras::FOLDER);
    let glue = std::fs::read_to_string(folder.join("extras.js"))
        .map_err(|error| format!("cannot read dist/extras/extras.js: {error}"))?;
    let wasm = std::fs::read(folder.join("extras_bg.wasm"))
        .map_err(|error| format!("cannot read dist/extras/extras_bg.wasm: {error}"))?;
    let exports = crate::extras::EXPORTS;
    Ok(format!(
        "\n{glue}\nconst extrasBytes = Uint8Array.from(atob(\"{}\"), (c) => c.charCodeAt(0));\ntry {{\n  await __wbg_init({{ module_or_path: extrasBytes }});\n  globalThis.__rsiExtras = {{ {exports} }};\n  window.dispatchEvent(new Event('rsi-extras-ready'));\n}} catch (error) {{\n  window.dispatchEvent(new Event('rsi-extras-failed'));\n}}\n",
        base64::engine::general_purpose::STANDARD.encode(&wasm)
    ))
}

/// Builds the single file from `dist/` and returns its path and SHA-256 (hex).
pub fn build(root: &Path) -> Result<(PathBuf, String), String> {
    let dist = root.join("dist");
    let read = |name: &str| std::fs::read(dist.join(name)).map_err(|error| format!("cannot read dist/{name}: {error}"));
    let html = String::from_utf8(read("index.html")?).map_err(|_| "dist/index.html is not UTF-8".to_string())?;

    // The loader names the glue and the wasm.
    let loader_start = html
        .find("<script type=\"module\">")
        .ok_or("no loader script in dist/index.html")?;
    let loader_end =
        loader_start + html[loader_start..].find("</script>").ok_or("unterminated loader")? + "</script>".len();
    let loader = &html[loader_start..loader_end];
    let glue_name = loader
        .split("from '")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .map(|name| name.trim_start_matches('/').to_string())
        .ok_or("the loader imports no glue")?;
    let wasm_name = loader
        .split("module_or_path: '")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .map(|name| name.trim_start_matches('/').to_string())
        .ok_or("the loader names no wasm")?;
    let glue = String::from_utf8(read(&glue_name)?).map_err(|_| "the glue is not UTF-8".to_string())?;
    let wasm = read(&wasm_name)?;

    // One module: the glue (its exports export to nobody), then what Trunk's loader did, with the
    // wasm as bytes rather than a URL.
    let script = format!(
        "\n{glue}\nconst wasmBytes = Uint8Array.from(atob(\"{}\"), (c) => c.charCodeAt(0));\nconst started = await __wbg_init({{ module_or_path: wasmBytes }});\ndispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {{ detail: {{ wasm: started }} }}));\n",
        base64::engine::general_purpose::STANDARD.encode(&wasm)
    );
    let script_hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()));
    let extras = extras_script(&dist)?;
    let extras_hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(extras.as_bytes()));

    let mut page = String::new();
    let mut cursor = 0;
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for (start, end) in tags_with(&html, "link", "rel=\"stylesheet\"") {
        let name = linked_file(&html[start..end], "href").ok_or("a stylesheet without href")?;
        let css = String::from_utf8(read(&name)?).map_err(|_| format!("dist/{name} is not UTF-8"))?;
        edits.push((start, end, format!("<style>\n{css}</style>")));
    }
    for (start, end) in tags_with(&html, "link", "rel=\"modulepreload\"")
        .into_iter()
        .chain(tags_with(&html, "link", "rel=\"preload\""))
    {
        edits.push((start, end, String::new()));
    }
    if let Some((start, end)) = tags_with(&html, "meta", "Content-Security-Policy").first() {
        edits.push((
            *start,
            *end,
            format!(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\" />",
                policy(&[script_hash, extras_hash])
            ),
        ));
    }
    edits.push((
        loader_start,
        loader_end,
        format!("<script type=\"module\" id=\"rsi-extras-loader\">{extras}</script><script type=\"module\">{script}</script>"),
    ));
    edits.sort_by_key(|(start, _, _)| *start);
    for (start, end, replacement) in edits {
        page.push_str(&html[cursor..start]);
        page.push_str(&replacement);
        cursor = end;
    }
    page.push_str(&html[cursor..]);
    if !page.contains("Content-Security-Policy") {
        return Err("dist/index.html carries no CSP: build it with `cargo xtask build`".into());
    }

    let path = root.join(OUTPUT);
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
    }
    crate::finish::write(&path, page.as_bytes())?;
    let digest = crate::finish::hex(&Sha256::digest(page.as_bytes()));
    Ok((path, digest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_their_files() {
        let tag = r#"<link rel="stylesheet" href="/main-8ee1.css" integrity="sha384-x"/>"#;
        assert_eq!(linked_file(tag, "href").as_deref(), Some("main-8ee1.css"));
        let html = format!("<head>{tag}<link rel=\"icon\" href=\"data:,\" /></head>");
        assert_eq!(tags_with(&html, "link", "stylesheet").len(), 1);
        let hashes = ["abc".to_string(), "def".to_string()];
        assert!(policy(&hashes).contains("connect-src 'none'"));
        assert!(policy(&hashes).contains("'sha256-abc' 'sha256-def'"));
    }
}
