"""`write_many`: several files written atomically at once, each on its own (used by `pull`)."""

from __future__ import annotations

from partnerscore.core.errors import UserError
from partnerscore.io.writing import RefusedOverwrite, write_many


def test_every_file_is_written_whole(tmp_path):
    texts = {tmp_path / "data" / f"p{i:03d}.csv": f"date,metric,value\n2026-11-0{i % 9 + 1},m,{i}\n" for i in range(40)}
    assert write_many(texts, force=True) == {}
    for path, text in texts.items():
        assert path.read_text() == text
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == sorted(p.name for p in texts)  # no temp files


def test_a_file_that_cannot_be_written_does_not_stop_the_others(tmp_path):
    (tmp_path / "blocked").write_text("a file where a folder should be")
    good, bad = tmp_path / "ok.csv", tmp_path / "blocked" / "x.csv"
    problems = write_many({good: "a\n", bad: "b\n"}, force=True)
    assert list(problems) == [bad] and isinstance(problems[bad], UserError)
    assert good.read_text() == "a\n"


def test_without_force_an_existing_file_is_refused(tmp_path):
    (tmp_path / "old.csv").write_text("old\n")
    problems = write_many({tmp_path / "old.csv": "new\n", tmp_path / "new.csv": "new\n"}, force=False)
    assert isinstance(problems[tmp_path / "old.csv"], RefusedOverwrite)
    assert (tmp_path / "old.csv").read_text() == "old\n" and (tmp_path / "new.csv").read_text() == "new\n"
