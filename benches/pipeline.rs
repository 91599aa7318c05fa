//! `cargo bench --bench pipeline`: median time and MB/s of each stage on the seed and on
//! the seed repeated (×10, ×100, ×1000), side by side in one run. Prints a Markdown table
//! for BENCHMARKS.md. `DUBAN_BENCH_QUICK=1` runs one small round (a CI smoke run).

use std::alloc::{GlobalAlloc, Layout};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering::Relaxed};
use std::time::Instant;

/// The allocator the CLI uses (see `src/bin/duban.rs`), so that the times here are the CLI's.
#[cfg(feature = "cli")]
static INNER: mimalloc::MiMalloc = mimalloc::MiMalloc;
#[cfg(not(feature = "cli"))]
static INNER: std::alloc::System = std::alloc::System;

/// The CLI's allocator, counting the bytes allocated and freed while [`peak_bytes`] runs
/// (and only then: the timed runs pay for no atomic updates).
struct Counting;
static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

/// Counts `d` more bytes live (fewer when negative) while [`peak_bytes`] runs.
#[inline]
fn grew(d: isize) {
    if COUNTING.load(Relaxed) {
        let now = LIVE.fetch_add(d, Relaxed) + d;
        PEAK.fetch_max(now, Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { INNER.alloc(l) };
        if !p.is_null() {
            grew(l.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { INNER.dealloc(p, l) };
        grew(-(l.size() as isize));
    }
    // Forwarded rather than left to the default (allocate, then zero), which would hide
    // the allocator's already-zeroed memory from the times.
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        let p = unsafe { INNER.alloc_zeroed(l) };
        if !p.is_null() {
            grew(l.size() as isize);
        }
        p
    }
    // Forwarded rather than left to the default (allocate, copy, free), which would
    // hide the allocator's in-place growth from the times.
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
        let q = unsafe { INNER.realloc(p, l, new_size) };
        if !q.is_null() {
            grew(new_size as isize - l.size() as isize);
        }
        q
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Peak heap bytes used by `f` above what was live before it.
fn peak_bytes(f: impl FnOnce()) -> usize {
    LIVE.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
    f();
    COUNTING.store(false, Relaxed);
    PEAK.load(Relaxed).max(0) as usize
}

fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    t.sort_by(|a, b| a.total_cmp(b));
    t[t.len() / 2]
}

/// The seed's rows repeated `n` times as one tab-cell report (header once).
fn repeat_tabcell(seed: &str, n: usize) -> String {
    let start = seed.find("\n\n\t1\n").map(|p| p + 2).unwrap_or(0);
    let (head, body) = seed.split_at(start);
    let mut s = String::with_capacity(seed.len() * n);
    s.push_str(head);
    for _ in 0..n {
        s.push_str(body.trim_end());
        s.push_str("\n\n");
    }
    s
}

/// The same rows as Excel-clipboard TSV.
fn to_tsv(seed: &str) -> String {
    let report = duban::analyze(seed, &duban::Options::default());
    let q =
        |s: &str| if s.contains(['\n', '\t', '"']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() };
    let mut out = String::from("序号\t目标任务\t完成情况\t牵头责任单位\r\n");
    for r in &report.rows {
        let seq = if r.seq_inferred { String::new() } else { r.seq.map(|s| s.to_string()).unwrap_or_default() };
        out.push_str(&format!("{}\t{}\t{}\t{}\r\n", seq, q(&r.task), q(&r.status), q(&r.units.join("\n"))));
    }
    out
}

/// The seed report: `$DUBAN_SAMPLE`, else `shared/corpus/` in the nearest ancestor of the
/// crate that has one (a git worktree may sit deeper than the main checkout).
fn seed_path() -> std::path::PathBuf {
    if let Some(p) = std::env::var_os("DUBAN_SAMPLE") {
        return p.into();
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    root.ancestors()
        .skip(1)
        .map(|d| d.join("shared/corpus/fuling-2023h1.txt"))
        .find(|p| p.exists())
        .unwrap_or_else(|| root.join("../shared/corpus/fuling-2023h1.txt"))
}

fn main() {
    let quick = std::env::var_os("DUBAN_BENCH_QUICK").is_some();
    let path = seed_path();
    let seed = std::fs::read_to_string(&path).expect("the seed corpus beside the repo (or set DUBAN_SAMPLE)");
    let opts = duban::Options::default();
    let scales: &[usize] = if quick { &[1] } else { &[1, 10, 100, 1000] };
    println!("| input | size | stage | median ms | MB/s |");
    println!("|---|---:|---|---:|---:|");
    let mut full = Vec::new();
    let mut memory = Vec::new();
    for &n in scales {
        let text = repeat_tabcell(&seed, n);
        let mb = text.len() as f64 / 1e6;
        let runs = if quick { 3 } else { (200 / n).clamp(5, 50) };
        let grid_ms = median_ms(runs, || {
            black_box(duban::input::read(black_box(&text), None));
        });
        let rows_ms = median_ms(runs, || {
            let g = duban::input::read(&text, None);
            black_box(duban::table::build(g, &opts.rules));
        });
        let all_ms = median_ms(runs, || {
            black_box(duban::analyze(black_box(&text), &opts));
        });
        let base = duban::table::build(duban::input::read(&text, None), &opts.rules);
        let dupes_ms = median_ms(runs, || {
            let mut r = base.clone();
            duban::dupes::find(&mut r, opts.rules.duplicate_similarity);
            black_box(r);
        });
        let clone_ms = median_ms(runs, || {
            black_box(base.clone());
        });
        let mut analysed = base.clone();
        let analysis_ms = median_ms(runs, || {
            let mut rows = base.rows.clone();
            duban::analysis::analyze_rows(&mut rows, base.period.as_ref(), &opts.rules);
            black_box(rows);
        }) - clone_ms;
        duban::analysis::analyze_rows(&mut analysed.rows, base.period.as_ref(), &opts.rules);
        let finish_ms = median_ms(runs, || {
            let mut r = analysed.clone();
            duban::summary::finish(&mut r);
            duban::span::report_to_utf16(&mut r);
            black_box(r);
        }) - clone_ms;
        let dupes_ms = dupes_ms - clone_ms;
        // The quantities scanner over every task and status cell, one scratch buffer for
        // all as the analysis above does it (this time is part of that one).
        let quantities_ms = median_ms(runs, || {
            let mut scratch = duban::numbers::Scratch::default();
            for r in &base.rows {
                black_box(duban::numbers::quantities_with(black_box(&r.task), &mut scratch));
                black_box(duban::numbers::quantities_with(black_box(&r.status), &mut scratch));
            }
        });
        for (stage, ms) in [
            ("grid", grid_ms),
            ("grid+rows", rows_ms),
            ("analysis (targets, verdicts, flags) alone", analysis_ms),
            ("of which quantities (task+status cells)", quantities_ms),
            ("duplicates alone", dupes_ms),
            ("lights+summary+spans alone", finish_ms),
            ("full analysis", all_ms),
        ] {
            println!("| tab-cell seed ×{n} | {:.2} MB | {stage} | {ms:.3} | {:.0} |", mb, mb / (ms / 1e3));
        }
        full.push((text.len() as f64, all_ms));
        let peak = peak_bytes(|| {
            black_box(duban::analyze(&text, &opts));
        });
        memory.push((n, text.len(), peak));
    }
    let tsv1 = to_tsv(&seed);
    let n = if quick { 1 } else { 100 };
    let tsv = tsv1.repeat(n);
    let mb = tsv.len() as f64 / 1e6;
    let ms = median_ms(if quick { 3 } else { 10 }, || {
        black_box(duban::input::read(black_box(&tsv), Some(duban::input::Format::Tsv)));
    });
    println!("| TSV seed ×{n} | {mb:.2} MB | grid (TSV split) | {ms:.3} | {:.0} |", mb / (ms / 1e3));
    println!("\n| input | size | peak heap during analysis | × input |");
    println!("|---|---:|---:|---:|");
    for (n, size, peak) in &memory {
        println!(
            "| tab-cell seed ×{n} | {:.2} MB | {:.1} MB | {:.1} |",
            *size as f64 / 1e6,
            *peak as f64 / 1e6,
            *peak as f64 / *size as f64
        );
    }
    if full.len() >= 2 {
        // Least-squares slope of log(time) on log(size): 1.0 is linear.
        let pts: Vec<(f64, f64)> = full.iter().map(|(s, t)| (s.ln(), t.ln())).collect();
        let k = pts.len() as f64;
        let (sx, sy) = pts.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
        let (mx, my) = (sx / k, sy / k);
        let num: f64 = pts.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
        let den: f64 = pts.iter().map(|(x, _)| (x - mx).powi(2)).sum();
        println!("\nscaling exponent of full analysis (time ∝ size^k): k = {:.3}", num / den);
    }
    hostile_shapes(quick);
}

/// Input shapes that could make a stage superlinear, each at two sizes 8× apart: the
/// exponent k = log(t2/t1)/log(8) should stay near 1 (k ≤ 1.3 is reported as linear: small inputs are noisy).
fn hostile_shapes(quick: bool) {
    let unit = if quick { 2_000 } else { 20_000 };
    type Make = fn(usize) -> String;
    let shapes: [(&str, Make); 6] = [
        ("deep HTML nesting (<div> × n)", |n| {
            format!("<table><tr><td>{}x{}</td></tr></table>", "<div>".repeat(n), "</div>".repeat(n))
        }),
        ("deep nested tables (<table><tr><td> × n)", |n| "<table><tr><td>甲".repeat(n)),
        ("one huge line (no line break)", |n| "地区生产总值增长6.5%，完成投资12亿元；".repeat(n)),
        ("a million tiny rows (1\\t甲 per line)", |n| "1\t甲\n".repeat(n * 5)),
        ("very wide rows (n columns, 4 rows)", |n| {
            let row: String = (0..n).map(|i| format!("{i}\t")).collect();
            format!("序号\t目标任务\t完成情况\t{row}\n{row}\n{row}\n{row}\n")
        }),
        ("many HTML rowspans", |n| {
            let mut s = String::from("<table>");
            for i in 0..n / 4 {
                s.push_str(&format!("<tr><td rowspan=50>{i}</td><td colspan=20>甲</td></tr>"));
            }
            s + "</table>"
        }),
    ];
    println!("\n| hostile shape | n | size | ms | 8n | size | ms | k |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let opts = duban::Options::default();
    for (name, make) in shapes {
        let (a, b) = (make(unit), make(unit * 8));
        let ta = median_ms(3, || {
            black_box(duban::analyze(black_box(&a), &opts));
        });
        let tb = median_ms(3, || {
            black_box(duban::analyze(black_box(&b), &opts));
        });
        let k = (tb / ta.max(1e-6)).ln() / 8f64.ln();
        println!(
            "| {name} | {unit} | {:.2} MB | {ta:.1} | {} | {:.2} MB | {tb:.1} | {k:.2}{} |",
            a.len() as f64 / 1e6,
            unit * 8,
            b.len() as f64 / 1e6,
            if k <= 1.3 { "" } else { " **superlinear?**" }
        );
    }
}
