#!/usr/bin/env python3
"""Writes the seed report in every text format duban reads, into tests/fixtures/.

Reads ../shared/corpus/fuling-2023h1.rows.json (relative to the repository) and writes
seed.tsv, seed.csv, seed.md, seed.html and seed.lines.txt (plus lines-wrapped.txt, a
PDF-like copy with cells wrapped at column width). tests/corpus.rs requires every
seed.* file to parse into exactly the corpus rows. Standard library only.

    python3 tests/make_fixtures.py
"""

import html
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def corpus_file(name):
    """../shared/corpus/<name> from the repository, or from the nearest ancestor that has
    shared/corpus (a git worktree may sit deeper than the main checkout)."""
    d = REPO
    while True:
        p = os.path.join(os.path.dirname(d), "shared", "corpus", name)
        if os.path.exists(p) or os.path.dirname(d) == d:
            return p
        d = os.path.dirname(d)


SRC = corpus_file("fuling-2023h1.rows.json")
OUT = os.path.join(HERE, "fixtures")


def load():
    with open(SRC, encoding="utf-8") as f:
        seed = json.load(f)
    rows = []
    for r in seed["rows"]:
        seq = "" if r["seqInferred"] else str(r["seq"])
        rows.append([seq, r["task"], r["status"], "\n".join(r["units"])])
    return seed["preamble"], seed["header"], rows


def write(name, text, bom=False):
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        f.write(text)
    print(f"wrote {path} ({len(text)} chars)")


# --- TSV: Excel/WPS clipboard -------------------------------------------------------


def tsv_cell(s):
    # Excel quotes a cell that holds a line break, a tab or a quote, doubling quotes.
    if any(c in s for c in '\n\t"'):
        return '"' + s.replace('"', '""') + '"'
    return s


def make_tsv(preamble, header, rows):
    width = len(header)
    lines = [tsv_cell(p) + "\t" * (width - 1) for p in preamble]
    lines.append("\t".join(tsv_cell(h) for h in header))
    lines += ["\t".join(tsv_cell(c) for c in r) for r in rows]
    return "\r\n".join(lines) + "\r\n"


# --- CSV: RFC 4180 ------------------------------------------------------------------


def csv_cell(s):
    if any(c in s for c in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def make_csv(preamble, header, rows):
    width = len(header)
    lines = [csv_cell(p) + "," * (width - 1) for p in preamble]
    lines.append(",".join(csv_cell(h) for h in header))
    lines += [",".join(csv_cell(c) for c in r) for r in rows]
    return "\r\n".join(lines) + "\r\n"


# --- Markdown pipe table ------------------------------------------------------------


def md_cell(s):
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def make_md(preamble, header, rows):
    out = []
    for i, p in enumerate(preamble):
        out.append(("# " if i == len(preamble) - 1 else "") + p)
        out.append("")
    out.append("| " + " | ".join(md_cell(h) for h in header) + " |")
    out.append("|:---:|---|---|:---:|")
    for r in rows:
        out.append("| " + " | ".join(md_cell(c) for c in r) + " |")
    return "\n".join(out) + "\n"


# --- HTML: Word clipboard -----------------------------------------------------------

ENTITIES = {"“": "&ldquo;", "”": "&rdquo;", "—": "&mdash;", "…": "&hellip;", "·": "&middot;"}


def word_text(s, wrap=38):
    """Escapes text the way Word does, naming some characters by entity, and breaks long
    runs with CRLF between two CJK characters (Word wraps its HTML source at ~80 columns,
    inside CJK text too; a browser shows no space there)."""
    out, run = [], 0
    i = 0
    while i < len(s):
        c = s[i]
        if c == " ":
            # Runs of spaces: Word keeps them with &nbsp; in an mso-spacerun span.
            j = i
            while j < len(s) and s[j] == " ":
                j += 1
            n = j - i
            out.append("<span style='mso-spacerun:yes'>" + "&nbsp;" * (n - 1) + " </span>")
            i = j
            continue
        out.append(ENTITIES.get(c) or html.escape(c, quote=True))
        run += 1
        if run >= wrap and i + 1 < len(s) and ord(c) >= 0x2E80 and ord(s[i + 1]) >= 0x2E80:
            out.append("\r\n")
            run = 0
        i += 1
    return "".join(out)


def word_para(s, align=None, font="仿宋_GB2312", size="10.5pt", bold=False):
    style = f"font-size:{size};font-family:{font};mso-ascii-font-family:\"Times New Roman\""
    a = f" align={align} style='text-align:{align}'" if align else ""
    body = (
        f"<span style='{style}'>{word_text(s)}<span lang=EN-US><o:p></o:p></span></span>"
        if s
        else "<span lang=EN-US><o:p>&nbsp;</o:p></span>"
    )
    if bold:
        body = "<b>" + body + "</b>"
    return f"<p class=MsoNormal{a}>{body}</p>"


WIDTHS = [47, 213, 340, 94]


def word_cell(text, j, rowspan=1, header=False):
    w = WIDTHS[j]
    rs = f" rowspan={rowspan}" if rowspan > 1 else ""
    paras = text.split("\n") if text else [""]
    align = "center" if j in (0, 3) or header else None
    inner = "\r\n".join(
        "  " + word_para(p, align=align, font="黑体" if header else "仿宋_GB2312", bold=header)
        for p in paras
    )
    return (
        f" <td width={w}{rs} valign=top style='width:{w * 0.75:.2f}pt;border:solid windowtext 1.0pt;\r\n"
        f"  border-top:none;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>\r\n"
        f"{inner}\r\n  </td>"
    )


def make_html(preamble, header, rows):
    head = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15">
<link rel=File-List href="file:///C:/Users/ADMINI~1/AppData/Local/Temp/msohtmlclip1/01/clip_filelist.xml">
<!--[if gte mso 9]><xml>
 <o:OfficeDocumentSettings>
  <o:AllowPNG/>
 </o:OfficeDocumentSettings>
</xml><![endif]-->
<!--[if gte mso 9]><xml>
 <w:WordDocument>
  <w:View>Normal</w:View>
  <w:Zoom>0</w:Zoom>
  <w:TrackMoves/>
  <w:PunctuationKerning/>
  <w:DrawingGridVerticalSpacing>7.8 磅</w:DrawingGridVerticalSpacing>
  <w:DisplayHorizontalDrawingGridEvery>0</w:DisplayHorizontalDrawingGridEvery>
  <w:Compatibility>
   <w:SpaceForUL/>
   <w:BalanceSingleByteDoubleByteWidth/>
  </w:Compatibility>
 </w:WordDocument>
</xml><![endif]-->
<style>
<!--
 /* Font Definitions */
 @font-face
	{font-family:宋体;
	panose-1:2 1 6 0 3 1 1 1 1 1;
	mso-font-alt:SimSun;
	mso-font-charset:134;}
 @font-face
	{font-family:黑体;
	mso-font-charset:134;}
 @font-face
	{font-family:仿宋_GB2312;
	mso-font-charset:134;}
 /* Style Definitions */
 p.MsoNormal, li.MsoNormal, div.MsoNormal
	{mso-style-unhide:no;
	mso-style-qformat:yes;
	margin:0cm;
	text-align:justify;
	text-justify:inter-ideograph;
	font-size:10.5pt;
	font-family:"Times New Roman",serif;
	mso-fareast-font-family:宋体;}
 table.MsoNormalTable
	{mso-style-name:普通表格;
	mso-style-parent:"";
	font-size:10.0pt;}
-->
</style>
<!--[if gte mso 10]>
<style>
 table.MsoNormalTable {mso-style-name:普通表格; mso-tstyle-rowband-size:0;}
</style>
<![endif]-->
</head>

<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>
<!--StartFragment-->
"""
    out = [head]
    for i, p in enumerate(preamble):
        last = i == len(preamble) - 1
        out.append(
            word_para(p, align="center" if last else None, font="方正小标宋_GBK" if last else "黑体",
                      size="16.0pt" if last else "12.0pt")
            + "\r\n"
        )
    out.append(word_para("") + "\r\n")
    out.append(
        "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0\r\n"
        " style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;\r\n"
        " mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\r\n"
    )
    out.append(" <tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes;page-break-inside:avoid'>\r\n")
    out.append("\r\n".join(word_cell(h, j, header=True) for j, h in enumerate(header)))
    out.append("\r\n </tr>\r\n")
    # Word merges a unit cell over consecutive rows that share the same single unit.
    spans = [1] * len(rows)
    i = 0
    while i < len(rows):
        j = i + 1
        unit = rows[i][3]
        while j < len(rows) and "\n" not in unit and rows[j][3] == unit:
            j += 1
        spans[i] = j - i
        for k in range(i + 1, j):
            spans[k] = 0
        i = j
    for n, r in enumerate(rows):
        last = ";mso-yfti-lastrow:yes" if n == len(rows) - 1 else ""
        out.append(f" <tr style='mso-yfti-irow:{n + 1}{last};page-break-inside:avoid'>\r\n")
        cells = [word_cell(r[j], j) for j in range(3)]
        if spans[n] >= 1:
            cells.append(word_cell(r[3], 3, rowspan=spans[n]))
        out.append("\r\n".join(cells))
        out.append("\r\n </tr>\r\n")
    # Word's spacer row under a table whose columns do not line up.
    out.append(" <![if !supportMisalignedColumns]>\r\n <tr height=0>\r\n")
    out.append("".join(f"  <td width={w} style='border:none'></td>\r\n" for w in WIDTHS))
    out.append(" </tr>\r\n <![endif]>\r\n</table>\r\n\r\n")
    out.append(word_para("") + "\r\n\r\n<!--EndFragment-->\r\n</body>\r\n\r\n</html>\r\n")
    return "".join(out)


# --- Line-per-cell text: a PDF copy -------------------------------------------------


def make_lines(preamble, header, rows, wrap=None):
    def emit(s, width):
        if not wrap:
            return [s]
        return [s[i : i + width] for i in range(0, len(s), width)] or [""]

    # Column widths (characters) of a typical A4 landscape layout.
    widths = [4, 18, 32, 8]
    out = list(preamble)
    out += [h for h in header]
    for r in rows:
        if r[0]:
            out.append(r[0])
        for j in (1, 2):
            for para in r[j].split("\n"):
                out += emit(para, widths[j])
        out += r[3].split("\n")
    return "\n".join(out) + "\n"


def main():
    os.makedirs(OUT, exist_ok=True)
    preamble, header, rows = load()
    write("seed.tsv", make_tsv(preamble, header, rows))
    write("seed.csv", make_csv(preamble, header, rows), bom=True)
    write("seed.md", make_md(preamble, header, rows))
    write("seed.html", make_html(preamble, header, rows))
    write("seed.lines.txt", make_lines(preamble, header, rows))
    write("lines-wrapped.txt", make_lines(preamble, header, rows, wrap=True))


if __name__ == "__main__":
    main()
