"""Frameworks over the years (issue 19): roll-over by `extends`, status and sources, the
provisional NACC 2569/2570 frameworks, mappings across years, defaults, the `frameworks` and
`framework show|validate|diff` commands, and nacc-2569 judging 2569-style pages of the sample
site (one real `oitcrawl batch` over variant copies, as tests/test_variants.py does).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from rich.console import Console

from oitcrawl.framework import (
    Framework,
    FrameworkError,
    available_frameworks,
    default_framework,
    element_is_official,
    framework_warning,
    item_mapping,
    load_framework,
    load_framework_file,
    map_element_id,
)
from tests.conftest import REPO, run_cli
from tests.test_variants import build_battery, run_battery

RULES = REPO / "rules"
R = "required"


@pytest.fixture
def user_rules(tmp_path, monkeypatch):
    """A folder of the coordinator's own framework files ($OITCRAWL_RULES), caches cleared."""
    folder = tmp_path / "rules"
    folder.mkdir()
    monkeypatch.setenv("OITCRAWL_RULES", str(folder))
    load_framework.cache_clear()
    yield folder
    load_framework.cache_clear()


def _fully_written_2570(folder: Path) -> Path:
    """nacc-2570 written out in full the way a coordinator would without `extends`: a copy of
    nacc-2569.yaml with its id and year changed."""
    text = (RULES / "nacc-2569.yaml").read_text(encoding="utf-8")
    text = text.replace("\nid: nacc-2569\n", "\nid: nacc-2570-full\n", 1)
    text = text.replace("\nfiscal_year: 2569\n", "\nfiscal_year: 2570\n", 1)
    path = folder / "nacc-2570-full.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# ---- the shipped frameworks -------------------------------------------------------------------


def test_the_shipped_frameworks_years_status_and_lineage():
    rows = {
        fid: (fw.fiscal_year, fw.status, fw.extends, fw.agency_type, len(fw.items))
        for fid in available_frameworks()
        if (fw := load_framework(fid))
    }
    assert rows == {
        "bma-district-2566": (2566, "official", None, "bma-district", 30),
        "nacc-2565": (2565, "official", None, "national", 43),
        "nacc-2569": (2569, "provisional", None, "national", 26),
        "nacc-2570": (2570, "provisional", "nacc-2569", "national", 26),
    }
    assert load_framework("nacc-2565").first_fiscal_year == 2563
    for fid in available_frameworks():
        assert load_framework(fid).source is not None, fid


# FRAMEWORK-nacc-2569-provisional.md, item by item: the first element's period.
NACC_2569_PERIODS = {
    **dict.fromkeys(["O1", "O2", "O3", "O5", "O6", "O7", "O8", "O9", "O10"], "none"),
    "O4": "FY",
    "O11": "monthly",
    "O12": "FY-1",
    "O13": "FY",
    "O14": "FY-1",
    "O15": "none",  # the code itself; O15.2 (the activities) is FY
    **dict.fromkeys(["O16", "O17"], "none"),
    "O18": "FY-1",
    **dict.fromkeys(["O19", "O20", "O21", "O23", "O25"], "FY"),
    **dict.fromkeys(["O22", "O24", "O26"], "FY-1"),
}
# Elements written from the heading or from practice, not from a published element text.
NACC_2569_INFERRED = {"O5.1", "O6.1", "O7.1", "O11.4", "O13.2", "O15.1", "O16.1", "O22.1",
                      "O24.1", "O26.1"}  # fmt: skip


def test_nacc_2569_is_the_provisional_list_of_26_items_in_two_indicators():
    fw = load_framework("nacc-2569")
    assert list(fw.items) == [f"O{n}" for n in range(1, 27)]
    tree = {
        ind.id: [i for s in ind.subindicators for g in s.groups for i in g.items]
        for ind in fw.indicators
    }
    assert [i.id for i in tree["9"]] == [f"O{n}" for n in range(1, 20)]
    assert [i.id for i in tree["10"]] == [f"O{n}" for n in range(20, 27)]
    assert {i: item.elements[0].period for i, item in fw.items.items()} == NACC_2569_PERIODS
    assert fw.items["O15"].elements[1].period == "FY"
    els = [e for item in fw.items.values() for e in item.elements]
    assert {e.id for e in els if e.inferred} == NACC_2569_INFERRED
    assert all(e.source is not None for e in els)  # every element names its source
    assert not any(element_is_official(fw, e) for e in els)  # a provisional framework
    # O5–O7 are not in any published mapping: outside every score until the manual names them
    assert [fw.items[i].weight for i in ("O5", "O6", "O7")] == [0, 0, 0]
    assert all(e.kind == "advisory" for i in ("O5", "O6", "O7") for e in fw.items[i].elements)
    # years in the texts are the framework's own
    assert fw.items["O12"].title_th.endswith("(พ.ศ. 2568)")
    assert "2569" in fw.items["O11"].title_th and "{FY" not in fw.model_dump_json()
    assert fw.items["O20"].elements[0].signed
    assert "ไม่มีเรื่องร้องเรียน" in fw.items["O18"].elements[0].none_phrases


def test_the_2565_and_2566_frameworks_load_as_before_with_status_and_sources():
    bma, nacc = load_framework("bma-district-2566"), load_framework("nacc-2565")
    assert all(element_is_official(bma, e) for i in bma.items.values() for e in i.elements)
    derived = {
        e.id for i in nacc.items.values() for e in i.elements if not element_is_official(nacc, e)
    }
    text = (RULES / "nacc-2565.yaml").read_text(encoding="utf-8")
    assert derived == set(re.findall(r"- id: (O\d+\.\d+)  # derived from the title", text))


# ---- roll-over by data --------------------------------------------------------------------------


def test_rollover_is_the_same_framework_as_one_written_in_full(user_rules):
    rolled = load_framework("nacc-2570")
    full = load_framework_file(_fully_written_2570(user_rules))
    assert rolled.indicators == full.indicators  # every item, element, title and year
    assert (rolled.fiscal_year, rolled.title_th, rolled.head_titles_th, rolled.rating_scheme) == (
        full.fiscal_year, full.title_th, full.head_titles_th, full.rating_scheme,
    )  # fmt: skip
    assert rolled.items["O12"].title_th == "รายงานสรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี (พ.ศ. 2569)"
    assert "ตุลาคม 2568 – กันยายน 2569" in rolled.items["O12"].elements[0].suggestion_th
    # the whole file is one extends line and the year (plus its status and source)
    raw = yaml.safe_load((RULES / "nacc-2570.yaml").read_text(encoding="utf-8"))
    assert set(raw) == {"id", "extends", "fiscal_year", "status", "source"}


ROLLOVER_2571 = """\
id: t-2571
extends: nacc-2570
fiscal_year: 2571
changes:
  remove: [O7]
  renumber: {O26: O27}
  add:
    - group: "10.2"
      after: O25
      item:
        id: O26
        title_th: ข้อใหม่ของปี {FY}
        elements:
          - id: O26.1
            kind: required
            period: FY
            evidence: document
            title_th: เอกสารใหม่ ปี {FY}
            match: {any: [เอกสารใหม่]}
            missing_th: ไม่พบเอกสารใหม่
            missing_en: not found
            suggestion_th: เผยแพร่เอกสารใหม่
            suggestion_en: publish it
  items:
    O12: {weight: 2, elements: {O12.1: {period: "FY|FY-1"}}}
    O11: {elements: {O11.4: {kind: required}, O11.5: {kind: advisory, period: none, evidence: data, title_th: เพิ่ม, match: {any: [ข้อมูลเพิ่ม]}, missing_th: ไม่พบ, missing_en: x, suggestion_th: เผยแพร่, suggestion_en: x}}}
    O6: {title_th: ข้อ O6 ที่รู้แล้ว, elements: {O6.1: {kind: required, inferred: false}}}
"""


def test_rollover_with_changes_renumbers_removes_adds_and_patches(user_rules):
    (user_rules / "t-2571.yaml").write_text(ROLLOVER_2571, encoding="utf-8")
    fw = load_framework("t-2571")
    base = load_framework("nacc-2570")
    assert fw.status == "provisional" and fw.extends == "nacc-2570"  # not official until it says
    assert list(fw.items) == [*(f"O{n}" for n in range(1, 7)), *(f"O{n}" for n in range(8, 28))]
    assert [e.id for e in fw.items["O27"].elements] == ["O27.1"]  # renumbered with its item
    assert fw.items["O27"].title_th == base.items["O26"].title_th.replace("2569", "2570")
    assert fw.items["O26"].title_th == "ข้อใหม่ของปี 2571"
    assert fw.items["O12"].weight == 2 and fw.items["O12"].elements[0].period == "FY|FY-1"
    assert [(e.id, e.kind) for e in fw.items["O11"].elements][-2:] == [
        ("O11.4", R),
        ("O11.5", "advisory"),
    ]
    assert fw.items["O6"].elements[0].kind == R and not fw.items["O6"].elements[0].inferred
    assert fw.items["O13"] == load_framework_file(user_rules / "t-2571.yaml").items["O13"]
    assert fw.items["O13"].elements[0].title_th.endswith("2571")
    # the mapping 2569 → 2571 is the chain's: renumbered, removed, unchanged
    m = item_mapping("nacc-2569", "t-2571")
    assert m is not None and (m["O26"], m["O7"], m["O12"]) == ("O27", None, "O12")
    assert item_mapping("nacc-2565", "t-2571")["O43"] == "O27"  # 2565 → 2569 → 2570 → 2571
    assert map_element_id("O26.1", m) == "O27.1" and map_element_id("O7.1", m) is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("id: x\nextends: nope-2500\n", "extends 'nope-2500': no such framework"),
        ("id: x\nextends: nacc-2569\nindicators: []\n", "lists only what changed"),
        ("id: x\nextends: nacc-2569\nchanges: {remove: [O99]}\n", "remove: item O99 is not in"),
        ("id: x\nextends: nacc-2569\nchanges: {renumber: {O1: X1}}\n", "'X1' is not an item id"),
        ("id: x\nextends: nacc-2569\nchanges: {items: {O99: {weight: 1}}}\n", "items: item O99"),
        ("id: x\nextends: nacc-2569\nchanges: {drop: [O1]}\n", "unknown key(s) drop"),
        (
            "id: x\nextends: nacc-2569\nchanges: {items: {O12: {elements: {O12.1: {period: yearly}}}}}\n",
            "item O12, element O12.1, field period: Input should be 'none', 'FY', 'FY|FY-1', 'FY-1'",
        ),
        ("id: x\nextends: nacc-2569\nstatus: draft\n", "field status: Input should be 'official'"),
    ],
    ids=[
        "unknown base",
        "indicators",
        "remove",
        "renumber",
        "patch",
        "unknown key",
        "period",
        "status",
    ],
)
def test_a_bad_rollover_names_the_file_and_what_is_wrong(tmp_path, text, fragment):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError) as err:
        load_framework_file(path)
    assert str(err.value).startswith(f"{path}: ") and fragment in str(err.value)


def test_an_extends_cycle_is_refused(tmp_path):
    (tmp_path / "a.yaml").write_text("id: a\nextends: b\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("id: b\nextends: a\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match="a cycle"):
        load_framework_file(tmp_path / "a.yaml")


def test_marking_a_rollover_official_when_the_manual_arrives(user_rules):
    (user_rules / "t-2570-official.yaml").write_text(
        "id: t-2570-official\nextends: nacc-2570\nfiscal_year: 2570\nstatus: official\n"
        "source: {document: คู่มือการประเมิน ITA 2570, url: 'https://www.nacc.go.th/', date: '2027-01-15'}\n"
        "changes:\n  items:\n    O12: {elements: {O12.1: {status: official, inferred: false}}}\n",
        encoding="utf-8",
    )
    fw = load_framework("t-2570-official")
    assert fw.status == "official" and fw.source.document == "คู่มือการประเมิน ITA 2570"
    els = {e.id: e for item in fw.items.values() for e in item.elements}
    # the framework is official; an element still marked inferred is not, until confirmed
    assert element_is_official(fw, els["O12.1"]) and element_is_official(fw, els["O1.1"])
    assert not element_is_official(fw, els["O24.1"])
    assert framework_warning("t-2570-official", 2570) is None


# ---- across years: mappings and defaults --------------------------------------------------------


def test_declared_mappings_across_years():
    m = item_mapping("nacc-2565", "nacc-2569")
    assert (m["O23"], m["O24"], m["O31"], m["O3"], m["O5"], m["O8"]) == (
        "O11", "O12", "O18", "O1", "O3", "O3",
    )  # fmt: skip
    assert "O4" not in m  # no declared counterpart: not guessed
    assert item_mapping("nacc-2569", "nacc-2570") == {f"O{n}": f"O{n}" for n in range(1, 27)}
    assert item_mapping("nacc-2570", "nacc-2569")["O12"] == "O12"  # one-to-one runs backwards
    assert item_mapping("nacc-2569", "nacc-2565") is None  # merged items: no way back
    assert item_mapping("bma-district-2566", "nacc-2569") is None


def test_the_default_framework_is_the_newest_of_the_agency_type_and_year():
    assert default_framework(2569) == ("nacc-2569", framework_warning("nacc-2569", 2569))
    assert "provisional" in (default_framework(2569)[1] or "")
    assert default_framework(2570)[0] == "nacc-2570"
    assert default_framework(2572)[0] == "nacc-2570"
    assert "2570" in (framework_warning("nacc-2570", 2572) or "")
    assert default_framework(2571, "bma-district")[0] == "bma-district-2566"
    assert default_framework(2566) == ("bma-district-2566", None)  # as every earlier version
    assert default_framework(2565, "national") == ("bma-district-2566", None)


def test_a_submission_without_framework_gets_the_default(tmp_path):
    from oitcrawl.submission import parse_submission

    def sub(agency: str, website: str, fy: int):
        return parse_submission(
            f"agency: {agency}\nwebsite: {website}\nfiscal_year: {fy}\n"
            "items:\n  O1: [https://x.go.th/a]\n"
        )

    assert sub("กรมตัวอย่าง", "https://www.x.go.th/", 2569).framework == "nacc-2569"
    assert sub("กรมตัวอย่าง", "https://www.x.go.th/", 2570).framework == "nacc-2570"
    bma = sub("สำนักงานเขตห้วยขวาง", "https://webportal.bangkok.go.th/huaikhwang", 2570)
    assert bma.framework == "bma-district-2566"
    assert any("2566" in w for w in bma.cap_warnings())
    assert sub("a", "https://agency.example.org/", 2566).framework == "bma-district-2566"
    warnings = sub("กรมตัวอย่าง", "https://www.x.go.th/", 2569).cap_warnings()
    assert warnings and warnings[0].startswith("framework: ") and "nacc-2569" in warnings[0]


def test_history_keys_of_an_earlier_year_are_mapped():
    from oitcrawl.history import map_results
    from oitcrawl.history.results import RunResults

    def f(item, element, code="outdated", url="-"):
        key = f"{item}|{code}|{element}|{url}"
        return {"key": key, "item": item, "code": code, "element": element, "url": None,
                "months": [], "severity": "error"}  # fmt: skip

    old = RunResults(
        run=SimpleNamespace(framework="nacc-2565"),
        evaluation={},
        items={"O24": {"status": "fail"}, "O5": {"status": "pass"}, "O4": {"status": "fail"}},
        findings={"O24": [f("O24", "O24.1")], "O5": [f("O5", "O5.1")], "O4": [f("O4", "O4.1")]},
    )
    mapped, keys = map_results(old, "nacc-2569")
    assert mapped.by_key().keys() == {"O12|outdated|O12.1|-"}  # O5 merged, O4 unmapped: left out
    assert keys == {"O12|outdated|O12.1|-": "O24|outdated|O24.1|-"}
    assert list(mapped.items) == ["O12"]
    assert map_results(old, "nacc-2565")[0] is old


# ---- the command line ---------------------------------------------------------------------------


def test_frameworks_lists_year_status_and_extends():
    proc = run_cli("--lang", "en", "frameworks")
    assert proc.returncode == 0, proc.stderr
    lines = {line.split("│")[1].strip(): line for line in proc.stdout.splitlines() if "│" in line}
    assert re.search(
        r"│ 2570\s+│ provisional\s+│ nacc-2569\s+│ national\s+│ 26 ", lines["nacc-2570"]
    )
    assert re.search(r"│ 2563–2565\s+│ official\s+│ —", lines["nacc-2565"])


def test_framework_diff_2565_2569_is_a_readable_table():
    proc = run_cli("--lang", "en", "framework", "diff", "nacc-2565", "nacc-2569")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.splitlines()[0].startswith("nacc-2565 → nacc-2569: ")
    assert "items paired by declared mapping" in out
    rows = [
        [c.strip() for c in line.split("│")[1:-1]]
        for line in out.splitlines()
        if line.startswith("│")
    ]
    assert rows[0][:3] == ["O1", "O1", "merged"]
    assert rows[[r[:2] for r in rows].index(["O24", "O12"])][:3] == ["O24", "O12", "renumbered"]
    assert any(r[:3] == ["O24", "O12", "element"] and "period FY|FY-1 → FY-1" in r[3] for r in rows)
    assert any(r[:3] == ["—", "O5", "added"] for r in rows)
    assert any(r[:3] == ["O4", "—", "removed"] for r in rows)  # the strategic plan
    assert all(len(r) == 4 for r in rows)


def test_framework_show_and_validate(tmp_path):
    proc = run_cli("framework", "show", "nacc-2570")
    assert proc.returncode == 0, proc.stderr
    assert "extends nacc-2569" in proc.stdout and "(พ.ศ. 2569)" in proc.stdout
    assert "O12.1 [required, FY-1, document, provisional]" in proc.stdout
    proc = run_cli("framework", "validate")
    assert proc.returncode == 0 and proc.stdout.count("valid") == len(available_frameworks())
    bad = tmp_path / "next.yaml"
    bad.write_text("id: next\nextends: nacc-2570\nfiscal_year: 2571\nchanges: {remove: [O44]}\n")
    proc = run_cli("--lang", "en", "framework", "validate", str(bad))
    assert proc.returncode == 2 and "remove: item O44 is not in" in proc.stderr
    assert "Traceback" not in proc.stderr


ITAP_2565 = """\
ตารางที่ 2: รายละเอียดผลการประเมินการเปิดเผยข้อมูลสาธารณะ กรมตัวอย่าง ประจำปีงบประมาณ พ.ศ. 2565
ตัวชี้วัด/หัวข้อการประเมิน\t\tคะแนน
O5\tข้อมูลการติดต่อ\t100.00
<p>URL ที่ส่ง:</p> <ul> <li><a href="https://www.x.go.th/contact">https://www.x.go.th/contact</a></li> </ul> <p>ข้อเสนอแนะ:</p> <p>- ไม่มี</p>
O8\tQ&amp;A\t100.00
<p>URL ที่ส่ง:</p> <ul> <li><a href="https://www.x.go.th/qa">https://www.x.go.th/qa</a></li> </ul> <p>ข้อเสนอแนะ:</p> <p>- ไม่มี</p>
O4\tแผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน\t100.00
<p>URL ที่ส่ง:</p> <ul> <li><a href="https://www.x.go.th/plan">https://www.x.go.th/plan</a></li> </ul> <p>ข้อเสนอแนะ:</p> <p>- ไม่มี</p>
O24\tรายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี\t0.00
<p>URL ที่ส่ง:</p> <ul> <li><a href="https://www.x.go.th/procurement-2564">https://www.x.go.th/procurement-2564</a></li> </ul> <p>ข้อเสนอแนะ:</p> <p>- ไม่มี</p>
"""


def test_import_itap_maps_an_earlier_years_items(tmp_path):
    src = tmp_path / "result-2565.txt"
    src.write_text(ITAP_2565, encoding="utf-8")
    out = tmp_path / "sub.yaml"
    proc = run_cli("--lang", "en", "import-itap", str(src), "--from", "nacc-2565",
                   "--framework", "nacc-2569", "-o", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    sub = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert (sub["framework"], sub["fiscal_year"]) == ("nacc-2569", 2569)
    assert {k: v["urls"] if isinstance(v, dict) else v for k, v in sub["items"].items()} == {
        "O3": ["https://www.x.go.th/contact", "https://www.x.go.th/qa"],  # O5 and O8 → O3
        "O12": ["https://www.x.go.th/procurement-2564"],  # O24 → O12
    }
    assert "O4 (no declared counterpart)" in proc.stderr  # left out, said so
    proc = run_cli(
        "import-itap", str(src), "--from", "nacc-2565", "--framework", "bma-district-2566"
    )
    assert proc.returncode == 2 and "no mapping" in proc.stderr


# ---- nacc-2569 judges 2569-style pages of the sample site ---------------------------------------

DR = "{DR}"
SIGN = ["sign", ["(นายธนากร ศรีสุวรรณ)", "ผู้อำนวยการเขตห้วยขวาง"]]
SKR_HEADER = ["เดือน", "ชื่อรายการ", "วงเงินงบประมาณ (บาท)", "แหล่งที่มาของงบประมาณ", "สถานะการจัดซื้อจัดจ้าง",
              "วิธีการจัดซื้อจัดจ้าง", "ราคากลาง (บาท)", "ราคาที่ตกลงซื้อหรือจ้าง (บาท)",
              "ผู้ประกอบการที่ได้รับการคัดเลือก", "เลขที่โครงการ e-GP"]  # fmt: skip
SKR_ROWS = {
    "oct": ["ตุลาคม 2568", "จ้างซ่อมแซมผิวจราจร ซอยประชาราษฎร์บำเพ็ญ 20", "485,000.00", "งบประมาณกรุงเทพมหานคร",
            "ลงนามสัญญาแล้ว", "เฉพาะเจาะจง", "485,000.00", "483,500.00", "หจก. ทองเจริญการโยธา", "68109012345"],
    "nov": ["พฤศจิกายน 2568", "ไม่มีการจัดซื้อจัดจ้าง", "-", "-", "-", "-", "-", "-", "-", "-"],
    "dec": ["ธันวาคม 2568", "ซื้อน้ำมันเชื้อเพลิง รถเก็บขนมูลฝอย", "96,400.00", "งบประมาณกรุงเทพมหานคร",
            "ส่งมอบแล้ว", "เฉพาะเจาะจง", "96,400.00", "96,400.00", "บจก. ห้วยขวางปิโตรเลียม", "68129055501"],
    "jan": ["มกราคม 2569", "จ้างซ่อมแซมไฟฟ้าแสงสว่าง ซอยสุทธิพร", "154,000.00", "งบประมาณกรุงเทพมหานคร",
            "ลงนามสัญญาแล้ว", "เฉพาะเจาะจง", "156,000.00", "153,000.00", "หจก. ไฟฟ้าห้วยขวาง", "69019022210"],
    "feb": ["กุมภาพันธ์ 2569", "จ้างปรับปรุงสวนหย่อม หน้าสำนักงานเขต", "265,000.00", "งบประมาณกรุงเทพมหานคร",
            "อยู่ระหว่างดำเนินการ", "เฉพาะเจาะจง", "268,500.00", "262,000.00", "หจก. กรีนการ์เด้นท์ ดีไซน์", "69029031177"],
}  # fmt: skip
O11_URL = "/huaikhwang/page/sub/90011/สรุปผลการจัดซื้อจัดจ้างรายเดือน"
O12_URL = "/huaikhwang/page/sub/90012/รายงานสรุปผลการจัดซื้อจัดจ้างประจำปี"
O18_URL = "/huaikhwang/page/sub/90018/สถิติเรื่องร้องเรียน"
O20_URL = "/huaikhwang/page/sub/90020/NoGiftPolicy"


def _o11(months: list[str]) -> dict:
    return {"page": {"file": "sub/90011",
                     "title": "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน ประจำปีงบประมาณ พ.ศ. 2569",
                     "html": "<p>สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน สำนักงานเขตห้วยขวาง "
                             "ประจำปีงบประมาณ พ.ศ. 2569 (เผยแพร่ทั้งไฟล์ PDF และ XLSX)</p>",
                     "table": {"header": SKR_HEADER, "rows": [SKR_ROWS[m] for m in months]}}}  # fmt: skip


def _o12(year: int, published: str = "") -> dict:
    text = (f"<p>รายงานสรุปผลการจัดซื้อจัดจ้างประจำปีงบประมาณ พ.ศ. {year} ของสำนักงานเขตห้วยขวาง "
            f"ตั้งแต่เดือนตุลาคม {year - 1} ถึงเดือนกันยายน {year} จำแนกตามวิธีการจัดซื้อจัดจ้าง</p>")  # fmt: skip
    return {"page": {"file": "sub/90012",
                     "title": f"รายงานสรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี {year}",
                     "html": text + published,
                     "table": {"header": ["วิธีการจัดซื้อจัดจ้าง", "จำนวนโครงการ", "งบประมาณ (บาท)"],
                               "rows": [["เฉพาะเจาะจง", "41", "6,128,300.00"],
                                        ["ประกาศเชิญชวนทั่วไป (e-bidding)", "6", "18,940,000.00"],
                                        ["รวม", "47", "25,068,300.00"]]}}}  # fmt: skip


def _o18(year: int) -> dict:
    return {"page": {"file": "sub/90018",
                     "title": "ข้อมูลสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบประจำปี",
                     "html": f"<p>สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ประจำปีงบประมาณ พ.ศ. {year} "
                             f"(1 ตุลาคม {year - 1} – 30 กันยายน {year})</p>"
                             "<p>ในปีงบประมาณนี้ ไม่มีเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ</p>"}}  # fmt: skip


O20_PAGE = {"page": {"file": "sub/90020", "title": "การขับเคลื่อนนโยบาย No Gift Policy และการเสริมสร้างความรู้เรื่องการรับทรัพย์สิน"
                              "โดยธรรมจรรยา ปีงบประมาณ พ.ศ. 2569",
    "html": '<ul class="files"><li><a href="{DR}/No Gift 2569/O20 No Gift Policy 2569.pdf">ประกาศเจตนารมณ์ '
            "นโยบายไม่รับของขวัญ (No Gift Policy) ประจำปีงบประมาณ พ.ศ. 2569</a></li></ul>"
            "<p>รายงานการรับของขวัญและของกำนัล ประจำปีงบประมาณ พ.ศ. 2569 (ตุลาคม 2568 – กุมภาพันธ์ 2569): "
            "ไม่มีการรับของขวัญหรือของกำนัล</p>"
            "<p>กิจกรรมให้ความรู้เรื่องการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา แก่บุคลากรทุกฝ่าย "
            "วันที่ 15 มกราคม 2569 ผู้เข้าร่วม 120 คน</p>"}}  # fmt: skip
O20_PDF = {"pdf": {"path": "{DR}/No Gift 2569/O20 No Gift Policy 2569.pdf",
                   "title": "ประกาศเจตนารมณ์ No Gift Policy 2569",
                   "blocks": [["title", "ประกาศสำนักงานเขตห้วยขวาง"],
                              ["p", "เรื่อง เจตนารมณ์นโยบายไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ "
                                    "(No Gift Policy) ประจำปีงบประมาณ พ.ศ. 2569"],
                              ["p", "ผู้บริหารและบุคลากรทุกคนของสำนักงานเขตห้วยขวาง จะไม่รับของขวัญและของกำนัล "
                                    "ทุกชนิดจากการปฏิบัติหน้าที่"],
                              ["p", "ประกาศ ณ วันที่ 1 ตุลาคม พ.ศ. 2568"], SIGN]}}  # fmt: skip

Y2569 = {"framework": "nacc-2569", "fiscal_year": 2569, "as_of": "2026-03-15"}
Y2570 = {"fiscal_year": 2570, "as_of": "2026-12-05"}
ALL_MONTHS = ["oct", "nov", "dec", "jan", "feb"]
BATTERY = [
    # (id, what, changes, submit, submission fields, expected statuses)
    ("y01", "O11 every month Oct 2568 – Feb 2569, November 'ไม่มีการจัดซื้อจัดจ้าง', 2569 fields",
     [_o11(ALL_MONTHS)], {"O11": [O11_URL]}, Y2569, {"O11": "pass"}),
    ("y02", "O11 without January 2569", [_o11(["oct", "nov", "dec", "feb"])], {"O11": [O11_URL]},
     Y2569, {"O11": "fail"}),
    ("y03", "O12 the 2568 annual report, published in October 2568 (names both years)",
     [_o12(2568, "<p>จัดทำเมื่อวันที่ 20 ตุลาคม 2568</p>")], {"O12": [O12_URL]}, Y2569, {"O12": "pass"}),
    ("y04", "O12 still the 2567 annual report", [_o12(2567)], {"O12": [O12_URL]}, Y2569, {"O12": "fail"}),
    ("y05", "O12 a report of the assessed year 2569 instead of 2568", [_o12(2569)], {"O12": [O12_URL]},
     Y2569, {"O12": "fail"}),
    ("y06", "O18 the 2568 statistics: no complaints", [_o18(2568)], {"O18": [O18_URL]}, Y2569,
     {"O18": "pass"}),
    ("y07", "O18 the statistics of 2569 only", [_o18(2569)], {"O18": [O18_URL]}, Y2569, {"O18": "fail"}),
    ("y08", "O20 the signed 2569 announcement, the gifts report (none) and a knowledge activity",
     [O20_PAGE, O20_PDF], {"O20": [O20_URL]}, Y2569, {"O20": "pass"}),
    ("y09", "O20 the same, but the announcement is signed by the head of administration",
     [O20_PAGE, {"pdf": {**O20_PDF["pdf"], "blocks": [*O20_PDF["pdf"]["blocks"][:-1],
                                                      ["sign", ["(นายสุรชัย บุญมาก)", "หัวหน้าฝ่ายปกครอง"]]]}}],
     {"O20": [O20_URL]}, Y2569, {"O20": "fail"}),
    # the same pages checked in fiscal year 2570: the roll-over and the framework written in full
    ("y90", "nacc-2570 (extends) on the y01/y03 pages in 2570", [_o11(ALL_MONTHS), _o12(2569)],
     {"O11": [O11_URL], "O12": [O12_URL]}, {**Y2570, "framework": "nacc-2570"}, None),
    ("y91", "nacc-2570-full (written out) on the same pages", [_o11(ALL_MONTHS), _o12(2569)],
     {"O11": [O11_URL], "O12": [O12_URL]}, {**Y2570, "framework": "nacc-2570-full"}, None),
    # an official framework: no banner
    ("y99", "bma-district-2566 control (the sample site's O1 as it is)", [],
     {"O1": ["/huaikhwang/page/sub/863/โครงสร้างหน่วยงาน"]}, {}, None),
]  # fmt: skip


def test_nacc_2569_judges_2569_style_pages(tmp_path):
    """One real batch: the 2569 variants get the statuses an assessor would give; the
    roll-over (nacc-2570) and the same framework written in full give the same report; a
    provisional framework's report has the banner and report.json fields, an official one not."""
    variants = [{"id": vid, "why": why, "changes": changes, "submit": submit}
                for vid, why, changes, submit, _, _ in BATTERY]  # fmt: skip
    battery = build_battery(tmp_path / "battery", variants)
    for vid, _, _, _, fields, _ in BATTERY:
        path = battery.submissions / f"{vid}.yaml"
        sub = yaml.safe_load(path.read_text(encoding="utf-8"))
        sub.update(fields)
        path.write_text(yaml.safe_dump(sub, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rules = tmp_path / "user-rules"
    rules.mkdir()
    _fully_written_2570(rules)
    actual, _, log = run_battery(battery, tmp_path, env={"OITCRAWL_RULES": str(rules)})
    expected = {vid: exp for vid, _, _, _, _, exp in BATTERY if exp is not None}
    assert {vid: actual[vid] for vid in expected} == expected, log

    out = tmp_path / "out"
    reports = {vid: json.loads((out / f"variant-{vid}" / "report.json").read_text("utf-8"))
               for vid, *_ in BATTERY}  # fmt: skip

    # the period rule FY-1 decided O12: the 2568 mention, and "only 2569" as the reason of y05
    def item(vid: str, iid: str) -> dict:
        return next(i for i in reports[vid]["items"] if i["id"] == iid)

    o12 = item("y03", "O12")["elements"][0]
    assert o12["period_rule"] == "FY-1" and o12["period"]["met"] and "2568" in o12["date"]["text"]
    y05 = item("y05", "O12")["findings"][0]
    assert (
        y05["code"] == "outdated"
        and "only fiscal year 2569 found, not fiscal year 2568" in y05["detail"]
    )

    # y90 vs y91: the same evaluation, item by item (the framework's own id aside)
    def strip(report: dict) -> list:
        return [{k: v for k, v in item.items() if k != "fetches"} for item in report["items"]]

    same_host = json.dumps(strip(reports["y91"]), ensure_ascii=False).replace("y91.", "y90.")
    assert json.dumps(strip(reports["y90"]), ensure_ascii=False) == same_host
    assert reports["y90"]["scores"] == reports["y91"]["scores"]
    # in 2570 the 2569 report is last year's (pass); the 2569 months are not 2570's (fail)
    assert (item("y90", "O12")["status"], item("y90", "O11")["status"]) == ("pass", "fail")
    assert item("y90", "O11")["findings"][0]["months"] == ["2026-10", "2026-11"]
    assert reports["y90"]["framework"]["extends"] == "nacc-2569"
    # a provisional framework says so: report.json, report.html banner, the terminal
    fw = reports["y01"]["framework"]
    assert (fw["id"], fw["status"], fw["fiscal_year"]) == ("nacc-2569", "provisional", 2569)
    assert (
        fw["notice_th"].startswith("แบบตรวจฉบับชั่วคราว")
        and "FRAMEWORK-nacc-2569" in fw["source"]["document"]
    )
    assert all(
        e["official_source"] is False for i in reports["y02"]["items"] for e in i["elements"]
    )
    html = (out / "variant-y02" / "report.html").read_text(encoding="utf-8")
    assert 'id="provisional-framework"' in html and "แบบตรวจฉบับชั่วคราว" in html
    assert "องค์ประกอบนี้ยังไม่มีแหล่งอ้างอิงทางการ" in html  # beside the O11 finding
    console = Console(record=True, width=200)
    from oitcrawl.reports.terminal import print_summary

    print_summary(reports["y02"], console, "en")
    text = console.export_text()
    assert "Provisional framework" in text and "(no official source)" in text
    control = reports["y99"]
    assert control["framework"]["status"] == "official" and "notice_th" not in control["framework"]
    assert 'id="provisional-framework"' not in (out / "variant-y99" / "report.html").read_text(
        "utf-8"
    )
    shutil.rmtree(tmp_path / "battery", ignore_errors=True)


def test_battery_rows_are_well_formed():
    ids = [row[0] for row in BATTERY]
    assert len(ids) == len(set(ids))
    for vid, why, _, submit, _, exp in BATTERY:
        assert why and submit, vid
        assert exp is None or set(exp) == set(submit), vid
    assert isinstance(load_framework("nacc-2569"), Framework)


SWAP_2570 = """\
id: t-2570-swap
extends: nacc-2569
fiscal_year: 2570
changes:
  renumber: {O12: O13, O13: O12}
"""


def test_check_since_pairs_findings_across_years(tmp_path):
    """A run of nacc-2569 and a later run of a 2570 framework that renumbers O12 → O13: the
    outdated annual report is the same open finding, first seen in the 2569 run."""
    rules = tmp_path / "user-rules"
    rules.mkdir()
    (rules / "t-2570-swap.yaml").write_text(SWAP_2570, encoding="utf-8")
    env = {"OITCRAWL_RULES": str(rules)}
    runs = []
    for n, (fields, item) in enumerate(
        [(Y2569, "O12"), ({**Y2570, "framework": "t-2570-swap"}, "O13")]
    ):
        variant = {"id": "z1", "why": "O12 still the 2567 report", "changes": [_o12(2567)],
                   "submit": {item: [O12_URL]}}  # fmt: skip
        battery = build_battery(tmp_path / f"battery{n}", [variant])
        path = battery.submissions / "z1.yaml"
        sub = yaml.safe_load(path.read_text(encoding="utf-8"))
        sub.update(fields)
        path.write_text(yaml.safe_dump(sub, allow_unicode=True, sort_keys=False), encoding="utf-8")
        actual, _, log = run_battery(battery, tmp_path, env=env)
        assert actual == {"z1": {item: "fail"}}, log
        listed = run_cli("runs", "--json", "--db", str(tmp_path / "evidence.sqlite"), env=env)
        runs = [r["id"] for r in json.loads(listed.stdout)]
    assert len(runs) == 2
    first, second = sorted(runs)
    out = tmp_path / "since"
    proc = run_cli("evaluate", second, "--since", first, "--db", str(tmp_path / "evidence.sqlite"),
                   "--out", str(out), "--quiet", env=env)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    o13 = next(i for i in report["items"] if i["id"] == "O13")
    outdated = next(f for f in o13["findings"] if f["code"] == "outdated")
    assert outdated["element"] == "O13.1" and outdated["since"]["status"] == "open"
    assert report["since"]["counts"]["fixed"] == 0 or all(
        f["item"] != "O13" for f in report["since"]["fixed"]
    )
