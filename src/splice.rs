//! What one edit did to a text, so that what was found in the text before can be moved rather
//! than found again (the web app's editor knows each edit it makes; see `redact::FoundSpans`).

/// At byte `at`, `removed` bytes gave way to `inserted` bytes. `removed_line_break` says whether
/// the removed bytes held a line break (the inserted ones are in the new text, to be read there).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Splice {
    pub at: usize,
    pub removed: usize,
    pub inserted: usize,
    pub removed_line_break: bool,
}

impl Splice {
    /// The splice that replaces `removed` at byte `at` with `inserted`.
    pub fn of(at: usize, removed: &str, inserted: &str) -> Splice {
        Splice {
            at,
            removed: removed.len(),
            inserted: inserted.len(),
            removed_line_break: removed.contains('\n'),
        }
    }

    /// Where byte `at` of the text before, past the edit, is in the text after.
    pub fn moved(&self, at: usize) -> usize {
        at + self.inserted - self.removed
    }
}
