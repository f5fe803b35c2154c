#!/usr/bin/env python3
"""paper_check.py — a workbook as printed (reports.md "Printed legibility").

    paper_check.py ref      OUT.xlsx           write the reference workbook: 宋体
                                                10 pt and 11 pt text at 100 %
    paper_check.py check    REF.pdf BOOK.xlsx BOOK.pdf
                                                BOOK.pdf is BOOK.xlsx rendered by
                                                LibreOffice the same way as REF.pdf

The check reads the glyph boxes of both PDFs (pdftotext -bbox).  A word's box
is as tall as its font size times the scale it was printed at, so comparing
with the reference's 10 pt text rendered the same way measures the printed
size without trusting any number the workbook states:

  - every word on every page is at least as tall as the reference's 10 pt
    words (1 % tolerance for rounding of the box);
  - no figure prints as ### (too wide for its column);
  - no two words on a page overlap (a row too short for its wrapped text, or
    a column too narrow for its figure, draws over its neighbour);
  - every wrapped note row (a merged row of wrapped text) is tall enough for
    the lines LibreOffice actually drew: the vertical extent of the note's
    lines on the page fits in the row's height at the page's scale.
"""
import re
import subprocess
import sys

import openpyxl
from openpyxl.styles import Font


def fail(msg):
    print("FAILED: " + msg, file=sys.stderr)
    sys.exit(1)


def make_ref(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "参考文字十号"
    ws["A1"].font = Font(name="宋体", size=10)
    ws["A2"] = "参考文字十一号"
    ws["A2"].font = Font(name="宋体", size=11)
    ws.column_dimensions["A"].width = 30
    wb.save(path)


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def pages(pdf):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True, capture_output=True).stdout
    text = out.decode("utf-8")
    res = []
    for p in text.split("<page ")[1:]:
        ws = []
        for m in WORD.finditer(p):
            x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
            w = m.group(5).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            ws.append((x0, y0, x1, y1, w))
        res.append(ws)
    return res


def ref_heights(pdf):
    h = {}
    for page in pages(pdf):
        for x0, y0, x1, y1, w in page:
            if w == "参考文字十号":
                h[10] = y1 - y0
            elif w == "参考文字十一号":
                h[11] = y1 - y0
    if 10 not in h or 11 not in h:
        fail("reference PDF lacks its words")
    return h


def note_rows(xlsx):
    """(sheet, text, row height in points) of every merged row of wrapped text."""
    wb = openpyxl.load_workbook(xlsx)
    out = []
    for ws in wb.worksheets:
        for rng in ws.merged_cells.ranges:
            if rng.min_row != rng.max_row or rng.max_col - rng.min_col < 1:
                continue
            c = ws.cell(rng.min_row, rng.min_col)
            if isinstance(c.value, str) and c.alignment.wrap_text and len(c.value) >= 20 \
                    and rng.min_row > 2:
                h = ws.row_dimensions[rng.min_row].height
                out.append((ws.title, c.value, h))
    return out


def check(ref_pdf, xlsx, pdf):
    ref = ref_heights(ref_pdf)
    pp = pages(pdf)
    if not pp:
        fail("%s: no pages" % pdf)
    small = []
    for n, page in enumerate(pp, 1):
        for x0, y0, x1, y1, w in page:
            if re.fullmatch(r"#+", w):
                fail("%s page %d: a figure too wide for its column prints as %s" % (pdf, n, w))
            if y1 - y0 < ref[10] * 0.99:
                small.append((n, round((y1 - y0) / ref[10] * 10, 2), w))
        # no two words overlap (a cut row or a figure too wide draws over another)
        boxes = sorted(page, key=lambda b: b[1])
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                if b[1] >= a[3] - 1:
                    break
                # lines of one wrapped cell overlap by their leading (~1.5 pt)
                lead = 0.25 * min(a[3] - a[1], b[3] - b[1])
                if min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > lead:
                    fail("%s page %d: %r and %r overlap" % (pdf, n, a[4], b[4]))
    if small:
        fail("%s: %d words print below 10 pt, e.g. page %d at %.2f pt: %r"
             % (pdf, len(small), small[0][0], small[0][1], small[0][2]))
    for sheet, text, height in note_rows(xlsx):
        if height is None:
            fail("%s %s: note row has no height set: %r" % (xlsx, sheet, text[:20]))
        flat = re.sub(r"\s", "", text)
        found = False
        for page in pp:
            # the note's lines: consecutive words (top to bottom) that spell it
            words = sorted(page, key=lambda b: (round(b[1]), b[0]))
            lines = []
            for i, b in enumerate(words):
                if len(b[4]) >= 4 and flat.startswith(b[4]):
                    got, lines = b[4], [b]
                    for c in words[i + 1:]:
                        if not flat.startswith(got + c[4]):
                            break
                        got += c[4]
                        lines.append(c)
                    if got == flat:
                        break
                    lines = []
            if not lines:
                continue
            found = True
            body = sorted(b[3] - b[1] for b in page)
            scale = body[len(body) // 2] / ref[11]
            extent = max(b[3] for b in lines) - min(b[1] for b in lines)
            if extent > height * scale + 1:
                fail("%s %s: note %r needs %.1f pt, its row is %.1f pt (x %.2f)"
                     % (xlsx, sheet, text[:20], extent, height * scale, scale))
        if not found:
            fail("%s %s: note %r not printed whole" % (xlsx, sheet, text[:20]))
    print("ok: %s (%d pages)" % (pdf, len(pp)))


if __name__ == "__main__":
    if sys.argv[1] == "ref":
        make_ref(sys.argv[2])
    elif sys.argv[1] == "check":
        check(*sys.argv[2:5])
    else:
        fail("unknown command %r" % sys.argv[1])
