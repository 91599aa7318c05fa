//! Any bytes as a dropped file (zip containers, encodings): never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = duban::analyze_bytes(data, &duban::Options::default());
});
