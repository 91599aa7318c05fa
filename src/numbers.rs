//! Stage: quantities in text. Finds every number with its unit and qualifiers.
//! INTERIM stand-in on the analysis branch (Arabic digits only); the real scanner comes
//! from the `numbers` branch and replaces this file on merge.

/// A quantity found in text.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Quantity {
    /// The words of the quantity as written ("36.05亿元").
    pub text: String,
    /// The value fully expanded (36.05亿元 → 3605000000).
    pub number: f64,
    /// The base unit after expansion ("元", "%", "个百分点", "亩").
    pub unit: String,
    /// Byte range in the text searched.
    pub span: [usize; 2],
}

const UNITS: &[&str] = &[
    "个百分点",
    "百分点",
    "%",
    "％",
    "美元",
    "元",
    "亩",
    "公顷",
    "平方公里",
    "平方米",
    "㎡",
    "m²",
    "公里",
    "千米",
    "km",
    "立方米",
    "米",
    "吨",
    "方",
    "人次",
    "人",
    "名",
    "位",
    "个月",
    "个",
    "家次",
    "家",
    "户",
    "所",
    "项",
    "处",
    "座",
    "件",
    "套",
    "台",
    "批",
    "口",
    "宗",
    "条",
    "辆",
    "艘",
    "张",
    "支",
    "栋",
    "间",
    "部",
    "只",
    "株",
    "棵",
    "场次",
    "场",
    "次",
    "天",
    "年",
    "月",
    "日",
    "号",
    "期",
    "届",
    "级",
    "岁",
    "英寸",
    "MW",
    "GWh",
    "倍",
    "笔",
    "组",
    "例",
    "起",
    "种",
    "所",
];

/// Every quantity in `text`, left to right.
pub fn quantities(text: &str) -> Vec<Quantity> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = match text[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
        if !is_digit(c) {
            i += c.len_utf8();
            continue;
        }
        let mut start = i;
        if i > 0 && (b[i - 1] == b'-') {
            start = i - 1;
        }
        let mut num = String::new();
        if start < i {
            num.push('-');
        }
        let mut j = i;
        for (k, ch) in text[i..].char_indices() {
            if ch.is_ascii_digit() || ch == '.' {
                num.push(ch);
            } else if ('０'..='９').contains(&ch) {
                num.push(char::from(b'0' + (ch as u32 - '０' as u32) as u8));
            } else if ch == ','
                && text[i + k + 1..]
                    .chars()
                    .take(3)
                    .all(|d| d.is_ascii_digit())
            {
            } else {
                break;
            }
            j = i + k + ch.len_utf8();
        }
        let mut v: f64 = num.trim_end_matches('.').parse().unwrap_or(0.0);
        let mut e = j;
        let rest = &text[e..];
        let rest_t = rest.trim_start_matches(' ');
        e += rest.len() - rest_t.len();
        let mut scale = 1.0;
        for (w, m) in [("万", 1e4), ("亿", 1e8)] {
            if text[e..].starts_with(w) {
                scale *= m;
                e += w.len();
            }
        }
        for w in ["余", "多"] {
            if text[e..].starts_with(w) {
                e += w.len();
            }
        }
        let mut unit = "";
        for u in UNITS {
            if text[e..].starts_with(u) && u.len() > unit.len() {
                unit = u;
            }
        }
        if unit.is_empty() && scale != 1.0 {
            // "2万" alone.
        }
        e += unit.len();
        v *= scale;
        out.push(Quantity {
            text: text[start..e].to_string(),
            number: v,
            unit: unit.to_string(),
            span: [start, e],
        });
        i = e.max(j);
    }
    out
}
