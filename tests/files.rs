//! Office files in and out: Word/Excel readers (merged cells, list numbering, bad files),
//! the exports, the .xlsx round trip and an independent check of the workbook by openpyxl.
#![cfg(feature = "files")]

use duban::{analyze_bytes, Flag, Light, Options, Report, Severity};
use std::io::Write;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn corpus_text() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = ["../shared/corpus", "../../shared/corpus"]
        .iter()
        .map(|d| root.join(d))
        .find(|d| d.is_dir())
        .expect("the shared corpus (../shared/corpus)");
    std::fs::read_to_string(dir.join("fuling-2023h1.txt")).unwrap()
}

/// A zip container from (name, text) parts.
fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const DOCX_TYPES: &str = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const XLSX_TYPES: &str = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;

fn docx(body: &str) -> Vec<u8> {
    let doc = format!(
        r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    // Named like a spreadsheet on purpose: the content decides, not the name.
    zip_of(&[("[Content_Types].xml", DOCX_TYPES), ("word/document.xml", &doc)])
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

fn tc(props: &str, paras: &[&str]) -> String {
    let ps: String = paras.iter().map(|t| p(t)).collect();
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{ps}</w:tc>")
}

fn tr(cells: &[String]) -> String {
    format!("<w:tr>{}</w:tr>", cells.concat())
}

fn header() -> String {
    tr(&[tc("", &["序号"]), tc("", &["目标任务"]), tc("", &["完成情况"]), tc("", &["牵头责任单位"])])
}

#[test]
fn word_merged_cells_nested_tables_and_text_around() {
    let nested = format!("<w:tbl>{}</w:tbl>", tr(&[tc("", &["子项甲"]), tc("", &["子项乙"])]));
    let body = format!(
        "{}{}<w:tbl>{}{}{}{}<w:tr>{}<w:tc>{}{}</w:tc>{}{}</w:tr></w:tbl>{}",
        p("附件1"),
        p("一季度重点任务完成情况"),
        header(),
        tr(&[tc("<w:gridSpan w:val=\"4\"/>", &["一、稳增长"])]),
        tr(&[
            tc("", &["1"]),
            tc("", &["新增城镇就业8950人。"]),
            tc("", &["一季度新增就业2100人。", "完成全年24%。"]),
            tc("<w:vMerge w:val=\"restart\"/>", &["区人力社保局"]),
        ]),
        tr(&[
            tc("", &["2"]),
            tc("", &["城镇调查失业率控制在5.5%以内。"]),
            tc("", &["失业率5.2%。"]),
            tc("<w:vMerge/>", &[""]),
        ]),
        tc("", &["3"]),
        p("推进重点项目建设。"),
        nested,
        tc("", &["已开工。"]),
        tc("", &["区发展改革委"]),
        p("注：数据为快报数。"),
    );
    let r = analyze_bytes(&docx(&body), &Options::default()).unwrap();
    assert_eq!(r.preamble, ["附件1", "一季度重点任务完成情况"]);
    assert_eq!(r.rows.len(), 3, "{:#?}", r.rows);
    assert_eq!(r.rows[0].category.as_deref(), Some("一、稳增长"));
    assert_eq!(r.rows[0].status, "一季度新增就业2100人。\n完成全年24%。");
    assert_eq!(r.rows[1].units, ["区人力社保局"], "vMerge continue takes the text");
    assert_eq!(r.rows[2].task, "推进重点项目建设。\n子项甲\n子项乙");
    assert_eq!(r.rows[2].units, ["区发展改革委"]);
    assert!(
        r.warnings.iter().any(|w| w.code == "text_outside_table" && w.message.contains("注：数据为快报数。")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn word_automatic_numbering_gives_inferred_serials() {
    let bytes = std::fs::read(fixture("autonum.docx")).unwrap();
    let r = analyze_bytes(&bytes, &Options::default()).unwrap();
    let seqs: Vec<(Option<u32>, bool)> = r.rows.iter().map(|r| (r.seq, r.seq_inferred)).collect();
    assert_eq!(seqs, (1..=5).map(|n| (Some(n), true)).collect::<Vec<_>>());
    // The numbers come from the list, not from the text: the other cells are untouched.
    assert_eq!(r.rows[0].task, "地区生产总值增长6.5%。");
    assert!(r.rows.iter().all(|row| !row.flags.iter().any(|f| f.code.starts_with("seq_"))));
}

fn xlsx(sheet: &str, shared: &[&str], styles: &str) -> Vec<u8> {
    let wb = r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="说明" sheetId="1" r:id="rId1"/><sheet name="表" sheetId="2" r:id="rId2"/></sheets></workbook>"#;
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
    let notes = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>填表说明：按季度填报。</t></is></c></row></sheetData></worksheet>"#;
    let sst: String = shared.iter().map(|s| format!("<si><t xml:space=\"preserve\">{s}</t></si>")).collect();
    let sst = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{sst}<si><r><t>富</t></r><r><t>文本</t></r><rPh><t>フリガナ</t></rPh></si></sst>"#
    );
    zip_of(&[
        ("[Content_Types].xml", XLSX_TYPES),
        ("xl/workbook.xml", wb),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/worksheets/sheet1.xml", notes),
        ("xl/worksheets/sheet2.xml", sheet),
        ("xl/sharedStrings.xml", &sst),
        ("xl/styles.xml", styles),
    ])
}

#[test]
fn excel_strings_numbers_merges_and_the_sheet_with_the_table() {
    let shared = [
        "2023年一季度重点指标完成情况",
        "项目名称",
        "年度目标",
        "完成情况",
        "完成率",
        "牵头单位",
        "新增城镇就业（人）",
        "区人力社保局",
        "第一行_x000D_\n第二行",
    ];
    let styles = r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"/></cellXfs></styleSheet>"#;
    let sheet = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
      <row r="1"><c r="A1" t="s"><v>0</v></c></row>
      <row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="s"><v>2</v></c><c r="C3" t="s"><v>3</v></c><c r="D3" t="s"><v>4</v></c><c r="E3" t="s"><v>5</v></c></row>
      <row r="4"><c r="A4" t="s"><v>6</v></c><c r="B4"><v>8950</v></c><c r="C4"><v>7356.0</v></c><c r="D4" s="1"><v>0.82189999999999996</v></c><c r="E4" t="s"><v>7</v></c></row>
      <row r="5"><c r="A5" t="inlineStr"><is><t>城镇调查失业率（%）</t></is></c><c r="B5"><v>5.5</v></c><c r="C5" t="str"><f>B5-0.3</f><v>5.2</v></c><c r="D5" s="2"><v>0.5</v></c></row>
      <row r="6"><c r="A6" t="s"><v>9</v></c><c r="B6" t="s"><v>8</v></c><c r="C6"><v>1</v></c></row>
    </sheetData><mergeCells count="2"><mergeCell ref="A1:E1"/><mergeCell ref="E4:E6"/></mergeCells></worksheet>"#;
    let r = analyze_bytes(&xlsx(sheet, &shared, styles), &Options::default()).unwrap();
    assert_eq!(r.preamble, ["2023年一季度重点指标完成情况"], "{r:#?}");
    assert_eq!(r.rows.len(), 3, "{:#?}", r.rows);
    let row = |i: usize, col: &str| r.rows[i].extra.get(col).cloned().unwrap_or_default();
    assert_eq!(row(0, "项目名称"), "新增城镇就业（人）");
    assert_eq!(row(0, "年度目标"), "8950");
    assert_eq!(r.rows[0].status, "7356");
    assert_eq!(row(0, "完成率"), "82%");
    assert_eq!(row(1, "完成率"), "50.0%", "0.0% shows one decimal");
    assert_eq!(r.rows[1].status, "5.2");
    assert_eq!(row(2, "项目名称"), "富文本");
    assert_eq!(row(2, "年度目标"), "第一行\n第二行");
    // The unit merged down over three rows belongs to each.
    assert!(r.rows.iter().all(|row| row.units == ["区人力社保局"]));
    assert!(r.warnings.iter().any(|w| w.code == "sheet_skipped" && w.message.contains("说明")), "{:?}", r.warnings);
}

macro_rules! bad {
    ($name:ident, $bytes:expr, $says:expr) => {
        #[test]
        fn $name() {
            let bytes: Vec<u8> = $bytes;
            match analyze_bytes(&bytes, &Options::default()) {
                Ok(r) => panic!("expected an error, got {} rows", r.rows.len()),
                Err(e) => assert!(e.contains($says), "message {e:?} should say {:?}", $says),
            }
        }
    };
}

fn noise(n: usize) -> Vec<u8> {
    let mut x: u32 = 12345;
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect()
}

fn seed_xlsx_cut(frac: f64) -> Vec<u8> {
    let b = std::fs::read(fixture("seed.xlsx")).unwrap();
    b[..(b.len() as f64 * frac) as usize].to_vec()
}

bad!(empty_file, Vec::new(), "empty");
bad!(truncated_zip, seed_xlsx_cut(0.5), "damaged or incomplete");
bad!(random_bytes_named_xlsx, noise(20_000), "not text and not a .docx/.xlsx");
bad!(png_renamed_xlsx, [b"\x89PNG\r\n\x1a\n".as_slice(), &noise(500)].concat(), "image (PNG)");
bad!(
    ole_encrypted_or_old_binary,
    [b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".as_slice(), &noise(500)].concat(),
    "encrypted (password-protected) document or old binary .doc/.xls"
);
bad!(word_without_table, docx(&(p("通知") + &p("请各单位于6月30日前报送。"))), "no table in this Word document");
bad!(zip_of_other_things, zip_of(&[("notes.txt", "hello")]), "not a Word (.docx) or Excel (.xlsx)");
bad!(opendocument, zip_of(&[("mimetype", "application/vnd.oasis.opendocument.text")]), "OpenDocument");
bad!(
    excel_all_empty,
    xlsx(
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData/></worksheet>",
        &[],
        "<styleSheet/>"
    ),
    "no table in this Excel workbook"
);

/// Cut or damaged anywhere, a file gives a result or a message, never a panic.
#[test]
fn damaged_files_never_panic() {
    for name in ["seed.docx", "seed.xlsx", "autonum.docx"] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        let step = bytes.len() / 53 + 1;
        for cut in (0..bytes.len()).step_by(step) {
            let _ = analyze_bytes(&bytes[..cut], &Options::default());
        }
        for at in (30..bytes.len()).step_by(step) {
            let mut b = bytes.clone();
            b[at] ^= 0x5A;
            let _ = analyze_bytes(&b, &Options::default());
        }
    }
    // Odd but well-formed XML: deep nesting, a cell reference out of range, a huge merge.
    let deep = "<w:tbl><w:tr><w:tc>".repeat(5000) + &p("x");
    let _ = analyze_bytes(&docx(&deep), &Options::default());
    let sheet = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c><c r="ZZZZ9"><v>1</v></c><c t="s"><v>99</v></c></row></sheetData><mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>"#;
    let r = analyze_bytes(&xlsx(sheet, &[], "<styleSheet/>"), &Options::default()).unwrap();
    assert!(r.warnings.iter().any(|w| w.code == "merge_too_large"), "{:?}", r.warnings);
}

/// The seed report with made-up lights and flags, so the export columns have content
/// whatever the analysis stage finds.
fn seed_report() -> Report {
    let mut r = duban::analyze(&corpus_text(), &Options::default());
    let lights = [Light::Red, Light::Yellow, Light::Green, Light::None];
    for (i, row) in r.rows.iter_mut().enumerate() {
        row.light = lights[i % 4];
        if row.light != Light::None {
            row.flags.push(Flag {
                code: "risk_wording".into(),
                severity: Severity::Red,
                message: format!("第{}行：=风险表述“难度大”", i + 1),
                cell: "status".into(),
                span: None,
            });
        }
    }
    r
}

fn same_rows(a: &Report, b: &Report) {
    assert_eq!(a.rows.len(), b.rows.len());
    for (x, y) in a.rows.iter().zip(&b.rows) {
        assert_eq!((x.seq, &x.task, &x.status, &x.units), (y.seq, &y.task, &y.status, &y.units), "row {}", x.index);
    }
}

#[test]
fn xlsx_round_trip_keeps_rows_lights_and_messages() {
    let report = seed_report();
    let bytes = duban::export::to_xlsx(&report, Some("fuling-2023h1.txt")).unwrap();
    let back = analyze_bytes(&bytes, &Options::default()).unwrap();
    same_rows(&report, &back);
    assert_eq!(back.title, report.title);
    assert!(back.preamble.iter().any(|l| l.contains("来源：fuling-2023h1.txt")));
    for (x, y) in report.rows.iter().zip(&back.rows) {
        let word = duban::export::light_word(x.light);
        assert_eq!(y.extra.get("灯").map(String::as_str).unwrap_or(""), word);
        let msgs: Vec<String> = x.flags.iter().map(|f| f.message.clone()).collect();
        // The messages start with "第": not neutralised; a leading "=" would be.
        assert_eq!(y.extra.get("问题").cloned().unwrap_or_default(), msgs.join("\n"));
    }
    // The summary sheet is not read as a second table.
    assert!(back.warnings.iter().any(|w| w.message.contains("按单位汇总")));
}

#[test]
fn csv_round_trip_keeps_rows() {
    let report = seed_report();
    let csv = duban::export::to_csv(&report);
    assert!(csv.starts_with('\u{feff}'));
    let back = duban::analyze(&csv, &Options::default());
    same_rows(&report, &back);
}

/// openpyxl, an independent reader, opens the workbook and sees the sheets, the frozen
/// header, the rows and the light fills. Skipped (with a notice) when python3 or openpyxl
/// is missing: `pip install openpyxl`.
#[test]
fn exported_xlsx_opens_in_openpyxl() {
    let has = std::process::Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !has {
        eprintln!("SKIPPED exported_xlsx_opens_in_openpyxl: python3 with openpyxl not found (pip install openpyxl)");
        return;
    }
    let report = seed_report();
    let bytes = duban::export::to_xlsx(&report, Some("seed.txt")).unwrap();
    let path = std::env::temp_dir().join(format!("duban-openpyxl-{}.xlsx", std::process::id()));
    std::fs::write(&path, &bytes).unwrap();
    let script = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
head = [c.value for c in ws[3]]
light = head.index("灯") + 1
rows = []
for r in range(4, ws.max_row + 1):
    c = ws.cell(r, light)
    fill = c.fill.fgColor.rgb if c.fill and c.fill.fill_type == "solid" else None
    rows.append([ws.cell(r, 1).value, ws.cell(r, 2).value, c.value, fill])
units = wb.worksheets[1]
print(json.dumps({"sheets": wb.sheetnames, "head": head, "freeze": ws.freeze_panes,
    "title": ws["A1"].value, "merged": [str(m) for m in ws.merged_cells.ranges],
    "rows": rows, "units": units.max_row - 1, "width_b": ws.column_dimensions["B"].width}))
"#;
    let out = std::process::Command::new("python3").args(["-c", script]).arg(&path).output().unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["sheets"], serde_json::json!(["督办台账", "按单位汇总"]));
    assert_eq!(v["head"][0], "序号");
    assert_eq!(v["freeze"], "A4");
    assert_eq!(v["title"].as_str(), report.title.as_deref());
    assert!(v["merged"].as_array().unwrap().iter().any(|m| m.as_str().unwrap().starts_with("A1:")));
    assert_eq!(v["units"].as_u64(), Some(report.units.len() as u64));
    assert!(v["width_b"].as_f64().unwrap() > 20.0, "task column fits Chinese text");
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), report.rows.len());
    for (row, got) in report.rows.iter().zip(rows) {
        assert_eq!(got[0].as_u64(), row.seq.map(u64::from));
        assert_eq!(got[1].as_str(), Some(row.task.as_str()));
        let (word, fill) = match row.light {
            Light::Red => (Some("红"), Some("FFFFC7CE")),
            Light::Yellow => (Some("黄"), Some("FFFFEB9C")),
            Light::Green => (Some("绿"), Some("FFC6EFCE")),
            Light::None => (None, None),
        };
        assert_eq!((got[2].as_str(), got[3].as_str()), (word, fill), "row {}", row.index);
    }
}

#[test]
fn cli_writes_every_format() {
    let exe = env!("CARGO_BIN_EXE_duban");
    let input = fixture("seed.docx");
    for (format, check) in [
        ("csv", "\u{feff}序号,目标任务"),
        ("html", "<!DOCTYPE html>"),
        ("md", "# 上半年政府工作报告主要目标任务完成情况"),
        ("json", "{"),
        ("xlsx", "PK\u{3}\u{4}"),
    ] {
        let out = std::process::Command::new(exe).arg(&input).args(["--format", format]).output().unwrap();
        assert!(out.status.success(), "{format}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.starts_with(check.as_bytes()), "{format}");
    }
    let path = std::env::temp_dir().join(format!("duban-cli-{}.xlsx", std::process::id()));
    let out = std::process::Command::new(exe)
        .arg(fixture("seed.xlsx"))
        .args(["--format", "xlsx", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let back = analyze_bytes(&std::fs::read(&path).unwrap(), &Options::default()).unwrap();
    let _ = std::fs::remove_file(&path);
    assert_eq!(back.rows.len(), 206);
    let out = std::process::Command::new(exe).arg(fixture("nothing-here.docx")).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("duban: cannot read"));
}

#[test]
fn word_numbering_is_written_only_where_the_cell_has_no_figure() {
    let numbered = |text: &str| {
        format!(
            "<w:tc><w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"3\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"
        )
    };
    let row = |seq: String, task: &str| tr(&[seq, tc("", &[task]), tc("", &["进行中。"]), tc("", &["区财政局"])]);
    let body = format!(
        "<w:tbl>{}{}{}{}</w:tbl>",
        header(),
        row(numbered(""), "任务甲。"),
        row(numbered("2"), "任务乙。"),
        row(numbered(""), "任务丙。"),
    );
    let r = analyze_bytes(&docx(&body), &Options::default()).unwrap();
    let seqs: Vec<(Option<u32>, bool)> = r.rows.iter().map(|r| (r.seq, r.seq_inferred)).collect();
    // No numbering.xml: Word's default "%1." list; the typed "2" is kept as written.
    assert_eq!(seqs, [(Some(1), true), (Some(2), false), (Some(3), true)]);
}
