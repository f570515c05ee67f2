//! The wasm entry point: installs the panic hook (which shows a banner) and mounts the app.

fn main() {
    remote_secret::app::panic_banner::install();
    leptos::mount::mount_to_body(remote_secret::app::App);
}
