"""Reports as data: a second report is a folder and a spec, indexed and answered beside the first."""

from __future__ import annotations

import shutil

import pytest

from kb.index import open_store
from kb.ingest import ingest
from kb.reports import ReportSpecError, load_specs
from kb.settings import Settings
from tests.conftest import CORPUS, FIXTURES


def test_the_specs_say_what_each_report_is():
    specs = {s.id: s for s in load_specs(FIXTURES / "corpus")}
    assert set(specs) == {"harbour", "manzhouli"}
    assert specs["harbour"].editions == ("zh", "mn") and specs["manzhouli"].editions == ("zh",)
    assert specs["manzhouli"].period.last_month == 10 and not specs["manzhouli"].period.whole_year
    real = load_specs(CORPUS)[0]
    assert real.title_in("mn").startswith("Улсын") and real.title_in("xx") == real.title["zh"]


def test_two_reports_are_indexed_together_each_edition_paired(tiny_settings, fake_embeddings):
    store = open_store(tiny_settings, fake_embeddings)
    zh = store.editions["zh"].get(include=["metadatas"])["metadatas"]
    assert {m["doc_id"] for m in zh} == {"harbour.zh", "manzhouli.zh"}
    mn = store.editions["mn"].get(include=["metadatas"])
    pairs = store.get([m["pair"] for m in mn["metadatas"]])
    assert len(pairs) == len(mn["ids"]) and all(p.doc_id == "harbour.zh" for p in pairs.values())
    # Each translated sentence knows its original, in the index: nothing is re-read from corpus/ to answer.
    rows = store.sentences.get(include=["metadatas"])["metadatas"]
    originals = [r["original"] for r in rows if r["chunk_id"] in set(mn["ids"])]
    assert originals and all(originals) and "其中，北湾口岸进出口货运量完成400.2万吨，同比增长12%；" in originals


def test_a_bad_spec_is_one_clear_error(tmp_path):
    (tmp_path / "x.spec.toml").write_text('id = "x"\noriginal = "missing.txt"\nedition = "zh"\n', encoding="utf-8")
    with pytest.raises(ReportSpecError, match="missing.txt"):
        load_specs(tmp_path)
    (tmp_path / "x.spec.toml").write_text("id = ", encoding="utf-8")
    with pytest.raises(ReportSpecError, match="x.spec.toml"):
        load_specs(tmp_path)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ReportSpecError, match="no report spec"):
        load_specs(tmp_path / "empty")


@pytest.fixture(scope="module")
def beside(tmp_path_factory, embeddings):
    """The real report and a second one copied in as a folder of its own, indexed with the real model."""
    from kb.chain import Bridgehead

    root = tmp_path_factory.mktemp("beside")
    shutil.copytree(CORPUS, root / "corpus")
    shutil.copytree(FIXTURES / "corpus" / "manzhouli", root / "corpus" / "manzhouli")
    settings = Settings(data_dir=root / "data", corpus_dir=root / "corpus")
    stats = ingest(settings, embeddings)
    return Bridgehead(settings, embeddings), stats


def test_a_second_report_is_answered_beside_the_first(beside):
    bot, stats = beside
    own = bot.ask("满洲里口岸2024年1至10月进出口货运量是多少？")
    assert own.found and "1520.4万吨" in own.answer, own.answer
    assert own.citations[0].source.startswith("manzhouli.zh.md:")
    first = bot.ask("二连浩特口岸1-11月进出口货运量是多少？")
    assert first.found and "1964.1万吨" in first.answer and first.citations[0].source.startswith("report.zh.md:")
    mongolian = bot.ask("Эрээн боомтоор 2024 оны 1-11 дүгээр сард хэдэн тонн ачаа нэвтэрсэн бэ?")
    assert mongolian.found and "19.641 сая тонн" in mongolian.answer
    assert stats.chunks > 64  # the real report's 64 chunks and the second report's
