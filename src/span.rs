//! Byte spans (inside Rust) to UTF-16 spans (in the Report, for JavaScript), in one place.
//!
//! A Chinese character is 3 bytes in UTF-8 but 1 UTF-16 code unit, so a span computed on
//! `&str` byte offsets must be converted before it reaches JavaScript's `String.slice`.

use crate::model::{Report, Span};

/// The UTF-16 offset of byte offset `byte` in `text` (clamped to the text, and to a char boundary below it).
pub fn utf16_offset(text: &str, byte: usize) -> usize {
    let mut b = byte.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    utf16_len(text.as_bytes().get(..b).unwrap_or_default())
}

/// The UTF-16 length of whole UTF-8 chars: one unit for each byte that starts a char
/// (any byte but the continuation bytes 0x80..=0xBF), one more for each 4-byte char
/// (lead byte 0xF0 and up). A byte count without decoding, summed in `u8` lanes over
/// blocks of 127 bytes (at most 2 a byte, so no lane overflows) so that it vectorises
/// even on baseline x86-64 and wasm SIMD, where widening to `usize` per byte would not.
fn utf16_len(b: &[u8]) -> usize {
    b.chunks(127)
        .map(|block| {
            let n = block
                .iter()
                .fold(0u8, |n, &x| n.wrapping_add(u8::from((x as i8) >= -0x40)).wrapping_add(u8::from(x >= 0xF0)));
            usize::from(n)
        })
        .sum()
}

/// Converts a byte span of `text` into a UTF-16 span.
pub fn utf16_span(text: &str, span: Span) -> Span {
    let start = utf16_offset(text, span[0]);
    // Count only the part between start and end rather than the whole prefix twice.
    let mut end_b = span[1].min(text.len()).max(span[0].min(text.len()));
    while !text.is_char_boundary(end_b) {
        end_b -= 1;
    }
    let mut start_b = span[0].min(end_b);
    while !text.is_char_boundary(start_b) {
        start_b -= 1;
    }
    [start, start + utf16_len(text.as_bytes().get(start_b..end_b).unwrap_or_default())]
}

/// Converts every span in the report's rows (targets, actuals, flags) from bytes to UTF-16.
/// Called once, at the end of [`crate::analyze`]. (Kept out of line so that profiles
/// show its cost apart.)
#[inline(never)]
pub fn report_to_utf16(report: &mut Report) {
    for row in &mut report.rows {
        for t in &mut row.targets {
            t.span = utf16_span(&row.task, t.span);
        }
        for p in &mut row.pairs {
            if let Some(a) = &mut p.actual {
                a.span = utf16_span(&row.status, a.span);
            }
        }
        // The units cell is rebuilt as text only for a row with a flag pointing into it.
        let units = if row.flags.iter().any(|f| f.cell == "units" && f.span.is_some()) {
            row.units.join("\n")
        } else {
            String::new()
        };
        for f in &mut row.flags {
            if let Some(s) = f.span {
                let cell: &str = match &*f.cell {
                    "task" => &row.task,
                    "status" => &row.status,
                    "units" => &units,
                    _ => "",
                };
                f.span = Some(utf16_span(cell, s));
            }
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
    fn long_mixed_text_counts_like_chars() {
        let s = "好a𠀀é".repeat(300);
        for end in (0..=s.len()).filter(|&b| s.is_char_boundary(b)).step_by(7) {
            let want: usize = s[..end].chars().map(char::len_utf16).sum();
            assert_eq!(utf16_offset(&s, end), want, "{end}");
        }
    }
}
