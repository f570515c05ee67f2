//! The web app: thin Leptos components over [`crate::inspect`]. One signal holds the pasted
//! text; the report, the masked view and the diagram are derived from it. Nothing leaves the
//! page: no requests, no storage, nothing of the input in the URL or the console.
//!
//! `state` is plain logic (URL, settings form, line offsets, words) and builds everywhere, so
//! native tests cover it; the components and the browser edge build only with the `web` feature.

pub mod state;

#[cfg(feature = "web")]
mod browser;
#[cfg(feature = "web")]
mod cards;
#[cfg(feature = "web")]
mod diagram_view;
#[cfg(feature = "web")]
mod editor;
#[cfg(feature = "web")]
mod extras;
#[cfg(feature = "web")]
mod files;
#[cfg(feature = "web")]
mod findings;
#[cfg(feature = "web")]
mod generate_panel;
#[cfg(feature = "web")]
mod inspector;
#[cfg(feature = "web")]
mod keys_panel;
#[cfg(feature = "web")]
mod mesh_panel;
#[cfg(feature = "web")]
pub mod panic_banner;
#[cfg(feature = "web")]
mod prose;
#[cfg(feature = "web")]
mod settings_panel;
#[cfg(feature = "web")]
mod toolbar;

#[cfg(feature = "web")]
pub use web::App;

#[cfg(feature = "web")]
mod web {
    use leptos::prelude::*;

    use super::browser;
    use super::diagram_view::DiagramSection;
    use super::inspector::Inspector;
    use super::state::{UrlState, View};
    use crate::diagram::Diagram;
    use crate::settings::Settings;

    /// The page: the inspector, or with `?embed=diagram` the diagram alone.
    #[component]
    pub fn App() -> impl IntoView {
        let url = UrlState::parse(&browser::location_search(), &browser::location_hash());
        match url.view {
            View::Full => view! { <Inspector url=url /> }.into_any(),
            View::EmbedDiagram => view! { <EmbedDiagram url=url /> }.into_any(),
        }
    }

    /// The diagram for an `<iframe>`: no input, the step and theme from the URL.
    #[component]
    fn EmbedDiagram(
        /// The step and theme asked for.
        url: UrlState,
    ) -> impl IntoView {
        if let Some(theme) = url.theme {
            browser::set_root_theme(theme.as_str());
        }
        let report = Memo::new_with_compare(move |_| crate::inspect("", &Settings::at(0)), |_, _| true);
        let diagram = Memo::new(|_| Diagram::plain());
        let current = RwSignal::new(Some(url.step.unwrap_or(1)));
        view! {
            <DiagramSection
                report=report
                diagram=diagram
                current=current
                highlighted=Signal::derive(Vec::new)
                on_choose_finding=Callback::new(|_| {})
                embed=true
                theme=url.theme.unwrap_or(crate::diagram::svg::Theme::Auto)
            />
        }
    }
}
