//! Profiling driver: `prof <stage> <n>` runs one stage (full, analysis, rows) on the seed
//! repeated n times (`reps`: the full analysis of that ten times; `loop`: of the seed n
//! times), for `valgrind --tool=callgrind`; `prof hash` prints one hash of the JSON
//! reports of 1147 cut and mutated seeds, and `prof dump FILES…` the report of each
//! file, to check that a speed change leaves the output byte-identical.
use std::hint::black_box;

/// The CLI's allocator (see `src/bin/duban.rs`), so that profiles show what the CLI does.
#[cfg(feature = "cli")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let stage = a.get(1).map(String::as_str).unwrap_or("full");
    let n: usize = a.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);
    let root = env!("CARGO_MANIFEST_DIR");
    let seed = ["/../shared/corpus/fuling-2023h1.txt", "/../../shared/corpus/fuling-2023h1.txt"]
        .iter()
        .find_map(|p| std::fs::read_to_string(format!("{root}{p}")).ok())
        .unwrap();
    let start = seed.find("\n\n\t1\n").map(|p| p + 2).unwrap_or(0);
    let (head, body) = seed.split_at(start);
    // The seed repeated n times (once for `loop`, which analyses it n times).
    let mut s = String::from(head);
    for _ in 0..if stage == "loop" { 1 } else { n } {
        s.push_str(body.trim_end());
        s.push_str("\n\n");
    }
    let opts = duban::Options::default();
    match stage {
        "hash" => {
            use std::hash::{Hash, Hasher};
            let mut variants: Vec<String> = Vec::new();
            let bounds: Vec<usize> = seed.char_indices().map(|(i, _)| i).collect();
            for (k, &b) in bounds.iter().enumerate() {
                if k % 61 == 0 {
                    variants.push(seed[b..].to_string());
                    variants.push(seed[..b].to_string());
                }
            }
            for (a, b) in [
                ("%", "万元"),
                ("6", "9"),
                ("增长", "下降"),
                ("上半年", "1-5月"),
                ("。", "，"),
                ("亿元", "%"),
                ("完成", "预计"),
                ("\t", "，"),
            ] {
                variants.push(seed.replace(a, b));
            }
            let swapped: String = seed
                .split("\n\n")
                .map(|row| {
                    let mut cells: Vec<&str> = row.split("\n").collect();
                    if cells.len() >= 3 {
                        cells.swap(1, 2);
                    }
                    cells.join("\n")
                })
                .collect::<Vec<_>>()
                .join("\n\n");
            variants.push(swapped);
            let mut all = std::collections::hash_map::DefaultHasher::new();
            for v in &variants {
                let r = duban::analyze(v, &opts);
                let j = serde_json::to_string(&r).unwrap();
                j.hash(&mut all);
            }
            println!("{} variants, hash {:016x}", variants.len(), all.finish());
        }
        "dump" => {
            for f in &a[2..] {
                let Ok(t) = std::fs::read(f) else { continue };
                let r = duban::analyze_bytes(&t, &opts);
                println!("{}", serde_json::to_string(&r.map_err(|e| e.to_string())).unwrap());
            }
        }
        "analysis" => {
            let mut base = duban::table::build(duban::input::read(&s, None), &opts.rules);
            duban::analysis::analyze_rows(&mut base.rows, base.period.as_ref(), &opts.rules);
            black_box(base);
        }
        "loop" => {
            // The seed once, analysed n times: the bench's ×1 case, for a sampling profiler.
            for _ in 0..n {
                black_box(duban::analyze(black_box(&s), &opts));
            }
        }
        "reps" => {
            // The seed repeated n times, analysed 10 times: the bench's large cases, where
            // page faults on fresh heap (the kernel zeroing pages) show.
            for _ in 0..10 {
                let t = std::time::Instant::now();
                black_box(duban::analyze(black_box(&s), &opts));
                eprint!("{:.1} ", t.elapsed().as_secs_f64() * 1e3);
            }
            eprintln!("ms");
        }
        "rows" => {
            black_box(duban::table::build(duban::input::read(&s, None), &opts.rules));
        }
        _ => {
            black_box(duban::analyze(&s, &opts));
        }
    }
}
