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

fn report(v: JsValue) -> Result<crate::Report, JsError> {
    serde_wasm_bindgen::from_value(v).map_err(|e| JsError::new(&format!("not a Report: {e}")))
}

/// The Report as CSV (UTF-8 with BOM, formula-like cells neutralised).
#[wasm_bindgen(js_name = toCsv)]
pub fn to_csv(r: JsValue) -> Result<String, JsError> {
    Ok(crate::export::to_csv(&report(r)?))
}

/// The Report as an HTML document that pastes into Word/WPS.
#[wasm_bindgen(js_name = toHtml)]
pub fn to_html(r: JsValue) -> Result<String, JsError> {
    Ok(crate::export::to_html(&report(r)?))
}

/// The Report as Markdown.
#[wasm_bindgen(js_name = toMarkdown)]
pub fn to_markdown(r: JsValue) -> Result<String, JsError> {
    Ok(crate::export::to_markdown(&report(r)?))
}

/// The Report as an .xlsx workbook (bytes); `source` is the file name shown above the table.
#[cfg(feature = "files")]
#[wasm_bindgen(js_name = toXlsx)]
pub fn to_xlsx(r: JsValue, source: Option<String>) -> Result<Vec<u8>, JsError> {
    crate::export::to_xlsx(&report(r)?, source.as_deref()).map_err(|e| JsError::new(&e))
}

/// Benchmark hooks (cargo feature `bench`; scripts/bench.mjs builds them into a separate
/// module, never into the shipped ones). Each runs one stage on input from JS and returns
/// a count, so JS can time the stage without the cost of turning a result into JS objects.
#[cfg(feature = "bench")]
mod bench {
    use wasm_bindgen::prelude::*;

    /// The separator between cells in one string handed to the quantity hooks (one copy
    /// across the boundary instead of one per cell).
    const CELL_SEP: char = '\u{1f}';

    /// Reads `text` into a grid (the input stage alone) and returns the number of cells.
    /// `format` forces a reader ("tsv", "tabcell", …); none detects it.
    #[wasm_bindgen(js_name = benchGrid)]
    pub fn bench_grid(text: &str, format: Option<String>) -> Result<usize, JsError> {
        let format = match format {
            None => None,
            Some(f) => Some(
                serde_json::from_value(serde_json::Value::String(f.clone()))
                    .map_err(|_| JsError::new(&format!("unknown format {f:?}")))?,
            ),
        };
        let grid = crate::input::read(text, format);
        Ok(grid.tables.iter().flat_map(|t| &t.rows).map(|r| r.cells.len()).sum())
    }

    /// Does nothing with `text` but take it: the cost of the string crossing into wasm
    /// (UTF-16 → UTF-8 copy), to subtract from the other hooks. Returns its UTF-8 length.
    #[wasm_bindgen(js_name = benchPass)]
    pub fn bench_pass(text: &str) -> usize {
        text.len()
    }

    /// The whole analysis without converting the Report into JS objects; returns the
    /// number of rows.
    #[wasm_bindgen(js_name = benchAnalyze)]
    pub fn bench_analyze(text: &str) -> usize {
        crate::analyze(text, &crate::Options::default()).rows.len()
    }

    /// Runs the quantities scanner over cells joined by U+001F, one scratch buffer for all
    /// (as the analysis reads its cells); returns how many quantities it found in all.
    #[wasm_bindgen(js_name = benchQuantities)]
    pub fn bench_quantities(cells: &str) -> usize {
        let mut scratch = crate::numbers::Scratch::default();
        cells.split(CELL_SEP).map(|c| crate::numbers::quantities_with(c, &mut scratch).len()).sum()
    }

    /// The quantities of each cell (cells joined by U+001F) as JSON:
    /// `[[{text, number, unit, start, end}]]`, offsets in UTF-16 units, end exclusive.
    #[wasm_bindgen(js_name = benchQuantitiesJson)]
    pub fn bench_quantities_json(cells: &str) -> String {
        let out: Vec<Vec<serde_json::Value>> = cells
            .split(CELL_SEP)
            .map(|c| {
                crate::numbers::quantities(c)
                    .into_iter()
                    .map(|q| {
                        serde_json::json!({
                            "text": q.text,
                            "number": q.number,
                            "unit": q.unit,
                            "start": crate::span::utf16_offset(c, q.span[0]),
                            "end": crate::span::utf16_offset(c, q.span[1]),
                        })
                    })
                    .collect()
            })
            .collect();
        serde_json::to_string(&out).unwrap_or_default()
    }
}
