"""write_atomic: all-or-nothing writes that refuse to overwrite unless forced."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from partnerscore.core.errors import UserError
from partnerscore.io import writing
from partnerscore.io.writing import RefusedOverwrite, write_atomic


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_text_creating_folders(tmp_path: Path):
    target = tmp_path / "reviews" / "northwind" / "2026-11-06.yaml"
    write_atomic(target, "date: 2026-11-06\nnote: café\n", force=False)
    assert target.read_bytes() == "date: 2026-11-06\nnote: café\n".encode()
    assert _leftovers(target.parent) == []


def test_refuses_existing_file_and_leaves_it_untouched(tmp_path: Path):
    target = tmp_path / "a.yaml"
    target.write_text("mine\n", encoding="utf-8")
    with pytest.raises(RefusedOverwrite) as info:
        write_atomic(target, "theirs\n", force=False)
    assert isinstance(info.value, FileExistsError)
    assert "--force" in str(info.value)
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert _leftovers(tmp_path) == []


def test_force_replaces_and_keeps_the_old_mode(tmp_path: Path):
    target = tmp_path / "a.yaml"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o640)
    write_atomic(target, "new\n", force=True)
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_new_file_gets_the_umask_mode_not_mkstemps_0600(tmp_path: Path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.csv", "date,metric,value\n", force=False)
    finally:
        os.umask(old)
    # 0o666 & ~0o022 = 0o644: readable by the team, as a plain open() would make it.
    assert stat.S_IMODE((tmp_path / "a.csv").stat().st_mode) == 0o644


def test_parent_that_is_a_file_is_a_user_error(tmp_path: Path):
    (tmp_path / "data").write_text("not a folder", encoding="utf-8")
    with pytest.raises(UserError) as info:
        write_atomic(tmp_path / "data" / "x.csv", "x\n", force=False)
    assert "data" in str(info.value)


def test_destination_that_is_a_folder_is_a_user_error(tmp_path: Path):
    (tmp_path / "x.yaml").mkdir()
    with pytest.raises(UserError, match="is a folder"):
        write_atomic(tmp_path / "x.yaml", "x\n", force=True)


def test_keyboard_interrupt_leaves_no_temp_file_and_no_destination(tmp_path: Path, monkeypatch):
    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(writing.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "a.yaml", "x\n", force=False)
    assert list(tmp_path.iterdir()) == []


def test_failed_replace_is_a_user_error_and_cleans_up(tmp_path: Path, monkeypatch):
    def failing(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(writing.os, "replace", failing)
    with pytest.raises(UserError, match="Permission denied"):
        write_atomic(tmp_path / "a.yaml", "x\n", force=False)
    assert list(tmp_path.iterdir()) == []


def test_file_created_meanwhile_is_not_replaced(tmp_path: Path, monkeypatch):
    # Another process creates the file between our check and our rename: still refuse.
    target = tmp_path / "a.yaml"
    real_fsync = os.fsync

    def fsync_then_race(fd):
        real_fsync(fd)
        target.write_text("theirs\n", encoding="utf-8")

    monkeypatch.setattr(writing.os, "fsync", fsync_then_race)
    with pytest.raises(RefusedOverwrite):
        write_atomic(target, "ours\n", force=False)
    assert target.read_text(encoding="utf-8") == "theirs\n"
    assert _leftovers(tmp_path) == []


def test_messages_show_the_path_as_the_rest_of_the_output_does(tmp_path: Path, monkeypatch):
    """Relative to the current folder where the file is below it, however the caller named it (`pull`,
    `review new` and `init` pass absolute paths; `report --output` the one given)."""
    def failing(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    monkeypatch.setattr(writing.os, "replace", failing)
    with pytest.raises(UserError) as failed:
        write_atomic(tmp_path / "data" / "kestrel.csv", "x\n", force=True)
    assert str(failed.value) == "cannot write data/kestrel.csv: Permission denied"
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data" / "kestrel.csv").write_text("old\n")
    with pytest.raises(RefusedOverwrite) as refused:
        write_atomic(tmp_path / "data" / "kestrel.csv", "x\n", force=False)
    assert str(refused.value) == "data/kestrel.csv already exists; pass --force to overwrite it"
