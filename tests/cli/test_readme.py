"""The README's two commands are the contract with a newcomer; keep them true."""

from __future__ import annotations

import re

from conftest import REPO


def _bash_blocks(text: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", text, re.S)]


def test_ci_runs_exactly_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = _bash_blocks(readme)
    test_command = next(b for b in blocks if "pytest" in b)
    ci_lines = [line.strip() for line in (REPO / ".ci/run").read_text().splitlines()]
    assert test_command in ci_lines


def test_readme_main_command_reports_the_examples(cli):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    main = next(b for b in _bash_blocks(readme) if "partnerscore report" in b)
    args = main.split("partnerscore", 1)[1].split()
    run = cli(*args, "--format", "json", cwd=REPO)
    assert run.code == 0, run.stderr
    import json

    payload = json.loads(run.stdout)
    statuses = {m["status"] for p in payload["partnerships"] for m in p["metrics"]}
    # The examples are meant to show every state a review meeting cares about.
    assert {"on-track", "at-risk", "off-track"} <= statuses
    assert any(m["stale"] for p in payload["partnerships"] for m in p["metrics"])
    assert len(payload["partnerships"]) >= 2
