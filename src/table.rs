//! Stage 2: a [`Grid`] → rows with roles. Finds the header and each column's role (by
//! synonyms, or from content when there is no header), category rows, serial numbers
//! (inferring blank ones), unit lists, the title and the report period.

use crate::analysis::text::trim;
use crate::config::Rules;
use crate::input::{Grid, Sheet, SheetCell, SheetRow};
use crate::model::{Column, Flag, Report, Row, Severity, Warning};
use crate::period;
use std::borrow::Cow;

/// Column roles and their built-in header synonyms (matched after removing whitespace).
/// Longer synonyms win over shorter ones, so "配合单位" is `partners`, not `units`.
pub const SYNONYMS: &[(&str, &[&str])] = &[
    ("seq", &["序号", "编号", "序", "排序"]),
    (
        "task",
        &[
            "目标任务",
            "工作任务",
            "重点任务",
            "任务内容",
            "主要目标",
            "工作内容",
            "任务",
            "具体任务",
            "主要任务",
            "目标",
        ],
    ),
    ("status", &["完成情况", "进展情况", "推进情况", "落实情况", "执行情况", "工作进展", "进展", "完成"]),
    ("units", &["牵头责任单位", "责任单位", "牵头单位", "主责单位", "责任部门", "牵头部门", "单位"]),
    ("partners", &["配合单位", "协同单位", "配合部门", "协办单位"]),
    ("deadline", &["完成时限", "时间节点", "时限", "完成时间"]),
    ("progress", &["完成进度", "完成率", "进度(%)", "进度（%）", "进度"]),
    ("name", &["项目名称", "指标名称", "项目", "指标"]),
    ("target", &["年度目标", "目标值", "全年目标"]),
    ("note", &["备注"]),
];

/// The text without white space; borrowed when it has none (as every built-in synonym).
fn squash(s: &str) -> Cow<'_, str> {
    if s.chars().any(char::is_whitespace) {
        Cow::Owned(s.chars().filter(|c| !c.is_whitespace()).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// The role of a header cell, if it names one (built-in or configured synonyms).
pub fn role_of(header: &str, rules: &Rules) -> Option<&'static str> {
    let h = squash(header);
    if h.is_empty() || h.chars().count() > 16 {
        return None;
    }
    let mut best: Option<(&'static str, usize)> = None;
    for (role, syns) in SYNONYMS {
        let extra = rules.synonyms.get(*role).map(|v| v.as_slice()).unwrap_or(&[]);
        // The built-in synonyms hold no white space (a test checks): only configured ones
        // are squashed, so a header costs no squash per synonym.
        let builtin = syns.iter().map(|s| Cow::Borrowed(*s));
        for s in builtin.chain(extra.iter().map(|s| squash(s))) {
            if !s.is_empty() && has(h.as_bytes(), s.as_bytes()) && best.is_none_or(|(_, l)| s.len() > l) {
                best = Some((role, s.len()));
            }
        }
    }
    best.map(|(r, _)| r)
}

/// `h.contains(s)` for a short `h` (a header of at most 16 chars), without building a
/// string searcher per synonym. Comparing UTF-8 bytes finds the same matches as
/// comparing chars: a match can only start where a char starts.
fn has(h: &[u8], s: &[u8]) -> bool {
    // The last bytes first: in CJK text they differ far more often than the lead bytes.
    !s.is_empty() && h.windows(s.len()).any(|w| w.last() == s.last() && w.first() == s.first() && w == s)
}

/// Parses a serial cell: "1", "1.", "1、", "（1）", "１". None when it holds no serial.
pub fn parse_seq(s: &str) -> Option<u32> {
    // Read the digits as they come, without building the filtered text: at most six of
    // them (ASCII or full-width), nothing else but white space and the marks around.
    let (mut n, mut digits) = (0u32, 0);
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            '.' | '、' | '．' | '(' | ')' | '（' | '）' => continue,
            _ if c.is_whitespace() => continue,
            _ => return None,
        };
        digits += 1;
        if digits > 6 {
            return None;
        }
        n = n * 10 + d;
    }
    (digits > 0).then_some(n)
}

/// How the names of responsible units end (区发展改革委, 区财政局, 涪陵高新区, 白涛新材料科技城).
/// Shared by the column guesser here and the line-per-cell reader.
pub const UNIT_ENDINGS: &[&str] = &[
    "委",
    "局",
    "办",
    "室",
    "中心",
    "政府",
    "公司",
    "集团",
    "院",
    "会",
    "处",
    "部",
    "所",
    "队",
    "站",
    "街道",
    "镇",
    "乡",
    "园区",
    "分局",
    "行",
    "社",
    "团",
    "馆",
    "厅",
    "高新区",
    "经济区",
    "旅游区",
    "综保区",
    "开发区",
    "新区",
    "科技城",
    "示范区",
    "管委会",
];

/// Does this short text look like the name of a responsible unit (one name, at most 20 characters)?
pub fn looks_like_unit(s: &str) -> bool {
    let l = s.trim();
    !l.is_empty() && l.chars().count() <= 20 && UNIT_ENDINGS.iter().any(|e| l.ends_with(e))
}

/// Is this row a header row? (at least two cells name a role, one of them task or status)
fn header_roles(cells: &[SheetCell], rules: &Rules) -> Option<Vec<Option<&'static str>>> {
    let roles: Vec<Option<&'static str>> = cells.iter().map(|c| role_of(&c.text, rules)).collect();
    // Count distinct header texts: a title merged across the table (repeated in every
    // column it covers) is not a header even when it says "完成情况".
    let mut texts: Vec<&str> = Vec::new();
    for (c, r) in cells.iter().zip(&roles) {
        if r.is_some() && !texts.contains(&&*c.text) {
            texts.push(&c.text);
        }
    }
    let named = texts.len();
    let core = roles.iter().any(|r| matches!(r, Some("task") | Some("status") | Some("name")));
    (named >= 2 && core).then_some(roles)
}

/// Roles guessed from content for a table with no header.
fn content_roles(rows: &[SheetRow], cells: &[SheetCell]) -> Vec<Option<&'static str>> {
    let ncols = rows.iter().map(|r| r.to - r.from).max().unwrap_or(0);
    let mut roles: Vec<Option<&'static str>> = vec![None; ncols];
    let col = |j: usize| rows.iter().filter_map(move |r| cells_of(cells, r).get(j)).map(|c| &*c.text);
    let share = |j: usize, f: &dyn Fn(&str) -> bool| {
        let (mut n, mut k) = (0, 0);
        for t in col(j).filter(|t| !t.is_empty()) {
            n += 1;
            if f(t) {
                k += 1;
            }
        }
        if n == 0 {
            0.0
        } else {
            k as f64 / n as f64
        }
    };
    for (j, role) in roles.iter_mut().enumerate() {
        if share(j, &|t| parse_seq(t).is_some()) >= 0.6 {
            *role = Some("seq");
            break;
        }
    }
    for (j, role) in roles.iter_mut().enumerate() {
        if role.is_none() && share(j, &|t| t.split(split_unit_char).all(looks_like_unit)) >= 0.5 {
            *role = Some("units");
            break;
        }
    }
    let mut text_roles = ["task", "status"].into_iter();
    for (j, role) in roles.iter_mut().enumerate() {
        if role.is_none() {
            let avg = col(j).map(|t| t.chars().count()).sum::<usize>() as f64 / rows.len().max(1) as f64;
            if avg >= 6.0 {
                *role = text_roles.next();
            }
        }
    }
    roles
}

fn split_unit_char(c: char) -> bool {
    matches!(c, '\n' | '、' | '，' | ',' | ';' | '；' | '/' | '／')
}

/// Splits a unit cell into unit names.
pub fn split_units(s: &str) -> Vec<String> {
    split_units_cell(Cow::Borrowed(s))
}

/// [`split_units`] of a cell the row no longer needs: a cell that is one name, as most
/// are, becomes that name with at most one copy (none when the cell's text is owned).
fn split_units_cell(s: Cow<'_, str>) -> Vec<String> {
    let mut out = Vec::new();
    if split_units_into(&s, &mut out) > 0 {
        return out;
    }
    let u = trim(&s);
    if u.is_empty() {
        return out;
    }
    if u.len() == s.len() {
        return vec![s.into_owned()];
    }
    vec![u.to_string()]
}

/// The cells of `row`.
fn cells_of<'s, 'a>(cells: &'s [SheetCell<'a>], row: &SheetRow) -> &'s [SheetCell<'a>] {
    cells.get(row.from..row.to).unwrap_or_default()
}

/// Per byte: 0 when it can start a unit separator ('\n' , ; / and the lead bytes of
/// 、，；／), else the length of the UTF-8 char it starts, so that a scan steps a char at a
/// time (a continuation byte, met only inside a char, is given 1).
static SEPARATOR_STEP: [u8; 256] = {
    let mut t = [1u8; 256];
    let mut c = 0xC0;
    while c < 256 {
        t[c] = if c < 0xE0 {
            2
        } else if c < 0xF0 {
            3
        } else {
            4
        };
        c += 1;
    }
    t[b'\n' as usize] = 0;
    t[b',' as usize] = 0;
    t[b';' as usize] = 0;
    t[b'/' as usize] = 0;
    t[0xE3] = 0;
    t[0xEF] = 0;
    t
};

/// Splits `s` into `out` and says how many separators it found: none, and `out` is left
/// empty for the caller to take `s` as one name.
fn split_units_into(s: &str, out: &mut Vec<String>) -> usize {
    let b = s.as_bytes();
    let (mut i, mut from) = (0, 0);
    let mut separators = 0;
    // A char at a time, by bytes: the separators are ASCII or one of four 3-byte
    // sequences, and one table lookup steps over every char that cannot start one (most
    // of a unit name's Chinese characters).
    while let Some(&c) = b.get(i) {
        let step = SEPARATOR_STEP[usize::from(c)];
        if step != 0 {
            i += usize::from(step);
            continue;
        }
        let len = match c {
            b'\n' | b',' | b';' | b'/' => 1,
            // 、 ， ； ／
            _ if matches!(b.get(i..i + 3), Some([0xE3, 0x80, 0x81] | [0xEF, 0xBC, 0x8C | 0x9B | 0x8F])) => 3,
            // Another char of lead byte 0xE3 or 0xEF.
            _ => {
                i += 3;
                continue;
            }
        };
        if separators == 0 {
            out.reserve_exact(2);
        }
        separators += 1;
        push_unit(out, s.get(from..i));
        i += len;
        from = i;
    }
    if separators > 0 {
        push_unit(out, s.get(from..));
    }
    separators
}

fn push_unit(out: &mut Vec<String>, part: Option<&str>) {
    let u = trim(part.unwrap_or(""));
    if !u.is_empty() {
        out.push(u.to_string());
    }
}

/// Is this row a category row ("一、稳增长", "（二）产业发展")? Its text, if so.
fn category_of(cells: &[SheetCell], roles: &[Option<&str>]) -> Option<String> {
    let mut texts = cells.iter().map(|c| &*c.text).filter(|t| !t.is_empty());
    let first = texts.next()?;
    // One distinct text (a cell spanning the table shows up once per column it covers).
    let mut count = 1;
    for t in texts {
        if t != first {
            return None;
        }
        count += 1;
    }
    // A lone number in the serial column is a row whose other cells are empty, not a category.
    if parse_seq(first).is_some() {
        return None;
    }
    let seq_col = roles.iter().position(|r| *r == Some("seq"));
    let in_seq_only = seq_col.is_some_and(|j| cells.get(j).is_some_and(|c| c.text == first)) && count == 1;
    let numbered = is_category_heading(first);
    (numbered || (count > 1 || in_seq_only) && first.chars().count() <= 30 || roles.len() <= 1)
        .then(|| first.to_string())
}

/// "一、…", "（二）…", "(三)…", "第一部分…": a heading numbered in Chinese.
pub fn is_category_heading(t: &str) -> bool {
    let t = t.trim_start_matches(['（', '(']);
    let rest = t.trim_start_matches(|c: char| "一二三四五六七八九十".contains(c));
    if rest.len() < t.len() {
        return matches!(rest.chars().next(), Some('、' | '）' | ')' | '．'));
    }
    t.starts_with('第') && (t.contains('部') || t.contains('类') || t.contains('篇'))
}

fn pick_title(preamble: &[String]) -> Option<String> {
    const KEYS: &[&str] = &["情况", "报告", "目标", "任务", "表", "清单", "台账", "进展"];
    preamble
        .iter()
        .find(|l| KEYS.iter().any(|k| l.contains(k)) && l.chars().count() >= 6)
        .or_else(|| preamble.iter().filter(|l| l.chars().count() >= 6).max_by_key(|l| l.chars().count()))
        .cloned()
}

/// Builds the report's rows, columns, title, preamble, period and input warnings from a grid.
pub fn build(grid: Grid, rules: &Rules) -> Report {
    build_sheet(Sheet::from(grid), rules)
}

/// [`build`] from a [`Sheet`]: each cell's text is moved (an owned one) or copied once (a
/// borrowed one) into its row.
pub(crate) fn build_sheet(grid: Sheet, rules: &Rules) -> Report {
    let mut report = Report { preamble: grid.preamble, warnings: grid.warnings, ..Default::default() };
    let mut roles: Vec<Option<&'static str>> = Vec::new();
    let mut headers: Vec<String> = Vec::new();
    let mut category: Option<String> = None;
    let mut unused_category: Option<(String, Option<usize>)> = None;
    let mut seq_text: Vec<Option<u32>> = Vec::new();
    let no_tables = grid.tables.is_empty();
    let mut cells = grid.cells;
    report.rows.reserve(grid.tables.iter().map(Vec::len).sum());

    for (t, rows) in grid.tables.iter().enumerate() {
        let mut start = 0;
        // The header: the first of the table's first rows that names roles.
        let found =
            rows.iter().take(8).enumerate().find_map(|(i, r)| header_roles(cells_of(&cells, r), rules).map(|h| (i, h)));
        match found {
            Some((i, h)) => {
                for r in rows.get(..i).unwrap_or_default() {
                    // Rows above the header (a title row inside the table) join the preamble.
                    let mut seen: Vec<&str> = Vec::new();
                    for c in cells_of(&cells, r) {
                        if !c.text.is_empty() && !seen.contains(&&*c.text) {
                            seen.push(&c.text);
                        }
                    }
                    for s in seen {
                        if t == 0 && report.rows.is_empty() {
                            report.preamble.push(s.to_string());
                        } else {
                            report.warnings.push(Warning::new(
                                "text_outside_table",
                                format!("text above a table kept here: {s}"),
                                r.line,
                            ));
                        }
                    }
                }
                roles = h;
                headers = rows
                    .get(i)
                    .map(|r| cells_of(&cells, r))
                    .unwrap_or_default()
                    .iter()
                    .map(|c| c.text.to_string())
                    .collect();
                start = i + 1;
            }
            None if roles.is_empty() || rows.first().map(|r| r.to - r.from) != Some(roles.len()) => {
                roles = content_roles(rows, &cells);
                headers = vec![String::new(); roles.len()];
                if let Some(r) = rows.first() {
                    report.warnings.push(Warning::new(
                        "no_header",
                        "no header row found; column roles were guessed from the content",
                        r.line,
                    ));
                }
            }
            None => {}
        }
        if report.columns.is_empty() {
            report.columns = roles
                .iter()
                .zip(&headers)
                .map(|(r, h)| Column { role: r.unwrap_or("extra").to_string(), header: h.clone() })
                .collect();
        }
        // Each column's field, from its role once per table rather than once per cell.
        let fields: Vec<Field> = roles.iter().map(|r| Field::of(*r)).collect();
        for gr in rows.iter().skip(start) {
            let gr_cells = cells.get_mut(gr.from..gr.to).unwrap_or_default();
            // A repeated header (page break in Word) is skipped.
            if gr_cells.len() == headers.len() && gr_cells.iter().zip(&headers).all(|(c, h)| c.text == **h) {
                continue;
            }
            if let Some(c) = category_of(gr_cells, &roles) {
                if let Some((prev, line)) = unused_category.replace((c.clone(), gr.line)) {
                    report.warnings.push(empty_category(&prev, line));
                }
                category = Some(c);
                continue;
            }
            unused_category = None;
            let mut row =
                Row { index: report.rows.len(), category: category.clone(), line: gr.line, ..Default::default() };
            let mut seq_cell: Option<(Option<u32>, bool)> = None;
            if gr_cells.len() != roles.len() && !roles.is_empty() {
                report.warnings.push(Warning::new(
                    "ragged_row",
                    format!("row {} has {} cells where the header has {}", row.index + 1, gr_cells.len(), roles.len()),
                    gr.line,
                ));
            }
            for (j, cell) in gr_cells.iter_mut().enumerate() {
                // The text moves out of the sheet: each cell is visited once.
                let text = std::mem::take(&mut cell.text);
                match fields.get(j).copied().unwrap_or(Field::Other) {
                    Field::Seq => {
                        let n = parse_seq(&text);
                        if n.is_none() && !text.is_empty() {
                            row.extra.insert(header_or(&headers, j), text.into_owned());
                        }
                        seq_cell = Some((n, cell.generated));
                    }
                    Field::Task if row.task.is_empty() => row.task = text.into_owned(),
                    Field::Status if row.status.is_empty() => row.status = text.into_owned(),
                    Field::Units if row.units.is_empty() => row.units = split_units_cell(text),
                    Field::Partners if row.partners.is_empty() => row.partners = split_units_cell(text),
                    _ => {
                        if !text.is_empty() {
                            let mut key = header_or(&headers, j);
                            while row.extra.contains_key(&key) {
                                key.push('+');
                            }
                            row.extra.insert(key, text.into_owned());
                        }
                    }
                }
            }
            let (seq, generated) = seq_cell.unwrap_or((None, false));
            seq_text.push(if generated { None } else { seq });
            row.seq = seq;
            row.seq_inferred = generated && seq.is_some();
            report.rows.push(row);
        }
    }
    if let Some((prev, line)) = unused_category {
        report.warnings.push(empty_category(&prev, line));
    }
    for (s, line) in grid.loose {
        report.warnings.push(Warning::new(
            "text_outside_table",
            format!("text outside the table kept here: {s}"),
            line,
        ));
    }
    if no_tables || report.rows.is_empty() {
        report.warnings.push(Warning::new("no_table", "no table found in the input", None));
    }
    if roles.contains(&Some("seq")) {
        number_rows(&mut report.rows, &seq_text);
    }
    report.title = pick_title(&report.preamble);
    report.period = period::of_title(&report.preamble).or_else(|| {
        report
            .columns
            .iter()
            .find(|c| c.role == "status")
            .and_then(|c| period::of_title(std::slice::from_ref(&c.header)))
    });
    report
}

/// The row field a column's cells go into.
#[derive(Clone, Copy)]
enum Field {
    Seq,
    Task,
    Status,
    Units,
    Partners,
    /// Any other role, or none: the row's `extra`.
    Other,
}

impl Field {
    fn of(role: Option<&str>) -> Field {
        match role {
            Some("seq") => Field::Seq,
            Some("task") => Field::Task,
            Some("status") => Field::Status,
            Some("units") => Field::Units,
            Some("partners") => Field::Partners,
            _ => Field::Other,
        }
    }
}

fn empty_category(text: &str, line: Option<usize>) -> Warning {
    Warning::new("empty_category", format!("category heading with no rows under it kept here: {text}"), line)
}

fn header_or(headers: &[String], j: usize) -> String {
    match headers.get(j) {
        Some(h) if !h.is_empty() => squash(h).into_owned(),
        _ => format!("列{}", j + 1),
    }
}

/// Infers blank serials from the neighbours and flags numbering problems.
/// `written[i]` is the serial written in row i's text (None when blank or generated).
fn number_rows(rows: &mut [Row], written: &[Option<u32>]) {
    let mut prev: Option<u32> = None;
    let mut seen = Serials::default();
    // The first row at or after the current one with a written serial (kept moving forward,
    // so that a run of blank rows at the top costs one pass, not one pass each).
    let mut next_written = 0;
    for (i, row) in rows.iter_mut().enumerate() {
        match written.get(i).copied().flatten() {
            Some(n) => {
                if let Some(p) = prev {
                    if n > p + 1 {
                        row.flags.push(seq_flag(
                            "seq_gap",
                            message(&["序号从", "跳到", "，中间缺", "个"], &[p, n, n - p - 1]),
                        ));
                    }
                }
                if !seen.insert(n) {
                    row.flags.push(seq_flag("seq_duplicate", message(&["序号", "重复出现"], &[n])));
                }
                prev = Some(n);
            }
            None => {
                if row.seq.is_none() {
                    // Blank: the previous serial + 1, or the next written serial − 1 at the top.
                    let guess = match prev {
                        Some(p) => Some(p + 1),
                        None => {
                            next_written = next_written.max(i);
                            while written.get(next_written).is_some_and(|w| w.is_none()) {
                                next_written += 1;
                            }
                            let k = next_written - i;
                            written
                                .get(next_written)
                                .copied()
                                .flatten()
                                .and_then(|n| u32::try_from(k).ok().and_then(|k| n.checked_sub(k)))
                                .filter(|n| *n > 0)
                        }
                    };
                    row.seq = guess;
                    row.seq_inferred = guess.is_some();
                    let msg = match guess {
                        Some(g) => message(&["序号空缺，按前后顺序推定为", ""], &[g]),
                        None => "序号空缺，无法推定".to_string(),
                    };
                    row.flags.push(seq_flag("seq_missing", msg));
                }
                if let Some(n) = row.seq {
                    seen.insert(n);
                    prev = Some(n);
                }
            }
        }
    }
}

/// The serials seen so far, one bit each: no hashing per row. Serials are at most six
/// digits plus one per row (inferred ones), so the bits stay few; any beyond
/// [`Serials::BITS`] go to a hash set all the same, to bound the memory.
#[derive(Default)]
struct Serials(Vec<u64>, crate::summary::FastMap<u32, ()>);

impl Serials {
    const BITS: u32 = 1 << 22;

    /// Adds `n`; false when it was there already.
    fn insert(&mut self, n: u32) -> bool {
        if n >= Self::BITS {
            return self.1.insert(n, ()).is_none();
        }
        let (word, bit) = ((n / 64) as usize, 1u64 << (n % 64));
        if word >= self.0.len() {
            self.0.resize(word + 1, 0);
        }
        match self.0.get_mut(word) {
            Some(w) if *w & bit == 0 => {
                *w |= bit;
                true
            }
            _ => false,
        }
    }
}

/// `parts[0] nums[0] parts[1] nums[1] …`: a flag message with its numbers, written
/// without the formatting machinery (these messages come once per flagged row).
fn message(parts: &[&str], nums: &[u32]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum::<usize>() + 10 * nums.len());
    for (k, p) in parts.iter().enumerate() {
        s.push_str(p);
        if let Some(&n) = nums.get(k) {
            crate::dupes::push_num(&mut s, u64::from(n));
        }
    }
    s
}

fn seq_flag(code: &'static str, message: String) -> Flag {
    Flag { code: Cow::Borrowed(code), severity: Severity::Info, message, cell: Cow::Borrowed("seq"), span: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_synonyms() {
        let r = Rules::default();
        for (h, role) in [
            ("序号", "seq"),
            ("目    标   任   务", "task"),
            ("完     成     情     况", "status"),
            ("牵头责任单位", "units"),
            ("配合单位", "partners"),
            ("完成时限", "deadline"),
            ("完成率", "progress"),
            ("项目名称", "name"),
            ("年度目标", "target"),
            ("备注", "note"),
            ("上半年完成情况", "status"),
        ] {
            assert_eq!(role_of(h, &r), Some(role), "{h}");
        }
        assert_eq!(role_of("加快建设诚信涪陵", &r), None);
        for (_, syns) in SYNONYMS {
            assert!(syns.iter().all(|s| squash(s) == *s), "built-in synonyms hold no white space: {syns:?}");
        }
    }

    #[test]
    fn serials() {
        for (s, n) in [
            ("1", Some(1)),
            ("12.", Some(12)),
            ("3、", Some(3)),
            ("（4）", Some(4)),
            ("１５", Some(15)),
            ("", None),
            ("一", None),
        ] {
            assert_eq!(parse_seq(s), n, "{s}");
        }
    }

    #[test]
    fn unit_lists() {
        assert_eq!(split_units("区发展改革委\n区生态环境局"), vec!["区发展改革委", "区生态环境局"]);
        assert_eq!(
            split_units("区财政局、区税务局；区统计局/区人社局"),
            vec!["区财政局", "区税务局", "区统计局", "区人社局"]
        );
    }

    #[test]
    fn categories() {
        assert!(is_category_heading("一、稳增长"));
        assert!(is_category_heading("（二）产业发展"));
        assert!(!is_category_heading("一般公共预算收入增长8.5%"));
    }

    fn report(tsv: &str) -> Report {
        build(crate::input::read(tsv, Some(crate::input::Format::Tsv)), &Rules::default())
    }

    #[test]
    fn category_rows_set_category_and_are_not_rows() {
        let r = report("序号\t目标任务\t完成情况\n一、稳增长\t\t\n1\t甲\t乙\n（二）惠民生\t\t\n2\t丙\t丁\n");
        let got: Vec<(Option<u32>, Option<&str>, &str)> =
            r.rows.iter().map(|r| (r.seq, r.category.as_deref(), r.task.as_str())).collect();
        assert_eq!(got, vec![(Some(1), Some("一、稳增长"), "甲"), (Some(2), Some("（二）惠民生"), "丙")]);
    }

    #[test]
    fn unknown_columns_are_kept_in_extra() {
        let r = report("序号\t目标任务\t完成情况\t牵头单位\t分管领导\n1\t甲\t乙\t区财政局\t张三\n");
        assert_eq!(r.rows[0].extra.get("分管领导").map(String::as_str), Some("张三"));
        assert_eq!(r.columns[4].role, "extra");
    }

    #[test]
    fn headerless_table_gets_roles_from_content() {
        let r = report(
            "1\t地区生产总值增长6.5%。\t上半年，地区生产总值增长6.4%。\t区发展改革委\n\
             2\t固定资产投资增长10%。\t上半年，完成固定资产投资增长-9.8%。\t区发展改革委\n\
             3\t一般公共预算收入增长8.5%。\t上半年，实现一般公共预算收入36.05亿元。\t区财政局\n",
        );
        let roles: Vec<&str> = r.columns.iter().map(|c| c.role.as_str()).collect();
        assert_eq!(roles, ["seq", "task", "status", "units"]);
        assert_eq!(r.rows.len(), 3);
        assert!(r.warnings.iter().any(|w| w.code == "no_header"));
    }

    #[test]
    fn serial_problems_are_flagged() {
        let r = report("序号\t目标任务\n1\t甲\n\t乙\n4\t丙\n4\t丁\n");
        let got: Vec<(Option<u32>, bool, Vec<&str>)> =
            r.rows.iter().map(|r| (r.seq, r.seq_inferred, r.flags.iter().map(|f| &*f.code).collect())).collect();
        assert_eq!(
            got,
            vec![
                (Some(1), false, vec![]),
                (Some(2), true, vec!["seq_missing"]),
                (Some(4), false, vec!["seq_gap"]),
                (Some(4), false, vec!["seq_duplicate"]),
            ]
        );
    }

    #[test]
    fn title_row_inside_the_table_joins_the_preamble() {
        let r = report("2023年上半年重点任务完成情况\t\t\n序号\t目标任务\t完成情况\n1\t甲\t乙\n");
        assert_eq!(r.title.as_deref(), Some("2023年上半年重点任务完成情况"));
        assert_eq!(r.period.as_ref().map(|p| p.elapsed), Some(0.5));
        assert_eq!(r.rows.len(), 1);
    }

    #[test]
    fn messages_write_their_numbers() {
        for (parts, nums, want) in [
            (&["序号", "重复出现"][..], &[4u32][..], "序号4重复出现"),
            (&["序号从", "跳到", "，中间缺", "个"], &[9, 120, 110], "序号从9跳到120，中间缺110个"),
            (&["a", ""], &[0], "a0"),
            (&["", ""], &[u32::MAX], "4294967295"),
        ] {
            assert_eq!(message(parts, nums), want);
        }
    }

    #[test]
    fn serial_set_says_what_it_has_seen() {
        let mut s = Serials::default();
        let got: Vec<bool> = [3, 64, 3, 999_999, 64, 0, 0, u32::MAX, u32::MAX].iter().map(|&n| s.insert(n)).collect();
        assert_eq!(got, [true, true, false, true, false, true, false, true, false]);
    }

    #[test]
    fn many_blank_serials_at_the_top_stay_linear() {
        let text = format!("序号\t目标任务\n{}", "\t甲\n".repeat(50_000));
        let t = std::time::Instant::now();
        let r = report(&text);
        assert!(t.elapsed().as_secs_f64() < 5.0);
        assert_eq!(r.rows.len(), 50_000);
        assert!(r.rows.iter().all(|r| r.seq.is_none() && r.flags.iter().any(|f| f.code == "seq_missing")));
    }

    #[test]
    fn owned_unit_cells_split_like_borrowed_ones() {
        for s in [
            "",
            " ",
            "区财政局",
            " 区财政局 ",
            "区财政局、",
            "、区财政局",
            "区财政局，区税务局",
            "\n",
            "a/b;c",
            "　区委　",
            "ab ",
            "区委 ",
            "区委\u{3000}",
            "a\u{a0}、 b",
            "é区委、区委é",
            "𠀀区委/区委𠀀 ",
        ] {
            let want: Vec<String> =
                s.split(split_unit_char).map(str::trim).filter(|u| !u.is_empty()).map(String::from).collect();
            assert_eq!(split_units_cell(Cow::Owned(s.to_string())), want, "{s:?}");
            assert_eq!(split_units(s), want, "{s:?}");
        }
        assert_eq!(split_units("区财政局"), vec!["区财政局"]);
        assert_eq!(split_units(" 区财政局 ;"), vec!["区财政局"]);
    }
}
