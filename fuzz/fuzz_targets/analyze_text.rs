//! Any text, in every input format: never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = duban::analyze(text, &duban::Options::default());
    for f in [
        duban::input::Format::Tabcell,
        duban::input::Format::Tsv,
        duban::input::Format::Csv,
        duban::input::Format::Html,
        duban::input::Format::Markdown,
        duban::input::Format::Lines,
    ] {
        let _ = duban::analyze(text, &duban::Options { format: Some(f), ..Default::default() });
    }
});
