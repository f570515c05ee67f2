//! The editor's lines: where a line starts in the browser's UTF-16 units, and which lines it draws.

/// The UTF-16 offsets (what a textarea's `setSelectionRange` takes) of 1-based `line`, without
/// its line break; `None` past the end.
pub fn line_selection(text: &str, line: usize) -> Option<(u32, u32)> {
    let mut offset = 0u32;
    for (index, content) in text.split('\n').enumerate() {
        let length = content.encode_utf16().count() as u32;
        if index + 1 == line {
            let length = length - u32::from(content.ends_with('\r'));
            return Some((offset, offset + length));
        }
        offset += length + 1;
    }
    None
}

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

/// Lines `[first, last)` (0-based) of `text`, joined as they stand.
pub fn line_range(text: &str, first: usize, last: usize) -> &str {
    if first >= last {
        return "";
    }
    let mut starts = std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1));
    let Some(start) = starts.nth(first) else {
        return "";
    };
    // The line break that ends line `last - 1`, if there is one.
    let end = text[start..]
        .match_indices('\n')
        .nth(last - first - 1)
        .map_or(text.len(), |(at, _)| start + at);
    &text[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_selection_counts_utf16_units_like_the_browser() {
        let text = "a: 1\nb: \"é😀\"\r\nc: 3";
        assert_eq!(line_selection(text, 1), Some((0, 4)));
        // é is one UTF-16 unit, 😀 two; the \r is left out.
        assert_eq!(line_selection(text, 2), Some((5, 13)));
        assert_eq!(line_selection(text, 3), Some((15, 19)));
        assert_eq!(line_selection(text, 4), None);
    }

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
        assert_eq!(line_range(text, 0, 4), text.trim_end_matches('\n').to_string() + "\n");
        assert_eq!(line_range(text, 1, 3), "bb\nccc");
        assert_eq!(line_range(text, 2, 3), "ccc");
        assert_eq!(line_range(text, 3, 4), "");
        assert_eq!(line_range(text, 9, 12), "");
        assert_eq!(line_range(text, 2, 2), "");
    }
}
