//! The only file that knows about JavaScript: decodes options, calls the core,
//! returns plain JS objects (camelCase, `null` for none).
//!
//! Two modules are built from this file: "core" (`--no-default-features`: text in,
//! Report out) which the page loads at once, and "full" (`--features files`: also
//! .docx/.xlsx bytes in and the binary exporters) which it loads only when a file is
//! dropped or an export is asked for. `features()` tells the page which one it holds.

use wasm_bindgen::prelude::*;

fn to_js<T: serde::Serialize>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

fn options(opts: JsValue) -> Result<crate::Options, JsError> {
    if opts.is_undefined() || opts.is_null() {
        return Ok(crate::Options::default());
    }
    serde_wasm_bindgen::from_value(opts).map_err(|e| JsError::new(&format!("bad options: {e}")))
}

/// Analyses report text and returns the Report as a plain object.
#[wasm_bindgen(js_name = analyzeText)]
pub fn analyze_text(text: &str, opts: JsValue) -> Result<JsValue, JsError> {
    let report = crate::analyze(text, &options(opts)?);
    to_js(&report)
}

/// Analyses a file's bytes (text in any supported encoding; .docx/.xlsx in the "full"
/// module). Throws an Error naming the problem when the bytes cannot be read.
#[wasm_bindgen(js_name = analyzeBytes)]
pub fn analyze_bytes(bytes: &[u8], opts: JsValue) -> Result<JsValue, JsError> {
    let report = crate::analyze_bytes(bytes, &options(opts)?).map_err(|e| JsError::new(&e))?;
    to_js(&report)
}

/// What the bytes look like: a `TextDecoder` label (`utf-8`, `utf-16le`, `utf-16be`,
/// `gb18030`), or `zip` (.docx/.xlsx) or `binary`.
#[wasm_bindgen]
pub fn sniff(bytes: &[u8]) -> String {
    crate::decode::sniff(bytes).label().to_string()
}

/// The default options (rules, thresholds, word lists) as a plain object.
#[wasm_bindgen(js_name = defaultOptions)]
pub fn default_options() -> Result<JsValue, JsError> {
    to_js(&crate::Options::default())
}

/// The optional features compiled into this module (`["files"]` for the full module).
#[wasm_bindgen]
pub fn features() -> Vec<String> {
    let mut f = Vec::new();
    if cfg!(feature = "files") {
        f.push("files".to_string());
    }
    f
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
