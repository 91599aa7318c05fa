//! Runs the Chinese cases of Microsoft Recognizers-Text (MIT; shared/peer-specs/recognizers-text)
//! through `duban::numbers::quantities` and prints, per model, how many pass.
//!
//! How a case is judged (the peer's own models differ from one quantities scanner, so
//! each model is read as "the quantities of its kind"):
//!
//! - Every expected result must be found: a quantity with the same span (the peer's
//!   inclusive character offsets, compared exactly) and the same value (relative 1e-9).
//!   - Number model: the span compared is the numeral alone (`number_span`, so
//!     "六千零五十一个百分点" yields 6051 over "六千零五十一"), the value is `number`.
//!   - Percent model: the whole quantity; "50%" compares with `number` 50 in "%" or "个百分点".
//!   - Currency model: the whole quantity; the value is `number` in the currency's unit.
//!     Results without a value (a bare currency name, "人民币 美元") are not quantities
//!     and are not required.
//!   - Dimension model: the whole quantity; the peer's value in its unit (6 Kilobyte) is
//!     converted with `duban::numbers::convert` to our unit (6000 字节) before comparing.
//! - Nothing extra of the model's kind may be found: no unexpected money in a currency
//!   case, no unexpected percent in a percent case, no unexpected physical measure in a
//!   dimension case, and in a number case no unexpected number other than money and
//!   percents (those belong to the other models: the number model leaves "一美元" and
//!   "一折" to them).
//!
//! The test fails when a model passes fewer than 98 % of its supported cases. Cases the
//! peer marks NotSupported are counted separately and never fail the test.

use duban::numbers::{convert, quantities, unit_class, Quantity, UnitClass};
use serde_json::Value;
use std::path::PathBuf;

fn peer_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // CI and /work/main have shared/ beside the checkout; helper worktrees sit one deeper.
    ["../shared/peer-specs/recognizers-text", "../../shared/peer-specs/recognizers-text"]
        .iter()
        .map(|p| root.join(p))
        .find(|p| p.is_dir())
        .unwrap_or_else(|| panic!("peer specs not found beside {}", root.display()))
}

#[derive(Clone, Copy, PartialEq)]
enum Model {
    Number,
    Percent,
    Currency,
    Dimension,
}

/// The Chinese unit for a peer unit name.
fn peer_unit(name: &str) -> Option<&'static str> {
    Some(match name {
        "Mu" => "亩",
        "Kilogram" => "千克",
        "Gram" => "克",
        "Microgram" => "微克",
        "Jin" => "斤",
        "Ton" => "吨",
        "Meter" => "米",
        "Centimeter" => "厘米",
        "Kilometer" => "千米",
        "Megabyte" => "兆字节",
        "Kilobyte" => "千字节",
        "Bit" => "比特",
        "Kilobit" => "千比特",
        "Hertz" => "赫兹",
        "Megahertz" => "兆赫",
        "Kilowatt" => "千瓦",
        "Kilocalorie" => "千卡",
        "Liang" => "两",
        _ => return None,
    })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn chars(text: &str, span: [usize; 2]) -> [usize; 2] {
    let c = |b: usize| text.get(..b).map_or(0, |s| s.chars().count());
    [c(span[0]), c(span[1])]
}

/// Why a case fails, or None when it passes.
fn judge(model: Model, case: &Value) -> Option<String> {
    let input = case["Input"].as_str()?;
    let qs = quantities(input);
    let mut used = vec![false; qs.len()];
    let ignore_value = case.get("IgnoreResolution").is_some();
    for r in case["Results"].as_array()? {
        let start = r["Start"].as_u64()? as usize;
        let end = r["End"].as_u64()? as usize + 1;
        let res = &r["Resolution"];
        let Some(raw) = res["value"].as_str() else {
            continue; // a currency name without an amount
        };
        let want: f64 = raw.trim_end_matches('%').parse().ok()?;
        let hit = qs.iter().enumerate().position(|(n, q)| {
            let span = if model == Model::Number { q.number_span } else { q.span };
            if used[n] || chars(input, span) != [start, end] {
                return false;
            }
            ignore_value
                || match model {
                    Model::Number => close(q.number, want),
                    Model::Percent => matches!(q.unit.as_str(), "%" | "个百分点") && close(q.number, want),
                    Model::Currency => unit_class(&q.unit) == UnitClass::Money && close(q.number, want),
                    Model::Dimension => res["unit"]
                        .as_str()
                        .and_then(peer_unit)
                        .and_then(|u| convert(want, u, &q.unit))
                        .is_some_and(|v| close(q.number, v)),
                }
        });
        match hit {
            Some(n) => used[n] = true,
            None => {
                return Some(format!(
                    "missing {:?}={raw} [{start},{end}); got {}",
                    r["Text"].as_str().unwrap_or(""),
                    show(input, &qs)
                ))
            }
        }
    }
    let of_kind = |q: &Quantity| {
        let class = unit_class(&q.unit);
        match model {
            Model::Number => !matches!(class, UnitClass::Money | UnitClass::Percent),
            Model::Percent => class == UnitClass::Percent,
            Model::Currency => class == UnitClass::Money,
            Model::Dimension => class == UnitClass::Physical,
        }
    };
    let extra: Vec<&Quantity> = qs.iter().zip(&used).filter(|(q, u)| !**u && of_kind(q)).map(|(q, _)| q).collect();
    (!extra.is_empty())
        .then(|| format!("extra {:?}; got {}", extra.iter().map(|q| &q.text).collect::<Vec<_>>(), show(input, &qs)))
}

fn show(input: &str, qs: &[Quantity]) -> String {
    qs.iter()
        .map(|q| {
            let s = chars(input, q.span);
            format!("{}={}{}[{},{})", q.text, q.number, q.unit, s[0], s[1])
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

#[test]
fn recognizers_text_chinese() {
    let dir = peer_dir();
    let mut worst = 1.0f64;
    for (file, model) in [
        ("NumberModel.json", Model::Number),
        ("PercentModel.json", Model::Percent),
        ("CurrencyModel.json", Model::Currency),
        ("DimensionModel.json", Model::Dimension),
    ] {
        let text = std::fs::read_to_string(dir.join(file)).expect("peer file");
        let cases: Vec<Value> = serde_json::from_str(&text).expect("peer JSON");
        let (mut sup, mut sup_ok, mut ns, mut ns_ok) = (0, 0, 0, 0);
        for case in &cases {
            let not_supported = case.get("NotSupported").is_some();
            let failure = judge(model, case);
            if not_supported {
                ns += 1;
                ns_ok += usize::from(failure.is_none());
                if let (Some(why), true) = (&failure, std::env::var_os("PEER_VERBOSE").is_some()) {
                    println!("  (NotSupported) {file} {:?}: {why}", case["Input"].as_str().unwrap_or(""));
                }
            } else {
                sup += 1;
                sup_ok += usize::from(failure.is_none());
                if let Some(why) = failure {
                    println!("  FAIL {file} {:?}: {why}", case["Input"].as_str().unwrap_or(""));
                }
            }
        }
        println!("{file}: supported {sup_ok}/{sup}, NotSupported {ns_ok}/{ns}");
        worst = worst.min(sup_ok as f64 / sup.max(1) as f64);
    }
    assert!(worst >= 0.98, "a peer model passes fewer than 98% of its supported cases");
}
