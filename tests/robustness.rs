//! Never panic, keep spans honest: the seed cut at every line and at many character
//! boundaries, and a seeded random mix of table syntax, report words and numbers in
//! every input format. A stable stand-in for coverage-guided fuzzing (see README, Security).

use duban::input::Format;
use duban::{analyze, Options, Report};

fn utf16_slice(s: &str, span: [usize; 2]) -> Option<String> {
    let u: Vec<u16> = s.encode_utf16().collect();
    (span[0] <= span[1] && span[1] <= u.len()).then(|| String::from_utf16_lossy(&u[span[0]..span[1]]))
}

/// The invariants every report keeps, whatever the input.
fn check(report: &Report, what: &str) {
    for (i, r) in report.rows.iter().enumerate() {
        assert_eq!(r.index, i, "{what}: row index");
        for t in &r.targets {
            assert_eq!(utf16_slice(&r.task, t.span).as_deref(), Some(t.text.as_str()), "{what}: target span");
        }
        for p in &r.pairs {
            assert!(p.target < r.targets.len(), "{what}: pair target index");
            if let Some(a) = &p.actual {
                assert_eq!(utf16_slice(&r.status, a.span).as_deref(), Some(a.text.as_str()), "{what}: actual span");
            }
        }
        for f in &r.flags {
            if let Some(s) = f.span {
                let cell = match &*f.cell {
                    "task" => r.task.clone(),
                    "status" => r.status.clone(),
                    "units" => r.units.join("\n"),
                    _ => String::new(),
                };
                assert!(utf16_slice(&cell, s).is_some(), "{what}: flag span {s:?} outside the {} cell", f.cell);
            }
        }
    }
    for g in &report.duplicates {
        assert!(g.len() > 1 && g.iter().all(|&i| i < report.rows.len()), "{what}: duplicate group");
    }
}

fn seed() -> String {
    // CI and the main checkout have shared/ beside the repo; a helper worktree sits one deeper.
    let root = env!("CARGO_MANIFEST_DIR");
    ["/../shared/corpus/fuling-2023h1.txt", "/../../shared/corpus/fuling-2023h1.txt"]
        .iter()
        .find_map(|p| std::fs::read_to_string(format!("{root}{p}")).ok())
        .expect("the seed corpus beside the repo (../shared/corpus)")
}

#[test]
fn seed_cut_at_every_line() {
    let s = seed();
    let mut cut = 0;
    for (i, _) in s.match_indices('\n') {
        let r = analyze(&s[..i], &Options::default());
        check(&r, &format!("cut at byte {i}"));
        cut += 1;
    }
    assert!(cut > 1000);
}

#[test]
fn seed_cut_at_character_boundaries() {
    let s = seed();
    // Every boundary in the first rows (header, quirks), then every 97th through the rest.
    let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
    for (k, &b) in bounds.iter().enumerate() {
        if k < 800 || k % 97 == 0 {
            let r = analyze(&s[..b], &Options::default());
            check(&r, &format!("cut at byte {b}"));
            let r = analyze(&s[b..], &Options::default());
            check(&r, &format!("tail from byte {b}"));
        }
    }
}

/// Detection, and every format forced.
const FORMATS: [Option<Format>; 7] = [
    None,
    Some(Format::Tabcell),
    Some(Format::Tsv),
    Some(Format::Csv),
    Some(Format::Html),
    Some(Format::Markdown),
    Some(Format::Lines),
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[(self.next() % v.len() as u64) as usize]
    }
}

const TOKENS: &[&str] = &[
    "\t",
    "\n",
    "\n\n",
    " \t",
    "\r\n",
    "\"",
    ",",
    "|",
    "|---|",
    "<table>",
    "<tr>",
    "<td>",
    "</td>",
    "<td rowspan=3>",
    "<td colspan=2>",
    "<br>",
    "<p>",
    "&nbsp;",
    "&#x4e00;",
    "&",
    "<!--",
    "-->",
    "序号",
    "目标任务",
    "完成情况",
    "牵头责任单位",
    "1",
    "2",
    "12",
    "一、",
    "（二）",
    "增长",
    "下降",
    "6.5%",
    "-9.8%",
    "36.05亿元",
    "10458万元",
    "两万",
    "百分之十",
    "个百分点",
    "以上",
    "以内",
    "左右",
    "5-8个",
    "1-5月",
    "上半年",
    "截至4月底",
    "预计",
    "难度大",
    "尚未",
    "未完成",
    "区财政局",
    "、",
    "；",
    "。",
    "[bookmark: _GoBack]",
    "𠀀",
    "\u{feff}",
    "０",
    "９",
    "—",
    "～",
];

#[test]
fn random_mixes_in_every_format_never_panic() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for case in 0..1500 {
        let len = 1 + rng.next() % 120;
        let text: String = (0..len).map(|_| rng.pick(TOKENS)).collect();
        for f in FORMATS {
            let opts = Options { format: f, ..Default::default() };
            let r = analyze(&text, &opts);
            check(&r, &format!("case {case} {f:?}: {text:?}"));
        }
        let _ = duban::numbers::quantities(&text);
    }
}

/// Inputs the fuzzers flagged (crashes, timeouts, slow units), kept as named regressions:
/// each is read in every format, checked for the invariants, and must stay fast.
#[test]
fn fuzz_findings_stay_fixed() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fuzz");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let bytes = std::fs::read(e.path()).unwrap();
        let _ = duban::analyze_bytes(&bytes, &Options::default());
        let text = String::from_utf8_lossy(&bytes);
        for f in FORMATS {
            let r = analyze(&text, &Options { format: f, ..Default::default() });
            check(&r, &format!("{} as {f:?}", e.path().display()));
        }
        n += 1;
    }
    assert!(n >= 2);
}
