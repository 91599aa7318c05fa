#!/usr/bin/env python3
"""Writes the binary and re-encoded fixtures of the seed report, from the corpus rows.

    pip install python-docx openpyxl
    python3 tests/make_files.py        # from the repository root

tests/fixtures/seed.docx        a Word table as offices write it: 附件2 and the title above,
                                the header row, the 16 blank serials blank, multi-line cells
                                and unit lists as separate paragraphs
tests/fixtures/seed.xlsx        附件2, a title row merged across the table, the header,
                                wrapped text, serials stored as numbers
tests/fixtures/seed.gb18030.txt the corpus tab-cell text re-encoded as GB18030 ("ANSI" on
                                Chinese Windows)
tests/fixtures/autonum.docx     a small table whose serial column is Word's automatic list
                                numbering (w:numPr + numbering.xml): no digit in the text

The seed fixtures must each parse into exactly the corpus rows (tests/corpus.rs).
"""
import json
import os
import sys

try:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    import openpyxl
    from openpyxl.styles import Alignment, Font
except ImportError as e:  # pragma: no cover
    sys.exit(f"{e}: pip install python-docx openpyxl")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# ../shared/corpus from the repository root (one level further up from a worktree in wt/).
CORPUS = next(
    (c for c in (os.path.join(ROOT, "..", "shared", "corpus"), os.path.join(ROOT, "..", "..", "shared", "corpus"))
     if os.path.isdir(c)),
    os.path.join(ROOT, "..", "shared", "corpus"),
)
OUT = os.path.join(ROOT, "tests", "fixtures")


def load():
    with open(os.path.join(CORPUS, "fuling-2023h1.rows.json"), encoding="utf-8") as f:
        return json.load(f)


def fill_cell(cell, text):
    """One Word paragraph per line of the text (as a person types Enter in a cell)."""
    lines = text.split("\n") if text else [""]
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def seed_docx(data):
    d = docx.Document()
    d.add_paragraph(data["preamble"][0])
    title = d.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(data["title"])
    run.bold = True
    run.font.size = Pt(16)
    d.add_paragraph("")
    rows = data["rows"]
    t = d.add_table(rows=1 + len(rows), cols=len(data["header"]))
    t.style = "Table Grid"
    for j, h in enumerate(data["header"]):
        fill_cell(t.rows[0].cells[j], h)
    # The header repeats on every page, as in real reports.
    tr_pr = t.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))
    for i, r in enumerate(rows, start=1):
        cells = t.rows[i].cells
        fill_cell(cells[0], "" if r["seqInferred"] else str(r["seq"]))
        fill_cell(cells[1], r["task"])
        fill_cell(cells[2], r["status"])
        fill_cell(cells[3], "\n".join(r["units"]))
    d.add_paragraph("")
    d.save(os.path.join(OUT, "seed.docx"))


def seed_xlsx(data):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附件2"
    ncol = len(data["header"])
    ws.append([data["preamble"][0]])
    ws.append([data["title"]])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncol)
    ws.cell(row=2, column=1).font = Font(bold=True, size=16)
    ws.cell(row=2, column=1).alignment = Alignment(horizontal="center")
    ws.append(data["header"])
    wrap = Alignment(wrap_text=True, vertical="top")
    for r in data["rows"]:
        ws.append([
            None if r["seqInferred"] else r["seq"],
            r["task"],
            r["status"],
            "\n".join(r["units"]),
        ])
        for c in ws[ws.max_row]:
            c.alignment = wrap
    for col, width in zip("ABCD", (6, 40, 60, 18)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A4"
    wb.save(os.path.join(OUT, "seed.xlsx"))


def seed_gb18030():
    with open(os.path.join(CORPUS, "fuling-2023h1.txt"), encoding="utf-8") as f:
        text = f.read()
    with open(os.path.join(OUT, "seed.gb18030.txt"), "wb") as f:
        f.write(text.encode("gb18030"))


def autonum_docx():
    d = docx.Document()
    d.add_paragraph("自动编号测试：上半年重点任务完成情况")
    numbering = d.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), "0")
    for tag, val in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", "%1"), ("w:lvlJc", "center")):
        e = OxmlElement(tag)
        e.set(qn("w:val"), val)
        lvl.append(e)
    abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)

    rows = [
        ("地区生产总值增长6.5%。", "上半年，地区生产总值增长6.4%。", "区发展改革委"),
        ("新增城镇就业8950人。", "新增城镇就业7356人。", "区人力社保局"),
        ("完成造林5万亩。", "已完成造林3.2万亩。", "区林业局"),
        ("建成5G基站300个。", "建成5G基站160个。", "区经济信息委"),
        ("粮食播种面积稳定在95万亩以上。", "粮食播种面积96.2万亩。", "区农业农村委"),
    ]
    t = d.add_table(rows=1 + len(rows), cols=4)
    t.style = "Table Grid"
    for j, h in enumerate(("序号", "目标任务", "完成情况", "牵头责任单位")):
        fill_cell(t.rows[0].cells[j], h)
    for i, (task, status, unit) in enumerate(rows, start=1):
        cells = t.rows[i].cells
        p = cells[0].paragraphs[0]
        num_pr = OxmlElement("w:numPr")
        for tag, val in (("w:ilvl", "0"), ("w:numId", "90")):
            e = OxmlElement(tag)
            e.set(qn("w:val"), val)
            num_pr.append(e)
        p._p.get_or_add_pPr().append(num_pr)
        fill_cell(cells[1], task)
        fill_cell(cells[2], status)
        fill_cell(cells[3], unit)
    d.save(os.path.join(OUT, "autonum.docx"))


def main():
    os.makedirs(OUT, exist_ok=True)
    data = load()
    seed_docx(data)
    seed_xlsx(data)
    seed_gb18030()
    autonum_docx()
    print("wrote seed.docx seed.xlsx seed.gb18030.txt autonum.docx in", OUT)


if __name__ == "__main__":
    main()
