//! A [`Report`] → an .xlsx workbook: sheet 督办台账 with the title, period and source in
//! merged rows above a frozen, filterable header, one row per task with its light as the
//! cell fill *and* the word 红/黄/绿, the flag messages and short flag names in columns;
//! sheet 按单位汇总 with the lights per lead unit. Column widths fit Chinese text
//! (a CJK character counts two).
//!
//! Hand-written SpreadsheetML on `zip` (inline strings, one styles part) rather than
//! rust_xlsxwriter: this needs a dozen fixed styles and no formulas, charts or shared
//! strings, and the crate would add about 220 KB to the WebAssembly module.

use super::{columns, is_plain_number, neutralise, period_line, value, Col, Field};
use crate::model::{Light, Report};
use std::io::Write;

/// Excel's limit on the characters of one cell.
const MAX_CELL_CHARS: usize = 32_767;

// Cell formats (indexes into cellXfs in STYLES).
const S_TITLE: u8 = 1;
const S_META: u8 = 2;
const S_HEAD: u8 = 3;
const S_TEXT: u8 = 4;
const S_CENTER: u8 = 5;
const S_RED: u8 = 6;
const S_YELLOW: u8 = 7;
const S_GREEN: u8 = 8;
const S_NUMBER: u8 = 9;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="3"><font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font><font><b/><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font><font><b/><sz val="16"/><name val="黑体"/><family val="3"/><charset val="134"/></font></fonts><fills count="6"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/><bgColor indexed="64"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFEB9C"/><bgColor indexed="64"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="FFC6EFCE"/><bgColor indexed="64"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="FFD9D9D9"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="10"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="left" vertical="center"/></xf><xf numFmtId="0" fontId="1" fillId="5" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="top"/></xf><xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="top"/></xf><xf numFmtId="0" fontId="1" fillId="3" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="top"/></xf><xf numFmtId="0" fontId="1" fillId="4" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="top"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf></cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#;

const MAIN_SHEET: &str = "督办台账";
const UNIT_SHEET: &str = "按单位汇总";

/// Text for XML element content: escaped, characters XML 1.0 cannot hold written as
/// `_xHHHH_`, and a literal `_xHHHH_` protected so a reader does not decode it.
fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let n = c.len_utf8();
        if c == '_' && rest.len() >= 7 {
            let b = rest.as_bytes();
            if b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_' {
                out.push_str("_x005F_");
                rest = &rest[1..];
                continue;
            }
        }
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' => out.push(c),
            '\r' => out.push_str("_x000D_"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                out.push_str(&format!("_x{:04X}_", c as u32))
            }
            c => out.push(c),
        }
        rest = &rest[n..];
    }
    out
}

/// "A", "B", …, "AA" for a 0-based column.
fn col_letter(j: usize) -> String {
    crate::files::xlsx::col_name(j as u32 + 1)
}

/// Display width of text in Excel column units (a CJK character counts two).
fn text_width(s: &str) -> usize {
    s.lines().map(|l| l.chars().map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 }).sum::<usize>()).max().unwrap_or(0)
}

/// A sheet being written.
struct SheetXml {
    data: String,
    row: usize,
}

impl SheetXml {
    fn new() -> Self {
        SheetXml { data: String::new(), row: 0 }
    }

    fn start_row(&mut self, height: Option<f64>) {
        self.row += 1;
        match height {
            Some(h) => self.data.push_str(&format!("<row r=\"{}\" ht=\"{h}\" customHeight=\"1\">", self.row)),
            None => self.data.push_str(&format!("<row r=\"{}\">", self.row)),
        }
    }

    fn end_row(&mut self) {
        self.data.push_str("</row>");
    }

    /// A text cell, neutralised against formula injection and cut at Excel's limit.
    fn text(&mut self, col: usize, s: &str, style: u8) {
        let r = format!("{}{}", col_letter(col), self.row);
        if s.is_empty() {
            self.data.push_str(&format!("<c r=\"{r}\" s=\"{style}\"/>"));
            return;
        }
        let s = neutralise(s);
        let s: String = if s.chars().count() > MAX_CELL_CHARS {
            s.chars().take(MAX_CELL_CHARS - 1).chain(['…']).collect()
        } else {
            s.into_owned()
        };
        self.data.push_str(&format!(
            "<c r=\"{r}\" s=\"{style}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
            xml_text(&s)
        ));
    }

    fn number(&mut self, col: usize, n: f64, style: u8) {
        let r = format!("{}{}", col_letter(col), self.row);
        self.data.push_str(&format!("<c r=\"{r}\" s=\"{style}\"><v>{}</v></c>", crate::files::xlsx::format_number(n)));
    }
}

fn sheet_xml(body: &SheetXml, widths: &[f64], freeze_rows: usize, filter: Option<String>, merges: &[String]) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>",
    );
    x.push_str("<sheetViews><sheetView workbookViewId=\"0\">");
    if freeze_rows > 0 {
        x.push_str(&format!(
            "<pane ySplit=\"{freeze_rows}\" topLeftCell=\"A{}\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\" activeCell=\"A{0}\" sqref=\"A{0}\"/>",
            freeze_rows + 1
        ));
    }
    x.push_str("</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"14.25\"/><cols>");
    for (j, w) in widths.iter().enumerate() {
        x.push_str(&format!("<col min=\"{0}\" max=\"{0}\" width=\"{w}\" customWidth=\"1\"/>", j + 1));
    }
    x.push_str("</cols><sheetData>");
    x.push_str(&body.data);
    x.push_str("</sheetData>");
    if let Some(f) = filter {
        x.push_str(&format!("<autoFilter ref=\"{f}\"/>"));
    }
    if !merges.is_empty() {
        x.push_str(&format!("<mergeCells count=\"{}\">", merges.len()));
        for m in merges {
            x.push_str(&format!("<mergeCell ref=\"{m}\"/>"));
        }
        x.push_str("</mergeCells>");
    }
    x.push_str("<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/><pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/></worksheet>");
    x
}

fn width_cap(field: Field) -> f64 {
    match field {
        Field::Task | Field::Status => 60.0,
        Field::Problems => 50.0,
        Field::Units | Field::Partners | Field::Category => 24.0,
        Field::Extra | Field::Flags => 30.0,
        Field::Seq | Field::Light => 8.0,
    }
}

fn main_sheet(report: &Report, source: Option<&str>, cols: &[Col]) -> (String, usize, String) {
    let mut s = SheetXml::new();
    let mut merges = Vec::new();
    let last = col_letter(cols.len().saturating_sub(1));
    if let Some(t) = &report.title {
        s.start_row(Some(30.0));
        s.text(0, t, S_TITLE);
        s.end_row();
        merges.push(format!("A{0}:{last}{0}", s.row));
    }
    let mut meta: Vec<String> = Vec::new();
    if let Some(p) = period_line(report) {
        meta.push(p);
    }
    if let Some(src) = source.filter(|s| !s.is_empty()) {
        meta.push(format!("来源：{src}"));
    }
    meta.push(format!("共{}项任务，由 duban 分析生成", report.rows.len()));
    s.start_row(None);
    s.text(0, &meta.join("　　"), S_META);
    s.end_row();
    merges.push(format!("A{0}:{last}{0}", s.row));
    s.start_row(Some(20.0));
    for (j, c) in cols.iter().enumerate() {
        s.text(j, &c.header, S_HEAD);
    }
    s.end_row();
    let header_row = s.row;
    let mut widths: Vec<f64> = cols.iter().map(|c| (text_width(&c.header) + 2) as f64).collect();
    for row in &report.rows {
        s.start_row(None);
        for (j, c) in cols.iter().enumerate() {
            let v = value(row, c);
            let w = (text_width(&v) + 2) as f64;
            if let Some(cur) = widths.get_mut(j) {
                *cur = cur.max(w.min(width_cap(c.field)));
            }
            match c.field {
                Field::Seq => match row.seq {
                    Some(n) => s.number(j, f64::from(n), S_CENTER),
                    None => s.text(j, "", S_CENTER),
                },
                Field::Light => {
                    let style = match row.light {
                        Light::Red => S_RED,
                        Light::Yellow => S_YELLOW,
                        Light::Green => S_GREEN,
                        Light::None => S_CENTER,
                    };
                    s.text(j, &v, style);
                }
                Field::Extra if is_plain_number(&v) && !v.ends_with(['%', '％']) => {
                    let plain: String = v.chars().filter(|c| *c != ',').collect();
                    let keep_as_text = plain.trim_start_matches(['-', '+']).starts_with('0')
                        && !plain.trim_start_matches(['-', '+']).starts_with("0.")
                        && plain.trim_start_matches(['-', '+']) != "0"
                        || plain.len() > 15;
                    match plain.parse::<f64>() {
                        Ok(n) if !keep_as_text => s.number(j, n, S_NUMBER),
                        _ => s.text(j, &v, S_TEXT),
                    }
                }
                _ => s.text(j, &v, S_TEXT),
            }
        }
        s.end_row();
    }
    let filter = format!("A{header_row}:{last}{}", s.row.max(header_row));
    (sheet_xml(&s, &widths, header_row, Some(filter.clone()), &merges), header_row, filter)
}

fn unit_sheet(report: &Report) -> String {
    let mut s = SheetXml::new();
    let heads = ["牵头单位", "事项", "红灯", "黄灯", "绿灯", "无灯"];
    s.start_row(Some(20.0));
    for (j, h) in heads.iter().enumerate() {
        s.text(j, h, S_HEAD);
    }
    s.end_row();
    let mut name_width = 10usize;
    for u in &report.units {
        name_width = name_width.max(text_width(&u.name) + 2);
        s.start_row(None);
        s.text(0, &u.name, S_TEXT);
        for (j, (n, style)) in
            [(u.rows, S_NUMBER), (u.red, S_RED), (u.yellow, S_YELLOW), (u.green, S_GREEN), (u.none, S_NUMBER)]
                .into_iter()
                .enumerate()
        {
            s.number(j + 1, n as f64, if n > 0 { style } else { S_NUMBER });
        }
        s.end_row();
    }
    let widths = [name_width.min(40) as f64, 8.0, 8.0, 8.0, 8.0, 8.0];
    let filter = format!("A1:F{}", s.row);
    sheet_xml(&s, &widths, 1, Some(filter), &[])
}

fn workbook_xml(header_row: usize, filter: &str) -> String {
    let abs = |r: &str| {
        // "A3:J209" → "$A$3:$J$209"
        r.split(':')
            .map(|p| {
                let k = p.find(|c: char| c.is_ascii_digit()).unwrap_or(p.len());
                format!("${}${}", &p[..k], &p[k..])
            })
            .collect::<Vec<_>>()
            .join(":")
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><bookViews><workbookView/></bookViews><sheets><sheet name=\"{MAIN_SHEET}\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"{UNIT_SHEET}\" sheetId=\"2\" r:id=\"rId2\"/></sheets><definedNames><definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" hidden=\"1\">'{MAIN_SHEET}'!{}</definedName><definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'{MAIN_SHEET}'!${header_row}:${header_row}</definedName></definedNames></workbook>",
        abs(filter)
    )
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// The report as an .xlsx workbook. `source` (a file name) is shown above the table.
/// Errors only if the zip writer fails, which in memory it does not.
pub fn to_xlsx(report: &Report, source: Option<&str>) -> Result<Vec<u8>, String> {
    let cols = columns(report);
    let (sheet1, header_row, filter) = main_sheet(report, source, &cols);
    let parts: [(&str, String); 7] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("xl/workbook.xml", workbook_xml(header_row, &filter)),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.to_string()),
        ("xl/styles.xml", STYLES.to_string()),
        ("xl/worksheets/sheet1.xml", sheet1),
        ("xl/worksheets/sheet2.xml", unit_sheet(report)),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let err = |e: &dyn std::fmt::Display| format!("cannot write the .xlsx: {e}");
    for (name, xml) in &parts {
        zip.start_file(name, options).map_err(|e| err(&e))?;
        zip.write_all(xml.as_bytes()).map_err(|e| err(&e))?;
    }
    let cursor = zip.finish().map_err(|e| err(&e))?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_safe() {
        for (raw, want) in [
            ("a<b>&\"c\"", "a&lt;b&gt;&amp;&quot;c&quot;"),
            ("行1\n行2", "行1\n行2"),
            ("x\u{1}y\rz", "x_x0001_y_x000D_z"),
            ("_x0041_", "_x005F_x0041_"),
            ("_x", "_x"),
        ] {
            assert_eq!(xml_text(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn widths_count_cjk_double() {
        assert_eq!(text_width("区财政局"), 8);
        assert_eq!(text_width("ab\n区局"), 4);
    }
}
