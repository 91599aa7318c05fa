//! Golden tests on the real `duban` binary. Set BLESS=1 to rewrite tests/golden/*.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn duban(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run duban");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let want =
        std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("missing {} (run with BLESS=1)", path.display()));
    if want != actual {
        let line = want.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{} differs at line {}:\n want: {:?}\n  got: {:?}\n(run with BLESS=1 to accept)",
            name,
            line + 1,
            want.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[test]
fn small_report_json_golden() {
    let (code, out, err) = duban(&["tests/golden/small.txt", "--format", "json"], b"");
    assert_eq!(code, 0, "{err}");
    golden("small.json", &out);
}

#[test]
fn stdin_and_file_give_the_same_report() {
    let text = std::fs::read("tests/golden/small.txt").unwrap();
    let (c1, from_file, _) = duban(&["tests/golden/small.txt"], b"");
    let (c2, from_stdin, _) = duban(&["-"], &text);
    assert_eq!((c1, c2), (0, 0));
    assert_eq!(from_file, from_stdin);
}

#[test]
fn seed_report_has_206_rows() {
    // CI and the main checkout have shared/ beside the repo; a helper worktree sits one deeper.
    let seed = ["../shared/corpus/fuling-2023h1.txt", "../../shared/corpus/fuling-2023h1.txt"]
        .into_iter()
        .find(|p| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(p).exists())
        .unwrap_or("../shared/corpus/fuling-2023h1.txt");
    let (code, out, err) = duban(&[seed], b"");
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), 206);
    assert_eq!(v["period"]["label"], "上半年");
}

#[test]
fn period_override() {
    let (code, out, _) = duban(&["tests/golden/small.txt", "--period", "0.75"], b"");
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["period"]["label"], "前三季度");
    assert_eq!(v["period"]["elapsed"], 0.75);
}

#[test]
fn errors_are_one_line_with_nonzero_exit() {
    for (args, stdin, needle) in [
        (vec!["no/such/file.txt"], &b""[..], "cannot read no/such/file.txt"),
        (vec!["-"], &b""[..], "the input is empty"),
        (vec!["-"], &b"\x89PNG\r\n\x1a\n\x00\x00"[..], "not text"),
        (vec!["--period", "2"], &b""[..], "--period takes a number between 0 and 1"),
        (vec!["--format", "pdf", "tests/golden/small.txt"], &b""[..], "unknown output format"),
        (vec!["--bogus"], &b""[..], "unknown option --bogus"),
        (
            vec!["--config", "tests/golden/small.txt", "tests/golden/small.txt"],
            &b""[..],
            "config tests/golden/small.txt",
        ),
    ] {
        let (code, out, err) = duban(&args, stdin);
        assert_ne!(code, 0, "{args:?}");
        assert!(out.is_empty(), "{args:?}: stdout {out:?}");
        assert!(err.starts_with("duban: ") && err.contains(needle), "{args:?}: {err:?}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn config_prints_the_defaults_and_reads_back() {
    let (code, out, err) = duban(&["config"], b"");
    assert_eq!(code, 0, "{err}");
    let rules: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rules["nearMiss"], 0.1);
    assert!(rules["riskStrong"].as_array().is_some_and(|a| a.iter().any(|w| w == "难度大")));
    // A config that changes one thing: a stricter near-miss turns the seed's yellow 6.4 % vs 6.5 % red.
    let dir = std::env::temp_dir().join(format!("duban-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("rules.json");
    std::fs::write(&cfg, r#"{"nearMiss": 0.001}"#).unwrap();
    let seed = ["../shared/corpus/fuling-2023h1.txt", "../../shared/corpus/fuling-2023h1.txt"]
        .into_iter()
        .find(|p| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(p).exists())
        .unwrap_or("../shared/corpus/fuling-2023h1.txt");
    let light = |args: &[&str]| {
        let (code, out, err) = duban(args, b"");
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["rows"][0]["light"].as_str().unwrap().to_string()
    };
    assert_eq!(light(&[seed]), "yellow");
    assert_eq!(light(&[seed, "--config", cfg.to_str().unwrap()]), "red");
    std::fs::write(&cfg, "{\"nearMiss\": \"much\"}").unwrap();
    let (code, _, err) = duban(&[seed, "--config", cfg.to_str().unwrap()], b"");
    assert_ne!(code, 0);
    assert!(err.contains("line 1"), "{err}");
}
