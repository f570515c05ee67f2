//! The editor pane: a plain `<textarea>` for typing, over a mirror that draws the same text with
//! secrets masked, line numbers in a gutter and the selected finding's line highlighted.
//!
//! The textarea's own glyphs are transparent and the mirror, in the same font and metrics, shows
//! through. Neither scrolls: both sit on a sheet as tall and wide as the whole text, inside one
//! scroller. The mirror and the gutter draw only the lines in view (one text node each).
//!
//! A textarea costs each keystroke time in proportion to what it holds (219 ms in a 4.7 MB
//! dump), so from `WINDOWED_FROM` bytes on (128 KB) the textarea holds only the lines in view and
//! a margin, placed on the sheet where they belong and refilled as the user scrolls; an edit is
//! spliced into the text, which lives here. What the textarea would have done for the whole text,
//! the editor does: select-all (Ctrl+A, then copy, cut, typing or paste) and a caret scrolled out
//! of the window that comes back when the user types. Undo and redo are the editor's own, whatever
//! the text's length ([`History`]: setting a textarea's value forgets its undo). The browser's
//! find sees only the window; the help line says so.

use leptos::html::{Div, Textarea};
use leptos::prelude::*;

use super::browser;
use super::state::{byte_offset, line_at, shape, utf16_offset, visible_lines, windowed, Edit, History, Window};
use crate::redact::{mask_range, FoundSpans};
use crate::splice::Splice;

/// Lines the mirror draws beyond those in view.
const MIRROR_MARGIN: usize = 40;
/// Lines a windowed textarea holds beyond those in view: small, since every line it holds costs
/// each keystroke.
const WINDOW_MARGIN: usize = 20;
/// Lines a windowed textarea holds before the editor is measured.
const FIRST_WINDOW: usize = 80;

/// The input text: the one signal that holds it, written only through [`InputText::set`] (the
/// text replaced) and the editor's edits (spliced in, each numbered with its splice kept), so that
/// what is derived from the text can tell an edit it may follow from a new text
/// ([`InputText::splice_since`]). The record lives with what the editor keeps: a `StoredValue` of
/// its own cost the first load 0.5 KB gzip.
#[derive(Clone, Copy)]
pub struct InputText {
    text: RwSignal<String>,
    held: StoredValue<Held>,
}

impl InputText {
    pub fn new() -> Self {
        InputText {
            text: RwSignal::new(String::new()),
            held: StoredValue::new(Held::default()),
        }
    }

    /// Reads or changes what the editor keeps.
    fn held<R: Default>(&self, change: impl FnOnce(&mut Held) -> R) -> R {
        self.held.try_update_value(change).unwrap_or_default()
    }

    /// Reads the text, and tracks it.
    pub fn with<R>(&self, read: impl FnOnce(&str) -> R) -> R {
        self.text.with(|text| read(text))
    }

    pub fn with_untracked<R>(&self, read: impl FnOnce(&str) -> R) -> R {
        self.text.with_untracked(|text| read(text))
    }

    /// Replaces the text.
    pub fn set(&self, text: String) {
        self.held(|held| {
            held.revision += 1;
            held.last_splice = None;
        });
        self.text.set(text);
    }

    /// Makes `edit` (an edit of the text as it is) and keeps its splice.
    fn splice(&self, edit: &Edit) {
        let end = edit.at + edit.removed.len();
        self.held(|held| {
            held.revision += 1;
            held.last_splice = Some(Splice::of(edit.at, &edit.removed, &edit.inserted));
        });
        self.text
            .update(|text| text.replace_range(edit.at..end, &edit.inserted));
    }

    /// The number of the text's last change: a text read now is that revision.
    pub fn revision(&self) -> u64 {
        self.held(|held| held.revision)
    }

    /// The splice that made the text from revision `from`, if it was one edit.
    pub fn splice_since(&self, from: u64) -> Option<Splice> {
        self.held(|held| held.last_splice.filter(|_| held.revision == from + 1))
    }
}

/// The editor's state that the page shares: the text and what the textarea holds of it, so that a
/// finding can select its line.
#[derive(Clone, Copy)]
pub struct EditorHandle {
    /// The input: the one signal that holds it.
    text: InputText,
    textarea: NodeRef<Textarea>,
    scroller: NodeRef<Div>,
    /// The line height and the scroller's visible height, in pixels.
    metrics: RwSignal<(f64, f64)>,
    /// The scroller's offsets (top, left).
    scroll: RwSignal<(i32, i32)>,
    /// The lines the textarea holds.
    filled: RwSignal<Window>,
}

/// What the editor keeps that nothing draws.
#[derive(Default)]
struct Held {
    /// Whether the textarea holds a window (the text is long), as of the last fill.
    windowed: bool,
    /// A selection (bytes of the text) scrolled out of the window, restored when the user types.
    parked: Option<(usize, usize)>,
    /// Ctrl+A in a window: the whole text is selected, not only the lines the textarea holds.
    all_selected: bool,
    /// The editor changed the text itself, so the textarea already shows it.
    own_edit: bool,
    history: History,
    /// The number of the text's last change, and its splice when it was an edit.
    revision: u64,
    last_splice: Option<Splice>,
}

impl EditorHandle {
    pub fn new(text: InputText) -> Self {
        EditorHandle {
            text,
            textarea: NodeRef::new(),
            scroller: NodeRef::new(),
            metrics: RwSignal::new((0.0, 0.0)),
            scroll: RwSignal::new((0, 0)),
            filled: RwSignal::new(Window::default()),
        }
    }

    /// Reads or changes what the editor keeps.
    fn held<R: Default>(&self, change: impl FnOnce(&mut Held) -> R) -> R {
        self.text.held(change)
    }

    fn measure(&self) {
        if let (Some(textarea), Some(scroller)) = (self.textarea.get_untracked(), self.scroller.get_untracked()) {
            let line_height = browser::line_height_px(&textarea).unwrap_or(0.0);
            self.metrics.set((line_height, f64::from(scroller.client_height())));
        }
    }

    /// The lines `[first, last)` a window holds with the scroller at `scroll_top`.
    fn window_lines(&self, scroll_top: f64) -> (usize, usize) {
        let (line_height, viewport) = self.metrics.get_untracked();
        match line_height > 0.0 && viewport > 0.0 {
            true => visible_lines(usize::MAX, scroll_top, viewport, line_height, WINDOW_MARGIN),
            false => (0, FIRST_WINDOW),
        }
    }

    /// The lines the textarea should hold with the scroller at `scroll_top`: all of a short text.
    fn wanted(&self, text: &str, scroll_top: f64) -> Window {
        let (first, last) = match windowed(text) {
            true => self.window_lines(scroll_top),
            false => (0, usize::MAX),
        };
        Window::of(text, first, last)
    }

    /// The selection in bytes of the text: the parked one, or the textarea's.
    fn selection(&self, area: &browser::TextArea) -> Option<(usize, usize)> {
        if let Some(parked) = self.held(|held| held.parked) {
            return Some(parked);
        }
        let (start, end) = (area.selection_start().ok()??, area.selection_end().ok()??);
        let value = area.value();
        let filled = self.filled.get_untracked();
        Some((
            filled.start + byte_offset(&value, start),
            filled.start + byte_offset(&value, end),
        ))
    }

    /// Puts `window` of `text` into the textarea and selects `selection` (bytes of the text) there,
    /// or parks it when the window does not hold it.
    fn fill(&self, text: &str, window: Window, selection: Option<(usize, usize)>) {
        let Some(area) = self.textarea.get_untracked() else {
            return;
        };
        let value = &text[window.start..window.end];
        // A short text set from outside may already be there (a textarea's value is read whole).
        if window.start != 0 || window.end != text.len() || area.value() != value {
            area.set_value(value);
        }
        self.filled.set(window);
        let all_selected = self.held(|held| {
            held.windowed = windowed(text);
            held.parked = None;
            held.all_selected
        });
        if all_selected {
            area.select();
            return;
        }
        let Some((start, end)) = selection else {
            return;
        };
        if window.start <= start && end <= window.end {
            let position = |at: usize| utf16_offset(value, at - window.start);
            let _ = area.set_selection_range(position(start), position(end));
        } else if windowed(text) {
            self.held(|held| held.parked = Some((start, end)));
        }
    }

    /// Refills a windowed textarea when the lines in view are not all in it.
    fn follow_scroll(&self) {
        if !self.held(|held| held.windowed) {
            return;
        }
        let (top, _) = self.scroll.get_untracked();
        let (line_height, viewport) = self.metrics.get_untracked();
        let (first, last) = visible_lines(usize::MAX, f64::from(top), viewport, line_height, 0);
        let filled = self.filled.get_untracked();
        // A window that ends with the text has no lines past it to miss.
        let at_end = self.text.with_untracked(|text| filled.end == text.len());
        let last = if at_end {
            last.min(filled.last.max(first + 1))
        } else {
            last
        };
        if !filled.covers(first, last) {
            let selection = self.textarea.get_untracked().and_then(|area| self.selection(&area));
            self.text
                .with_untracked(|text| self.fill(text, self.wanted(text, f64::from(top)), selection));
        }
    }

    /// Scrolls 0-based `line` to a third of the view, unless it is in view, and refills the
    /// textarea around it.
    fn scroll_to(&self, text: &str, line: usize, selection: Option<(usize, usize)>) {
        let (line_height, viewport) = self.metrics.get_untracked();
        let mut top = f64::from(self.scroll.get_untracked().0);
        let in_view = top <= line as f64 * line_height && (line + 1) as f64 * line_height <= top + viewport;
        if !in_view {
            top = (line as f64 * line_height - viewport / 3.0).max(0.0);
            self.scroll.update(|scroll| scroll.0 = top as i32);
        }
        // Filled first: scrolling lays the page out, which must not be done with a long paste
        // still in the textarea.
        self.fill(text, self.wanted(text, top), selection);
        if let (false, Some(scroller)) = (in_view, self.scroller.get_untracked()) {
            scroller.set_scroll_top(top as i32);
            // A text that has just grown (a paste, an undone cut) has its sheet drawn as tall as
            // it only when Leptos next updates the page: scroll again then.
            if scroller.scroll_top() < top as i32 {
                request_animation_frame(move || scroller.set_scroll_top(top as i32));
            }
        }
    }

    /// Selects 1-based `line`, focuses the editor and scrolls the line into view.
    pub fn select_line(&self, line: usize) {
        self.text.with_untracked(|text| {
            let window = Window::of(text, line.saturating_sub(1), line);
            if line == 0 || window.first == window.last {
                return;
            }
            if let Some(area) = self.textarea.get_untracked() {
                let _ = area.focus();
            }
            self.held(|held| held.all_selected = false);
            // The line without its `\r`, if it has one.
            let end = window.end - usize::from(text[..window.end].ends_with('\r'));
            self.scroll_to(text, line - 1, Some((window.start, end)));
        });
    }

    /// The text changed from the textarea: splice what it holds now into the text. A textarea that
    /// now holds too much (a long paste) or too little (a text that became short) is refilled
    /// around the caret, and the caret scrolled into view, as a textarea does after a paste.
    fn take_input(&self) {
        let Some(area) = self.textarea.get_untracked() else {
            return;
        };
        let value = area.value();
        let filled = match self.held(|held| held.all_selected) {
            true => self.text.with_untracked(|text| Window::of(text, 0, usize::MAX)),
            false => self.filled.get_untracked(),
        };
        self.held(|held| {
            held.all_selected = false;
            held.parked = None;
            held.own_edit = true;
        });
        let caret = filled.start + byte_offset(&value, area.selection_end().ok().flatten().unwrap_or(0));
        let edit = self.text.with_untracked(|text| {
            Edit::between(
                &text[filled.start..filled.end],
                &value,
                filled.start,
                caret - filled.start,
            )
        });
        self.text.splice(&edit);
        self.held(|held| held.history.record(edit));
        let filled = filled.holding(&value);
        self.filled.set(filled);
        self.text.with_untracked(|text| {
            let (first, last) = self.window_lines(f64::from(self.scroll.get_untracked().0));
            let oversized = filled.last - filled.first > 2 * (last - first) + 1;
            if windowed(text) != self.held(|held| held.windowed) || (windowed(text) && oversized) {
                self.scroll_to(text, line_at(text, caret), Some((caret, caret)));
            }
        });
    }

    /// Undo or redo; the caret goes where the edit was.
    fn step_history(&self, redo: bool) {
        let outcome = self.text.with_untracked(|text| {
            self.held(|held| match redo {
                true => held.history.redo(text),
                false => held.history.undo(text),
            })
        });
        let Some((changed, caret)) = outcome else {
            return;
        };
        self.held(|held| {
            held.own_edit = true;
            held.all_selected = false;
        });
        self.text.set(changed);
        self.text
            .with_untracked(|text| self.scroll_to(text, line_at(text, caret), Some((caret, caret))));
    }

    /// Copy or cut after Ctrl+A in a window: the whole text, not only the lines the textarea holds.
    fn copy_all(&self, event: &leptos::ev::ClipboardEvent, cut: bool) {
        if !self.held(|held| held.windowed && held.all_selected) {
            return;
        }
        let Some(data) = event.clipboard_data() else {
            return;
        };
        event.prevent_default();
        self.text.with_untracked(|text| {
            let _ = data.set_data("text/plain", text);
        });
        if cut {
            if let Some(area) = self.textarea.get_untracked() {
                area.set_value("");
            }
            self.take_input();
        }
    }

    /// Keys the editor handles itself: undo and redo always; in a window, Ctrl+A, and bringing a
    /// parked caret back before a key acts on it.
    fn key_down(&self, event: &leptos::ev::KeyboardEvent) {
        let key = event.key();
        let command = event.ctrl_key() || event.meta_key();
        // Keys as well as `beforeinput`, which not every browser lets a page cancel.
        if command && (key.eq_ignore_ascii_case("z") || key.eq_ignore_ascii_case("y")) {
            event.prevent_default();
            self.step_history(event.shift_key() || key.eq_ignore_ascii_case("y"));
            return;
        }
        if !self.held(|held| held.windowed) {
            return;
        }
        if command && key.eq_ignore_ascii_case("a") {
            event.prevent_default();
            self.held(|held| {
                held.parked = None;
                held.all_selected = true;
            });
            if let Some(area) = self.textarea.get_untracked() {
                area.select();
            }
            return;
        }
        if key.starts_with("Arrow") || matches!(key.as_str(), "Home" | "End" | "PageUp" | "PageDown") {
            self.held(|held| held.all_selected = false);
        }
        // Ctrl+Home and Ctrl+End go to the text's ends, not the window's.
        if command && !event.shift_key() && matches!(key.as_str(), "Home" | "End") {
            event.prevent_default();
            self.text.with_untracked(|text| {
                let at = if key == "Home" { 0 } else { text.len() };
                self.scroll_to(text, line_at(text, at), Some((at, at)));
            });
            return;
        }
        let parked = self.held(|held| held.parked);
        if let (Some(parked), false) = (parked, matches!(key.as_str(), "Shift" | "Control" | "Alt" | "Meta")) {
            self.text
                .with_untracked(|text| self.scroll_to(text, line_at(text, parked.0), Some(parked)));
        }
    }
}

/// The editor.
#[component]
pub fn Editor(
    editor: EditorHandle,
    /// Where the secrets are in the text, and the text's revision they were found in.
    spans: Memo<(FoundSpans, u64)>,
    /// Show secrets as typed instead of masked.
    revealed: ReadSignal<bool>,
    /// The 1-based line to highlight (the selected finding's).
    highlighted_line: Signal<Option<usize>>,
) -> impl IntoView {
    let EditorHandle {
        text,
        textarea,
        scroller,
        metrics,
        scroll,
        filled,
        ..
    } = editor;
    Effect::new(move |_| {
        if textarea.get().is_some() && scroller.get().is_some() {
            editor.measure();
            editor.follow_scroll();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        editor.measure();
        editor.follow_scroll();
    });
    on_cleanup(move || resize.remove());

    // The text's height in lines and width in bytes: the sheet's size.
    let size = Memo::new(move |_| text.with(shape));
    // Only the lines in view (and a margin) are drawn.
    let window = Memo::new(move |_| {
        let (line_height, viewport) = metrics.get();
        visible_lines(
            size.get().0,
            f64::from(scroll.get().0),
            viewport,
            line_height,
            MIRROR_MARGIN,
        )
    });
    let gutter = move || {
        let (first, last) = window.get();
        let mut numbers = String::with_capacity((last - first) * 5);
        for line in first + 1..=last {
            numbers.push_str(&line.to_string());
            numbers.push('\n');
        }
        numbers
    };
    // Only those lines are masked: masking the whole text was a copy of it on every keystroke.
    let mirror = move || {
        let (first, last) = window.get();
        let mut lines = text.with(|text| {
            let shown = Window::of(text, first, last);
            match revealed.get() {
                true => text[shown.start..shown.end].to_string(),
                false => spans.with(|(found, _)| mask_range(text, &found.spans, shown.start..shown.end)),
            }
        });
        // A trailing line break would collapse; a space keeps the last line's height.
        lines.push(' ');
        lines
    };
    // Text set from outside (an example, a file, a repair) reaches the textarea here. What the user
    // typed is there already.
    Effect::new(move |_| {
        text.with(|value| {
            let own = editor.held(|held| held.own_edit);
            editor.held(|held| held.own_edit = false);
            if own {
                return;
            }
            editor.held(|held| held.history.clear());
            editor.held(|held| held.all_selected = false);
            let selection = textarea.get_untracked().and_then(|area| editor.selection(&area));
            editor.fill(
                value,
                editor.wanted(value, f64::from(scroll.get_untracked().0)),
                selection,
            );
        })
    });
    let masked_count = move || spans.with(|(found, _)| found.spans.iter().filter(|span| span.kind.is_masked()).count());
    let line = move |first: usize| format!("calc({first} * var(--rsi-editor-line))");
    view! {
        <div class="rsi-editor" class:rsi-editor--revealed=move || revealed.get()>
            <div class="rsi-editor__gutter" aria-hidden="true">
                <pre
                    class="rsi-editor__numbers"
                    style:transform=move || format!("translateY(calc({} - {}px))", line(window.get().0), scroll.get().0)
                >
                    {gutter}
                </pre>
            </div>
            <div
                class="rsi-editor__body"
                data-testid="editor-scroller"
                node_ref=scroller
                on:scroll=move |event| {
                    scroll.set(browser::scroll_offsets(&event));
                    if metrics.get_untracked().1 == 0.0 {
                        editor.measure();
                    }
                    editor.follow_scroll();
                }
            >
                <div
                    class="rsi-editor__sheet"
                    style=move || {
                        let (lines, longest) = size.get();
                        format!("height: calc({} + 16px); width: calc({}ch + 24px)", line(lines), longest + 1)
                    }
                >
                    {move || {
                        highlighted_line
                            .get()
                            .map(|line| {
                                view! {
                                    <div
                                        class="rsi-editor__highlight"
                                        data-testid="highlighted-line"
                                        data-line=line
                                        style=format!("--line: {line}")
                                    ></div>
                                }
                            })
                    }}
                    <pre
                        class="rsi-editor__mirror"
                        aria-hidden="true"
                        data-testid="mirror"
                        data-first-line=move || window.get().0 + 1
                        style:transform=move || format!("translateY({})", line(window.get().0))
                    >
                        {mirror}
                    </pre>
                    <textarea
                        id="rsi-input"
                        class="rsi-editor__input"
                        data-testid="input"
                        node_ref=textarea
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        wrap="off"
                        aria-describedby="rsi-editor-help"
                        placeholder="Paste the output of: istioctl create-remote-secret --context=cluster2 --name=cluster2"
                        style=move || {
                            let Window { first, last, .. } = filled.get();
                            let top = line(first);
                            let height = line(last - first);
                            format!("top: {top}; height: calc({height} + 16px); min-height: {}px", metrics.get().1)
                        }
                        on:input=move |_| editor.take_input()
                        on:beforeinput=move |event| {
                            let redo = match event.input_type().as_str() {
                                "historyUndo" => false,
                                "historyRedo" => true,
                                _ => return,
                            };
                            event.prevent_default();
                            editor.step_history(redo);
                        }
                        on:keydown=move |event| editor.key_down(&event)
                        on:mousedown=move |_| {
                            editor.held(|held| {
                                held.all_selected = false;
                                held.parked = None;
                            })
                        }
                        on:copy=move |event| editor.copy_all(&event, false)
                        on:cut=move |event| editor.copy_all(&event, true)
                    ></textarea>
                </div>
            </div>
        </div>
        <p id="rsi-editor-help" class="rsi-editor__help">
            {move || match (revealed.get(), masked_count()) {
                (_, 0) => "Tokens and keys are masked on screen as soon as they appear.".to_string(),
                (false, n) => format!("{n} secret value{} masked on screen; the text itself is unchanged.", if n == 1 { "" } else { "s" }),
                (true, n) => format!("{n} secret value{} shown. Mind who is looking.", if n == 1 { "" } else { "s" }),
            }}
            {move || {
                (filled.get().start > 0 || size.get().0 > filled.get().last)
                    .then_some(" A long input: the editor holds only the lines around those in view, so the browser's find searches those.")
            }}
        </p>
    }
}
