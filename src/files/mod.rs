//! Office files → a [`Grid`]: opens a zip container (.docx, .xlsx) and dispatches by
//! what it holds (`[Content_Types].xml`), never by the file name. Every bad file gives
//! one message in the user's terms; nothing here panics, and no entry is unpacked past
//! [`MAX_ENTRY`] bytes (a zip bomb gives an error, not an out-of-memory crash).

use crate::input::Grid;
use quick_xml::events::BytesStart;
use std::io::{Cursor, Read};

pub mod docx;
pub mod xlsx;

/// The most bytes one zip entry may unpack to (200 MB).
pub const MAX_ENTRY: u64 = 200 * 1024 * 1024;
/// The most bytes all entries read from one file may unpack to together (400 MB).
pub const MAX_TOTAL: u64 = 400 * 1024 * 1024;

/// What kind of document a zip container holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A Word document; the main part's path.
    Docx(String),
    /// An Excel workbook; the main part's path.
    Xlsx(String),
}

/// An opened zip container with a budget for unpacking.
pub struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    names: Vec<String>,
    unpacked: u64,
    /// The most bytes one entry may unpack to ([`MAX_ENTRY`]; lowered in tests).
    limit: u64,
}

impl<'a> Package<'a> {
    /// Opens a zip container, or says why it cannot be read.
    pub fn open(bytes: &'a [u8]) -> Result<Self, String> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            format!(
                "the file is damaged or incomplete (cut short?): it is not a readable .docx/.xlsx zip container ({e})"
            )
        })?;
        let names = zip.file_names().map(String::from).collect();
        Ok(Package { zip, names, unpacked: 0, limit: MAX_ENTRY })
    }

    /// The stored name matching `name` (OPC part names are case-insensitive).
    fn find(&self, name: &str) -> Option<String> {
        let name = name.trim_start_matches('/');
        if self.names.iter().any(|n| n == name) {
            return Some(name.to_string());
        }
        self.names.iter().find(|n| n.replace('\\', "/").eq_ignore_ascii_case(name)).cloned()
    }

    /// Is there an entry with this name?
    pub fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// Unpacks one entry; `Ok(None)` when it does not exist. Errors name the entry.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let Some(stored) = self.find(name) else {
            return Ok(None);
        };
        let mut file = match self.zip.by_name(&stored) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(zip::result::ZipError::UnsupportedArchive(m)) if m.contains("assword") => {
                return Err(encrypted_message())
            }
            Err(e) => return Err(format!("the file is damaged: cannot unpack {stored} ({e})")),
        };
        if file.encrypted() {
            return Err(encrypted_message());
        }
        let budget = self.limit.min(MAX_TOTAL.saturating_sub(self.unpacked));
        let mut buf = Vec::with_capacity(file.size().min(16 << 20) as usize);
        (&mut file)
            .take(budget + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("the file is damaged or incomplete: cannot unpack {stored} ({e})"))?;
        if buf.len() as u64 > budget {
            return Err(format!(
                "{stored} unpacks to more than {} MB: refusing to read it (a damaged file or a zip bomb)",
                budget >> 20
            ));
        }
        self.unpacked += buf.len() as u64;
        Ok(Some(buf))
    }

    /// What the container holds, from `[Content_Types].xml` (or, without it, from the parts present).
    pub fn kind(&mut self) -> Result<Kind, String> {
        if let Some(ct) = self.read("[Content_Types].xml")? {
            for (part, ctype) in content_overrides(&ct) {
                let c = ctype.to_ascii_lowercase();
                if !c.ends_with(".main+xml") {
                    continue;
                }
                if c.contains("wordprocessingml") || c.contains("ms-word") {
                    return Ok(Kind::Docx(part));
                }
                if c.contains("spreadsheetml") || c.contains("ms-excel") {
                    return Ok(Kind::Xlsx(part));
                }
                if c.contains("presentationml") || c.contains("ms-powerpoint") {
                    return Err(
                        "this is a PowerPoint presentation, not a report table: copy the table into Word or Excel"
                            .into(),
                    );
                }
            }
        }
        if self.has("word/document.xml") {
            return Ok(Kind::Docx("word/document.xml".into()));
        }
        if self.has("xl/workbook.xml") {
            return Ok(Kind::Xlsx("xl/workbook.xml".into()));
        }
        if let Some(m) = self.read("mimetype")? {
            if m.starts_with(b"application/vnd.oasis.opendocument") {
                return Err(
                    "this is an OpenDocument file (.odt/.ods, WPS/LibreOffice): save it as .docx or .xlsx".into()
                );
            }
        }
        Err("this zip archive is not a Word (.docx) or Excel (.xlsx) document".into())
    }
}

fn encrypted_message() -> String {
    "the document is encrypted (password-protected): remove the password and save it again as .docx/.xlsx".into()
}

/// The message for an OLE compound file (header D0 CF 11 E0): a password-protected Office
/// document or an old binary .doc/.xls.
pub fn ole_message() -> String {
    "encrypted (password-protected) document or old binary .doc/.xls format: remove the password and save it as .docx/.xlsx".into()
}

/// Reads a zip container's bytes into a grid (Word tables or Excel sheets).
pub fn read(bytes: &[u8]) -> Result<Grid, String> {
    let mut pkg = Package::open(bytes)?;
    match pkg.kind()? {
        Kind::Docx(main) => docx::read(&mut pkg, &main),
        Kind::Xlsx(main) => xlsx::read(&mut pkg, &main),
    }
}

/// `(PartName, ContentType)` of every `<Override>` in `[Content_Types].xml`.
fn content_overrides(xml: &[u8]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    each_event(xml, |ev| match ev {
        quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
            if e.local_name().as_ref() == b"Override" =>
        {
            if let (Some(p), Some(c)) = (attr(&e, b"PartName"), attr(&e, b"ContentType")) {
                out.push((p.trim_start_matches('/').to_string(), c));
            }
        }
        _ => {}
    });
    out
}

/// Calls `f` with each event of an XML part until its end. A damaged part simply ends
/// early: the parts read this way (content types, relationships, workbook, shared strings,
/// styles, numbering) only list or refine, and the caller says what is missing.
pub(crate) fn each_event(xml: &[u8], mut f: impl FnMut(quick_xml::events::Event<'_>)) {
    let mut r = quick_xml::Reader::from_reader(xml);
    loop {
        match r.read_event() {
            Ok(quick_xml::events::Event::Eof) | Err(_) => break,
            Ok(ev) => f(ev),
        }
    }
}

/// The value of the attribute with this local name (any prefix), unescaped.
pub(crate) fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == local).map(|a| match a.unescape_value() {
        Ok(v) => v.into_owned(),
        Err(_) => String::from_utf8_lossy(&a.value).into_owned(),
    })
}

/// Relationship targets of a `.rels` part: `(Id, Type, Target)`.
pub(crate) fn relationships(xml: &[u8]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    each_event(xml, |ev| match ev {
        quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
            if e.local_name().as_ref() == b"Relationship" =>
        {
            if attr(&e, b"TargetMode").as_deref() == Some("External") {
                return;
            }
            if let (Some(id), Some(t)) = (attr(&e, b"Id"), attr(&e, b"Target")) {
                out.push((id, attr(&e, b"Type").unwrap_or_default(), t));
            }
        }
        _ => {}
    });
    out
}

/// The `.rels` part of a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
pub(crate) fn rels_path(part: &str) -> String {
    match part.rfind('/') {
        Some(i) => format!("{}/_rels/{}.rels", &part[..i], &part[i + 1..]),
        None => format!("_rels/{part}.rels"),
    }
}

/// Resolves a relationship target against the folder of the part that names it.
pub(crate) fn resolve(part: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = match part.rfind('/') {
        Some(i) => part[..i].split('/').collect(),
        None => Vec::new(),
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Decodes OOXML's `_xHHHH_` escapes (`_x000D_` is a carriage return, `_x005F_` an underscore).
pub(crate) fn decode_x_escapes(s: &str) -> String {
    if !s.contains("_x") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("_x") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let hex = after.get(..4).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        match hex {
            Some(h) if after.as_bytes().get(4) == Some(&b'_') => {
                if let Some(c) = u32::from_str_radix(h, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                }
                rest = &after[5..];
            }
            _ => {
                out.push_str("_x");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(rels_path("xl/workbook.xml"), "xl/_rels/workbook.xml.rels");
        assert_eq!(resolve("xl/workbook.xml", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl/workbook.xml", "/xl/worksheets/s.xml"), "xl/worksheets/s.xml");
        assert_eq!(resolve("xl/worksheets/a.xml", "../sharedStrings.xml"), "xl/sharedStrings.xml");
    }

    #[test]
    fn an_entry_unpacking_past_the_limit_is_refused() {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        w.start_file("xl/workbook.xml", opts).unwrap();
        w.write_all(&vec![b' '; 3 << 20]).unwrap();
        let bytes = w.finish().unwrap().into_inner();
        assert!(bytes.len() < 64 << 10, "compresses well: {}", bytes.len());
        let mut pkg = Package::open(&bytes).unwrap();
        pkg.limit = 1 << 20;
        let err = pkg.read("xl/workbook.xml").unwrap_err();
        assert!(err.contains("zip bomb"), "{err}");
        pkg.limit = 4 << 20;
        assert_eq!(pkg.read("xl/workbook.xml").unwrap().map(|b| b.len()), Some(3 << 20));
    }

    #[test]
    fn x_escapes() {
        for (raw, want) in [
            ("a_x000D_\nb", "a\r\nb"),
            ("_x005F_x0041_", "_x0041_"),
            ("no_xescape_", "no_xescape_"),
            ("end_x00", "end_x00"),
            ("区_x", "区_x"),
        ] {
            assert_eq!(decode_x_escapes(raw), want, "{raw}");
        }
    }
}
