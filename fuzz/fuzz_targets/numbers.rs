//! Any text through the quantities scanner: never a panic, spans on char boundaries.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for q in duban::numbers::quantities(text) {
        assert!(q.span[0] <= q.span[1] && q.span[1] <= text.len());
        assert!(text.is_char_boundary(q.span[0]) && text.is_char_boundary(q.span[1]));
    }
});
