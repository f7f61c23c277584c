"""Writes tests/pages/*.html: real-shaped agency pages (see tests/pages/README.md)."""

from pathlib import Path

out = Path(__file__).parent


def doc(head, body, decl="<!DOCTYPE html>"):
    return f'{decl}\n<html lang="th">\n<head>\n<meta charset="utf-8">\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n'


# 1. php_include.html: index.php = header.php + menu.php + ita.php + footer.php, each a whole document.
header = doc(
    "<title>สำนักงานเขตห้วยขวาง</title><link rel=stylesheet href=/css/style.css>",
    '<div class="banner"><img src="/images/logo.png" alt="ตราสัญลักษณ์"></div>',
)
menu = doc(
    "<title>menu</title>",
    '<ul class="menu">'
    + "".join(
        f'<li><a href="/huaikhwang/page/main/{i}">{n}</a>'
        for i, n in enumerate(
            ["หน้าแรก", "ข้อมูลพื้นฐาน", "ข่าวประชาสัมพันธ์", "ติดต่อเรา", "กระดานถามตอบ", "ITA"]
        )
    )
    + "</ul>",
)
rows = []
items = [
    "โครงสร้าง",
    "ข้อมูลผู้บริหาร",
    "อำนาจหน้าที่",
    "แผนยุทธศาสตร์",
    "ข้อมูลการติดต่อ",
    "กฎหมายที่เกี่ยวข้อง",
    "ข่าวประชาสัมพันธ์",
    "Q&A",
    "Social Network",
    "แผนดำเนินงานประจำปี",
]
for i in range(1, 37):
    rows.append(
        f'<tr><td align=center>O{i}<td>{items[i % len(items)]}<td><a href="/public/user_files_editor/77/ITA68/O{i}.pdf" target=_blank>ดาวน์โหลด</a>'
    )
ita = doc(
    "<title>ITA 2568</title>",
    '<div id="content"><h2>การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. 2568</h2>\n'
    "<table border=1><tr><th>ข้อ<th>รายการ<th>ลิงก์\n" + "\n".join(rows) + "\n</table>\n"
    "<p>ปรับปรุงล่าสุด 3 มีนาคม 2568",
)
footer = '<!DOCTYPE html><html><body><div id="footer">สำนักงานเขตห้วยขวาง 999 ถนนประชาราษฎร์บำเพ็ญ <a href="/huaikhwang/sitemap">แผนผังเว็บไซต์</a></div></body></html>'
(out / "php_include.html").write_text(header + menu + ita + footer, encoding="utf-8")

# 2. xhtml_decl.html: an XHTML page (old Joomla) starting with an XML declaration.
body = (
    '<div id="main"><h1>ประกาศ</h1><ul>'
    + "".join(
        f'<li><a href="index.php?option=com_content&amp;view=article&amp;id={i}">ประกาศฉบับที่ {i}/2567</a></li>'
        for i in range(1, 13)
    )
    + "</ul></div>"
)
(out / "xhtml_decl.html").write_text(
    '<?xml version="1.0" encoding="utf-8"?>\n'
    + doc(
        "<title>ประกาศ</title>",
        body,
        decl='<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
    ),
    encoding="utf-8",
)

# 3. unclosed.html: tags a hand-written page never closes, misnested <a>, <font> soup, a table in a <p>.
body = ["<center><font face=Tahoma size=2><b>งานพัสดุ"]
for i in range(1, 21):
    body.append(
        f'<p><font color=blue><a href="files/egp{i}.pdf">สขร.1 เดือน {i}<a href="files/egp{i}.xls">(Excel)</a>'
    )
body.append(
    "<p><table><tr><td><a href=a1.pdf>หนึ่ง<td><a href=a2.pdf>สอง<tr><td><a href=a3.pdf>สาม</table>"
)
body.append('<div><div><div><a href="/contact">ติดต่อ</a>')
(out / "unclosed.html").write_text(
    "<html><head><title>งานพัสดุ</title></head><body>" + "\n".join(body), encoding="utf-8"
)

# 4. tis620_nested.html: a windows-874 page with two documents (header include, then content).
t = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-874"><title>อบต.</title></head><body>'
    '<a href="index.php">หน้าหลัก</a></body></html>'
    "<html><head><title>ข้อมูล</title></head><body><h3>รายงานผลการจัดซื้อจัดจ้าง</h3>"
    + "".join(f'<a href="doc/{i}.pdf">รายงานเดือนที่ {i}</a><br>' for i in range(1, 13))
    + "</body></html>"
)
(out / "tis620_nested.html").write_bytes(t.encode("cp874"))
