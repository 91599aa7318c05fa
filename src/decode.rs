//! Bytes → text: BOMs (UTF-8, UTF-16 LE/BE), plain UTF-8, else GB18030/GBK (natively with
//! `encoding_rs`; in the browser the page decodes with the platform `TextDecoder` first).

use crate::model::Warning;

/// What the bytes look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A zip container (.docx, .xlsx).
    Zip,
    /// UTF-8 text (with or without BOM).
    Utf8,
    /// UTF-16 little-endian with BOM.
    Utf16Le,
    /// UTF-16 big-endian with BOM.
    Utf16Be,
    /// Not valid UTF-8: most likely GB18030/GBK ("ANSI" on Chinese Windows).
    Gb18030,
    /// Not text at all (NUL bytes and no UTF-16 BOM, or a known binary signature).
    Binary,
}

impl Sniffed {
    /// The WHATWG encoding label for a text kind (for `TextDecoder`).
    pub fn label(self) -> &'static str {
        match self {
            Sniffed::Zip => "zip",
            Sniffed::Utf8 => "utf-8",
            Sniffed::Utf16Le => "utf-16le",
            Sniffed::Utf16Be => "utf-16be",
            Sniffed::Gb18030 => "gb18030",
            Sniffed::Binary => "binary",
        }
    }
}

/// Looks at the bytes (not the file name) to tell what they are.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Sniffed::Zip;
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Sniffed::Utf8;
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Sniffed::Utf16Le;
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Sniffed::Utf16Be;
    }
    const BINARY: &[&[u8]] =
        &[b"\x89PNG", b"\xFF\xD8\xFF", b"GIF8", b"%PDF", b"\xD0\xCF\x11\xE0", b"Rar!", b"\x1F\x8B"];
    if BINARY.iter().any(|m| bytes.starts_with(m)) {
        return Sniffed::Binary;
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Sniffed::Binary;
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => Sniffed::Utf8,
        // A cut in the middle of a multi-byte char at the very end is still UTF-8.
        Err(e) if e.error_len().is_none() => Sniffed::Utf8,
        Err(_) => Sniffed::Gb18030,
    }
}

/// What a binary file is, in the user's terms, and what to do instead.
pub fn binary_message(bytes: &[u8]) -> String {
    const KNOWN: &[(&[u8], &str)] = &[
        (
            b"\xD0\xCF\x11\xE0",
            "encrypted (password-protected) document or old binary .doc/.xls format: remove the password and save it as .docx/.xlsx",
        ),
        (b"\x89PNG", "this is an image (PNG), not text or a .docx/.xlsx report: open the original document"),
        (b"\xFF\xD8\xFF", "this is an image (JPEG), not text or a .docx/.xlsx report: open the original document"),
        (b"GIF8", "this is an image (GIF), not text or a .docx/.xlsx report: open the original document"),
        (b"%PDF", "this is a PDF, not text or a .docx/.xlsx report: copy the table's text out of it and paste it"),
        (b"Rar!", "this is a RAR archive, not text or a .docx/.xlsx report: unpack it first"),
        (b"\x1F\x8B", "this is a gzip archive, not text or a .docx/.xlsx report: unpack it first"),
    ];
    KNOWN
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, m)| m.to_string())
        .unwrap_or_else(|| "the file is not text and not a .docx/.xlsx document (it holds binary data)".into())
}

/// Decodes text bytes. Returns the text and a warning when characters had to be replaced.
/// Errors (in the user's terms) for bytes that are not text.
pub fn decode(bytes: &[u8]) -> Result<(String, Vec<Warning>), String> {
    let mut warnings = Vec::new();
    let kind = sniff(bytes);
    let text = match kind {
        Sniffed::Zip => return Err("this is a zip container (.docx/.xlsx), not text".into()),
        Sniffed::Binary => return Err(binary_message(bytes)),
        Sniffed::Utf8 => {
            let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes);
            String::from_utf8_lossy(b).into_owned()
        }
        Sniffed::Utf16Le | Sniffed::Utf16Be => {
            let le = kind == Sniffed::Utf16Le;
            let units: Vec<u16> = bytes[2..]
                .chunks(2)
                .map(|c| {
                    let (a, b) = (c[0], *c.get(1).unwrap_or(&0));
                    if le {
                        u16::from_le_bytes([a, b])
                    } else {
                        u16::from_be_bytes([a, b])
                    }
                })
                .collect();
            String::from_utf16_lossy(&units)
        }
        Sniffed::Gb18030 => decode_gb18030(bytes, &mut warnings),
    };
    if text.contains('\u{FFFD}') {
        let n = text.matches('\u{FFFD}').count();
        warnings.push(Warning::new(
            "bad_encoding",
            format!("{n} byte sequence(s) could not be decoded as {} and show as \u{FFFD}", kind.label()),
            None,
        ));
    }
    Ok((text, warnings))
}

#[cfg(feature = "gbk")]
fn decode_gb18030(bytes: &[u8], _w: &mut Vec<Warning>) -> String {
    encoding_rs::GB18030.decode_without_bom_handling(bytes).0.into_owned()
}

#[cfg(not(feature = "gbk"))]
fn decode_gb18030(bytes: &[u8], w: &mut Vec<Warning>) -> String {
    w.push(Warning::new(
        "bad_encoding",
        "the text is not UTF-8 (GBK/GB18030?); decode it before calling analyze",
        None,
    ));
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Sniffed::Zip);
        assert_eq!(sniff("序号".as_bytes()), Sniffed::Utf8);
        assert_eq!(sniff(&[0xFF, 0xFE, 0x8F, 0x5E]), Sniffed::Utf16Le);
        assert_eq!(sniff(&[0xD0, 0xF2, 0xBA, 0xC5]), Sniffed::Gb18030); // 序号 in GBK
        assert_eq!(sniff(b"\x89PNG\r\n"), Sniffed::Binary);
    }

    #[test]
    fn utf16_and_bom() {
        assert_eq!(decode(&[0xFF, 0xFE, 0x8F, 0x5E, 0xF7, 0x53]).unwrap().0, "序号");
        assert_eq!(decode(&[0xEF, 0xBB, 0xBF, b'a']).unwrap().0, "a");
    }

    #[cfg(feature = "gbk")]
    #[test]
    fn gbk() {
        assert_eq!(decode(&[0xD0, 0xF2, 0xBA, 0xC5]).unwrap().0, "序号");
    }

    #[test]
    fn binary_is_an_error() {
        assert!(decode(b"\x00\x01\x02").is_err());
    }
}
