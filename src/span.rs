//! Byte spans (inside Rust) to UTF-16 spans (in the Report, for JavaScript), in one place.
//!
//! A Chinese character is 3 bytes in UTF-8 but 1 UTF-16 code unit, so a span computed on
//! `&str` byte offsets must be converted before it reaches JavaScript's `String.slice`.

use crate::analysis::text::{floor, slice};
use crate::model::{Report, Row, Span};

/// The UTF-16 offset of byte offset `byte` in `text` (clamped to the text, and to a char boundary below it).
pub fn utf16_offset(text: &str, byte: usize) -> usize {
    utf16_len(text.as_bytes().get(..floor(text, byte)).unwrap_or_default())
}

/// The UTF-16 length of whole UTF-8 chars: one unit for each byte that starts a char
/// (any byte but the continuation bytes 0x80..=0xBF), one more for each 4-byte char
/// (lead byte 0xF0 and up). A byte count without decoding, summed in `u8` lanes over
/// blocks of 64 bytes (at most 2 a byte, so no lane overflows) so that it vectorises
/// even on baseline x86-64 and wasm SIMD, where widening to `usize` per byte would not.
fn utf16_len(b: &[u8]) -> usize {
    let count = |block: &[u8]| {
        let n = block
            .iter()
            .fold(0u8, |n, &x| n.wrapping_add(u8::from((x as i8) >= -0x40)).wrapping_add(u8::from(x >= 0xF0)));
        usize::from(n)
    };
    // Whole blocks of 64 (a multiple of the vector width: no scalar tail per block).
    let blocks = b.chunks_exact(64);
    let tail = blocks.remainder();
    blocks.map(count).sum::<usize>() + count(tail)
}

/// Converts a byte span of `text` into a UTF-16 span.
pub fn utf16_span(text: &str, span: Span) -> Span {
    let start = utf16_offset(text, span[0]);
    // Count only the part between start and end rather than the whole prefix twice.
    [start, start + utf16_len(slice(text, span[0], span[1].max(span[0])).as_bytes())]
}

/// The UTF-16 offsets of byte offsets in one cell, counted on (or back) from the last one
/// asked for, or from the start when that is nearer: the spans of a cell mostly come in
/// text order (a flag after the figures may point back), so a cell is counted about once
/// rather than once per span.
struct Cursor<'a> {
    text: &'a str,
    byte: usize,
    units: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor { text, byte: 0, units: 0 }
    }

    /// [`utf16_offset`] of `byte`.
    fn offset(&mut self, byte: usize) -> usize {
        let b = floor(self.text, byte);
        let bytes = self.text.as_bytes();
        if b >= self.byte {
            self.units += utf16_len(bytes.get(self.byte..b).unwrap_or_default());
        } else if b >= self.byte - b {
            // Back, but nearer the last offset than the start: count back from there.
            self.units -= utf16_len(bytes.get(b..self.byte).unwrap_or_default());
        } else {
            self.units = utf16_len(bytes.get(..b).unwrap_or_default());
        }
        self.byte = b;
        self.units
    }

    /// [`utf16_span`] of `span`.
    fn span(&mut self, span: Span) -> Span {
        let start = self.offset(span[0]);
        [start, self.offset(span[1].max(span[0]))]
    }
}

/// Converts every span in the report's rows (targets, actuals, flags) from bytes to UTF-16,
/// for callers that run the stages one by one (the benches): [`crate::analyze`] converts
/// each row in its last pass instead (`row_to_utf16`). (Kept out of line so that
/// profiles show its cost apart.)
#[inline(never)]
pub fn report_to_utf16(report: &mut Report) {
    for row in &mut report.rows {
        row_to_utf16(row);
    }
}

/// [`report_to_utf16`] of one row (the pipeline converts each row in its last pass over
/// the rows, [`crate::summary::finish_with`]). Kept out of line, as `report_to_utf16`
/// is, so that profiles show its cost apart.
#[inline(never)]
pub(crate) fn row_to_utf16(row: &mut Row) {
    let mut task = Cursor::new(&row.task);
    for t in &mut row.targets {
        t.span = task.span(t.span);
    }
    let mut status = Cursor::new(&row.status);
    for p in &mut row.pairs {
        if let Some(a) = &mut p.actual {
            a.span = status.span(a.span);
        }
    }
    // The units cell is rebuilt as text only for a row with a flag pointing into it.
    let units_text = if row.flags.iter().any(|f| f.cell == "units" && f.span.is_some()) {
        row.units.join("\n")
    } else {
        String::new()
    };
    let mut units = Cursor::new(&units_text);
    let mut other = Cursor::new("");
    for f in &mut row.flags {
        if let Some(s) = f.span {
            let cell = match &*f.cell {
                "task" => &mut task,
                "status" => &mut status,
                "units" => &mut units,
                _ => &mut other,
            };
            f.span = Some(cell.span(s));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_one_unit_per_char() {
        let s = "好a增长6.4%";
        // "增长6.4%" starts at byte 4 (好=3 bytes, a=1) and runs to the end.
        assert_eq!(utf16_span(s, [4, s.len()]), [2, 8]);
    }

    #[test]
    fn astral_chars_are_two_units() {
        let s = "𠀀x";
        assert_eq!(utf16_offset(s, 4), 2);
        assert_eq!(utf16_span(s, [4, 5]), [2, 3]);
    }

    #[test]
    fn out_of_range_and_mid_char_are_clamped() {
        let s = "好好";
        assert_eq!(utf16_span(s, [1, 100]), [0, 2]);
        assert_eq!(utf16_span(s, [5, 2]), [1, 1]);
    }

    #[test]
    fn utf16_len_counts_like_chars_at_every_length_and_offset() {
        let s = "好a𠀀é,\u{7ff}\u{10ffff}".repeat(200);
        for from in (0..=s.len()).filter(|&b| s.is_char_boundary(b)).take(12) {
            for end in (from..=s.len()).filter(|&b| s.is_char_boundary(b)).step_by(5) {
                let want: usize = s[from..end].chars().map(char::len_utf16).sum();
                assert_eq!(utf16_len(&s.as_bytes()[from..end]), want, "{from}..{end}");
            }
        }
    }

    #[test]
    fn a_cursor_converts_like_utf16_span_in_any_order() {
        let s = "好a𠀀é增长6.4%".repeat(3);
        let ends: Vec<usize> = (0..=s.len() + 2).step_by(3).collect();
        let mut c = Cursor::new(&s);
        for &a in &ends {
            for &b in ends.iter().rev() {
                assert_eq!(c.span([a, b]), utf16_span(&s, [a, b]), "{a}..{b}");
            }
        }
    }

    #[test]
    fn long_mixed_text_counts_like_chars() {
        let s = "好a𠀀é".repeat(300);
        for end in (0..=s.len()).filter(|&b| s.is_char_boundary(b)).step_by(7) {
            let want: usize = s[..end].chars().map(char::len_utf16).sum();
            assert_eq!(utf16_offset(&s, end), want, "{end}");
        }
    }
}
