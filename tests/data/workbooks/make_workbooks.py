#!/usr/bin/python3
"""make_workbooks.py OUTDIR — the workbooks of tests/t_import_workbooks.sh,
made with openpyxl (import.md §1 "Excel workbooks").  Each value is chosen
so that the test can state what the database must hold without running
pledger: 1234.56 yuan is 123456 fen, 2024-03-15 is serial 45366, ...

  layout.xlsx   a hidden first sheet, then the bank's sheet: a merged title
                row, a 万元 note row, the header, two loans (shared strings,
                an inline string, a custom date format yyyy"年"m"月"d"日",
                a percent rate, a stored 466.4321 under 0.00), a blank row,
                a 合计 row and a signature row.  A formula with its cached
                value is added by LibreOffice (see the test).
  errors.xlsx   a #N/A error cell and a formula without a cached value.
  hostile/*     zip bomb, DOCTYPE, shared-string index out of range, rows
                past 1 048 576, a column past XFD, truncated XML, a zip
                without xl/workbook.xml, HTML and SpreadsheetML 2003 .xls.
"""
import datetime
import os
import re
import sys
import zipfile

import openpyxl
import openpyxl.utils.datetime

out = sys.argv[1]
HEAD = ["序号", "贷款银行", "合同编号", "统一社会信用代码", "企业名称", "所属地区",
        "贷款金额（元）", "执行年利率", "放款日期", "到期日期", "质押知识产权", "质押登记号",
        "授信额度（元）"]


def layout():
    wb = openpyxl.Workbook()
    hid = wb.active
    hid.title = "填表说明"
    hid["A1"] = "本表由银行填报"
    hid.sheet_state = "hidden"
    ws = wb.create_sheet("贷款明细")
    ws["A1"] = "2024年知识产权质押贷款明细表"
    ws.merge_cells("A1:L1")
    ws["A2"] = "填报单位：测试银行"
    ws.append(HEAD)                                       # row 3
    ws.append([1, "测试银行", "HT-2024-001", "91330783MA20CA4GX5", "东阳市辉泰智能装备有限公司",
               "东阳市", 1234.56, 0.0345, datetime.date(2024, 3, 15),
               datetime.date(2025, 3, 14), "ZL201915530950.X", 202433074366418, "=G4*2"])
    ws.append([2, "测试银行", "HT-2024-002", "91330783MA20CA4GX5", "东阳市辉泰智能装备有限公司",
               "东阳市", 466.4321, 4.5, 45366, "2025-03-14", "ZL201915530950.X", None])
    ws["G5"].number_format = "0.00"        # stored 466.4321: 4 decimals, an error in 元
    ws["I4"].number_format = 'yyyy"年"m"月"d"日"'
    ws["H4"].number_format = "0.00%"
    ws["I5"].number_format = "yyyy/m/d"
    ws.append([])                                         # row 6 blank
    ws.append(["合计", None, None, None, None, None, 1700.9921])   # row 7
    ws.append(["制表人：张三", None, None, "审核人：李四"])         # row 8
    wb.save(os.path.join(out, "layout.xlsx"))
    # the same first loan in the 1904 date system (Excel for Mac)
    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.append(HEAD[:12])
    ws.append([1, "测试银行", "HT-1904-001", "91330783MA20CA4GX5", "东阳市辉泰智能装备有限公司",
               "东阳市", 1000, "4.5%", datetime.date(2024, 3, 15),
               datetime.date(2025, 3, 14), "ZL201915530950.X", None])
    ws["I2"].number_format = "yyyy-mm-dd"
    ws["J2"].number_format = "yyyy-mm-dd"
    wb.save(os.path.join(out, "date1904.xlsx"))


def errors():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(HEAD)
    ws.append([1, "测试银行", "HT-2024-003", "91330783MA20CA4GX5", "东阳市辉泰智能装备有限公司",
               "东阳市", "=100*2", 0.04, datetime.date(2024, 3, 15),
               datetime.date(2025, 3, 14), "ZL201915530950.X", None])
    wb.save(os.path.join(out, "errors.xlsx"))
    # an error value in a cell, as Excel writes it: t="e"
    rewrite(os.path.join(out, "errors.xlsx"), "xl/worksheets/sheet1.xml",
            lambda x: re.sub(r'<c r="H2"[^>]*>.*?</c>', '<c r="H2" t="e"><v>#N/A</v></c>', x, count=1))


def rewrite(path, part, fn):
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for i, data in items:
            if i.filename == part:
                data = fn(data.decode("utf-8")).encode("utf-8")
            z.writestr(i.filename, data)


def minimal(path, sheet, sst=None, extra=None):
    """A workbook written by hand: one sheet, optional shared strings."""
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            '</Relationships>')
    wbx = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
           '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", wbx)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        if isinstance(sheet, bytes):
            z.writestr("xl/worksheets/sheet1.xml", sheet)
        else:
            z.writestr("xl/worksheets/sheet1.xml", sheet)
        if sst is not None:
            z.writestr("xl/sharedStrings.xml", sst)
        for k, v in (extra or {}).items():
            z.writestr(k, v)


def sheet(rows):
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData>' + rows + '</sheetData></worksheet>')


def hostile():
    h = os.path.join(out, "hostile")
    os.makedirs(h, exist_ok=True)
    good_sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                '<si><t>统一社会信用代码</t></si><si><t>年度</t></si><si><t>原因</t></si></sst>')
    head = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
    # a zip bomb: 600 MB of spaces inside the sheet's XML, deflated to < 1 MB
    with zipfile.ZipFile(os.path.join(h, "bomb.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
        minimal_parts = {}
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(b'<worksheet><sheetData>')
            block = b' ' * (1 << 20)
            for _ in range(600):
                f.write(block)
            f.write(b'</sheetData></worksheet>')
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
              '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
              '<sst><si><t>&lol3;</t></si></sst>')
    minimal(os.path.join(h, "doctype.xlsx"), sheet(head), laughs)
    minimal(os.path.join(h, "sst_index.xlsx"), sheet(head + '<row r="2"><c r="A2" t="s"><v>7</v></c></row>'), good_sst)
    minimal(os.path.join(h, "rows.xlsx"), sheet(head + '<row r="1048577"><c r="A1048577"><v>1</v></c></row>'), good_sst)
    minimal(os.path.join(h, "cols.xlsx"), sheet(head + '<row r="2"><c r="XFE2"><v>1</v></c></row>'), good_sst)
    minimal(os.path.join(h, "truncated.xlsx"), sheet(head)[:-40], good_sst)
    # the last row Excel has is fine: a gap of blank rows, then row 1048576
    minimal(os.path.join(h, "lastrow.xlsx"), sheet(head + '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>HT-9</t></is></c></row>'), good_sst)
    with zipfile.ZipFile(os.path.join(h, "notworkbook.xlsx"), "w") as z:
        z.writestr("content.xml", "<office:document/>")
    with open(os.path.join(h, "broken.xlsx"), "wb") as f:
        with open(os.path.join(h, "sst_index.xlsx"), "rb") as g:
            f.write(g.read()[:300])
    # a password-protected .xlsx is an OLE2 file holding an EncryptedPackage
    with open(os.path.join(h, "encrypted.xlsx"), "wb") as f:
        b = bytearray(2048)
        b[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
        name = "EncryptedPackage".encode("utf-16-le")
        b[1024:1024 + len(name)] = name
        f.write(b)
    with open(os.path.join(h, "html.xls"), "w", encoding="utf-8") as f:
        f.write('<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table><tr><td>合同编号</td></tr></table></body></html>')
    with open(os.path.join(h, "xml2003.xls"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
                '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"/></Workbook>')


layout()
errors()
hostile()
