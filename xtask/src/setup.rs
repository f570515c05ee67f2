//! Installs what the commands need, pinned, reusing what is already there.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run;

const TRUNK_VERSION: &str = "0.21.14";
const BINARYEN_VERSION: &str = "132.0.0";
const PLAYWRIGHT_CORE_VERSION: &str = "1.65.1";
/// The accessibility checker the end-to-end suite runs on every main state (test-only).
const AXE_CORE_VERSION: &str = "4.14.1";
/// Minifies the wasm-bindgen glue (`finish`).
const TERSER_VERSION: &str = "5.51.4";
/// Minifies the stylesheet (`finish`): the engine Trunk's own minifier uses.
const LIGHTNINGCSS_VERSION: &str = "1.33.0";

/// Where the tools are.
pub struct Tools {
    /// `tools/node_modules/.bin`: wasm-opt 132 must come first on PATH for Trunk.
    pub node_bin: PathBuf,
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

impl Tools {
    /// `command` with the pinned tools first on PATH.
    pub fn with_path<'a>(&self, command: &'a mut Command) -> &'a mut Command {
        let path = std::env::var("PATH").unwrap_or_default();
        let cargo_bin = home().join(".cargo/bin");
        command.env(
            "PATH",
            format!("{}:{}:{path}", self.node_bin.display(), cargo_bin.display()),
        )
    }

    /// Trunk, offline, with the pinned tools.
    pub fn trunk(&self) -> Command {
        let mut command = Command::new("trunk");
        self.with_path(&mut command);
        command.env("TRUNK_SKIP_VERSION_CHECK", "true");
        command
    }
}

fn home() -> PathBuf {
    PathBuf::from(std::env::var("HOME").unwrap_or_else(|_| "/root".to_string()))
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let mut command = Command::new(program);
    command.args(args);
    let path = std::env::var("PATH").unwrap_or_default();
    command.env("PATH", format!("{}:{path}", home().join(".cargo/bin").display()));
    let output = command.output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The version of `package` in Cargo.lock.
fn locked_version(root: &Path, package: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let marker = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&marker)
        .ok_or_else(|| format!("{package} is not in Cargo.lock"))?
        + marker.len();
    let end = lock[start..]
        .find('"')
        .map(|i| start + i)
        .ok_or("malformed Cargo.lock")?;
    Ok(lock[start..end].to_string())
}

/// Installs everything; the browser only when `browser` is set.
pub fn all(root: &Path, browser: bool) -> Result<Tools, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    if !output("rustup", &["target", "list", "--installed"]).is_some_and(|t| t.contains("wasm32-unknown-unknown")) {
        run(
            root,
            Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
        )?;
    }
    if !output("trunk", &["--version"]).is_some_and(|v| v.contains(TRUNK_VERSION)) {
        // LTO off and many codegen units: the install takes minutes instead of a quarter hour.
        run(
            root,
            Command::new(&cargo)
                .args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"])
                .env("CARGO_PROFILE_RELEASE_LTO", "false")
                .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
        )?;
    }
    let bindgen = locked_version(root, "wasm-bindgen")?;
    if !output("wasm-bindgen", &["--version"]).is_some_and(|v| v.contains(&bindgen)) {
        // `--locked` fails for this crate (its lock names a yanked dependency): TOOLCHAIN.md.
        run(
            root,
            Command::new(&cargo)
                .args(["install", "wasm-bindgen-cli", "--version", &bindgen])
                .env("CARGO_PROFILE_RELEASE_LTO", "false")
                .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
        )?;
    }
    let tools_dir = root.join("tools");
    let node_bin = tools_dir.join("node_modules/.bin");
    let have_node_tools = node_bin.join("wasm-opt").exists()
        && tools_dir.join("node_modules/playwright-core/package.json").exists()
        && std::fs::read_to_string(tools_dir.join("node_modules/axe-core/package.json"))
            .is_ok_and(|p| p.contains(&format!("\"version\": \"{AXE_CORE_VERSION}\"")))
        && std::fs::read_to_string(tools_dir.join("node_modules/terser/package.json"))
            .is_ok_and(|p| p.contains(&format!("\"version\": \"{TERSER_VERSION}\"")))
        && std::fs::read_to_string(tools_dir.join("node_modules/lightningcss-cli/package.json"))
            .is_ok_and(|p| p.contains(&format!("\"version\": \"{LIGHTNINGCSS_VERSION}\"")))
        && std::fs::read_to_string(tools_dir.join("node_modules/binaryen/package.json"))
            .is_ok_and(|p| p.contains(&format!("\"version\": \"{BINARYEN_VERSION}\"")));
    if !have_node_tools {
        std::fs::create_dir_all(&tools_dir).map_err(|e| format!("cannot create tools/: {e}"))?;
        run(
            root,
            Command::new("npm").args([
                "install",
                "--prefix",
                "tools",
                "--no-save",
                "--no-audit",
                "--no-fund",
                &format!("binaryen@{BINARYEN_VERSION}"),
                &format!("playwright-core@{PLAYWRIGHT_CORE_VERSION}"),
                &format!("axe-core@{AXE_CORE_VERSION}"),
                &format!("terser@{TERSER_VERSION}"),
                &format!("lightningcss-cli@{LIGHTNINGCSS_VERSION}"),
            ]),
        )?;
    }
    let chromium = PathBuf::from("/usr/bin/chromium");
    let chromedriver = PathBuf::from("/usr/bin/chromedriver");
    if browser && !(chromium.exists() && chromedriver.exists()) {
        let is_root = output("id", &["-u"]).is_some_and(|id| id.trim() == "0");
        if !is_root {
            return Err("the tests need Debian's Chromium and its driver: run `sudo apt-get install -y chromium chromium-driver`".into());
        }
        run(root, Command::new("apt-get").arg("update"))?;
        run(
            root,
            Command::new("apt-get").args([
                "install",
                "-y",
                "--no-install-recommends",
                "chromium",
                "chromium-driver",
            ]),
        )?;
    }
    Ok(Tools {
        node_bin,
        chromium,
        chromedriver,
    })
}

/// Mermaid, the peer `bench` draws the diagram beside: installed into `tools/bench`, for the
/// bench only (never shipped, never in `cargo xtask test`).
pub const MERMAID_VERSION: &str = "12.3.0";

/// Installs what only `bench` needs, when missing.
pub fn bench_tools(root: &Path) -> Result<(), String> {
    let installed = std::fs::read_to_string(root.join("tools/bench/node_modules/mermaid/package.json"))
        .is_ok_and(|p| p.contains(&format!("\"version\": \"{MERMAID_VERSION}\"")));
    if installed {
        return Ok(());
    }
    run(
        root,
        Command::new("npm").args([
            "install",
            "--prefix",
            "tools/bench",
            "--no-save",
            "--no-audit",
            "--no-fund",
            &format!("mermaid@{MERMAID_VERSION}"),
        ]),
    )
}
