//! Agreement with the officer's labels of the seed report
//! (`shared/corpus/fuling-2023h1.labels.jsonl`): lights, verdicts of the labelled pairs,
//! and recall of the labelled red/yellow flags. Prints every disagreement (row, field,
//! got vs want) so the rules can be tuned, and fails below the thresholds.
//! Where we believe a label is wrong, the reason is in tests/label-disagreements.md.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// The corpus beside the repository (`../shared/corpus`); a git worktree one level
/// deeper finds it at `../../shared/corpus`.
fn corpus(name: &str) -> std::path::PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let near = root.join("../shared/corpus").join(name);
    if near.exists() {
        return near;
    }
    root.join("../../shared/corpus").join(name)
}

/// Shared character bigrams of two strings (how much two target texts overlap).
fn overlap(a: &str, b: &str) -> usize {
    let bg = |s: &str| -> BTreeSet<(char, char)> {
        let c: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
        c.windows(2).map(|w| (w[0], w[1])).collect()
    };
    bg(a).intersection(&bg(b)).count()
}

fn as_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "-".into(),
        v => v.to_string(),
    }
}

const SCORED_FLAGS: &[&str] =
    &["target_missed", "behind_schedule", "negative_growth", "risk_wording", "no_progress_data", "estimate_only"];

#[test]
fn agreement_with_officer_labels() {
    let text = std::fs::read_to_string(corpus("fuling-2023h1.txt")).expect("corpus text");
    let labels = std::fs::read_to_string(corpus("fuling-2023h1.labels.jsonl")).expect("labels");
    let report = duban::analyze(&text, &duban::Options::default());
    let json = serde_json::to_value(&report).unwrap();
    let rows = json["rows"].as_array().unwrap();

    let (mut light_ok, mut light_n) = (0, 0);
    let (mut pair_ok, mut pair_n) = (0, 0);
    let (mut flag_ok, mut flag_n) = (0, 0);
    let mut diffs: Vec<String> = Vec::new();
    let mut extra: Vec<String> = Vec::new();

    for line in labels.lines().filter(|l| !l.trim().is_empty()) {
        let want: Value = serde_json::from_str(line).unwrap();
        let i = want["i"].as_u64().unwrap() as usize;
        let Some(got) = rows.get(i) else {
            diffs.push(format!("row {i}: missing from the report"));
            continue;
        };
        let task: String = got["task"].as_str().unwrap_or("").chars().take(24).collect();
        let mut row_diffs = Vec::new();
        light_n += 1;
        if got["light"] == want["light"] {
            light_ok += 1;
        } else {
            row_diffs.push(format!("light: got {} want {}", as_str(&got["light"]), as_str(&want["light"])));
        }
        let targets = got["targets"].as_array().unwrap();
        let pairs = got["pairs"].as_array().unwrap();
        for wp in want["pairs"].as_array().unwrap() {
            pair_n += 1;
            let wt = wp["target_text"].as_str().unwrap_or("");
            let best = pairs
                .iter()
                .filter_map(|p| {
                    let t = &targets[p["target"].as_u64()? as usize];
                    Some((overlap(t["text"].as_str()?, wt), p))
                })
                .filter(|(n, _)| *n > 0)
                .max_by_key(|(n, _)| *n)
                .map(|(_, p)| p);
            match best {
                Some(p) if p["verdict"] == wp["verdict"] => pair_ok += 1,
                Some(p) => row_diffs.push(format!(
                    "verdict {wt}: got {} ({}) want {} ({})",
                    as_str(&p["verdict"]),
                    as_str(&p["actual"]["text"]),
                    as_str(&wp["verdict"]),
                    as_str(&wp["actual_text"]),
                )),
                None => row_diffs.push(format!(
                    "verdict {wt}: got no target, want {} ({})",
                    as_str(&wp["verdict"]),
                    as_str(&wp["actual_text"])
                )),
            }
        }
        let got_codes: BTreeSet<String> = got["flags"].as_array().unwrap().iter().map(|f| as_str(&f["code"])).collect();
        let want_codes: BTreeSet<String> = want["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(as_str)
            .filter(|c| SCORED_FLAGS.contains(&c.as_str()))
            .collect();
        for c in &want_codes {
            flag_n += 1;
            if got_codes.contains(c) {
                flag_ok += 1;
            } else {
                row_diffs.push(format!("flag {c}: missing"));
            }
        }
        for c in got_codes.iter().filter(|c| SCORED_FLAGS.contains(&c.as_str())) {
            if !want_codes.contains(c) {
                let msg = got["flags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|f| as_str(&f["code"]) == *c)
                    .map(|f| as_str(&f["message"]))
                    .unwrap_or_default();
                extra.push(format!("row {i} [{task}]: extra {c}: {msg}"));
            }
        }
        let wt: Vec<String> = want["targets"].as_array().unwrap().iter().map(|t| as_str(&t["text"])).collect();
        let gt: Vec<String> = targets.iter().map(|t| as_str(&t["text"])).collect();
        if !row_diffs.is_empty() {
            diffs.push(format!(
                "row {i} [{task}]\n    targets got {gt:?}\n            want {wt:?}\n    {}",
                row_diffs.join("\n    ")
            ));
        }
    }
    let pct = |a: usize, n: usize| {
        if n == 0 {
            100.0
        } else {
            100.0 * a as f64 / n as f64
        }
    };
    let (l, v, f) = (pct(light_ok, light_n), pct(pair_ok, pair_n), pct(flag_ok, flag_n));
    println!("--- disagreements ({}) ---", diffs.len());
    for d in &diffs {
        println!("{d}");
    }
    println!("--- flags raised beyond the labels ({}) ---", extra.len());
    for d in &extra {
        println!("{d}");
    }
    println!("light agreement   {l:.1}% ({light_ok}/{light_n})");
    println!("verdict agreement {v:.1}% ({pair_ok}/{pair_n})");
    println!("flag recall       {f:.1}% ({flag_ok}/{flag_n})");
    assert!(l >= 90.0, "light agreement {l:.1}% < 90%");
    assert!(v >= 90.0, "verdict agreement {v:.1}% < 90%");
    assert!(f >= 90.0, "red/yellow flag recall {f:.1}% < 90%");
}
