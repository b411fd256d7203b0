"""A serving Bridgehead moves to a new index by itself when another process finishes an ingest."""

from __future__ import annotations

import time

from kb.chain import Bridgehead
from kb.index import build_index
from kb.live import LiveBridgehead
from kb.settings import Settings


def test_a_running_bot_answers_from_the_index_an_ingest_makes_active(tmp_path, report, embeddings):
    settings = Settings(data_dir=tmp_path, reload_seconds=0.2)
    chunks = report[2]
    question = "二连浩特口岸1-11月进出口货运量是多少？"
    holder = next(i for i, c in enumerate(chunks) if "1964.1" in c.text)
    without = [c for i, c in enumerate(chunks) if i != holder]
    first = build_index(without, embeddings, settings, progress=False)
    live = LiveBridgehead(Bridgehead(settings, embeddings)).start()
    try:
        assert "1964.1" not in live.ask(question).answer
        second = build_index(chunks, embeddings, settings, progress=False)
        deadline = time.monotonic() + 60
        while live.index_name == first.collection and time.monotonic() < deadline:
            time.sleep(0.1)
        assert live.index_name == second.collection
        assert "1964.1" in live.ask(question).answer
    finally:
        live.stop()


def test_a_restart_reads_the_lexical_index_back_and_survives_a_damaged_one(tmp_path, report, embeddings):
    settings = Settings(data_dir=tmp_path)
    build_index(report[2], embeddings, settings, progress=False)
    question = "珠恩嘎达布其口岸进出口货运量是多少？"
    first = Bridgehead(settings, embeddings)
    saved = sorted((tmp_path / "cache").glob("*.lexical.pkl"))
    assert [f.name for f in saved] == [f"{first.index_name}__zh.lexical.pkl"]
    expected = first.ask(question)
    assert expected.found and "325.5" in expected.answer
    # A restart answers the same from the saved statistics; a damaged file is rebuilt, not trusted.
    assert Bridgehead(settings, embeddings).ask(question).answer == expected.answer
    saved[0].write_bytes(b"not a pickle")
    assert Bridgehead(settings, embeddings).ask(question).answer == expected.answer
    assert saved[0].stat().st_size > 1000


def test_concurrent_questions_with_caches_evicting_get_the_same_answers(bot):
    """Gradio answers several questions at once; the caches they share must not mix or fail them."""
    from concurrent.futures import ThreadPoolExecutor

    from kb.index import LRU

    questions = ["二连浩特口岸进出口货运量是多少？", "珠恩嘎达布其口岸进出口货运量是多少？", "中欧班列出境多少列？",
                 "Эрээн боомтоор хэдэн тонн ачаа нэвтэрсэн бэ?", "锡林郭勒盟的边境线有多长？"] * 6
    alone = {q: bot.ask(q).answer for q in set(questions)}
    saved = bot.index._cache, {e: r._spans for e, r in bot.retrievers.items()}
    try:
        bot.index._cache = LRU(2)  # every question evicts what another one is reading
        for retriever in bot.retrievers.values():
            retriever._spans = LRU(2)
        with ThreadPoolExecutor(4) as pool:
            together = list(pool.map(lambda q: bot.ask(q).answer, questions))
    finally:
        bot.index._cache = saved[0]
        for edition, spans in saved[1].items():
            bot.retrievers[edition]._spans = spans
    assert together == [alone[q] for q in questions]
