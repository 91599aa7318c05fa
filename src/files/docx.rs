//! A Word document (`word/document.xml`) → a [`Grid`]: every top-level table (`w:tbl`),
//! paragraphs inside a cell joined by `\n`, merged cells (`w:gridSpan` repeats a cell
//! over the columns it covers, `w:vMerge` gives the first cell's text to every row it
//! spans), nested tables flattened into their cell, Word's automatic list numbering
//! (`w:numPr`) written out and the cell marked `generated`, paragraphs above the first
//! table as the preamble and the others as loose text.
//!
//! BE ADVISED: the parser is a flat loop over XML events with depth counters, never a
//! recursion, so a document nesting tables a thousand deep costs nothing more than a
//! long one.

use super::{attr, each_event, relationships, rels_path, resolve, Package};
use crate::input::{Cell, Grid, GridRow, Table};
use crate::model::Warning;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;

/// How Word numbers one list level.
#[derive(Debug, Clone, PartialEq)]
struct Level {
    start: i64,
    fmt: String,
    text: String,
}

/// `numbering.xml` (+ numbering given by paragraph styles in `styles.xml`).
#[derive(Debug, Default)]
struct Numbering {
    /// abstractNumId → level → definition.
    abstracts: HashMap<String, HashMap<u8, Level>>,
    /// numId → (abstractNumId, level → start override).
    nums: HashMap<String, (String, HashMap<u8, i64>)>,
    /// paragraph styleId → (numId, ilvl).
    styles: HashMap<String, (String, u8)>,
    /// numId → the current count per level.
    counters: HashMap<String, [Option<i64>; 9]>,
}

impl Numbering {
    fn level(&self, num: &str, ilvl: u8) -> (Level, Option<i64>) {
        let (abs, over) = match self.nums.get(num) {
            Some((a, o)) => (self.abstracts.get(a), o.get(&ilvl).copied()),
            None => (None, None),
        };
        let lvl = abs.and_then(|a| a.get(&ilvl)).cloned().unwrap_or(Level {
            start: 1,
            fmt: "decimal".into(),
            text: format!("%{}.", ilvl + 1),
        });
        (lvl, over)
    }

    /// Counts one numbered paragraph and returns the label Word shows for it ("3.", "（二）").
    fn next_label(&mut self, num: &str, ilvl: u8) -> Option<String> {
        let ilvl = ilvl.min(8);
        let (lvl, over) = self.level(num, ilvl);
        let start = over.unwrap_or(lvl.start);
        let mut starts = [1i64; 9];
        for (k, s) in starts.iter_mut().enumerate() {
            let (l, o) = self.level(num, k as u8);
            *s = o.unwrap_or(l.start);
        }
        let fmts: Vec<String> = (0..9u8).map(|k| self.level(num, k).0.fmt).collect();
        let c = self.counters.entry(num.to_string()).or_insert([None; 9]);
        let i = ilvl as usize;
        c[i] = Some(match c[i] {
            Some(n) => n.saturating_add(1),
            None => start,
        });
        for deeper in c.iter_mut().skip(i + 1) {
            *deeper = None;
        }
        if matches!(lvl.fmt.as_str(), "bullet" | "none") {
            return None;
        }
        // "%1.%2" → the counters of levels 1 and 2 in their formats.
        let mut out = String::new();
        let mut chars = lvl.text.chars().peekable();
        while let Some(ch) = chars.next() {
            if ch == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let k = (d as usize).saturating_sub(1).min(8);
                    let n = c[k].unwrap_or(starts[k]);
                    out.push_str(&format_number(n, &fmts[k]));
                    continue;
                }
            }
            out.push(ch);
        }
        let out = out.trim().to_string();
        (!out.is_empty()).then_some(out)
    }
}

/// A counter in one of Word's number formats.
fn format_number(n: i64, fmt: &str) -> String {
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "ideographDigital"
        | "japaneseCounting"
        | "taiwaneseCounting" => chinese(n),
        "upperLetter" | "lowerLetter" if n >= 1 => {
            let base = if fmt == "upperLetter" { b'A' } else { b'a' };
            let k = ((n - 1) % 26) as u8;
            let times = ((n - 1) / 26 + 1).min(10) as usize;
            std::iter::repeat_n((base + k) as char, times).collect()
        }
        "upperRoman" | "lowerRoman" if (1..4000).contains(&n) => {
            let r = roman(n);
            if fmt == "lowerRoman" {
                r.to_lowercase()
            } else {
                r
            }
        }
        "decimalZero" if (0..10).contains(&n) => format!("0{n}"),
        _ => n.to_string(),
    }
}

fn chinese(n: i64) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if !(0..10000).contains(&n) {
        return n.to_string();
    }
    let n = n as usize;
    if n < 10 {
        return D[n].to_string();
    }
    let mut out = String::new();
    let parts = [(n / 1000, "千"), (n / 100 % 10, "百"), (n / 10 % 10, "十")];
    let mut zero = false;
    for (d, unit) in parts {
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        if !(d == 1 && unit == "十" && out.is_empty()) {
            out.push_str(D[d]);
        }
        out.push_str(unit);
    }
    if n % 10 != 0 {
        if zero {
            out.push('零');
        }
        out.push_str(D[n % 10]);
    }
    out
}

fn roman(mut n: i64) -> String {
    const R: [(i64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in R {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

fn val(e: &BytesStart) -> Option<String> {
    attr(e, b"val")
}

fn parse_numbering(xml: &[u8], n: &mut Numbering) {
    let mut abs: Option<String> = None;
    let mut num: Option<String> = None;
    let mut lvl: Option<(u8, Level)> = None;
    let mut over_lvl: Option<u8> = None;
    each_event(xml, |ev| match ev {
        Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
            b"abstractNum" => abs = attr(&e, b"abstractNumId"),
            b"num" => {
                num = attr(&e, b"numId");
                if let Some(id) = &num {
                    n.nums.entry(id.clone()).or_default();
                }
            }
            b"lvl" if abs.is_some() => {
                let i = attr(&e, b"ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                lvl = Some((i, Level { start: 1, fmt: "decimal".into(), text: format!("%{}.", i + 1) }));
            }
            b"lvlOverride" => over_lvl = attr(&e, b"ilvl").and_then(|v| v.parse().ok()),
            b"start" => {
                if let (Some((_, l)), Some(v)) = (&mut lvl, val(&e)) {
                    l.start = v.parse().unwrap_or(1);
                }
            }
            b"numFmt" => {
                if let (Some((_, l)), Some(v)) = (&mut lvl, val(&e)) {
                    l.fmt = v;
                }
            }
            b"lvlText" => {
                if let (Some((_, l)), Some(v)) = (&mut lvl, val(&e)) {
                    l.text = v;
                }
            }
            b"abstractNumId" => {
                if let (Some(id), Some(v)) = (&num, val(&e)) {
                    n.nums.entry(id.clone()).or_default().0 = v;
                }
            }
            b"startOverride" => {
                if let (Some(id), Some(i), Some(v)) = (&num, over_lvl, val(&e).and_then(|v| v.parse().ok())) {
                    n.nums.entry(id.clone()).or_default().1.insert(i, v);
                }
            }
            _ => {}
        },
        Event::End(e) => match e.local_name().as_ref() {
            b"lvl" => {
                if let (Some(a), Some((i, l))) = (&abs, lvl.take()) {
                    n.abstracts.entry(a.clone()).or_default().insert(i, l);
                }
            }
            b"abstractNum" => abs = None,
            b"num" => num = None,
            b"lvlOverride" => over_lvl = None,
            _ => {}
        },
        _ => {}
    });
}

/// Paragraph styles that carry numbering (`w:style/w:pPr/w:numPr`).
fn parse_styles(xml: &[u8], n: &mut Numbering) {
    let mut style: Option<String> = None;
    let (mut num, mut ilvl): (Option<String>, u8) = (None, 0);
    each_event(xml, |ev| match ev {
        Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
            b"style" => {
                style = (attr(&e, b"type").as_deref() == Some("paragraph")).then(|| attr(&e, b"styleId")).flatten();
                num = None;
                ilvl = 0;
            }
            b"numId" if style.is_some() => num = val(&e),
            b"ilvl" if style.is_some() => ilvl = val(&e).and_then(|v| v.parse().ok()).unwrap_or(0),
            _ => {}
        },
        Event::End(e) if e.local_name().as_ref() == b"style" => {
            if let (Some(s), Some(id)) = (style.take(), num.take()) {
                n.styles.insert(s, (id, ilvl));
            }
        }
        _ => {}
    });
}

/// A vertical merge mark on a cell.
#[derive(Debug, Clone, Copy, PartialEq)]
enum VMerge {
    No,
    Restart,
    Continue,
}

#[derive(Debug)]
struct RawCell {
    text: String,
    span: usize,
    vmerge: VMerge,
    generated: bool,
}

impl RawCell {
    fn new() -> Self {
        RawCell { text: String::new(), span: 1, vmerge: VMerge::No, generated: false }
    }
}

/// Everything the event loop tracks.
#[derive(Default)]
struct State {
    grid: Grid,
    /// Table nesting depth (1 = a top-level table).
    tbl: usize,
    rows: Vec<Vec<(Cell, VMerge)>>,
    row: Vec<RawCell>,
    grid_before: usize,
    cell: Option<RawCell>,
    /// Paragraph nesting (text boxes put paragraphs inside paragraphs).
    para_depth: usize,
    para: String,
    num_id: Option<String>,
    num_lvl: u8,
    style: Option<String>,
    in_ppr: usize,
    in_numpr: usize,
    in_change: usize,
    in_run: usize,
    in_t: usize,
    /// Inside content that is not shown (mc:Fallback duplicates, moved-away text).
    skip: usize,
    seen_table: bool,
}

impl State {
    fn end_paragraph(&mut self, numbering: &mut Numbering) {
        let mut text = std::mem::take(&mut self.para);
        let num = match self.num_id.take() {
            Some(id) => Some((id, self.num_lvl)),
            None => self.style.as_ref().and_then(|s| numbering.styles.get(s)).cloned(),
        };
        self.style = None;
        self.num_lvl = 0;
        let mut generated = false;
        if let Some((id, lvl)) = num.filter(|(id, _)| id != "0") {
            // The list is counted either way; its number is written out only where the text
            // holds no figure of its own (a typed "1" under a numbered list would become "1 1").
            let label = numbering.next_label(&id, lvl);
            let has_digit = text.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
            if let Some(label) = label.filter(|_| !has_digit) {
                text = if text.trim().is_empty() { label } else { format!("{label} {}", text.trim_start()) };
                generated = true;
            }
        }
        if self.tbl > 0 {
            if let Some(c) = &mut self.cell {
                if !c.text.is_empty() {
                    c.text.push('\n');
                }
                c.text.push_str(&text);
                c.generated |= generated;
                return;
            }
        }
        let t = text.trim();
        if t.is_empty() {
            return;
        }
        if self.seen_table {
            self.grid.loose.push((t.to_string(), None));
        } else {
            self.grid.preamble.push(t.to_string());
        }
    }

    fn end_row(&mut self) {
        let mut cells: Vec<(Cell, VMerge)> = Vec::new();
        for _ in 0..std::mem::take(&mut self.grid_before) {
            cells.push((Cell::default(), VMerge::No));
        }
        for raw in std::mem::take(&mut self.row) {
            let mut cell = Cell::new(&raw.text);
            cell.generated = raw.generated && !cell.text.is_empty();
            // A cell spanning columns shows up once per column it covers.
            for _ in 0..raw.span.clamp(1, 64) {
                cells.push((cell.clone(), raw.vmerge));
            }
        }
        self.rows.push(cells);
    }

    fn end_table(&mut self) {
        let rows = std::mem::take(&mut self.rows);
        let mut table = Table::default();
        let mut above: Vec<Cell> = Vec::new();
        for row in rows {
            let mut cells = Vec::with_capacity(row.len());
            for (j, (cell, vm)) in row.into_iter().enumerate() {
                // A continued vertical merge holds the text of the cell where the merge began.
                let c = match (vm, above.get(j)) {
                    (VMerge::Continue, Some(up)) if cell.text.is_empty() => up.clone(),
                    _ => cell,
                };
                cells.push(c);
            }
            above.clone_from(&cells);
            table.rows.push(GridRow { cells, line: None });
        }
        self.grid.tables.push(table);
    }
}

/// Reads the Word document whose main part is `main`.
pub fn read(pkg: &mut Package, main: &str) -> Result<Grid, String> {
    let doc = pkg.read(main)?.ok_or_else(|| format!("the Word document has no {main}: the file is damaged"))?;
    let mut numbering = Numbering::default();
    let rels = pkg.read(&rels_path(main))?.unwrap_or_default();
    let rels = relationships(&rels);
    let part = |kind: &str, default: &str| {
        rels.iter()
            .find(|(_, t, _)| t.ends_with(kind))
            .map(|(_, _, target)| resolve(main, target))
            .unwrap_or_else(|| default.to_string())
    };
    if let Some(xml) = pkg.read(&part("/numbering", "word/numbering.xml"))? {
        parse_numbering(&xml, &mut numbering);
    }
    if let Some(xml) = pkg.read(&part("/styles", "word/styles.xml"))? {
        parse_styles(&xml, &mut numbering);
    }
    let mut st = State::default();
    let mut r = quick_xml::Reader::from_reader(doc.as_slice());
    loop {
        let ev = match r.read_event() {
            Ok(Event::Eof) => break,
            Ok(ev) => ev,
            Err(e) => {
                st.grid.warnings.push(Warning::new(
                    "damaged_file",
                    format!(
                        "{main} is damaged near byte {} ({e}); text after that point was not read",
                        r.error_position()
                    ),
                    None,
                ));
                break;
            }
        };
        match ev {
            Event::Start(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if st.skip > 0 {
                    if matches!(name, b"Fallback" | b"moveFrom") {
                        st.skip += 1;
                    }
                    continue;
                }
                match name {
                    b"Fallback" | b"moveFrom" => st.skip += 1,
                    b"tbl" => {
                        st.tbl += 1;
                        st.seen_table = true;
                    }
                    b"tr" if st.tbl == 1 => {
                        st.row.clear();
                        st.grid_before = 0;
                    }
                    b"tc" if st.tbl == 1 => st.cell = Some(RawCell::new()),
                    b"p" => {
                        if st.para_depth > 0 {
                            st.para.push('\n');
                        } else {
                            st.para.clear();
                            st.num_id = None;
                            st.style = None;
                        }
                        st.para_depth += 1;
                    }
                    b"pPr" => st.in_ppr += 1,
                    b"numPr" => st.in_numpr += 1,
                    b"pPrChange" | b"rPrChange" | b"tcPrChange" | b"trPrChange" => st.in_change += 1,
                    b"r" => st.in_run += 1,
                    b"t" if st.in_run > 0 => st.in_t += 1,
                    _ => on_empty(&mut st, &e),
                }
            }
            Event::Empty(e) => {
                if st.skip > 0 {
                    continue;
                }
                match e.local_name().as_ref() {
                    b"tc" if st.tbl == 1 => st.row.push(RawCell::new()),
                    b"p" if st.para_depth > 0 => st.para.push('\n'),
                    _ => on_empty(&mut st, &e),
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if st.skip > 0 {
                    if matches!(name, b"Fallback" | b"moveFrom") {
                        st.skip -= 1;
                    }
                    continue;
                }
                match name {
                    b"tbl" => {
                        if st.tbl == 1 {
                            st.end_table();
                        }
                        st.tbl = st.tbl.saturating_sub(1);
                    }
                    b"tr" if st.tbl == 1 => st.end_row(),
                    b"tc" if st.tbl == 1 => {
                        if let Some(c) = st.cell.take() {
                            st.row.push(c);
                        }
                    }
                    b"p" => {
                        st.para_depth = st.para_depth.saturating_sub(1);
                        if st.para_depth == 0 {
                            st.end_paragraph(&mut numbering);
                        }
                    }
                    b"pPr" => st.in_ppr = st.in_ppr.saturating_sub(1),
                    b"numPr" => st.in_numpr = st.in_numpr.saturating_sub(1),
                    b"pPrChange" | b"rPrChange" | b"tcPrChange" | b"trPrChange" => {
                        st.in_change = st.in_change.saturating_sub(1)
                    }
                    b"r" => st.in_run = st.in_run.saturating_sub(1),
                    b"t" => st.in_t = st.in_t.saturating_sub(1),
                    _ => {}
                }
            }
            Event::Text(t) if st.in_t > 0 && st.skip == 0 && st.para_depth > 0 => match t.unescape() {
                Ok(s) => st.para.push_str(&s),
                Err(_) => st.para.push_str(&String::from_utf8_lossy(&t)),
            },
            Event::CData(t) if st.in_t > 0 && st.skip == 0 && st.para_depth > 0 => {
                st.para.push_str(&String::from_utf8_lossy(&t));
            }
            _ => {}
        }
    }
    // A document cut short inside a table still gives what was read.
    if st.tbl > 0 {
        if st.cell.is_some() {
            if let Some(c) = st.cell.take() {
                st.row.push(c);
            }
        }
        if !st.row.is_empty() {
            st.end_row();
        }
        st.end_table();
    }
    if st.grid.tables.iter().all(|t| t.rows.is_empty()) {
        return Err("no table in this Word document".into());
    }
    Ok(st.grid)
}

/// Elements that matter whether written as `<x/>` or `<x>…</x>`.
fn on_empty(st: &mut State, e: &BytesStart) {
    let in_props = st.in_change == 0;
    match e.local_name().as_ref() {
        b"tab" if st.in_run > 0 && st.para_depth > 0 => st.para.push(' '),
        b"br" | b"cr" if st.in_run > 0 && st.para_depth > 0 => st.para.push('\n'),
        b"noBreakHyphen" if st.in_run > 0 => st.para.push('-'),
        b"numId" if st.in_numpr > 0 && st.in_ppr > 0 && in_props && st.para_depth == 1 => st.num_id = val(e),
        b"ilvl" if st.in_numpr > 0 && st.in_ppr > 0 && in_props && st.para_depth == 1 => {
            st.num_lvl = val(e).and_then(|v| v.parse().ok()).unwrap_or(0)
        }
        b"pStyle" if st.in_ppr > 0 && in_props && st.para_depth == 1 => st.style = val(e),
        b"gridSpan" if st.tbl == 1 && in_props => {
            if let Some(c) = &mut st.cell {
                c.span = val(e).and_then(|v| v.parse().ok()).unwrap_or(1);
            }
        }
        b"vMerge" if st.tbl == 1 && in_props => {
            if let Some(c) = &mut st.cell {
                c.vmerge = match val(e).as_deref() {
                    Some("restart") => VMerge::Restart,
                    _ => VMerge::Continue,
                };
            }
        }
        b"gridBefore" if st.tbl == 1 && in_props => {
            st.grid_before = val(e).and_then(|v| v.parse().ok()).unwrap_or(0).min(64)
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        for (n, fmt, want) in [
            (3, "decimal", "3"),
            (12, "chineseCounting", "十二"),
            (20, "chineseCounting", "二十"),
            (105, "chineseCounting", "一百零五"),
            (2, "upperLetter", "B"),
            (4, "lowerRoman", "iv"),
            (7, "decimalZero", "07"),
        ] {
            assert_eq!(format_number(n, fmt), want, "{n} {fmt}");
        }
    }

    #[test]
    fn labels_count_per_list_and_level() {
        let mut n = Numbering::default();
        let xml = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="7">
            <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1、"/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
            </w:abstractNum><w:num w:numId="2"><w:abstractNumId w:val="7"/></w:num>
            <w:num w:numId="5"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride></w:num></w:numbering>"#;
        parse_numbering(xml.as_bytes(), &mut n);
        let got: Vec<Option<String>> = [("2", 0), ("2", 0), ("2", 1), ("2", 1), ("2", 0), ("5", 0)]
            .iter()
            .map(|(id, l)| n.next_label(id, *l))
            .collect();
        let want = ["3、", "4、", "（一）", "（二）", "5、", "10、"];
        assert_eq!(got, want.map(|s| Some(s.to_string())));
    }
}
