//! Prose from the core (messages, whys, fixes, step texts) with its `backticked` parts set as
//! code. Still text: every part goes through `view!`, never `inner_html`.

use leptos::prelude::*;

use super::state::code_segments;

pub fn prose(text: &str) -> impl IntoView {
    code_segments(text)
        .into_iter()
        .map(|(is_code, part)| match is_code {
            true => view! { <code>{part.to_string()}</code> }.into_any(),
            false => part.to_string().into_any(),
        })
        .collect_view()
}
