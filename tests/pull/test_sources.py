"""Sources in the settings: kinds, the refusal of a password in a file, and keeping URLs out of sight."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from partnerscore.io.query_files import QueryFile, source_line
from partnerscore.io.settings import ConfigError, load_settings
from partnerscore.io.source_urls import has_password, mask_secrets
from partnerscore.pull.sources import DUCKDB_FILE, EMBEDDED, SQL, SourceError, resolve
from pull.projects import make_project

SECRET = "pa55-w0rd-8812"


def _settings(tmp_path: Path, table: str):
    root = make_project(tmp_path / "proj", settings=table)
    return load_settings(root)


def _query(source: str | None) -> QueryFile:
    text = (f"-- source: {source}\n" if source is not None else "") + "SELECT 1\n"
    name, position = source_line(text)
    return QueryFile(path=Path("queries/acme.sql"), display="queries/acme.sql", text=text, source=name,
                     source_position=position)


@pytest.mark.parametrize("value", [
    f"postgresql://reader:{SECRET}@db.example.com/analytics",
    f"postgresql://db.example.com/analytics?user=reader&password={SECRET}",
])
@pytest.mark.parametrize("command", [["lint"], ["report"], ["pull"]])
def test_a_password_in_the_settings_is_refused_by_every_command(tmp_path, value, command):
    root = make_project(tmp_path / "proj", settings=f'[tool.partnerscore.sources]\ncrm = "{value}"\n')
    run = run_cli(*command, cwd=root)
    assert run.code == 2
    assert "setting sources.crm holds a password (not shown)" in run.stderr and "env:VARIABLE" in run.stderr
    assert SECRET not in run.stdout + run.stderr and "db.example.com" not in run.stderr


@pytest.mark.parametrize("table, says", [
    ('[tool.partnerscore.sources]\ncrm = 5\n', "must be a string"),
    ('[tool.partnerscore.sources]\ncrm = "env:1BAD"\n', "names no valid environment variable"),
    ('[tool.partnerscore.sources]\ncrm = "warehouse.duckdb"\n', 'neither "env:VARIABLE" nor a URL'),
    ('[tool.partnerscore]\nsources = "x"\n', "sources must be a table"),
])
def test_unusable_sources_are_refused_naming_the_setting(tmp_path, table, says):
    root = tmp_path / "proj"
    root.mkdir()
    (root / "pyproject.toml").write_text(table)
    with pytest.raises(ConfigError, match=says):
        load_settings(root)


def test_usable_sources_load(tmp_path):
    settings = _settings(tmp_path, '[tool.partnerscore.sources]\ncrm = "env:CRM_URL"\n'
                                   'files = "duckdb:///warehouse.duckdb"\nlocal = "postgresql://reader@localhost/db"\n')
    assert settings.sources == {"crm": "env:CRM_URL", "files": "duckdb:///warehouse.duckdb",
                                "local": "postgresql://reader@localhost/db"}
    assert settings.queries == "queries"


def test_resolving_each_kind(tmp_path):
    settings = _settings(tmp_path, '[tool.partnerscore.sources]\ncrm = "env:CRM_URL"\n'
                                   'rel = "duckdb:///w/warehouse.duckdb"\nabs = "duckdb:////srv/w.duckdb"\n'
                                   'plain = "postgres://reader@localhost/db"\n')
    assert resolve(_query(None), settings, {}).kind == EMBEDDED
    rel = resolve(_query("rel"), settings, {})
    assert (rel.kind, rel.path) == (DUCKDB_FILE, settings.root / "w" / "warehouse.duckdb")
    assert resolve(_query("abs"), settings, {}).path == Path("/srv/w.duckdb")
    plain = resolve(_query("plain"), settings, {})
    assert (plain.kind, plain.url) == (SQL, "postgresql+psycopg://reader@localhost/db")  # psycopg 3, said in docs
    crm = resolve(_query("crm"), settings, {"CRM_URL": f"postgresql://reader:{SECRET}@db/crm"})
    assert crm.url == f"postgresql+psycopg://reader:{SECRET}@db/crm" and crm.label == "source 'crm'"
    assert SECRET not in repr(crm)


@pytest.mark.parametrize("environ, says", [
    ({}, "environment variable CRM_URL is not set"),
    ({"CRM_URL": "  "}, "environment variable CRM_URL is empty"),
    ({"CRM_URL": SECRET}, "does not hold a URL"),
])
def test_env_sources_that_cannot_be_used(tmp_path, environ, says):
    settings = _settings(tmp_path, '[tool.partnerscore.sources]\ncrm = "env:CRM_URL"\n')
    with pytest.raises(SourceError, match=says) as caught:
        resolve(_query("crm"), settings, environ)
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize("name, says", [("", "names no source"), ("crn", "'crn' is not defined")])
def test_a_source_line_naming_nothing_known(tmp_path, name, says):
    settings = _settings(tmp_path, '[tool.partnerscore.sources]\ncrm = "env:CRM_URL"\n')
    with pytest.raises(SourceError, match=says):
        resolve(_query(name), settings, {})


@pytest.mark.parametrize("line, name, column", [
    ("-- source: crm", "crm", 12),
    ("--source:crm  ", "crm", 10),
    ("-- SOURCE : warehouse", "warehouse", 13),
    ("-- source:", "", 11),
    ("-- sources: crm", None, None),
    ("SELECT 1 -- source: crm", None, None),
])
def test_the_source_line(line, name, column):
    found, position = source_line(line + "\nSELECT 1\n")
    assert found == name
    assert (position.column if position else None) == column


def test_masking_hides_urls_passwords_and_credentials_anywhere():
    url = f"postgresql+psycopg://reader:{SECRET}@db.example.com:5432/analytics"
    said = f'could not connect with {url}: password "{SECRET}" rejected; try postgresql://ann:hunter2@h/db?password=x1'
    masked = mask_secrets(said, (url, SECRET))
    assert SECRET not in masked and "hunter2" not in masked and "x1" not in masked
    assert masked == 'could not connect with ***: password "***" rejected; try postgresql://ann:***@h/db?password=***'


@pytest.mark.parametrize("url, secret", [
    ("postgresql://u:p@h/db", True),
    ("postgresql://u@h/db", False),
    ("postgresql://h/db?sslmode=require&password=p", True),
    ("postgresql://h/db?password=", False),
    ("duckdb:///w.duckdb", False),
])
def test_has_password(url, secret):
    assert has_password(url) is secret


@pytest.mark.parametrize("url", [
    f"postgresql://reader:{SECRET}@127.0.0.1:notaport/db",
    f"postgresql://reader:{SECRET}@[::1/db",
    f"mysql://reader:{SECRET}@db.example.com/crm",
    f"postgresql+psycopg2://reader:{SECRET}@db.example.com/crm",
    f"postgresql://reader:{SECRET}@127.0.0.1:1/db?sslmode=bogus",
    f"postgresql://reader:{SECRET}@nothing.invalid/db",
])
def test_no_url_ever_shows_its_password(tmp_path, url):
    root = make_project(tmp_path / "proj", {"queries/acme.sql": "-- source: crm\nSELECT 1\n"},
                        settings='[tool.partnerscore.sources]\ncrm = "env:CRM_URL"\n')
    run = run_cli("pull", cwd=root, env={"CRM_URL": url})
    assert run.code == 2, run.stderr
    assert run.stderr.startswith("partnerscore: queries/acme.sql: ") and "internal error" not in run.stderr
    assert SECRET not in run.stdout + run.stderr
