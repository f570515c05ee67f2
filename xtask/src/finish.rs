//! `cargo xtask finish`: what Trunk's post-build hook does to the built page, on the staging
//! folder, so that every build, served or not, is the one measured and shipped:
//!
//! - the stylesheets become one file, in the order the page links them, minified by lightningcss
//!   (the engine of Trunk's own minifier): gzip compresses one file of 16 KB better than seven
//!   small ones, and the comments go (7.5 KB gzip before, 3.8 KB after);
//! - wasm-streams' classes, which Leptos links and nothing uses, leave the glue and the wasm
//!   (`streams`);
//! - the wasm-bindgen glue is minified by terser, without the `initSync` nothing calls: Trunk's
//!   own minifier fails on it and ships it as it is (8.5 KB gzip before, 6.4 KB after);
//! - each changed file's Subresource Integrity hash is written again;
//! - then the Content-Security-Policy (`csp`).
//!
//! Both tools come from npm into `tools/` (`setup`). Trunk's `minify` stays off (Trunk.toml).

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine;
use sha2::{Digest, Sha256, Sha384};

use crate::single_file::{linked_file, tags_with};

/// Finishes the page in Trunk's staging folder (or `dist/` when run by hand).
pub fn apply(root: &Path) -> Result<(), String> {
    let folder = staging_folder(root);
    let index = folder.join("index.html");
    let mut html = read_text(&index)?;
    html = one_stylesheet(&folder, &html, &tool(root, "lightningcss")?)?;
    html = without_stream_classes(root, &folder, &html)?;
    html = minified_glue(root, &folder, &html, &tool(root, "terser")?)?;
    write(&index, html.as_bytes())?;
    crate::csp::apply(root)
}

/// The folder of the page being built: Trunk's staging folder in its post-build hook, else `dist/`.
pub fn staging_folder(root: &Path) -> PathBuf {
    std::env::var_os("TRUNK_STAGING_DIR").map_or_else(|| root.join("dist"), Into::into)
}

/// The npm tool `name` of `tools/`.
fn tool(root: &Path, name: &str) -> Result<PathBuf, String> {
    let path = root.join("tools/node_modules/.bin").join(name);
    if path.exists() {
        Ok(path)
    } else {
        Err(format!("{} is missing: run `cargo xtask setup`", path.display()))
    }
}

/// `html` with its stylesheets joined into one file and minified by `lightningcss` (written to
/// `folder`, the others removed).
fn one_stylesheet(folder: &Path, html: &str, lightningcss: &Path) -> Result<String, String> {
    let tags = tags_with(html, "link", "rel=\"stylesheet\"");
    if tags.len() < 2 {
        return Ok(html.to_string());
    }
    let mut css = String::new();
    let mut names = Vec::new();
    for (start, end) in &tags {
        let href = linked_file(&html[*start..*end], "href").ok_or("a stylesheet without href")?;
        css.push_str(&read_text(&folder.join(&href))?);
        css.push('\n');
        names.push(href);
    }
    for old in &names {
        std::fs::remove_file(folder.join(old)).map_err(|error| format!("cannot remove {old}: {error}"))?;
    }
    let joined = folder.join("style.css");
    write(&joined, css.as_bytes())?;
    let minified = folder.join("style.min.css");
    crate::run(
        folder,
        Command::new(lightningcss)
            .arg("--minify")
            .arg(&joined)
            .arg("--output-file")
            .arg(&minified),
    )?;
    let css = read(&minified)?;
    for scratch in [&joined, &minified] {
        std::fs::remove_file(scratch).map_err(|error| format!("cannot remove {}: {error}", scratch.display()))?;
    }
    let digest = Sha256::digest(&css);
    let name = format!("style-{}.css", hex(&digest[..8]));
    write(&folder.join(&name), &css)?;
    let first = &html[tags[0].0..tags[0].1];
    let prefix = &first[first.find("href=\"").map_or(0, |at| at + 6)..];
    let prefix = &prefix[..prefix.find(&names[0]).unwrap_or(0)];
    let link = format!(
        "<link rel=\"stylesheet\" href=\"{prefix}{name}\" integrity=\"{}\"/>",
        integrity(&css)
    );
    let mut page = String::with_capacity(html.len());
    let mut cursor = 0;
    for (index, (start, end)) in tags.iter().enumerate() {
        page.push_str(html[cursor..*start].trim_end_matches([' ', '\n']));
        if index == 0 {
            page.push_str("\n    ");
            page.push_str(&link);
        }
        cursor = *end;
    }
    page.push_str(&html[cursor..]);
    Ok(page)
}

/// `html` once `streams::strip` has edited the glue and the wasm it preloads, with the wasm's hash
/// updated (the glue's is written when it is minified).
fn without_stream_classes(root: &Path, folder: &Path, html: &str) -> Result<String, String> {
    let preloaded = |needle: &str| -> Result<((usize, usize), String), String> {
        let &(start, end) = tags_with(html, "link", needle)
            .first()
            .ok_or_else(|| format!("the page preloads no {needle}"))?;
        let name = linked_file(&html[start..end], "href").ok_or("a preload without href")?;
        Ok(((start, end), name))
    };
    let (_, glue) = preloaded("rel=\"modulepreload\"")?;
    let ((start, end), wasm) = preloaded("type=\"application/wasm\"")?;
    // The wasm-opt flags of the page's own build, from the source page's Trunk link.
    let source = read_text(&root.join("index.html"))?;
    let params = source
        .split("data-wasm-opt-params=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .ok_or("index.html has no data-wasm-opt-params")?;
    crate::streams::strip(
        root,
        &folder.join(&glue),
        &folder.join(&wasm),
        &params.split(' ').collect::<Vec<_>>(),
    )?;
    let updated = replace_integrity(&html[start..end], &integrity(&read(&folder.join(&wasm))?));
    Ok(format!("{}{updated}{}", &html[..start], &html[end..]))
}

/// `html` with the glue its module preload names minified in place, and its hash updated.
fn minified_glue(root: &Path, folder: &Path, html: &str, terser: &Path) -> Result<String, String> {
    let Some(&(start, end)) = tags_with(html, "link", "rel=\"modulepreload\"").first() else {
        return Ok(html.to_string());
    };
    let tag = &html[start..end];
    let name = linked_file(tag, "href").ok_or("a module preload without href")?;
    let path = folder.join(&name);
    write(&path, without_init_sync(&read_text(&path)?)?.as_bytes())?;
    let output = path.with_extension("min.js");
    crate::run(
        root,
        Command::new(terser)
            .arg(&path)
            // The single file calls the glue's init by its name (`single_file.rs`).
            .args([
                "--module",
                "--compress",
                "--mangle",
                "reserved=['__wbg_init']",
                "--output",
            ])
            .arg(&output),
    )?;
    std::fs::rename(&output, &path).map_err(|error| format!("cannot replace {name}: {error}"))?;
    let glue = read(&path)?;
    let updated = replace_integrity(tag, &integrity(&glue));
    Ok(format!("{}{updated}{}", &html[..start], &html[end..]))
}

/// `glue` without the export of `initSync`, for pages that instantiate the wasm synchronously:
/// this page and the single file call `__wbg_init`, and terser drops what is not exported (65
/// bytes of the first load).
fn without_init_sync(glue: &str) -> Result<String, String> {
    let exports = "export { initSync, __wbg_init as default };";
    if !glue.contains(exports) {
        return Err(format!(
            "the glue does not export `{exports}`: did wasm-bindgen's output change?"
        ));
    }
    Ok(glue.replace(exports, "export { __wbg_init as default };"))
}

/// A Subresource Integrity value for `bytes`, as Trunk writes them.
fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// `tag` with its `integrity` attribute set to `value`.
fn replace_integrity(tag: &str, value: &str) -> String {
    let Some(start) = tag.find("integrity=\"").map(|at| at + "integrity=\"".len()) else {
        return tag.to_string();
    };
    let end = tag[start..].find('"').map_or(tag.len(), |at| start + at);
    format!("{}{value}{}", &tag[..start], &tag[end..])
}

/// Lower-case hex, as file names' hashes are written.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The file at `path`, or why not.
pub fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
}

/// The file at `path` as text, or why not (for every xtask that edits a built file).
pub fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
}

/// Writes `bytes` to `path`, or says why not.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheets_become_one_in_their_order() {
        let folder = std::env::temp_dir().join(format!("xtask-finish-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("a-1.css"), "/* a */\na { color: red; }").unwrap();
        std::fs::write(folder.join("b-2.css"), "b { color: blue; }").unwrap();
        let lightningcss = crate::project_root().join("tools/node_modules/.bin/lightningcss");
        if !lightningcss.exists() {
            eprintln!("skipped: no {} (cargo xtask setup)", lightningcss.display());
            return;
        }
        let html = "<head>\n    <link rel=\"stylesheet\" href=\"/a-1.css\" integrity=\"sha384-x\"/>\n    <link rel=\"stylesheet\" href=\"/b-2.css\" integrity=\"sha384-y\"/>\n</head>";
        let page = one_stylesheet(&folder, html, &lightningcss).unwrap();
        let tags = tags_with(&page, "link", "stylesheet");
        assert_eq!(tags.len(), 1, "{page}");
        let name = linked_file(&page[tags[0].0..tags[0].1], "href").unwrap();
        assert!(page.contains("href=\"/style-"), "{page}");
        let css = std::fs::read_to_string(folder.join(&name)).unwrap();
        assert_eq!(css, "a{color:red}b{color:#00f}");
        assert!(page.contains(&integrity(css.as_bytes())));
        assert!(!folder.join("a-1.css").exists() && !folder.join("b-2.css").exists());
        std::fs::remove_dir_all(&folder).unwrap();
    }

    #[test]
    fn init_sync_is_no_longer_exported() {
        let glue = "function initSync(module) {}\nexport { initSync, __wbg_init as default };\n";
        assert_eq!(
            without_init_sync(glue).unwrap(),
            "function initSync(module) {}\nexport { __wbg_init as default };\n"
        );
        assert!(without_init_sync("export { __wbg_init as default };").is_err());
    }

    #[test]
    fn an_integrity_value_is_replaced_and_nothing_else() {
        let tag = r#"<link rel="modulepreload" href="/app.js" integrity="sha384-old" crossorigin="anonymous">"#;
        assert_eq!(
            replace_integrity(tag, "sha384-new"),
            r#"<link rel="modulepreload" href="/app.js" integrity="sha384-new" crossorigin="anonymous">"#
        );
    }
}
