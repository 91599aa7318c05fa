//! HTML tables (clipboard `text/html` from Word/WPS/Excel/browsers, saved `.htm` pages)
//! → a [`Grid`]: one [`Table`] per `<table>`, text above the first table as preamble,
//! other text outside cells as loose paragraphs.
//!
//! A hand-written, tolerant tokenizer (no html5ever: the wasm module must stay small).
//! It knows only what a table needs: `<table>`, row groups, `<tr>`, `<td>`/`<th>` with
//! `rowspan`/`colspan`, block tags and `<br>` (line breaks inside a cell), `<caption>`,
//! comments and Word's conditional comments, entities, and the elements whose content
//! is never text (`<style>`, `<script>`, `<xml>`, `<template>`, `<title>`). Every other
//! tag is dropped and its content kept, so Word's `mso` span soup reads as plain text.
//!
//! BE ADVISED: there is no element tree. The only stack is one of open tables (capped at
//! [`MAX_TABLE_DEPTH`]); tags a browser would use to repair a malformed document are
//! implied instead (a `<td>` closes the open cell, a `<tr>` the open row, the end of the
//! input every open table), each repair that changes the result named in a warning.
//! Merged cells copy their text into every row and column they cover; the copies are
//! bounded by a budget proportional to the input, so the work stays linear.

use super::{Cell, Grid, GridRow, Table};
use crate::model::Warning;

/// Largest `rowspan`/`colspan` honoured; larger values are cut to this, with a warning.
pub const MAX_SPAN: usize = 1000;
/// Tables nested deeper than this are read as plain text inside the cell that holds them.
pub const MAX_TABLE_DEPTH: usize = 8;

/// Reads HTML into a grid.
pub fn read(text: &str) -> Grid {
    let text = strip_cf_html_header(text);
    let mut p = Parser::new(text);
    p.run();
    p.finish()
}

/// Windows puts a `Version:0.9 StartHTML:… EndHTML:…` header before clipboard HTML;
/// a raw dump of it starts with those lines. They are not document text.
fn strip_cf_html_header(text: &str) -> &str {
    let t = text.trim_start();
    if t.starts_with("Version:") && t.contains("StartHTML:") {
        if let Some(i) = t.find('<') {
            return &t[i..];
        }
    }
    text
}

/// A piece of the document in source order.
enum Item {
    /// A paragraph outside any cell, with its line.
    Para(String, usize),
    /// A finished table.
    Table(Table),
}

/// Pending white space in a text buffer (HTML collapses runs of it).
#[derive(Clone, Copy, PartialEq)]
enum Ws {
    Space,
    /// The run held a line break: dropped between two East Asian wide characters
    /// (CSS Text 3 segment-break rule), a space otherwise.
    Break,
}

/// Text being collected (a cell's, or a paragraph's outside tables).
#[derive(Default)]
struct TextBuf {
    s: String,
    ws: Option<Ws>,
    /// Visible characters that came from Word's generated list numbering.
    generated: usize,
    /// Visible characters written in the source.
    written: usize,
    /// Line of the first visible character since the last paragraph break.
    first_line: Option<usize>,
}

impl TextBuf {
    fn push_ws(&mut self, is_break: bool) {
        let w = if is_break { Ws::Break } else { Ws::Space };
        self.ws = Some(match self.ws {
            Some(Ws::Break) => Ws::Break,
            _ => w,
        });
    }

    fn push_char(&mut self, c: char, generated: bool, line: usize) {
        if let Some(ws) = self.ws.take() {
            let prev = self.s.chars().next_back();
            let keep = match (ws, prev) {
                (_, None) | (_, Some('\n')) => false,
                (Ws::Break, Some(p)) => !(is_wide(p) && is_wide(c)),
                (Ws::Space, _) => true,
            };
            if keep {
                self.s.push(' ');
            }
        }
        if !c.is_whitespace() {
            if generated {
                self.generated += 1;
            } else {
                self.written += 1;
            }
        }
        if self.first_line.is_none() {
            self.first_line = Some(line);
        }
        self.s.push(c);
    }

    /// A paragraph break (`<p>`, `<br>`, `<div>`, …).
    fn newline(&mut self) {
        self.ws = None;
        if !self.s.is_empty() && !self.s.ends_with('\n') {
            self.s.push('\n');
        }
    }
}

/// East Asian wide characters (CJK ideographs, kana, hangul, full-width forms and punctuation).
pub(crate) fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// A cell being read.
struct CellBuild {
    buf: TextBuf,
    rowspan: usize,
    colspan: usize,
    line: usize,
    /// Source order of its own text and the tables nested in it (only when it holds one).
    parts: Vec<Item>,
    /// Where in `buf.s` the cell's own text since the last nested table starts.
    own_from: usize,
}

/// A merged cell reaching into rows below: covers rows `from < r < until` of its columns.
#[derive(Clone)]
struct Carry {
    from: usize,
    until: usize,
    /// Shared by every column the merged cell covers (copied into rows only when placed).
    cell: std::rc::Rc<Cell>,
}

/// A table being read.
struct TableCtx {
    rows: Vec<GridRow>,
    /// The open row: its cells so far (merged cells from above already placed).
    row: Option<GridRow>,
    cell: Option<CellBuild>,
    /// Per column, the merged cell from a row above that covers it, if any.
    carry: Vec<Option<Carry>>,
    /// Index of the first row of the current row group (spans never cross groups).
    group_start: usize,
    /// Text inside the table but outside every cell (browsers show it above the table).
    stray: TextBuf,
    /// The table's content in source order, for dissolving a layout table.
    order: Vec<Item>,
    /// Most rows of a table nested in one of its cells.
    nested_rows: usize,
    /// Lines of the tables nested in its cells.
    nested_at: Vec<usize>,
    /// A `<caption>` is open (its text is the table's title, not stray text).
    caption: bool,
    /// Line of the first text written in the table outside cells and caption.
    stray_at: Option<usize>,
    /// Merged cells from rows above reach no row at or after this index.
    carry_until: usize,
    line: usize,
}

impl TableCtx {
    fn new(line: usize) -> Self {
        TableCtx {
            rows: Vec::new(),
            row: None,
            cell: None,
            carry: Vec::new(),
            group_start: 0,
            stray: TextBuf::default(),
            order: Vec::new(),
            nested_rows: 0,
            nested_at: Vec::new(),
            caption: false,
            stray_at: None,
            carry_until: 0,
            line,
        }
    }
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    /// Line counting: `line` is the line of byte `line_pos`.
    line: usize,
    line_pos: usize,
    tables: Vec<TableCtx>,
    /// `<table>` tags ignored for depth; their `</table>` is ignored too.
    ignored_tables: usize,
    outside: TextBuf,
    items: Vec<Item>,
    warnings: Vec<Warning>,
    /// Depth of Word conditional blocks `<![if …]>`; and the depth at which `!supportLists` began.
    cond_depth: usize,
    lists_at: Option<usize>,
    /// Cells left to spend on merged-cell copies (keeps the work linear).
    budget: usize,
    budget_warned: bool,
    depth_warned: bool,
    /// Positions after which no `"` / `'` / `-->` occurs (saves rescanning to the end).
    no_dq_from: usize,
    no_sq_from: usize,
    no_comment_end_from: usize,
    page_title: Option<(String, usize)>,
}

fn warn(w: &mut Vec<Warning>, code: &str, msg: impl Into<String>, line: usize) {
    w.push(Warning::new(code, msg, Some(line)));
}

/// A short excerpt of `s` for a warning (at most 30 characters).
fn excerpt(s: &str) -> String {
    let t: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = t.chars().take(30).collect();
    if t.chars().count() > 30 {
        out.push('…');
    }
    out
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        Parser {
            src,
            pos: 0,
            line: 1,
            line_pos: 0,
            tables: Vec::new(),
            ignored_tables: 0,
            outside: TextBuf::default(),
            items: Vec::new(),
            warnings: Vec::new(),
            cond_depth: 0,
            lists_at: None,
            budget: 200_000 + 2 * src.len(),
            budget_warned: false,
            depth_warned: false,
            no_dq_from: usize::MAX,
            no_sq_from: usize::MAX,
            no_comment_end_from: usize::MAX,
            page_title: None,
        }
    }

    /// The 1-based line of byte `at` (`at` never goes backwards between calls).
    fn line_at(&mut self, at: usize) -> usize {
        let at = at.min(self.src.len());
        if at > self.line_pos {
            let b = self.src.as_bytes();
            self.line += b[self.line_pos..at].iter().filter(|c| **c == b'\n').count();
            self.line_pos = at;
        }
        self.line
    }

    fn run(&mut self) {
        let b = self.src.as_bytes();
        while self.pos < b.len() {
            let c = b[self.pos];
            if c == b'<' {
                self.markup();
            } else if c == b'&' {
                let (s, len) = entity(&self.src[self.pos..]);
                let line = self.line_at(self.pos);
                self.pos += len;
                match s {
                    Ent::Char(ch) => self.text_char(ch, line),
                    Ent::Literal => self.text_char('&', line),
                }
            } else {
                // A run of plain text up to the next '<' or '&'.
                let start = self.pos;
                let end = b[start..].iter().position(|c| *c == b'<' || *c == b'&').map_or(b.len(), |k| start + k);
                self.pos = end;
                self.text_run(start, end);
            }
        }
        self.end_of_input();
    }

    fn text_run(&mut self, start: usize, end: usize) {
        let line0 = self.line_at(start);
        let mut line = line0;
        let s = &self.src[start..end];
        for ch in s.chars() {
            match ch {
                '\n' => {
                    line += 1;
                    self.sink().push_ws(true);
                }
                ' ' | '\t' | '\r' | '\x0c' => self.sink().push_ws(false),
                _ => self.text_char(ch, line),
            }
        }
    }

    fn text_char(&mut self, ch: char, line: usize) {
        let ch = if ch == '\u{a0}' { ' ' } else { ch };
        let generated = self.lists_at.is_some();
        if let Some(t) = self.tables.last_mut() {
            if t.cell.is_none() && !t.caption && !ch.is_whitespace() && t.stray_at.is_none() {
                t.stray_at = Some(line);
            }
        }
        self.sink().push_char(ch, generated, line);
    }

    /// Where text goes now: the open cell, the table's stray text, or the outside paragraph.
    fn sink(&mut self) -> &mut TextBuf {
        match self.tables.last_mut() {
            Some(t) => match t.cell.as_mut() {
                Some(c) => &mut c.buf,
                None => &mut t.stray,
            },
            None => &mut self.outside,
        }
    }

    /// A paragraph break wherever text goes now.
    fn block_break(&mut self) {
        if self.tables.is_empty() {
            self.flush_outside();
        } else if let Some(t) = self.tables.last_mut() {
            match t.cell.as_mut() {
                Some(c) => c.buf.newline(),
                None => t.stray.newline(),
            }
        }
    }

    /// Ends the paragraph outside tables and keeps it as an item.
    fn flush_outside(&mut self) {
        let buf = std::mem::take(&mut self.outside);
        let line = buf.first_line.unwrap_or(self.line);
        let t = super::clean_cell(&buf.s);
        for para in t.split('\n').filter(|p| !p.is_empty()) {
            self.items.push(Item::Para(para.to_string(), line));
        }
    }

    fn markup(&mut self) {
        let b = self.src.as_bytes();
        let start = self.pos;
        let next = b.get(start + 1).copied().unwrap_or(0);
        if self.src[start..].starts_with("<!--") {
            self.comment(start);
        } else if next == b'!' || next == b'?' {
            // <!DOCTYPE …>, <![if …]>, <![endif]>, <?xml …?>: never text.
            let end = find_byte(b, start, b'>').map_or(b.len(), |k| k + 1);
            let inner_end = find_byte(b, start, b'>').unwrap_or(b.len());
            let inner = self.src.get(start + 2..inner_end).unwrap_or("");
            let low = inner.trim().to_ascii_lowercase();
            if low.starts_with("[if") {
                self.cond_depth += 1;
                if low.contains("supportlists") && self.lists_at.is_none() {
                    self.lists_at = Some(self.cond_depth);
                }
            } else if low.starts_with("[endif") {
                if self.lists_at == Some(self.cond_depth) {
                    self.lists_at = None;
                }
                self.cond_depth = self.cond_depth.saturating_sub(1);
            }
            self.pos = end;
        } else if next.is_ascii_alphabetic()
            || (next == b'/' && b.get(start + 2).is_some_and(|c| c.is_ascii_alphabetic()))
        {
            self.tag(start);
        } else {
            // A '<' that starts no tag is text.
            let line = self.line_at(start);
            self.pos = start + 1;
            self.text_char('<', line);
        }
    }

    fn comment(&mut self, start: usize) {
        let body = start + 4;
        let found =
            if body >= self.no_comment_end_from { None } else { self.src[body..].find("-->").map(|k| body + k) };
        match found {
            Some(k) => {
                // Word wraps Office-only markup in <!--[if …]> … <![endif]-->: all of it hidden.
                self.pos = k + 3;
            }
            None => {
                self.no_comment_end_from = body.min(self.no_comment_end_from);
                let line = self.line_at(start);
                let end = find_byte(self.src.as_bytes(), body, b'>').map_or(self.src.len(), |k| k + 1);
                warn(
                    &mut self.warnings,
                    "html_malformed",
                    "a comment <!-- is never closed; it was ended at the next '>'",
                    line,
                );
                self.pos = end;
            }
        }
    }

    fn tag(&mut self, start: usize) {
        let b = self.src.as_bytes();
        let closing = b.get(start + 1) == Some(&b'/');
        let name_from = start + if closing { 2 } else { 1 };
        let mut i = name_from;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let name = self.src[name_from..i].to_ascii_lowercase();
        // Attributes up to the closing '>' (quotes may hold '>').
        let mut rowspan = None;
        let mut colspan = None;
        let line = self.line_at(start);
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let an = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'>' | b'=' | b'/') {
                i += 1;
            }
            let attr = self.src[an..i].to_ascii_lowercase();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = "";
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    let limit = if q == b'"' { self.no_dq_from } else { self.no_sq_from };
                    let close = if i + 1 >= limit { None } else { find_byte(b, i + 1, q) };
                    match close {
                        Some(k) => {
                            value = &self.src[i + 1..k];
                            i = k + 1;
                        }
                        None => {
                            if q == b'"' {
                                self.no_dq_from = self.no_dq_from.min(i + 1);
                            } else {
                                self.no_sq_from = self.no_sq_from.min(i + 1);
                            }
                            warn(
                                &mut self.warnings,
                                "html_malformed",
                                format!(
                                    "a quoted attribute in <{name}> is never closed; the tag was ended at the next '>'"
                                ),
                                line,
                            );
                            let end = find_byte(b, i + 1, b'>').unwrap_or(b.len());
                            value = &self.src[i + 1..end];
                            i = end;
                        }
                    }
                } else {
                    let vs = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = &self.src[vs..i];
                }
            }
            match attr.as_str() {
                "rowspan" => rowspan = Some(value.to_string()),
                "colspan" => colspan = Some(value.to_string()),
                _ => {}
            }
        }
        self.pos = (i + 1).min(b.len());
        if closing {
            self.end_tag(&name, line);
        } else {
            self.start_tag(&name, rowspan.as_deref(), colspan.as_deref(), line);
        }
    }

    /// Skips the content of an element that is never text; returns it.
    fn skip_raw(&mut self, name: &str, line: usize) -> &'a str {
        let b = self.src.as_bytes();
        let from = self.pos;
        let mut i = from;
        let close = loop {
            match find_byte(b, i, b'<') {
                None => break None,
                Some(k) => {
                    let n = name.len();
                    if b.get(k + 1) == Some(&b'/')
                        && b.len() >= k + 2 + n
                        && b[k + 2..k + 2 + n].eq_ignore_ascii_case(name.as_bytes())
                    {
                        break Some(k);
                    }
                    i = k + 1;
                }
            }
        };
        match close {
            Some(k) => {
                let end = find_byte(b, k, b'>').map_or(b.len(), |e| e + 1);
                self.pos = end;
                &self.src[from..k]
            }
            None => {
                warn(
                    &mut self.warnings,
                    "html_malformed",
                    format!("<{name}> is never closed; everything after it was read as its content and dropped"),
                    line,
                );
                self.pos = b.len();
                &self.src[from..]
            }
        }
    }

    fn start_tag(&mut self, name: &str, rowspan: Option<&str>, colspan: Option<&str>, line: usize) {
        match name {
            "style" | "xml" | "template" => {
                self.skip_raw(name, line);
            }
            "script" => {
                let body = self.skip_raw(name, line);
                if !body.trim().is_empty() {
                    let msg = format!("a <script> was dropped (never run, never read as text): {}", excerpt(body));
                    warn(&mut self.warnings, "markup_dropped", msg, line);
                }
            }
            "title" if self.tables.is_empty() => {
                let body = self.skip_raw(name, line).trim().to_string();
                if !body.is_empty() {
                    self.page_title = Some((body, line));
                }
            }
            "table" => self.open_table(line),
            "tr" => self.open_row(line),
            "td" | "th" => self.open_cell(rowspan, colspan, line),
            "thead" | "tbody" | "tfoot" => {
                if self.ignored_tables > 0 {
                    return;
                }
                if let Some(t) = self.tables.last_mut() {
                    close_cell_in(t, &mut self.budget);
                    close_row_in(t, &mut self.budget);
                    t.group_start = t.rows.len();
                    t.carry.clear();
                }
            }
            "caption" if self.ignored_tables == 0 => {
                if let Some(t) = self.tables.last_mut().filter(|t| t.cell.is_none()) {
                    t.stray.newline();
                    t.caption = true;
                }
            }
            "br" | "p" | "div" | "li" | "ul" | "ol" | "dl" | "dt" | "dd" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            | "blockquote" | "pre" | "hr" | "section" | "article" | "header" | "footer" | "center" | "address"
            | "body" => self.block_break(),
            _ => {}
        }
    }

    fn end_tag(&mut self, name: &str, line: usize) {
        match name {
            "table" => self.close_table(line),
            "tr" => {
                if self.ignored_tables > 0 {
                    self.block_break();
                    return;
                }
                match self.tables.last_mut() {
                    Some(t) if t.row.is_some() => {
                        close_cell_in(t, &mut self.budget);
                        close_row_in(t, &mut self.budget);
                    }
                    _ => warn(&mut self.warnings, "html_malformed", "a stray </tr> with no open row was ignored", line),
                }
            }
            "td" | "th" => {
                if self.ignored_tables > 0 {
                    self.sink().push_ws(false);
                    return;
                }
                match self.tables.last_mut() {
                    Some(t) if t.cell.is_some() => close_cell_in(t, &mut self.budget),
                    _ => warn(
                        &mut self.warnings,
                        "html_malformed",
                        format!("a stray </{name}> with no open cell was ignored"),
                        line,
                    ),
                }
            }
            "caption" => {
                if let Some(t) = self.tables.last_mut() {
                    if t.caption {
                        t.caption = false;
                        t.stray.newline();
                    }
                }
            }
            "thead" | "tbody" | "tfoot" => {
                if let Some(t) = self.tables.last_mut() {
                    if self.ignored_tables == 0 {
                        close_cell_in(t, &mut self.budget);
                        close_row_in(t, &mut self.budget);
                    }
                }
            }
            "p" | "div" | "li" | "ul" | "ol" | "dl" | "dt" | "dd" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            | "blockquote" | "pre" | "section" | "article" | "header" | "footer" | "center" | "address" | "br" => {
                self.block_break()
            }
            _ => {}
        }
    }

    fn open_table(&mut self, line: usize) {
        if self.ignored_tables > 0 || self.tables.len() >= MAX_TABLE_DEPTH {
            self.ignored_tables += 1;
            self.block_break();
            if !self.depth_warned {
                self.depth_warned = true;
                warn(
                    &mut self.warnings,
                    "html_nesting",
                    format!("tables nested more than {MAX_TABLE_DEPTH} deep were read as plain text in their cell"),
                    line,
                );
            }
            return;
        }
        if let Some(t) = self.tables.last_mut() {
            if t.cell.is_none() {
                // <table> where a cell should be: a browser ends the open table first.
                warn(
                    &mut self.warnings,
                    "html_malformed",
                    format!(
                        "a <table> inside the table from line {} but outside any cell; the first table was ended there",
                        t.line
                    ),
                    line,
                );
                self.close_table(line);
            }
        }
        if self.tables.is_empty() {
            self.flush_outside();
        }
        self.tables.push(TableCtx::new(line));
    }

    fn open_row(&mut self, line: usize) {
        if self.ignored_tables > 0 {
            self.block_break();
            return;
        }
        let Some(t) = self.tables.last_mut() else {
            // A row with no table: a fragment copied from inside a table.
            self.flush_outside();
            self.tables.push(TableCtx::new(line));
            self.open_row(line);
            return;
        };
        close_cell_in(t, &mut self.budget);
        close_row_in(t, &mut self.budget);
        t.row = Some(GridRow { cells: Vec::new(), line: Some(line) });
    }

    fn open_cell(&mut self, rowspan: Option<&str>, colspan: Option<&str>, line: usize) {
        if self.ignored_tables > 0 {
            self.sink().push_ws(false);
            return;
        }
        if self.tables.is_empty() {
            self.flush_outside();
            self.tables.push(TableCtx::new(line));
        }
        let rs = self.span_value(rowspan, "rowspan", line);
        let cs = self.span_value(colspan, "colspan", line);
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        close_cell_in(t, &mut self.budget);
        if t.row.is_none() {
            t.row = Some(GridRow { cells: Vec::new(), line: Some(line) });
        }
        t.caption = false;
        t.cell =
            Some(CellBuild { buf: TextBuf::default(), rowspan: rs, colspan: cs, line, parts: Vec::new(), own_from: 0 });
    }

    /// Parses a rowspan/colspan value: leading digits, 1 when absent or unreadable,
    /// 0 (rowspan "to the end of the group") read as the cap.
    fn span_value(&mut self, v: Option<&str>, what: &str, line: usize) -> usize {
        let Some(v) = v else { return 1 };
        let digits: String = v.trim().chars().take_while(|c| c.is_ascii_digit()).take(9).collect();
        let n: usize = match digits.parse() {
            Ok(n) => n,
            Err(_) => return 1,
        };
        if n == 0 {
            return if what == "rowspan" { MAX_SPAN } else { 1 };
        }
        if n > MAX_SPAN {
            warn(
                &mut self.warnings,
                "span_capped",
                format!("{what}=\"{}\" is larger than {MAX_SPAN}; cut to {MAX_SPAN}", v.trim()),
                line,
            );
            return MAX_SPAN;
        }
        n
    }

    /// Closes the innermost table (at its `</table>`, or where one is implied).
    fn close_table(&mut self, line: usize) {
        if self.ignored_tables > 0 {
            self.ignored_tables -= 1;
            self.block_break();
            return;
        }
        let Some(mut t) = self.tables.pop() else {
            warn(&mut self.warnings, "html_malformed", "a stray </table> with no open table was ignored", line);
            return;
        };
        close_cell_in(&mut t, &mut self.budget);
        close_row_in(&mut t, &mut self.budget);
        let stray = std::mem::take(&mut t.stray);
        let stray_text = super::clean_cell(&stray.s);
        let stray_line = stray.first_line.unwrap_or(t.line);
        // Text in the table outside any cell: shown above the table, kept there.
        let mut before: Vec<Item> = Vec::new();
        for para in stray_text.split('\n').filter(|p| !p.is_empty()) {
            before.push(Item::Para(para.to_string(), stray_line));
        }
        // Rows whose every cell is empty (Word's spacer row under misaligned columns) carry nothing.
        t.rows.retain(|r| r.cells.iter().any(|c| !c.text.is_empty()));
        if let Some(at) = t.stray_at {
            warn(
                &mut self.warnings,
                "html_malformed",
                format!("text inside the table from line {} but outside any cell was kept above the table", t.line),
                at,
            );
        }
        let nrows = t.rows.len();
        let layout = t.nested_rows > 0 && t.nested_rows >= nrows;
        if !layout {
            for at in t.nested_at.iter().take(5) {
                warn(
                    &mut self.warnings,
                    "table_nested",
                    "a table nested in a cell was read as lines of that cell's text",
                    *at,
                );
            }
        }
        let mut out: Vec<Item> = before;
        if layout {
            // A layout table around the real one: its own text becomes paragraphs, its
            // nested tables become tables, all in source order.
            out.append(&mut t.order);
        } else if nrows > 0 {
            out.push(Item::Table(Table { rows: t.rows }));
        }
        self.budget_check(line);
        match self.tables.last_mut() {
            None => self.items.append(&mut out),
            Some(parent) => {
                let Some(cell) = parent.cell.as_mut() else {
                    // Cannot happen (a nested table opens only in a cell); keep the items anyway.
                    self.items.append(&mut out);
                    return;
                };
                // The parent cell keeps the nested table as text, and the structure aside in
                // case the parent turns out to be a layout table.
                let own = cell.buf.s.get(cell.own_from..).unwrap_or("").to_string();
                for para in super::clean_cell(&own).split('\n').filter(|p| !p.is_empty()) {
                    cell.parts.push(Item::Para(para.to_string(), cell.line));
                }
                let mut rows_here = 0;
                for item in &out {
                    cell.buf.newline();
                    match item {
                        Item::Para(s, _) => cell.buf.s.push_str(s),
                        Item::Table(tb) => {
                            rows_here += tb.rows.len();
                            for r in &tb.rows {
                                cell.buf.newline();
                                let mut first = true;
                                for c in &r.cells {
                                    if c.text.is_empty() {
                                        continue;
                                    }
                                    if !first {
                                        cell.buf.s.push(' ');
                                    }
                                    first = false;
                                    cell.buf.s.push_str(&c.text.replace('\n', " "));
                                }
                            }
                        }
                    }
                }
                cell.buf.newline();
                cell.buf.written += 1;
                cell.own_from = cell.buf.s.len();
                cell.parts.append(&mut out);
                parent.nested_rows = parent.nested_rows.max(rows_here);
                if rows_here > 0 {
                    parent.nested_at.push(t.line);
                }
            }
        }
    }

    fn budget_check(&mut self, line: usize) {
        if self.budget == 0 && !self.budget_warned {
            self.budget_warned = true;
            warn(
                &mut self.warnings,
                "span_capped",
                "merged cells cover too many rows and columns; copying their text stopped here",
                line,
            );
        }
    }

    fn end_of_input(&mut self) {
        let line = self.line_at(self.src.len());
        if !self.tables.is_empty() {
            let first = self.tables.first().map_or(line, |t| t.line);
            warn(
                &mut self.warnings,
                "html_malformed",
                format!("the table from line {first} is never closed; it was ended at the end of the input"),
                line,
            );
        }
        self.ignored_tables = 0;
        while !self.tables.is_empty() {
            self.close_table(line);
        }
        self.flush_outside();
    }

    fn finish(mut self) -> Grid {
        let mut grid = Grid::default();
        for item in std::mem::take(&mut self.items) {
            match item {
                Item::Para(s, line) => {
                    if grid.tables.is_empty() {
                        grid.preamble.push(s);
                    } else {
                        grid.loose.push((s, Some(line)));
                    }
                }
                Item::Table(t) => grid.tables.push(t),
            }
        }
        if let Some((title, line)) = self.page_title.take() {
            let shown = grid.preamble.iter().any(|p| p.contains(&title) || title.contains(p.as_str()))
                || grid.loose.iter().any(|(p, _)| p.contains(&title));
            if !shown {
                self.warnings.push(Warning::new(
                    "markup_dropped",
                    format!("the page title is not part of the document text: {}", excerpt(&title)),
                    Some(line),
                ));
            }
        }
        if grid.tables.is_empty() && !grid.preamble.is_empty() {
            // No <table>: the paragraphs may still be a table laid out one cell a line.
            let text = grid.preamble.join("\n");
            let mut from_lines = super::lines::read(&text);
            if !from_lines.tables.is_empty() {
                from_lines.warnings.insert(
                    0,
                    Warning::new(
                        "no_html_table",
                        "the HTML holds no <table>; its paragraphs were read as line-per-cell text",
                        None,
                    ),
                );
                self.warnings.append(&mut from_lines.warnings);
                from_lines.warnings = self.warnings;
                return from_lines;
            }
        }
        grid.warnings = self.warnings;
        grid
    }
}

fn find_byte(b: &[u8], from: usize, needle: u8) -> Option<usize> {
    b.get(from..)?.iter().position(|c| *c == needle).map(|k| from + k)
}

/// Places copies of merged cells from rows above into the open row, from its current
/// width on: while the next column is covered (`trailing` false), or up to the last
/// covered column, empty cells filling the gaps (`trailing` true, at the end of a row).
fn fill_carry(t: &mut TableCtx, trailing: bool, budget: &mut usize) {
    let r = t.rows.len();
    if r >= t.carry_until || *budget == 0 {
        t.carry.clear();
        return;
    }
    let Some(row) = t.row.as_mut() else { return };
    let covers = |c: &Carry| c.from < r && r < c.until;
    let end = if trailing {
        t.carry.iter().rposition(|c| c.as_ref().is_some_and(covers)).map_or(0, |k| k + 1)
    } else {
        t.carry.len()
    };
    while row.cells.len() < end && *budget > 0 {
        match t.carry.get(row.cells.len()) {
            Some(Some(c)) if covers(c) => {
                *budget = budget.saturating_sub(1 + c.cell.text.len() / 64);
                row.cells.push(Cell::clone(&c.cell));
            }
            _ if trailing => {
                *budget -= 1;
                row.cells.push(Cell::default());
            }
            _ => return,
        }
    }
}

/// Closes the open cell of `t`, placing it (and its spans) in the open row.
fn close_cell_in(t: &mut TableCtx, budget: &mut usize) {
    let Some(mut cb) = t.cell.take() else { return };
    fill_carry(t, false, budget);
    let text = super::clean_cell(&cb.buf.s);
    let generated = cb.buf.generated > 0 && cb.buf.written == 0 && !text.is_empty();
    let cell = Cell { text, generated };
    // Keep the source order for a possible layout dissolve.
    if !cb.parts.is_empty() {
        let own = cb.buf.s.get(cb.own_from..).unwrap_or("");
        for para in super::clean_cell(own).split('\n').filter(|p| !p.is_empty()) {
            cb.parts.push(Item::Para(para.to_string(), cb.line));
        }
        t.order.append(&mut cb.parts);
    } else {
        for para in cell.text.split('\n').filter(|p| !p.is_empty()) {
            t.order.push(Item::Para(para.to_string(), cb.line));
        }
    }
    let r = t.rows.len();
    let Some(row) = t.row.as_mut() else { return };
    let col = row.cells.len();
    if cb.rowspan > 1 && *budget > 0 {
        *budget = budget.saturating_sub(cb.colspan);
        let need = col + cb.colspan;
        if t.carry.len() < need {
            t.carry.resize(need, None);
        }
        let carry = Carry { from: r, until: r + cb.rowspan, cell: std::rc::Rc::new(cell.clone()) };
        t.carry_until = t.carry_until.max(carry.until);
        for slot in t.carry.iter_mut().skip(col).take(cb.colspan) {
            *slot = Some(carry.clone());
        }
    } else {
        // This cell now owns its columns: a merged cell from above no longer reaches them.
        for slot in t.carry.iter_mut().skip(col).take(cb.colspan) {
            *slot = None;
        }
    }
    for _ in 1..cb.colspan {
        if *budget == 0 {
            break;
        }
        *budget = budget.saturating_sub(1 + cell.text.len() / 64);
        row.cells.push(cell.clone());
    }
    row.cells.push(cell);
}

/// Closes the open row of `t`.
fn close_row_in(t: &mut TableCtx, budget: &mut usize) {
    if t.row.is_none() {
        return;
    }
    fill_carry(t, true, budget);
    if let Some(row) = t.row.take() {
        t.rows.push(row);
    }
    // Drop carries that reach no further row, so a wide row once does not cost every row.
    if t.rows.len() >= t.carry_until {
        t.carry.clear();
    }
}

/// What `&…` at the start of a text run stands for, and how many bytes it takes.
enum Ent {
    Char(char),
    Literal,
}

fn entity(s: &str) -> (Ent, usize) {
    let b = s.as_bytes();
    // s starts with '&'.
    if b.get(1) == Some(&b'#') {
        let hex = matches!(b.get(2), Some(b'x') | Some(b'X'));
        let from = if hex { 3 } else { 2 };
        let mut i = from;
        while i < b.len() && i - from < 8 && (if hex { b[i].is_ascii_hexdigit() } else { b[i].is_ascii_digit() }) {
            i += 1;
        }
        if i == from {
            return (Ent::Literal, 1);
        }
        let n = u32::from_str_radix(&s[from..i], if hex { 16 } else { 10 }).unwrap_or(0xFFFD);
        let len = if b.get(i) == Some(&b';') { i + 1 } else { i };
        return (Ent::Char(numeric_char(n)), len);
    }
    let mut i = 1;
    while i < b.len() && i <= 10 && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let name = &s[1..i];
    if b.get(i) == Some(&b';') {
        if let Some(c) = named(name) {
            return (Ent::Char(c), i + 1);
        }
        return (Ent::Literal, 1);
    }
    // Legacy entities a browser accepts without ';'.
    for legacy in ["nbsp", "amp", "lt", "gt", "quot"] {
        if name.starts_with(legacy) {
            if let Some(c) = named(legacy) {
                return (Ent::Char(c), 1 + legacy.len());
            }
        }
    }
    (Ent::Literal, 1)
}

/// A numeric character reference, as browsers read it (C1 controls as Windows-1252).
fn numeric_char(n: u32) -> char {
    const CP1252: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let n = match n {
        0x80..=0x9F => CP1252.get((n - 0x80) as usize).copied().unwrap_or(n),
        0 => 0xFFFD,
        _ => n,
    };
    char::from_u32(n).unwrap_or('\u{FFFD}')
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "nbsp" => '\u{a0}',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwsp" => '\u{200b}',
        "shy" => '\u{ad}',
        "middot" => '·',
        "bull" => '•',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "laquo" => '«',
        "raquo" => '»',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "times" => '×',
        "divide" => '÷',
        "deg" => '°',
        "plusmn" => '±',
        "permil" => '‰',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "asymp" => '≈',
        "yen" => '¥',
        "cent" => '¢',
        "pound" => '£',
        "euro" => '€',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "sect" => '§',
        "para" => '¶',
        "rarr" => '→',
        "larr" => '←',
        "uarr" => '↑',
        "darr" => '↓',
        "sup2" => '²',
        "sup3" => '³',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "micro" => 'µ',
        "radic" => '√',
        "infin" => '∞',
        "minus" => '−',
        "lowast" => '∗',
        "star" => '☆',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every table's cell texts.
    fn tables(html: &str) -> Vec<Vec<Vec<String>>> {
        read(html)
            .tables
            .iter()
            .map(|t| t.rows.iter().map(|r| r.cells.iter().map(|c| c.text.clone()).collect()).collect())
            .collect()
    }

    fn codes(g: &Grid) -> Vec<&str> {
        g.warnings.iter().map(|w| w.code.as_str()).collect()
    }

    /// `reads!(name: html => [[row cells], …])`: the first (only) table's cells.
    macro_rules! reads {
        ($($name:ident: $html:expr => [$([$($c:expr),* $(,)?]),* $(,)?];)*) => {
            $(#[test]
            fn $name() {
                let want: Vec<Vec<String>> = vec![$(vec![$($c.to_string()),*]),*];
                let got = tables($html);
                assert_eq!(got.len(), 1, "{}: tables {got:?}", stringify!($name));
                assert_eq!(got[0], want, "{}", stringify!($name));
            })*
        };
    }

    /// `warns!(name: html => "code", present)`: a warning with that code is (not) given.
    macro_rules! warns {
        ($($name:ident: $html:expr => $code:expr, $present:expr;)*) => {
            $(#[test]
            fn $name() {
                let g = read($html);
                assert_eq!(codes(&g).contains(&$code), $present, "{}: {:?}", stringify!($name), g.warnings);
            })*
        };
    }

    reads! {
        rowspan_gives_the_unit_to_every_row:
            "<table><tr><td>1</td><td>甲</td><td rowspan=3>区财政局</td></tr>\
             <tr><td>2</td><td>乙</td></tr><tr><td>3</td><td>丙</td></tr></table>"
            => [["1", "甲", "区财政局"], ["2", "乙", "区财政局"], ["3", "丙", "区财政局"]];
        rowspan_in_the_first_column_shifts_later_cells:
            "<table><tr><td rowspan=2>一</td><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>"
            => [["一", "a", "b"], ["一", "c", "d"]];
        rowspan_quoted_and_odd_values:
            "<table><tr><td rowspan=\"2\">x</td><td rowspan='abc'>y</td></tr><tr><td>z</td></tr></table>"
            => [["x", "y"], ["x", "z"]];
        colspan_copies_a_category_row:
            "<table><tr><td colspan=3>一、稳增长</td></tr><tr><td>1</td><td>甲</td><td>乙</td></tr></table>"
            => [["一、稳增长", "一、稳增长", "一、稳增长"], ["1", "甲", "乙"]];
        rowspan_and_colspan_together:
            "<table><tr><td rowspan=2 colspan=2>A</td><td>b</td></tr><tr><td>c</td></tr><tr><td>d</td><td>e</td><td>f</td></tr></table>"
            => [["A", "A", "b"], ["A", "A", "c"], ["d", "e", "f"]];
        rowspan_past_the_table_end_is_cut:
            "<table><tr><td>1</td><td rowspan=5>局</td></tr><tr><td>2</td></tr></table>"
            => [["1", "局"], ["2", "局"]];
        rowspan_does_not_cross_row_groups:
            "<table><thead><tr><th rowspan=3>序号</th><th>任务</th></tr></thead><tbody><tr><td>1</td><td>甲</td></tr></tbody></table>"
            => [["序号", "任务"], ["1", "甲"]];
        entities_named_and_numeric:
            "<table><tr><td>a&nbsp;b&amp;&lt;&gt;&quot;&#39;&ensp;&emsp;c</td>\
             <td>&middot;&ldquo;&rdquo;&hellip;&mdash;&#20013;&#x6587;&#X6587;</td></tr></table>"
            => [["a b&<>\"'\u{2002}\u{2003}c", "·“”…—中文文"]];
        entities_odd_ones:
            "<table><tr><td>&foo; &amp &nbsp1 &#150; &#0; &#xD800; & x</td></tr></table>"
            => [["&foo; &  1 – \u{FFFD} \u{FFFD} & x"]];
        word_mso_markup_is_plain_text:
            "<table class=MsoNormalTable style='border-collapse:collapse'><tr style='mso-yfti-irow:0'>\
             <td width=47 valign=top style='width:35.45pt;border:solid windowtext 1.0pt'>\
             <p class=MsoNormal align=center style='text-align:center'><span lang=EN-US \
             style='font-family:\"Times New Roman\",serif'>1<o:p></o:p></span></p></td>\
             <td><p class=MsoNormal><span style='font-family:仿宋_GB2312'>地区生产总值<span lang=EN-US>6.5%</span>。\
             <span lang=EN-US><o:p></o:p></span></span></p></td>\
             <td><p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p></td></tr></table>"
            => [["1", "地区生产总值6.5%。", ""]];
        paragraphs_and_breaks_are_lines:
            "<table><tr><td><p>甲</p><p> </p><p>乙<br>丙<br/>丁</p></td><td><div>a</div><div>b</div></td>\
             <td><ul><li>x</li><li>y</li></ul></td></tr></table>"
            => [["甲\n乙\n丙\n丁", "a\nb", "x\ny"]];
        excel_same_cell_breaks:
            "<table><tr><td class=xl65>区发展改革委<br style='mso-data-placement:same-cell' />区生态环境局</td></tr></table>"
            => [["区发展改革委\n区生态环境局"]];
        source_line_breaks_vanish_between_cjk_only:
            "<table><tr><td>地区生产\r\n总值</td><td>GDP\ngrowth</td><td>增长\n6.5%</td><td>a   b\t c</td></tr></table>"
            => [["地区生产总值", "GDP growth", "增长 6.5%", "a b c"]];
        th_thead_tbody_tfoot:
            "<table><thead><tr><th>序号</th><th>任务</th></tr></thead><tbody><tr><td>1</td><td>甲</td></tr></tbody>\
             <tfoot><tr><td>合计</td><td>1</td></tr></tfoot></table>"
            => [["序号", "任务"], ["1", "甲"], ["合计", "1"]];
        unclosed_cells_and_rows_are_implied:
            "<table><tr><td>1<td>甲<tr><td>2<td>乙</table>"
            => [["1", "甲"], ["2", "乙"]];
        cells_without_rows_or_table:
            "<td>1</td><td>甲</td>"
            => [["1", "甲"]];
        style_script_and_office_xml_are_never_cell_text:
            "<style>td{font-family:宋体}</style><!--[if gte mso 9]><xml><w:Zoom>秘密</w:Zoom></xml><![endif]-->\
             <table><tr><td>甲<script>document.write('乙')</script><xml><o:Author>张三</o:Author></xml></td></tr></table>"
            => [["甲"]];
        word_spacer_row_is_dropped:
            "<table><tr><td>1</td><td>甲</td></tr><![if !supportMisalignedColumns]><tr height=0>\
             <td width=47 style='border:none'></td><td width=213 style='border:none'></td></tr><![endif]></table>"
            => [["1", "甲"]];
        attribute_with_gt_inside_quotes:
            "<table><tr><td title=\"a>b\" class='x>y'>甲</td></tr></table>"
            => [["甲"]];
        nested_table_in_a_data_cell_is_flattened:
            "<table><tr><td>1</td><td>甲</td></tr><tr><td>2</td><td>见下表<table><tr><td>指标</td><td>完成</td></tr>\
             <tr><td>产值</td><td>5亿</td></tr></table>合计</td></tr><tr><td>3</td><td>丙</td></tr></table>"
            => [["1", "甲"], ["2", "见下表\n指标 完成\n产值 5亿\n合计"], ["3", "丙"]];
    }

    warns! {
        stray_end_tags_warn: "<table><tr><td>1</td></td></tr></tr></table></table>" => "html_malformed", true;
        clean_word_html_has_no_warnings: "<p class=MsoNormal>标题</p><table><tr><td><p>1</p></td></tr></table>" => "html_malformed", false;
        unclosed_table_warns: "<table><tr><td>1" => "html_malformed", true;
        script_with_text_is_named: "<script>alert(1)</script><table><tr><td>1</td></tr></table>" => "markup_dropped", true;
        style_is_dropped_silently: "<style>p{color:red}</style><table><tr><td>1</td></tr></table>" => "markup_dropped", false;
        empty_script_is_dropped_silently: "<script> </script><table><tr><td>1</td></tr></table>" => "markup_dropped", false;
        page_title_not_shown_is_named: "<title>秘密标题</title><table><tr><td>1</td></tr></table>" => "markup_dropped", true;
        page_title_shown_is_silent: "<title>标题</title><p>标题</p><table><tr><td>1</td></tr></table>" => "markup_dropped", false;
        huge_rowspan_is_capped: "<table><tr><td rowspan=99999>1</td></tr></table>" => "span_capped", true;
        text_outside_cells_warns: "<table>游离<tr><td>1</td></tr></table>" => "html_malformed", true;
        unclosed_comment_warns: "<table><tr><td>1<!-- oops </td></tr></table>" => "html_malformed", true;
        nested_table_is_named: "<table><tr><td>1</td></tr><tr><td>2<table><tr><td>x</td></tr></table></td></tr><tr><td>3</td></tr></table>" => "table_nested", true;
    }

    #[test]
    fn preamble_tables_and_loose_text_in_order() {
        let html = "<!--StartFragment--><p class=MsoNormal>附件2</p>\n<p align=center><b>上半年完成情况</b></p>\n\
                    <table><tr><td>1</td></tr></table>\n<p>表间说明</p>\n<table><tr><td>2</td></tr></table>\n\
                    <p>注：数据为初步统计。</p><!--EndFragment-->";
        let g = read(html);
        assert_eq!(g.preamble, vec!["附件2", "上半年完成情况"]);
        assert_eq!(tables(html), vec![vec![vec!["1"]], vec![vec!["2"]]]);
        assert_eq!(g.loose, vec![("表间说明".to_string(), Some(4)), ("注：数据为初步统计。".to_string(), Some(6))]);
    }

    #[test]
    fn caption_joins_the_preamble() {
        let g = read("<table><caption>主要目标任务完成情况</caption><tr><td>1</td></tr></table>");
        assert_eq!(g.preamble, vec!["主要目标任务完成情况"]);
        assert!(g.warnings.is_empty(), "{:?}", g.warnings);
    }

    #[test]
    fn cf_html_clipboard_header_is_not_text() {
        let g = read("Version:0.9\r\nStartHTML:0000000105\r\nEndHTML:0000000200\r\n<html><body><p>标题</p><table><tr><td>1</td></tr></table></body></html>");
        assert_eq!(g.preamble, vec!["标题"]);
    }

    #[test]
    fn row_lines_are_the_tr_lines() {
        let g = read("<table>\n<tr>\n<td>1</td>\n</tr>\n\n<tr><td>2</td></tr>\n<tr\nclass=x><td>3</td></tr></table>");
        let lines: Vec<_> = g.tables[0].rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![Some(2), Some(6), Some(7)]);
    }

    #[test]
    fn word_list_numbering_is_generated_text() {
        let g = read(
            "<table><tr><td><p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]>\
             <span style='mso-list:Ignore'>1.<span>&nbsp;&nbsp;</span></span><![endif]></p></td><td>甲</td></tr></table>",
        );
        let row = &g.tables[0].rows[0];
        assert_eq!((row.cells[0].text.as_str(), row.cells[0].generated), ("1.", true));
        assert!(!row.cells[1].generated);
    }

    #[test]
    fn layout_table_around_the_data_table_is_dissolved() {
        let html = "<table width=100%><tr><td><p>附件2</p><p>上半年完成情况</p>\
                    <table><tr><td>序号</td><td>任务</td></tr><tr><td>1</td><td>甲</td></tr><tr><td>2</td><td>乙</td></tr></table>\
                    <p>说明</p></td></tr></table>";
        let g = read(html);
        assert_eq!(g.preamble, vec!["附件2", "上半年完成情况"]);
        assert_eq!(tables(html), vec![vec![vec!["序号", "任务"], vec!["1", "甲"], vec!["2", "乙"]]]);
        assert_eq!(g.loose.len(), 1);
        assert!(!codes(&g).contains(&"table_nested"), "{:?}", g.warnings);
    }

    #[test]
    fn html_without_a_table_is_tried_as_line_per_cell_text() {
        let g = read("<p>附件2</p><p>序号</p><p>目标任务</p><p>完成情况</p><p>牵头责任单位</p><p>1</p><p>地区生产总值增长6.5%。</p><p>增长6.4%。</p><p>区发展改革委</p>");
        assert_eq!(g.tables.len(), 1);
        assert_eq!(g.tables[0].rows[1].cells[3].text, "区发展改革委");
        assert!(codes(&g).contains(&"no_html_table"));
        let plain = read("<p>只是一段话。</p>");
        assert!(plain.tables.is_empty());
        assert_eq!(plain.preamble, vec!["只是一段话。"]);
    }

    /// Inputs built to be slow for a naive reader: each must finish fast and bounded.
    #[test]
    fn stays_linear_on_hostile_input() {
        let cases: Vec<(&str, String)> = vec![
            ("deep nesting", "<table><tr><td>".repeat(50_000) + "x"),
            ("deep divs", "<div>".repeat(100_000) + "x"),
            ("wide row", format!("<table><tr>{}</tr></table>", "<td>1</td>".repeat(10_000))),
            ("huge spans", format!("<table>{}</table>", "<tr><td rowspan=1000 colspan=1000>x</td></tr>".repeat(2_000))),
            (
                "spans under wide row",
                format!(
                    "<table><tr>{}<td rowspan=1000>u</td></tr>{}</table>",
                    "<td>1</td>".repeat(5_000),
                    "<tr><td>a</td></tr>".repeat(2_000)
                ),
            ),
            ("unclosed quotes", "<td a=\"".repeat(20_000) + "<td b='x"),
            ("unclosed comments", "<!--".repeat(20_000)),
            ("entities", "&amp;&#x4e2d;&nbsp".repeat(50_000)),
            ("unclosed style", "<style>".to_string() + &"<".repeat(100_000)),
        ];
        for (name, html) in cases {
            let t = std::time::Instant::now();
            let g = read(&html);
            let cells: usize = g.tables.iter().flat_map(|t| &t.rows).map(|r| r.cells.len()).sum();
            assert!(cells <= 200_000 + 3 * html.len(), "{name}: {cells} cells");
            assert!(t.elapsed().as_secs_f64() < 5.0, "{name}: {:?}", t.elapsed());
        }
    }

    #[test]
    fn never_panics_on_cuts_of_the_seed() {
        let seed = include_str!("../../tests/fixtures/seed.html");
        let mut k = 0;
        while k < seed.len() {
            if seed.is_char_boundary(k) {
                let _ = read(&seed[..k]);
                let _ = read(&seed[k..]);
            }
            k += 7919;
        }
    }
}
