//! The npm package's TypeScript types (types/index.d.ts) must say what the Rust types
//! serialise to. This test builds a Report and Options with every field filled and every
//! enum variant used, and compares their JSON with the fixtures in tests/pkg/shape/
//! (`DUBAN_BLESS=1 cargo test --test pkg_shape` rewrites them). The Node tests
//! (tests/pkg/types.test.mjs) type-check those fixtures against the shipped .d.ts with
//! TypeScript's excess-property checks: a field added, renamed or removed on either side
//! fails one of the two.
//!
//! ADVICE FOR HACKERS: the struct literals below deliberately spell out every field (no
//! `..Default::default()`) and the `all_*` helpers match every variant without a
//! wildcard, so that a new field or variant stops this file compiling until it is added
//! here, then to the fixture (bless), then to the .d.ts.

use duban::input::Format;
use duban::*;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn all_lights() -> Vec<Light> {
    let v = vec![Light::Red, Light::Yellow, Light::Green, Light::None];
    for l in &v {
        match l {
            Light::Red | Light::Yellow | Light::Green | Light::None => {}
        }
    }
    v
}

fn all_kinds() -> Vec<TargetKind> {
    let v = vec![TargetKind::Rate, TargetKind::Level, TargetKind::Cumulative, TargetKind::Ceiling];
    for k in &v {
        match k {
            TargetKind::Rate | TargetKind::Level | TargetKind::Cumulative | TargetKind::Ceiling => {}
        }
    }
    v
}

fn all_verdicts() -> Vec<Verdict> {
    let v = vec![Verdict::Met, Verdict::OnTrack, Verdict::Behind, Verdict::Missed, Verdict::Unknown];
    for x in &v {
        match x {
            Verdict::Met | Verdict::OnTrack | Verdict::Behind | Verdict::Missed | Verdict::Unknown => {}
        }
    }
    v
}

fn all_severities() -> Vec<Severity> {
    let v = vec![Severity::Red, Severity::Yellow, Severity::Info];
    for s in &v {
        match s {
            Severity::Red | Severity::Yellow | Severity::Info => {}
        }
    }
    v
}

fn all_formats() -> Vec<Format> {
    let v = vec![Format::Tabcell, Format::Tsv, Format::Csv, Format::Html, Format::Markdown, Format::Lines];
    for f in &v {
        match f {
            Format::Tabcell | Format::Tsv | Format::Csv | Format::Html | Format::Markdown | Format::Lines => {}
        }
    }
    v
}

fn target(kind: TargetKind) -> Target {
    Target {
        text: "增长6.5%".into(),
        indicator: "地区生产总值".into(),
        value: 6.5,
        unit: "%".into(),
        kind,
        span: [4, 10],
    }
}

fn pair(verdict: Verdict) -> Pair {
    Pair {
        target: 0,
        actual: Some(Actual {
            text: "增长6.4%".into(),
            value: 6.4,
            unit: "%".into(),
            period: Some("1-5月".into()),
            estimate: true,
            span: [0, 6],
        }),
        ratio: Some(0.98),
        expected: Some(0.5),
        verdict,
    }
}

fn flag(severity: Severity) -> Flag {
    Flag {
        code: "target_missed".into(),
        severity,
        message: "地区生产总值增长6.4%，低于目标6.5%。".into(),
        cell: "status".into(),
        span: Some([0, 6]),
    }
}

/// One row per light; targets, pairs and flags cycle through every other variant.
fn rows() -> Vec<Row> {
    all_lights()
        .into_iter()
        .enumerate()
        .map(|(index, light)| Row {
            index,
            seq: Some(index as u32 + 1),
            seq_inferred: index % 2 == 1,
            category: Some("一、稳增长".into()),
            task: "地区生产总值增长6.5%".into(),
            status: "增长6.4%".into(),
            units: vec!["区发展改革委".into()],
            partners: vec!["区统计局".into()],
            extra: BTreeMap::from([("备注".to_string(), "无".to_string())]),
            line: Some(3 + index),
            targets: if index == 0 { all_kinds().into_iter().map(target).collect() } else { vec![] },
            pairs: if index == 0 { all_verdicts().into_iter().map(pair).collect() } else { vec![] },
            flags: if index == 0 { all_severities().into_iter().map(flag).collect() } else { vec![] },
            light,
        })
        .collect()
}

fn report() -> Report {
    Report {
        title: Some("2023年上半年政府工作报告主要目标任务完成情况".into()),
        preamble: vec!["附件2".into()],
        period: Some(Period { label: "上半年".into(), elapsed: 0.5 }),
        columns: vec![Column { role: "task".into(), header: "目标任务".into() }],
        rows: rows(),
        duplicates: vec![vec![0, 1]],
        units: vec![UnitSummary { name: "区发展改革委".into(), rows: 4, red: 1, yellow: 1, green: 1, none: 1 }],
        warnings: vec![Warning {
            code: "seq_inferred".into(), message: "第3行序号为推断".into(), line: Some(3)
        }],
    }
}

/// One Options per input format, every field given.
fn options() -> Vec<Options> {
    all_formats()
        .into_iter()
        .map(|format| Options {
            format: Some(format),
            period: Some(0.5),
            period_label: Some("上半年".into()),
            file_name: Some("report.docx".into()),
            rules: Rules {
                near_miss: 0.1,
                exceeded_margin: 0.25,
                risk_strong: vec!["难度大".into()],
                risk_weak: vec!["尚未".into()],
                risk_exceptions: vec!["停产整顿".into()],
                risk_resolved: vec!["已全部完成".into()],
                decline_good: vec!["能耗".into()],
                estimate_words: vec!["预计".into()],
                pending_words: vec!["申报".into()],
                done_words: vec!["建成".into()],
                stage_words: vec!["主体".into()],
                aliases: BTreeMap::from([("固投".to_string(), vec!["固定资产投资".to_string()])]),
                duplicate_similarity: 0.9,
                synonyms: BTreeMap::from([("units".to_string(), vec!["责任部门".to_string()])]),
            },
        })
        .collect()
}

fn check(name: &str, json: String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/pkg/shape").join(name);
    if std::env::var_os("DUBAN_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, json + "\n").unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        want.trim_end(),
        json.trim_end(),
        "{} is out of date: the Rust types changed. Run `DUBAN_BLESS=1 cargo test --test pkg_shape`, \
         then update types/index.d.ts until `npm run test:pkg` passes",
        path.display()
    );
}

#[test]
fn report_fixture_matches_the_rust_types() {
    check("report.json", serde_json::to_string_pretty(&report()).unwrap());
}

#[test]
fn options_fixture_matches_the_rust_types() {
    check("options.json", serde_json::to_string_pretty(&options()).unwrap());
}

#[test]
fn report_round_trips() {
    let r = report();
    let back: Report = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
    assert_eq!(back, r);
}
