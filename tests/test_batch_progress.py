"""The ingest's progress bar counts articles: one JSONL file of many articles gets a count and a
rate (its total is unknown), a folder of one-article files a bar with its total."""

from __future__ import annotations

import io

from rich.console import Console

from tradewire.batch.progress import IngestBar, article_total


def _console() -> Console:
    return Console(file=io.StringIO(), force_terminal=True, width=120)


def test_the_total_is_known_for_one_article_files_only(tmp_path):
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text("Chile raised its copper duty on Monday.", "utf-8")
    assert article_total([str(tmp_path)]) == 3
    (tmp_path / "many.jsonl").write_text('{"text": "x"}\n{"text": "y"}\n', "utf-8")
    assert article_total([str(tmp_path)]) is None
    assert article_total(["-"]) is None


def test_one_jsonl_file_gets_a_bar_counting_its_articles(tmp_path):
    f = tmp_path / "many.jsonl"
    f.write_text("".join('{"text": "Peru cut its zinc tariff."}\n' for _ in range(3)), "utf-8")
    with IngestBar([str(f)], _console()) as bar:
        for _ in range(3):
            bar.advance()
    task = bar.progress.tasks[0]
    assert not bar.progress.disable and task.total is None and task.completed == 3
    shown = [str(c.render(task)) for c in bar.progress.columns if hasattr(c, "render")]
    assert "3 articles" in shown


def test_a_few_files_or_no_terminal_get_no_bar(tmp_path):
    (tmp_path / "a.txt").write_text("Chile raised its copper duty on Monday.", "utf-8")
    assert IngestBar([str(tmp_path)], _console()).progress.disable
    many = tmp_path / "many.jsonl"
    many.write_text('{"text": "x"}\n', "utf-8")
    assert IngestBar([str(many)], Console(file=io.StringIO(), force_terminal=False)).progress.disable
