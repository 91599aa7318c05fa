//! Bad input gets a clear warning or error, a best-effort result, and never a panic.

use duban::{analyze, analyze_bytes, Options};

fn codes(r: &duban::Report) -> Vec<&str> {
    r.warnings.iter().map(|w| w.code.as_str()).collect()
}

#[test]
fn empty_input_is_an_error_naming_it() {
    assert_eq!(analyze_bytes(b"", &Options::default()).unwrap_err(), "the input is empty");
    assert_eq!(analyze_bytes(b" \n\t\r\n", &Options::default()).unwrap_err(), "the input holds only white space");
    let r = analyze("", &Options::default());
    assert!(r.rows.is_empty());
    assert!(codes(&r).contains(&"no_table"));
}

#[test]
fn binary_junk_is_an_error() {
    let junk: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    let e = analyze_bytes(&junk, &Options::default()).unwrap_err();
    assert!(e.contains("not text") || e.contains("zip") || e.contains("binary"), "{e}");
}

#[test]
fn text_with_no_table_says_so_and_keeps_the_text() {
    let r = analyze("今年以来，我区认真落实各项工作。\n总体进展顺利。", &Options::default());
    assert!(r.rows.is_empty());
    assert!(codes(&r).contains(&"no_table"), "{:?}", r.warnings);
}

#[test]
fn ragged_rows_are_kept_and_named_with_their_line() {
    let t = "序号\t目标任务\t完成情况\t牵头责任单位\n1\t任务甲\t完成\t区财政局\n2\t任务乙\n3\t任务丙\t完成\t区统计局\t多余的一格\n";
    let r = analyze(t, &Options::default());
    assert_eq!(r.rows.len(), 3);
    let ragged: Vec<_> = r.warnings.iter().filter(|w| w.code == "ragged_row").collect();
    assert_eq!(ragged.len(), 2);
    assert_eq!(ragged[0].line, Some(3));
    assert_eq!(ragged[1].line, Some(4));
    // Nothing lost: the surplus cell is kept in `extra`.
    assert_eq!(r.rows[2].extra.values().next().map(String::as_str), Some("多余的一格"));
}

#[test]
fn header_only_gives_columns_and_a_warning() {
    let r = analyze("序号\t目标任务\t完成情况\t牵头责任单位\n", &Options::default());
    assert!(r.rows.is_empty());
    assert_eq!(r.columns.len(), 4);
    assert!(codes(&r).contains(&"no_table"));
}

#[test]
fn one_megabyte_on_one_line_does_not_hang_or_panic() {
    let line = "地区生产总值增长6.5%，".repeat(1 << 20 >> 5);
    for text in [line.clone(), format!("\t{line}"), format!("{line}\t{line}"), format!("|{line}|")] {
        let _ = analyze(&text, &Options::default());
    }
}

#[test]
fn odd_inputs_never_panic() {
    for t in [
        "\t",
        " \t",
        "\n\n\n",
        "\"",
        "\"\"\"",
        "|",
        "|---|",
        "<table>",
        "<tr><td rowspan=99999>x",
        "序号",
        "\u{feff}",
        "1\n2\n3",
        "\t\n1\n\t\n",
        "一、\n（二）",
        "\r\r\r",
        "𠀀\t𠀀\n",
    ] {
        let _ = analyze(t, &Options::default());
        let _ = analyze_bytes(t.as_bytes(), &Options::default());
    }
}
