//! `cargo xtask extras`: builds the app's extras (`src/bin/extras.rs`: signature verification
//! and the making of samples, which the first load leaves out) into `extras/` of Trunk's staging
//! folder, or of `dist/` when run by hand. Trunk runs it as a post-build hook, so every build,
//! served or not, has it: `extras.js` and `extras_bg.wasm` (wasm-bindgen `--target web`,
//! wasm-opt `-Oz`), and `loader.js`, the module script the app adds to the page on first use.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run;

/// The folder under the staging folder, and what the app asks for (`src/app/browser.rs`).
pub const FOLDER: &str = "extras";

/// What the module exports, as the app calls them.
pub const EXPORTS: &str =
    "read_keys, verify, certificate_signature, example, sample, sample_jwks, sample_server_certificate, sample_mesh, explanation, generate";

/// Imports the module, starts it, and tells the page; the page listens for these two events.
fn loader() -> String {
    format!(
        "// Remote Secret Inspector: starts the extras module and tells the page.
import init, {{ {EXPORTS} }} from './extras.js';

try {{
  await init();
  globalThis.__rsiExtras = {{ {EXPORTS} }};
  window.dispatchEvent(new Event('rsi-extras-ready'));
}} catch (error) {{
  window.dispatchEvent(new Event('rsi-extras-failed'));
}}
"
    )
}

fn staging(root: &Path) -> PathBuf {
    std::env::var_os("TRUNK_STAGING_DIR").map_or_else(|| root.join("dist"), Into::into)
}

/// Builds the extras into the staging folder.
pub fn build(root: &Path) -> Result<(), String> {
    let out = staging(root).join(FOLDER);
    std::fs::create_dir_all(&out).map_err(|error| format!("cannot create {}: {error}", out.display()))?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    run(
        root,
        Command::new(cargo).args([
            "build",
            "--quiet",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "--bin",
            "extras",
            "--no-default-features",
            "--features",
            "extras",
        ]),
    )?;
    let wasm = root.join("target/wasm32-unknown-unknown/release/extras.wasm");
    run(
        root,
        Command::new("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                "extras",
                "--out-dir",
            ])
            .arg(&out)
            .arg(&wasm),
    )?;
    let bindgen_output = out.join("extras_bg.wasm");
    run(
        root,
        Command::new(wasm_opt(root))
            .arg("-Oz")
            .arg(&bindgen_output)
            .arg("-o")
            .arg(&bindgen_output),
    )?;
    std::fs::write(out.join("loader.js"), loader()).map_err(|error| format!("cannot write loader.js: {error}"))
}

/// The pinned wasm-opt (npm's binaryen 132), which Trunk also uses.
pub fn wasm_opt(root: &Path) -> PathBuf {
    let pinned = root.join("tools/node_modules/.bin/wasm-opt");
    if pinned.exists() {
        pinned
    } else {
        PathBuf::from("wasm-opt")
    }
}
