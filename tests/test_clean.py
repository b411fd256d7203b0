"""The cleaned edition: repairs listed in the errata, nothing of the report lost."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from kb.ingest.clean import CAPTION_MARK, CleanError, Repair, apply_fixes, clean, load_errata, normalise_raw
from kb.settings import PROJECT_ROOT


def skeleton(text: str) -> str:
    """Only the characters that carry content: Han, digits, Latin letters."""
    return "".join(re.findall(r"[\u3400-\u9fff0-9A-Za-z.%]", text))


def test_committed_edition_is_what_cleaning_produces(report):
    raw, doc, _ = report
    assert raw.clean_path.read_text(encoding="utf-8") == doc.text, "run `kb ingest` to refresh corpus/*.md"


def test_report_in_corpus_is_the_extraction_unchanged():
    seed = PROJECT_ROOT.parent / "shared" / "seed" / "000_545fb9ddb6a3b8ae.txt"
    if not seed.is_file():
        pytest.skip("../shared is not beside this checkout")
    assert (PROJECT_ROOT / "corpus" / "report.zh.orig.txt").read_bytes() == seed.read_bytes()


def test_no_number_is_dropped(report):
    raw, doc, _ = report
    numbers = lambda t: Counter(re.findall(r"\d+(?:\.\d+)?", t))  # noqa: E731
    missing = numbers(raw.text) - numbers(doc.text)
    assert not missing, f"numbers lost in cleaning: {missing}"


def test_no_sentence_is_dropped(report):
    """Every stretch of the original outside a listed fix stands in the edition."""
    raw, doc, _ = report
    original = skeleton(normalise_raw(raw.text))
    for fix in load_errata(raw.errata_path):
        if fix.kind == "fix":
            original = original.replace(skeleton(fix.original), "\x00")
    cleaned = skeleton(doc.text.replace(CAPTION_MARK, ""))
    pieces = [p for part in original.split("\x00") for p in re.split(r"(?<=\D)\.|%", part) if len(p) >= 4]
    lost = [p for p in pieces if p not in cleaned]
    assert not lost, f"text of the original missing from the edition: {lost[:3]}"
    # And each fix's own content survives in its corrected form.
    for fix in load_errata(raw.errata_path):
        if fix.kind == "fix":
            assert skeleton(fix.corrected) in cleaned


def test_known_extraction_errors_are_repaired(report):
    _, doc, _ = report
    assert "二连浩特铁路口岸不断优化中欧班列" in doc.text
    assert "生活特" not in doc.text
    assert "二连浩特—扎门乌德" in doc.text and "二连浩特一扎门乌德" not in doc.text
    assert "珠恩嘎达布其—毕其格图" in doc.text
    assert "共出口种苗26.7万株，同比增长近6倍，为全盟进出口贸易增添了新的亮点。" in doc.text
    assert not doc.text.rstrip().endswith("添了新的亮点。")
    assert "  " not in doc.text and "动 力" not in doc.text


def test_structure_headings_and_captions(report):
    _, doc, chunks = report
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert "推动口岸货运通关提速增效" in headings and "边民互市交易额突破5亿元" in headings
    assert [b.kind for b in doc.blocks].count("title") == 1
    captions = [b.text for b in doc.blocks if b.kind == "caption"]
    assert captions == [
        "珠恩嘎达布其口岸新建货运通道正式启用。",
        "珠恩嘎达布其百万吨储煤基地一期项目投入运营。",
        "二连浩特边民互市贸易区一角。",
    ]
    freight = next(c for c in chunks if "1964.1万吨" in c.text)
    assert freight.section == "推动口岸货运通关提速增效"


def test_every_erratum_row_is_documented(report):
    raw, _, _ = report
    rows = load_errata(raw.errata_path)
    assert sum(r.kind == "fix" for r in rows) >= 15
    assert all(r.reason.strip() for r in rows)


def test_an_erratum_that_no_longer_matches_is_an_error():
    with pytest.raises(CleanError, match="matches 0 places"):
        apply_fixes("二连浩特口岸", [Repair("fix", "满洲里", "满洲里口岸", "test")])


def test_cleaning_a_small_text():
    doc = clean('\n\n\n\n标题\n\n第一 段,有数字1 2。\n\n小节\n\n正文"引号"。\n\n\n\n图片说明。\n', [])
    assert doc.text == "# 标题\n\n第一段，有数字12。\n\n## 小节\n\n正文“引号”。\n\n〔图〕图片说明。\n"
    assert [b.kind for b in doc.blocks] == ["title", "paragraph", "heading", "paragraph", "caption"]
    assert all(doc.text[b.start : b.end] == b.text for b in doc.blocks)
