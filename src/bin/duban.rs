//! The `duban` command-line program: `duban [FILE|-] [--format json|csv|xlsx|html|md]
//! [--period ELAPSED] [--config FILE] [-o FILE]`, `duban numbers` and `duban config`.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

/// mimalloc rather than the system allocator: the analysis allocates many small owned
/// strings, where it is markedly faster than glibc's (BENCHMARKS.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: duban [FILE|-] [--format json|csv|xlsx|html|md] [--input-format tabcell|tsv|csv|html|markdown|lines] [--period ELAPSED] [--config FILE] [-o FILE]\n       duban numbers   (reads lines on stdin, prints one JSON array of quantities per line)\n       duban config    (prints the default rules, the --config format)";

struct Args {
    file: Option<String>,
    format: String,
    input_format: Option<String>,
    period: Option<f64>,
    config: Option<String>,
    output: Option<String>,
}

fn parse_args(argv: &[String]) -> Result<Args, String> {
    let mut a =
        Args { file: None, format: "json".into(), input_format: None, period: None, config: None, output: None };
    let mut it = argv.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--format" | "-f" => a.format = value("--format")?,
            "--input-format" => a.input_format = Some(value("--input-format")?),
            "--period" => {
                let v = value("--period")?;
                let p: f64 = v.parse().map_err(|_| format!("--period takes a number between 0 and 1, not {v:?}"))?;
                if !(p > 0.0 && p <= 1.0) {
                    return Err(format!("--period takes a number between 0 and 1, not {v}"));
                }
                a.period = Some(p);
            }
            "--config" => a.config = Some(value("--config")?),
            "-o" | "--output" => a.output = Some(value("-o")?),
            "-h" | "--help" => return Err(USAGE.into()),
            s if s.starts_with('-') && s != "-" => return Err(format!("unknown option {s}\n{USAGE}")),
            s => {
                if a.file.replace(s.to_string()).is_some() {
                    return Err(format!("only one input file, please (got a second: {s})"));
                }
            }
        }
    }
    Ok(a)
}

fn read_input(file: Option<&str>) -> Result<Vec<u8>, String> {
    match file {
        None | Some("-") => {
            let mut b = Vec::new();
            std::io::stdin().read_to_end(&mut b).map_err(|e| format!("cannot read standard input: {e}"))?;
            Ok(b)
        }
        Some(path) => std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}")),
    }
}

fn run(argv: &[String]) -> Result<(), String> {
    match argv.first().map(String::as_str) {
        Some("numbers") => return numbers(),
        Some("config") => {
            let rules = serde_json::to_string_pretty(&duban::Rules::default()).map_err(|e| e.to_string())?;
            return writeln!(std::io::stdout(), "{rules}").map_err(|e| format!("cannot write output: {e}"));
        }
        _ => {}
    }
    let args = parse_args(argv)?;
    let mut options = duban::Options::default();
    if let Some(path) = &args.config {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read config {path}: {e}"))?;
        options.rules = serde_json::from_str(&text).map_err(|e| format!("config {path}: {e}"))?;
    }
    options.period = args.period;
    if let Some(f) = &args.input_format {
        options.format = Some(
            serde_json::from_value(serde_json::Value::String(f.clone()))
                .map_err(|_| format!("unknown input format {f:?} (tabcell, tsv, csv, html, markdown, lines)"))?,
        );
    }
    options.file_name = args.file.clone();
    let bytes = read_input(args.file.as_deref())?;
    let report = duban::analyze_bytes(&bytes, &options).map_err(|e| match &args.file {
        Some(f) if f != "-" => format!("{f}: {e}"),
        _ => e,
    })?;
    let out: Vec<u8> = match args.format.as_str() {
        "json" => {
            let mut s = duban::export::to_json(&report);
            s.push('\n');
            s.into_bytes()
        }
        "csv" => duban::export::to_csv(&report).into_bytes(),
        "html" => duban::export::to_html(&report).into_bytes(),
        "md" | "markdown" => duban::export::to_markdown(&report).into_bytes(),
        "xlsx" => {
            if args.output.is_none() && std::io::stdout().is_terminal() {
                return Err(
                    "--format xlsx writes a binary workbook: give -o FILE.xlsx or redirect the output to a file".into(),
                );
            }
            let source = args.file.as_deref().filter(|f| *f != "-").map(|f| {
                std::path::Path::new(f)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| f.to_string())
            });
            duban::export::to_xlsx(&report, source.as_deref())?
        }
        other => return Err(format!("unknown output format {other:?} (json, csv, xlsx, html, md)")),
    };
    match &args.output {
        Some(path) => std::fs::write(path, &out).map_err(|e| format!("cannot write {path}: {e}")),
        None => match std::io::stdout().write_all(&out) {
            // A reader that stops early (`| head`) is not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            r => r.map_err(|e| format!("cannot write output: {e}")),
        },
    }
}

fn numbers() -> Result<(), String> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).map_err(|e| format!("standard input is not UTF-8 text: {e}"))?;
    let mut out = std::io::stdout().lock();
    for line in text.lines() {
        let qs: Vec<serde_json::Value> = duban::numbers::quantities(line)
            .into_iter()
            .map(|q| {
                let s = duban::span::utf16_span(line, q.span);
                serde_json::json!({"text": q.text, "number": json_number(q.number), "unit": q.unit, "start": s[0], "end": s[1]})
            })
            .collect();
        writeln!(out, "{}", serde_json::Value::Array(qs)).map_err(|e| format!("cannot write output: {e}"))?;
    }
    Ok(())
}

/// A number as JSON: whole numbers without a trailing ".0" (3605000000, not 3605000000.0).
fn json_number(x: f64) -> serde_json::Value {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        serde_json::Value::from(x as i64)
    } else {
        serde_json::Value::from(x)
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match std::panic::catch_unwind(|| run(&argv)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(msg)) => {
            eprintln!("duban: {msg}");
            ExitCode::from(2)
        }
        Err(_) => {
            eprintln!("duban: internal error (a bug: please report it with the input)");
            ExitCode::from(3)
        }
    }
}
