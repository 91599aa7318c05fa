//! An Excel workbook (`xl/workbook.xml`) → a [`Grid`]: the sheet that holds a table (and
//! any later sheets with the same header), cells from shared strings, inline strings,
//! numbers (integers without ".0", percent and date formats as shown), merged areas
//! filled with their top-left value (so a merged title row becomes the preamble in the
//! rows stage), line breaks inside cells kept. Hand-written on zip + quick-xml: calamine
//! would add about 250 KB to the WebAssembly module.

use super::{attr, decode_x_escapes, each_event, relationships, rels_path, resolve, Package};
use crate::input::{Cell, Grid, GridRow, Table};
use crate::model::Warning;
use quick_xml::events::Event;
use std::collections::HashMap;

/// Most columns read from a sheet (further ones are named in a warning).
const MAX_COLS: usize = 256;
/// Most cells (rows × columns) of one sheet's grid.
const MAX_CELLS: usize = 4_000_000;
/// Most cells a merged area may be filled into, per sheet.
const MAX_MERGE_FILL: usize = 1_000_000;

/// How a number is shown, from the cell's style.
#[derive(Debug, Clone, Copy, PartialEq)]
enum NumKind {
    General,
    /// A percent format with this many decimals ("0.0%" → 1).
    Percent(usize),
    Date {
        time: bool,
    },
}

/// A merged area: top-left and bottom-right (row, column), from 1.
type Area = ((u32, u32), (u32, u32));

struct Sheet {
    name: String,
    path: Option<String>,
    hidden: bool,
}

/// Reads the workbook whose main part is `main`.
pub fn read(pkg: &mut Package, main: &str) -> Result<Grid, String> {
    let wb = pkg.read(main)?.ok_or_else(|| format!("the Excel workbook has no {main}: the file is damaged"))?;
    let rels = relationships(&pkg.read(&rels_path(main))?.unwrap_or_default());
    let target = |id: &str| rels.iter().find(|(i, _, _)| i == id).map(|(_, _, t)| resolve(main, t));
    let part = |kind: &str, default: &str| {
        rels.iter()
            .find(|(_, t, _)| t.ends_with(kind))
            .map(|(_, _, t)| resolve(main, t))
            .unwrap_or_else(|| default.to_string())
    };
    let mut sheets = Vec::new();
    let mut date1904 = false;
    each_event(wb.as_slice(), |ev| match ev {
        Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
            b"sheet" => {
                let name = attr(&e, b"name").unwrap_or_default();
                let path = attr(&e, b"id").and_then(|id| target(&id));
                let hidden = matches!(attr(&e, b"state").as_deref(), Some("hidden") | Some("veryHidden"));
                sheets.push(Sheet { name, path, hidden });
            }
            b"workbookPr" => date1904 = matches!(attr(&e, b"date1904").as_deref(), Some("1") | Some("true")),
            _ => {}
        },
        _ => {}
    });
    if sheets.is_empty() {
        // No list of sheets: take the usual first one.
        sheets.push(Sheet { name: "Sheet1".into(), path: Some("xl/worksheets/sheet1.xml".into()), hidden: false });
    }
    let shared = match pkg.read(&part("/sharedStrings", "xl/sharedStrings.xml"))? {
        Some(xml) => shared_strings(&xml),
        None => Vec::new(),
    };
    let styles = match pkg.read(&part("/styles", "xl/styles.xml"))? {
        Some(xml) => number_styles(&xml),
        None => Vec::new(),
    };
    let ctx = Ctx { shared: &shared, styles: &styles, date1904 };

    let mut grid = Grid::default();
    let mut read_sheets: Vec<(String, Table)> = Vec::new();
    for s in &sheets {
        if s.hidden {
            grid.warnings.push(Warning::new("sheet_skipped", format!("hidden sheet «{}» was not read", s.name), None));
            continue;
        }
        let Some(path) = &s.path else {
            grid.warnings.push(Warning::new(
                "sheet_skipped",
                format!("sheet «{}» could not be found in the file", s.name),
                None,
            ));
            continue;
        };
        let Some(xml) = pkg.read(path)? else {
            grid.warnings.push(Warning::new(
                "sheet_skipped",
                format!("sheet «{}» is missing from the file ({path})", s.name),
                None,
            ));
            continue;
        };
        let table = sheet(&xml, &ctx, &s.name, &mut grid.warnings);
        if !table.rows.is_empty() {
            read_sheets.push((s.name.clone(), table));
        }
    }
    if read_sheets.is_empty() {
        return Err("no table in this Excel workbook (every sheet is empty)".into());
    }
    let Some(main_at) = read_sheets.iter().position(|(_, t)| holds_table(t)) else {
        return Err("no table in this Excel workbook (no sheet has two rows with two or more filled cells)".into());
    };
    let signature = header_signature(&read_sheets[main_at].1);
    let main_name = read_sheets[main_at].0.clone();
    for (i, (name, table)) in read_sheets.into_iter().enumerate() {
        let same = i == main_at || (i > main_at && holds_table(&table) && header_signature(&table) == signature);
        if same {
            grid.tables.push(table);
        } else {
            grid.warnings.push(Warning::new(
                "sheet_skipped",
                format!(
                    "sheet «{name}» ({} rows) was not read: it does not hold the same table as sheet «{main_name}»",
                    table.rows.len()
                ),
                None,
            ));
        }
    }
    Ok(grid)
}

/// Two rows with two or more filled cells: a table, not a note.
fn holds_table(t: &Table) -> bool {
    t.rows.iter().filter(|r| r.cells.iter().filter(|c| !c.text.is_empty()).count() >= 2).count() >= 2
}

/// The first row (of the first eight) with two or more distinct filled cells, squashed.
fn header_signature(t: &Table) -> Option<String> {
    t.rows.iter().take(8).find_map(|r| {
        let mut seen: Vec<String> = Vec::new();
        for c in &r.cells {
            let s: String = c.text.chars().filter(|c| !c.is_whitespace()).collect();
            if !s.is_empty() && !seen.contains(&s) {
                seen.push(s);
            }
        }
        (seen.len() >= 2).then(|| seen.join("|"))
    })
}

struct Ctx<'a> {
    shared: &'a [String],
    styles: &'a [NumKind],
    date1904: bool,
}

/// `xl/sharedStrings.xml`: the text of each `<si>` (rich-text runs joined, phonetic guides left out).
fn shared_strings(xml: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let (mut in_si, mut in_t, mut in_rph) = (false, 0usize, 0usize);
    let mut cur = String::new();
    each_event(xml, |ev| match ev {
        Event::Start(e) => match e.local_name().as_ref() {
            b"si" => {
                in_si = true;
                cur.clear();
            }
            b"t" => in_t += 1,
            b"rPh" => in_rph += 1,
            _ => {}
        },
        Event::Empty(e) if e.local_name().as_ref() == b"si" => out.push(String::new()),
        Event::End(e) => match e.local_name().as_ref() {
            b"si" => {
                in_si = false;
                out.push(decode_x_escapes(&cur));
            }
            b"t" => in_t = in_t.saturating_sub(1),
            b"rPh" => in_rph = in_rph.saturating_sub(1),
            _ => {}
        },
        Event::Text(t) if in_si && in_t > 0 && in_rph == 0 => match t.unescape() {
            Ok(s) => cur.push_str(&s),
            Err(_) => cur.push_str(&String::from_utf8_lossy(&t)),
        },
        Event::CData(t) if in_si && in_t > 0 && in_rph == 0 => cur.push_str(&String::from_utf8_lossy(&t)),
        _ => {}
    });
    out
}

/// `xl/styles.xml`: how each cell format (`cellXfs`, by index) shows numbers.
fn number_styles(xml: &[u8]) -> Vec<NumKind> {
    let mut custom: HashMap<u32, String> = HashMap::new();
    let mut ids: Vec<u32> = Vec::new();
    let mut in_xfs = false;
    each_event(xml, |ev| match ev {
        Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
            b"numFmt" => {
                if let (Some(id), Some(code)) =
                    (attr(&e, b"numFmtId").and_then(|v| v.parse().ok()), attr(&e, b"formatCode"))
                {
                    custom.insert(id, code);
                }
            }
            b"cellXfs" => in_xfs = true,
            b"xf" if in_xfs => ids.push(attr(&e, b"numFmtId").and_then(|v| v.parse().ok()).unwrap_or(0)),
            _ => {}
        },
        Event::End(e) if e.local_name().as_ref() == b"cellXfs" => in_xfs = false,
        _ => {}
    });
    ids.iter().map(|id| classify(*id, custom.get(id).map(String::as_str))).collect()
}

fn classify(id: u32, code: Option<&str>) -> NumKind {
    match id {
        9 => return NumKind::Percent(0),
        10 => return NumKind::Percent(2),
        14..=17 | 27..=31 | 34..=36 | 50..=58 => return NumKind::Date { time: false },
        18..=22 | 32 | 33 | 45..=47 => return NumKind::Date { time: true },
        _ => {}
    }
    let Some(code) = code else {
        return NumKind::General;
    };
    // Leave out quoted text, escaped characters and [colour]/[locale] parts.
    let mut bare = String::new();
    let (mut quoted, mut bracket, mut escaped) = (false, false, false);
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            _ if !quoted && !bracket => bare.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    if let Some(pct) = bare.find('%') {
        // Decimals: the 0s and #s after the point that precedes the %.
        let before = &bare[..pct];
        let decimals =
            before.rfind('.').map(|d| before[d + 1..].chars().filter(|c| matches!(c, '0' | '#')).count()).unwrap_or(0);
        NumKind::Percent(decimals)
    } else if bare.contains('y') || bare.contains('d') {
        NumKind::Date { time: bare.contains('h') }
    } else {
        NumKind::General
    }
}

/// A number as a person would write it: integers without ".0", at most 15 significant digits.
pub(crate) fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    let rounded: f64 = format!("{v:.14e}").parse().unwrap_or(v);
    format!("{rounded}")
}

/// (year, month, day) of a day count since 1970-01-01 (H. Hinnant's algorithm).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn format_date(serial: f64, time: bool, date1904: bool) -> Option<String> {
    if !(0.0..3_000_000.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let unix = if date1904 {
        days - 24_107
    } else if days < 61 {
        days - 25_568 // before Excel's phantom 1900-02-29
    } else {
        days - 25_569
    };
    let (y, m, d) = civil(unix);
    let mins = ((serial - serial.floor()) * 1440.0).round() as i64;
    Some(if time && mins > 0 {
        format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", mins / 60 % 24, mins % 60)
    } else {
        format!("{y:04}-{m:02}-{d:02}")
    })
}

/// "AB12" → (row 12, column 28), both from 1.
fn cell_ref(s: &str) -> Option<(u32, u32)> {
    let letters = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = s.bytes().take(letters).fold(0u32, |a, b| a * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1));
    let row: u32 = s.get(letters..)?.parse().ok()?;
    ((1..=1_048_576).contains(&row) && col <= 16_384).then_some((row, col))
}

/// The text a cell shows.
fn display(t: &str, v: &str, inline: &str, style: usize, ctx: &Ctx) -> String {
    match t {
        "s" => v.trim().parse::<usize>().ok().and_then(|i| ctx.shared.get(i)).cloned().unwrap_or_default(),
        "inlineStr" => decode_x_escapes(inline),
        "str" | "e" | "d" => decode_x_escapes(v),
        "b" => match v.trim() {
            "1" => "TRUE".into(),
            "0" => "FALSE".into(),
            o => o.into(),
        },
        _ => {
            let Ok(n) = v.trim().parse::<f64>() else {
                return v.to_string();
            };
            match ctx.styles.get(style).copied().unwrap_or(NumKind::General) {
                NumKind::General => format_number(n),
                NumKind::Percent(d) => format!("{:.*}%", d.min(10), n * 100.0),
                NumKind::Date { time } => format_date(n, time, ctx.date1904).unwrap_or_else(|| format_number(n)),
            }
        }
    }
}

/// One worksheet → a table (empty rows and columns dropped, merged areas filled).
fn sheet(xml: &[u8], ctx: &Ctx, name: &str, warnings: &mut Vec<Warning>) -> Table {
    let mut cells: HashMap<(u32, u32), String> = HashMap::new();
    let mut merges: Vec<Area> = Vec::new();
    let mut r = quick_xml::Reader::from_reader(xml);
    let (mut row, mut next_col) = (0u32, 1u32);
    let mut pos = (0u32, 0u32);
    let (mut t, mut style) = (String::new(), 0usize);
    let (mut v, mut inline) = (String::new(), String::new());
    let (mut in_c, mut in_v, mut in_is, mut in_t, mut in_rph) = (false, false, false, 0usize, 0usize);
    loop {
        let ev = match r.read_event() {
            Ok(Event::Eof) => break,
            Ok(ev) => ev,
            Err(e) => {
                warnings.push(Warning::new(
                    "damaged_file",
                    format!(
                        "sheet «{name}» is damaged near byte {} ({e}); cells after that point were not read",
                        r.error_position()
                    ),
                    None,
                ));
                break;
            }
        };
        let empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"row" => {
                    row = attr(&e, b"r")
                        .and_then(|v| v.parse().ok())
                        .filter(|r| (1..=1_048_576).contains(r))
                        .unwrap_or(row.saturating_add(1));
                    next_col = 1;
                }
                b"c" => {
                    pos = attr(&e, b"r").and_then(|s| cell_ref(&s)).unwrap_or((row.max(1), next_col));
                    next_col = pos.1.saturating_add(1);
                    t = attr(&e, b"t").unwrap_or_default();
                    style = attr(&e, b"s").and_then(|v| v.parse().ok()).unwrap_or(0);
                    v.clear();
                    inline.clear();
                    in_c = !empty;
                }
                b"v" if in_c && !empty => in_v = true,
                b"is" if in_c && !empty => in_is = true,
                b"t" if in_is && !empty => in_t += 1,
                b"rPh" if !empty => in_rph += 1,
                b"mergeCell" => {
                    if let Some(rf) = attr(&e, b"ref") {
                        let mut it = rf.split(':').map(cell_ref);
                        if let (Some(Some(a)), Some(Some(b))) = (it.next(), it.next()) {
                            merges.push(((a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0), a.1.max(b.1))));
                        }
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"c" if in_c => {
                    in_c = false;
                    let text = display(&t, &v, &inline, style, ctx);
                    let cell = Cell::new(&text.replace("\r\n", "\n"));
                    if !cell.text.is_empty() {
                        cells.insert(pos, cell.text);
                    }
                }
                b"v" => in_v = false,
                b"is" => in_is = false,
                b"t" => in_t = in_t.saturating_sub(1),
                b"rPh" => in_rph = in_rph.saturating_sub(1),
                _ => {}
            },
            Event::Text(x) if in_v || (in_t > 0 && in_rph == 0) => {
                let s = match x.unescape() {
                    Ok(s) => s.into_owned(),
                    Err(_) => String::from_utf8_lossy(&x).into_owned(),
                };
                if in_v {
                    v.push_str(&s);
                } else {
                    inline.push_str(&s);
                }
            }
            _ => {}
        }
    }
    fill_merges(&mut cells, &merges, name, warnings);
    dense(cells, name, warnings)
}

/// Gives every cell of a merged area its top-left value (clipped to where data is).
fn fill_merges(cells: &mut HashMap<(u32, u32), String>, merges: &[Area], name: &str, warnings: &mut Vec<Warning>) {
    let max_row = cells.keys().map(|k| k.0).max().unwrap_or(0);
    let max_col = cells.keys().map(|k| k.1).max().unwrap_or(0);
    let mut budget = MAX_MERGE_FILL;
    for &(a, b) in merges {
        let Some(value) = cells.get(&a).cloned() else {
            continue;
        };
        let (r2, c2) = (b.0.min(max_row), b.1.min(max_col));
        let area = (r2.saturating_sub(a.0) as usize + 1) * (c2.saturating_sub(a.1) as usize + 1);
        if area > budget {
            warnings.push(Warning::new(
                "merge_too_large",
                format!(
                    "sheet «{name}»: merged areas too large to fill; the value of {} was kept in its first cell only",
                    col_name(a.1) + &a.0.to_string()
                ),
                None,
            ));
            break;
        }
        budget -= area;
        for r in a.0..=r2 {
            for c in a.1..=c2 {
                cells.entry((r, c)).or_insert_with(|| value.clone());
            }
        }
    }
}

/// A column's letters: 1 → "A", 28 → "AB".
pub(crate) fn col_name(mut c: u32) -> String {
    let mut s = Vec::new();
    while c > 0 {
        let k = (c - 1) % 26;
        s.push(b'A' + k as u8);
        c = (c - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Sparse cells → rows of cells over the columns that hold anything.
fn dense(cells: HashMap<(u32, u32), String>, name: &str, warnings: &mut Vec<Warning>) -> Table {
    let mut cols: Vec<u32> = cells.keys().map(|k| k.1).collect();
    cols.sort_unstable();
    cols.dedup();
    if cols.len() > MAX_COLS {
        let last = cols[MAX_COLS - 1];
        let dropped = cells.keys().filter(|k| k.1 > last).count();
        warnings.push(Warning::new(
            "too_many_columns",
            format!(
                "sheet «{name}» has {} filled columns; only the first {MAX_COLS} were read ({dropped} cells after column {} were dropped)",
                cols.len(),
                col_name(last)
            ),
            None,
        ));
        cols.truncate(MAX_COLS);
    }
    let at: HashMap<u32, usize> = cols.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let mut rows: Vec<u32> = cells.keys().map(|k| k.0).collect();
    rows.sort_unstable();
    rows.dedup();
    let max_rows = MAX_CELLS / cols.len().max(1);
    if rows.len() > max_rows {
        warnings.push(Warning::new(
            "too_many_rows",
            format!(
                "sheet «{name}» is too large: only its first {max_rows} filled rows were read (up to row {})",
                rows[max_rows - 1]
            ),
            Some(rows[max_rows] as usize),
        ));
        rows.truncate(max_rows);
    }
    let row_at: HashMap<u32, usize> = rows.iter().enumerate().map(|(i, r)| (*r, i)).collect();
    let mut table = Table {
        rows: rows
            .iter()
            .map(|r| GridRow { cells: vec![Cell::default(); cols.len()], line: Some(*r as usize) })
            .collect(),
    };
    for ((r, c), text) in cells {
        if let (Some(&i), Some(&j)) = (row_at.get(&r), at.get(&c)) {
            if let Some(cell) = table.rows.get_mut(i).and_then(|row| row.cells.get_mut(j)) {
                cell.text = text;
            }
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_written() {
        for (v, want) in
            [(8950.0, "8950"), (-9.8, "-9.8"), (0.1 + 0.2, "0.3"), (36.05, "36.05"), (1e20, "100000000000000000000")]
        {
            assert_eq!(format_number(v), want, "{v}");
        }
    }

    #[test]
    fn refs_and_dates() {
        assert_eq!(cell_ref("A1"), Some((1, 1)));
        assert_eq!(cell_ref("ab12"), Some((12, 28)));
        assert_eq!(cell_ref("XFE1"), None);
        assert_eq!(cell_ref("A0"), None);
        assert_eq!(col_name(28), "AB");
        assert_eq!(format_date(45107.0, false, false).as_deref(), Some("2023-06-30"));
        assert_eq!(format_date(45107.5, true, false).as_deref(), Some("2023-06-30 12:00"));
        assert_eq!(classify(164, Some("0.0%")), NumKind::Percent(1));
        assert_eq!(classify(9, None), NumKind::Percent(0));
        assert_eq!(classify(165, Some("yyyy\"年\"m\"月\"d\"日\"")), NumKind::Date { time: false });
        assert_eq!(classify(166, Some("#,##0.00\"元\"")), NumKind::General);
    }
}
