//! The only file that knows about JavaScript: decodes options, calls the core,
//! returns plain JS objects (camelCase, `null` for none).

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
