//! The editor's lines: which it draws and which its textarea holds, offsets in the browser's UTF-16
//! units, and its edits and undo history.

/// The lines `[first, last)` (0-based) the editor draws: those in view plus `margin` on each side,
/// so that scrolling a little shows text at once. With no measurements yet, all of them.
pub fn visible_lines(
    line_count: usize,
    scroll_top: f64,
    viewport: f64,
    line_height: f64,
    margin: usize,
) -> (usize, usize) {
    if line_height <= 0.0 || viewport <= 0.0 {
        return (0, line_count);
    }
    let first_in_view = (scroll_top.max(0.0) / line_height).floor() as usize;
    let in_view = (viewport / line_height).ceil() as usize + 1;
    let first = first_in_view.saturating_sub(margin).min(line_count);
    let last = (first_in_view + in_view + margin).min(line_count);
    (first, last)
}

/// From this many bytes on, the editor's textarea holds only a window of the text's lines (those in
/// view and a margin), not the whole text: a browser's textarea costs each keystroke time in
/// proportion to what it holds (measured: 3.4-3.9 ms for one Secret, 11.5 ms for 216 KB, 219 ms
/// for a 4.7 MB dump).
pub const WINDOWED_FROM: usize = 128 * 1024;

/// Whether the editor holds `text` in a window of lines (see [`WINDOWED_FROM`]).
pub fn windowed(text: &str) -> bool {
    text.len() >= WINDOWED_FROM
}

/// A run of whole lines of a text: lines `[first, last)` (0-based) at bytes `[start, end)`, the
/// line break after the last line left out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Window {
    pub first: usize,
    pub last: usize,
    pub start: usize,
    pub end: usize,
}

impl Window {
    /// Lines `[first, last)` of `text`, cut short at its end.
    pub fn of(text: &str, first: usize, last: usize) -> Window {
        let mut starts = std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1));
        let Some(start) = (first < last).then(|| starts.nth(first)).flatten() else {
            return Window {
                first,
                last: first,
                start: text.len(),
                end: text.len(),
            };
        };
        // The line break that ends line `last - 1`, if there is one.
        let (end, last) = match text[start..].match_indices('\n').enumerate().nth(last - first - 1) {
            Some((_, (at, _))) => (start + at, last),
            None => (text.len(), first + text[start..].matches('\n').count() + 1),
        };
        Window {
            first,
            last,
            start,
            end,
        }
    }

    /// The window after its text became `value`: the same first line and start.
    pub fn holding(self, value: &str) -> Window {
        Window {
            last: self.first + value.matches('\n').count() + 1,
            end: self.start + value.len(),
            ..self
        }
    }

    /// Whether lines `[first, last)` are all in the window.
    pub fn covers(&self, first: usize, last: usize) -> bool {
        self.first <= first && last <= self.last
    }
}

/// The number of lines in `text` and the length of its longest line in bytes (the editor's
/// height and width).
pub fn shape(text: &str) -> (usize, usize) {
    text.split('\n')
        .fold((0, 0), |(lines, longest), line| (lines + 1, longest.max(line.len())))
}

/// The 0-based line that byte `at` of `text` is on.
pub fn line_at(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count()
}

/// The byte offset of UTF-16 offset `units` in `text` (what a textarea's selection counts in), at
/// most its length.
pub fn byte_offset(text: &str, units: u32) -> usize {
    let mut counted = 0;
    for (at, char) in text.char_indices() {
        if counted >= units as usize {
            return at;
        }
        counted += char.len_utf16();
    }
    text.len()
}

/// The UTF-16 offset of byte `at` of `text` (rounded down to a character).
pub fn utf16_offset(text: &str, at: usize) -> u32 {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text[..at].encode_utf16().count() as u32
}

/// One change to the text: at byte `at`, `removed` gave way to `inserted`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub at: usize,
    pub removed: String,
    pub inserted: String,
}

impl Edit {
    /// What changed between `old` and `new`, found as their common start and end, at byte `at` of
    /// a larger text that `old` begins at. `caret` (a byte of `new`) is where the change ended: it
    /// places an edit that the texts alone leave ambiguous (a space typed among spaces).
    pub fn between(old: &str, new: &str, at: usize, caret: usize) -> Edit {
        // What follows the caret is unchanged, so the common end is found first, up to the caret.
        let shorter = old.len().min(new.len());
        let mut suffix = old
            .bytes()
            .rev()
            .zip(new.bytes().rev())
            .take(shorter.min(new.len().saturating_sub(caret)))
            .take_while(|(a, b)| a == b)
            .count();
        while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
            suffix -= 1;
        }
        let mut prefix = old
            .bytes()
            .zip(new.bytes())
            .take(shorter - suffix)
            .take_while(|(a, b)| a == b)
            .count();
        while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
            prefix -= 1;
        }
        Edit {
            at: at + prefix,
            removed: old[prefix..old.len() - suffix].to_string(),
            inserted: new[prefix..new.len() - suffix].to_string(),
        }
    }

    /// `text` with this edit made, and the byte after what it inserted; `None` when `text` does not
    /// hold what the edit removes.
    fn apply(&self, text: &str) -> Option<(String, usize)> {
        let end = self.at + self.removed.len();
        if text.get(self.at..end)? != self.removed {
            return None;
        }
        Some((
            [&text[..self.at], &self.inserted, &text[end..]].concat(),
            self.at + self.inserted.len(),
        ))
    }

    fn reversed(&self) -> Edit {
        Edit {
            at: self.at,
            removed: self.inserted.clone(),
            inserted: self.removed.clone(),
        }
    }
}

/// The editor's own undo and redo, for the text it holds in a window (a textarea forgets its undo
/// whenever its value is set). A run of typing, of Backspace or of Delete is undone at once, as a
/// browser does.
#[derive(Debug, Default)]
pub struct History {
    done: Vec<Edit>,
    undone: Vec<Edit>,
}

/// How many edits undo reaches back.
const HISTORY_DEPTH: usize = 1_000;

impl History {
    pub fn record(&mut self, edit: Edit) {
        if edit.removed.is_empty() && edit.inserted.is_empty() {
            return;
        }
        self.undone.clear();
        if let Some(last) = self.done.last_mut() {
            let typing = |edit: &Edit| edit.removed.is_empty() && !edit.inserted.contains('\n');
            if typing(last) && typing(&edit) && last.at + last.inserted.len() == edit.at {
                last.inserted.push_str(&edit.inserted);
                return;
            }
            // A run of Backspace (each edit ending where the last began) or of Delete (each at
            // the same place) is undone at once too.
            let deleting = |edit: &Edit| edit.inserted.is_empty() && !edit.removed.contains('\n');
            if deleting(last) && deleting(&edit) {
                if edit.at + edit.removed.len() == last.at {
                    last.at = edit.at;
                    last.removed.insert_str(0, &edit.removed);
                    return;
                }
                if edit.at == last.at {
                    last.removed.push_str(&edit.removed);
                    return;
                }
            }
        }
        if self.done.len() == HISTORY_DEPTH {
            self.done.remove(0);
        }
        self.done.push(edit);
    }

    pub fn clear(&mut self) {
        *self = History::default();
    }

    /// `text` with the last edit undone, and where the caret goes.
    pub fn undo(&mut self, text: &str) -> Option<(String, usize)> {
        let edit = self.done.pop()?;
        let outcome = edit.reversed().apply(text);
        match outcome {
            Some(_) => self.undone.push(edit),
            None => self.clear(),
        }
        outcome
    }

    /// `text` with the last undone edit made again, and where the caret goes.
    pub fn redo(&mut self, text: &str) -> Option<(String, usize)> {
        let edit = self.undone.pop()?;
        let outcome = edit.apply(text);
        match outcome {
            Some(_) => self.done.push(edit),
            None => self.clear(),
        }
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editor_draws_only_the_lines_in_view() {
        assert_eq!(visible_lines(5000, 0.0, 600.0, 20.0, 30), (0, 61));
        assert_eq!(visible_lines(5000, 20_000.0, 600.0, 20.0, 30), (970, 1061));
        assert_eq!(visible_lines(40, 0.0, 600.0, 20.0, 30), (0, 40));
        assert_eq!(
            visible_lines(40, 0.0, 0.0, 0.0, 30),
            (0, 40),
            "not measured yet: everything"
        );
        let text = "a\nbb\nccc\n";
        let line_range = |first, last| {
            let window = Window::of(text, first, last);
            &text[window.start..window.end]
        };
        assert_eq!(line_range(0, 4), text.trim_end_matches('\n').to_string() + "\n");
        assert_eq!(line_range(1, 3), "bb\nccc");
        assert_eq!(line_range(2, 3), "ccc");
        assert_eq!(line_range(3, 4), "");
        assert_eq!(line_range(9, 12), "");
        assert_eq!(line_range(2, 2), "");
    }

    #[test]
    fn a_window_is_whole_lines_cut_short_at_the_end() {
        let text = "a\nbb\nccc";
        assert_eq!(
            Window::of(text, 0, 3),
            Window {
                first: 0,
                last: 3,
                start: 0,
                end: 8
            }
        );
        assert_eq!(
            Window::of(text, 1, 2),
            Window {
                first: 1,
                last: 2,
                start: 2,
                end: 4
            }
        );
        assert_eq!(
            Window::of(text, 1, 99),
            Window {
                first: 1,
                last: 3,
                start: 2,
                end: 8
            }
        );
        assert_eq!(
            Window::of(text, 5, 9),
            Window {
                first: 5,
                last: 5,
                start: 8,
                end: 8
            }
        );
        assert_eq!(
            Window::of("", 0, 40),
            Window {
                first: 0,
                last: 1,
                start: 0,
                end: 0
            }
        );
        let window = Window::of(text, 1, 2).holding("bb\nb");
        assert_eq!(
            window,
            Window {
                first: 1,
                last: 3,
                start: 2,
                end: 6
            }
        );
        assert!(window.covers(1, 3) && !window.covers(0, 2));
        assert_eq!(shape(text), (3, 3));
        assert_eq!(line_at(text, 0), 0);
        assert_eq!(line_at(text, 5), 2);
        assert!(windowed(&"x".repeat(WINDOWED_FROM)) && !windowed("x"));
    }

    #[test]
    fn offsets_convert_between_bytes_and_the_browsers_utf16_units() {
        let text = "aé😀b";
        assert_eq!(byte_offset(text, 0), 0);
        assert_eq!(byte_offset(text, 2), 3);
        assert_eq!(byte_offset(text, 4), 7);
        assert_eq!(byte_offset(text, 99), 8);
        assert_eq!(utf16_offset(text, 7), 4);
        assert_eq!(utf16_offset(text, 5), 2, "inside a character: its start");
        assert_eq!(utf16_offset(text, 99), 5);
    }

    #[test]
    fn an_edit_is_what_changed_between_two_texts() {
        let edit = Edit::between("a: 1\nb: 2", "a: 12\nb: 2", 100, 5);
        assert_eq!(
            edit,
            Edit {
                at: 104,
                removed: String::new(),
                inserted: "2".into()
            }
        );
        let edit = Edit::between("aaa", "aa", 0, 0);
        assert_eq!(
            edit,
            Edit {
                at: 0,
                removed: "a".into(),
                inserted: String::new()
            }
        );
        let edit = Edit::between("#   x", "#    x", 0, 2);
        assert_eq!(edit.at, 1, "a space typed after the #, not at the end of the spaces");
        let edit = Edit::between("xéy", "xèy", 0, 3);
        assert_eq!((edit.at, edit.removed.as_str(), edit.inserted.as_str()), (1, "é", "è"));
    }

    #[test]
    fn undo_and_redo_follow_the_edits_and_typing_is_undone_at_once() {
        let mut history = History::default();
        let mut text = String::from("server: a");
        for (at, typed) in [(9, "b"), (10, "c")] {
            let edit = Edit {
                at,
                removed: String::new(),
                inserted: typed.into(),
            };
            text = edit.apply(&text).unwrap().0;
            history.record(edit);
        }
        let edit = Edit::between(&text, "server: abc\n", 0, 12);
        text = edit.apply(&text).unwrap().0;
        history.record(edit);
        assert_eq!(text, "server: abc\n");
        let (undone, caret) = history.undo(&text).unwrap();
        assert_eq!((undone.as_str(), caret), ("server: abc", 11));
        let (undone, caret) = history.undo(&undone).unwrap();
        assert_eq!((undone.as_str(), caret), ("server: a", 9), "the typed run at once");
        assert_eq!(history.undo(&undone), None);
        let (redone, _) = history.redo(&undone).unwrap();
        assert_eq!(redone, "server: abc");
        assert_eq!(history.redo("short"), None, "a text the edit does not fit");
        assert_eq!(history.undo("server: abc"), None, "and the history is dropped with it");
    }

    #[test]
    fn a_run_of_backspace_or_delete_is_undone_at_once() {
        let mut history = History::default();
        let mut text = String::from("server: https://x");
        // Backspace three times from the end, then Delete twice at the start of "https".
        for (at, removed) in [(16, "x"), (15, "/"), (14, "/"), (8, "h"), (8, "t")] {
            let edit = Edit {
                at,
                removed: removed.into(),
                inserted: String::new(),
            };
            text = edit.apply(&text).unwrap().0;
            history.record(edit);
        }
        assert_eq!(text, "server: tps:");
        let (undone, caret) = history.undo(&text).unwrap();
        assert_eq!((undone.as_str(), caret), ("server: https:", 10), "both Deletes");
        let (undone, caret) = history.undo(&undone).unwrap();
        assert_eq!(
            (undone.as_str(), caret),
            ("server: https://x", 17),
            "the three Backspaces"
        );
        assert_eq!(history.undo(&undone), None);
    }
}
