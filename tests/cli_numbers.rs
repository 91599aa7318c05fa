//! Golden tests of `duban numbers` on the real binary: lines in, one JSON array of
//! quantities per line out, with UTF-16 offsets; bad input gives one stderr line and a
//! non-zero exit, never a panic.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_duban"))
        .arg("numbers")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run duban");
    child.stdin.take().expect("stdin").write_all(input).expect("write stdin");
    child.wait_with_output().expect("wait for duban")
}

/// `golden!(input line, expected JSON line)`.
macro_rules! golden {
    ($($input:expr => $want:expr),* $(,)?) => {{
        let input = [$($input),*].join("\n") + "\n";
        let want = [$($want),*].join("\n") + "\n";
        let out = run(input.as_bytes());
        assert!(out.status.success(), "exit {:?}: {}", out.status, String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stdout), want);
    }};
}

#[test]
fn quantities_per_line_with_utf16_offsets() {
    golden!(
        "完成投资36.05亿元，同比增长6.5%" =>
            r#"[{"end":11,"number":3605000000,"start":4,"text":"36.05亿元","unit":"元"},{"end":20,"number":6.5,"start":16,"text":"6.5%","unit":"%"}]"#,
        "提高2.4个百分点，达到9成" =>
            r#"[{"end":9,"number":2.4,"start":2,"text":"2.4个百分点","unit":"个百分点"},{"end":14,"number":90,"start":12,"text":"9成","unit":"%"}]"#,
        "新增5-8个，约387万亩以上" =>
            r#"[{"end":6,"number":5,"start":2,"text":"5-8个","unit":"个"},{"end":13,"number":3870000,"start":8,"text":"387万亩","unit":"亩"}]"#,
        "2023年1-5月，截至4月底" => "[]",
        "" => "[]",
        "😀 增长-9.8%，10458万元" =>
            r#"[{"end":10,"number":-9.8,"start":5,"text":"-9.8%","unit":"%"},{"end":18,"number":104580000,"start":11,"text":"10458万元","unit":"元"}]"#,
    );
}

#[test]
fn invalid_utf8_is_one_line_on_stderr_and_fails() {
    let out = run(b"\xe5\xae\x8c\xff\xfe 12\n");
    assert!(!out.status.success());
    assert_eq!(out.status.code(), Some(2), "a message, not a panic (3)");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("UTF-8"), "{err}");
    assert!(out.stdout.is_empty());
}
