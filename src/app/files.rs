//! Loading text into the editor: from a file (opened or dropped) or an example, with the line the
//! status bar says. Shared by the toolbar and the page's drop zone.

use leptos::prelude::*;

use super::browser;
use super::editor::InputText;

/// The largest file the inspector reads. Remote secrets are kilobytes and a cluster's Secrets
/// usually a few megabytes; a bigger file would freeze the tab for seconds on every keystroke.
const MAX_FILE_BYTES: f64 = 16e6;

/// Puts `content` in the editor and says where it came from.
pub fn load_text(text: InputText, set_status: WriteSignal<String>, content: String, origin: String) {
    let lines = content.split('\n').count();
    text.set(content);
    set_status.set(format!("Loaded {origin}: {lines} lines. It stays in this page."));
}

/// Reads `file` into the editor, or says why not.
pub fn load_file(text: InputText, set_status: WriteSignal<String>, file: browser::File) {
    let name = file.name();
    if file.size() > MAX_FILE_BYTES {
        set_status.set(format!(
            "{name} is {:.1} MB; the inspector reads files up to {} MB. Nothing was loaded. \
             For a whole cluster, `kubectl get secrets -A -l istio/multiCluster=true -o yaml` \
             keeps only the remote secrets.",
            file.size() / 1e6,
            MAX_FILE_BYTES / 1e6
        ));
        return;
    }
    leptos::task::spawn_local(async move {
        match browser::read_file(file).await {
            Ok(content) => load_text(text, set_status, content, name),
            Err(reason) => set_status.set(reason),
        }
    });
}
