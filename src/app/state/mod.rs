//! The web app's state logic, apart from any view so that it runs in native tests. One module per
//! concern: the address bar ([`url`]), the settings form, the editor's lines, the findings as
//! listed, stepping through the diagram, and the words shown to the reader.

mod diagram_steps;
mod editor_lines;
mod findings_view;
mod generate_form;
mod settings_form;
mod url;
mod words;

pub use diagram_steps::{embed_snippet, stepped, LAST_STEP};
pub use editor_lines::{byte_offset, line_at, shape, utf16_offset, visible_lines, windowed, Edit, History, Window};
pub use findings_view::{findings_by_severity, headline};
pub use generate_form::{outcome_from_text, outcome_text, GenerateForm, GenerateOutcome};
pub use settings_form::{FieldError, SettingsForm};
pub use url::{step_from_hash, UrlState, View};
pub use words::{
    claim_meaning, claim_value, code_segments, explanation_from_text, explanation_text, source_links, Explanation,
};
