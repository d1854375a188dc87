"""`partnerscore diff`: what a change to scorecards does, compared with a git revision, in a real repo."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from conftest import run_cli
from git_helpers import git, init_repo


def metric(mid: str, **fields) -> dict:
    return {"id": mid, "name": mid.replace("_", " ").title(), "owner": "Dana Lee", "target": 10, **fields}


def card(pid: str = "northwind") -> dict:
    return {
        "partnership": f"{pid.title()} referrals",
        "id": pid,
        "goal": "Grow referrals.",
        "type": "referral",
        "lead": "Dana Lee",
        "partner": "Northwind Consulting",
        "outcomes": [metric("revenue", unit="USD", period="quarter", target=500000, baseline=300000),
                     metric("customers", target=12)],
        "drivers": [metric("referrals", drives=["revenue"], target=20),
                    metric("mql_to_sql", unit="percent", target="30%", baseline="22%", drives=["revenue"]),
                    metric("sql_to_opp", unit="percent", target="20%", drives=["customers"]),
                    metric("webinars", target=2, drives=["customers"])],
        "health": [metric("response_hours", unit="hours", direction="down", target=24, baseline=48),
                   metric("satisfaction", unit="score", target=8, partner_owner="Tom Berg"),
                   metric("escalations", direction="down", target=3)],
    }


def write(repo: Path, data: dict, name: str | None = None) -> Path:
    path = repo / "scorecards" / f"{name or data['id']}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def find(data: dict, mid: str) -> dict:
    for layer in ("outcomes", "drivers", "health", "operations"):
        for m in data.get(layer, []):
            if m["id"] == mid:
                return m
    raise KeyError(mid)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with one committed scorecard (northwind)."""
    init_repo(tmp_path)
    write(tmp_path, card())
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "base")
    return tmp_path


def changes(repo: Path, *args: str) -> list[dict]:
    run = run_cli("diff", "--format", "json", *args, cwd=repo)
    assert run.code == 0, run.stderr
    return json.loads(run.stdout)


def edit(repo: Path, fn) -> dict:
    data = card()
    fn(data)
    write(repo, data)
    return data


def only(records: list[dict], **match) -> dict:
    hits = [r for r in records if all(r[k] == v for k, v in match.items())]
    assert len(hits) == 1, (match, records)
    return hits[0]


def test_no_changes_is_empty_and_exit_0(repo: Path):
    assert changes(repo) == []
    run = run_cli("diff", cwd=repo)
    assert run.code == 0 and "No scorecard changes compared with HEAD." in run.stdout


@pytest.mark.parametrize("mid, new_target, kind", [
    ("customers", 15, "raised"),          # up, 12 → 15: harder
    ("customers", 9, "lowered-bar"),      # up, 12 → 9: easier
    ("response_hours", 12, "lowered"),    # down, 24 → 12: harder
    ("response_hours", 36, "lowered-bar"),  # down, 24 → 36: easier
])
def test_targets_are_judged_by_direction(repo: Path, mid: str, new_target: float, kind: str):
    edit(repo, lambda d: find(d, mid).update(target=new_target))
    records = changes(repo)
    change = only(records, metric=mid, field="target")
    assert change["kind"] == kind
    assert change["after"] == new_target and change["before"] in (12, 24)
    assert len(records) == 1
    lowered = run_cli("diff", "--fail-on", "lowered-bar", cwd=repo)
    assert lowered.code == (1 if kind == "lowered-bar" else 0)


def test_percent_target_lowered_reads_as_percent(repo: Path):
    edit(repo, lambda d: find(d, "mql_to_sql").update(target="25%"))
    change = only(changes(repo), metric="mql_to_sql", field="target")
    # "30%" is 0.30 and "25%" is 0.25; lowering an up target lowers the bar.
    assert (change["before"], change["after"], change["kind"]) == (0.3, 0.25, "lowered-bar")
    assert "of 'Mql To Sql' (mql_to_sql) lowered from 30.0% to 25.0%" in change["message"]


@pytest.mark.parametrize("mid, baseline, kind", [
    ("revenue", 350000, "raised"), ("revenue", 250000, "lowered"),
    ("response_hours", 60, "raised"), ("response_hours", 40, "lowered"),
])
def test_baselines_raised_and_lowered(repo: Path, mid: str, baseline: float, kind: str):
    edit(repo, lambda d: find(d, mid).update(baseline=baseline))
    assert only(changes(repo), metric=mid, field="baseline")["kind"] == kind


def test_baseline_added_and_removed(repo: Path):
    def change(d):
        find(d, "customers")["baseline"] = 8
        del find(d, "mql_to_sql")["baseline"]
    edit(repo, change)
    records = changes(repo)
    assert only(records, metric="customers", field="baseline")["kind"] == "added"
    removed = only(records, metric="mql_to_sql", field="baseline")
    assert (removed["kind"], removed["before"], removed["after"]) == ("removed", 0.22, None)


def test_owner_and_partner_owner_changes(repo: Path):
    def change(d):
        find(d, "referrals")["owner"] = "Priya Shah"
        find(d, "satisfaction")["partner_owner"] = "Ann Berg"
        find(d, "webinars")["partner_owner"] = "Tom Berg"
    edit(repo, change)
    records = changes(repo)
    owner = only(records, metric="referrals", field="owner")
    assert (owner["before"], owner["after"], owner["kind"]) == ("Dana Lee", "Priya Shah", "changed")
    assert only(records, metric="satisfaction", field="partner_owner")["kind"] == "changed"
    assert only(records, metric="webinars", field="partner_owner")["kind"] == "added"


def test_cadence_period_tolerance_formula_unit_direction_aggregation(repo: Path):
    def change(d):
        d["cadence"] = {"drivers": "biweekly"}           # referral default for drivers is weekly
        find(d, "webinars")["period"] = "quarter"
        find(d, "webinars")["target"] = 6                 # 2/month = 6/quarter: the same pace
        find(d, "customers")["tolerance"] = "5%"        # narrower than the default 10%: not a lower bar
        find(d, "sql_to_opp")["formula"] = "webinars / referrals"
        find(d, "satisfaction")["unit"] = "percent"
        find(d, "satisfaction")["target"] = "80%"
        find(d, "escalations")["direction"] = "up"
        find(d, "referrals")["aggregation"] = "last"
    edit(repo, change)
    records = changes(repo)
    cadence = only(records, field="cadence.drivers")
    assert (cadence["metric"], cadence["before"], cadence["after"]) == (None, "weekly", "biweekly")
    assert only(records, metric="webinars", field="period")["after"] == "quarter"
    pace = only(records, metric="webinars", field="target")
    assert pace["kind"] == "changed" and "same pace" in pace["message"]
    tolerance = only(records, metric="customers", field="tolerance")
    assert (tolerance["before"], tolerance["after"], tolerance["kind"]) == (None, 0.05, "added")
    assert only(records, metric="sql_to_opp", field="formula")["after"] == "webinars / referrals"
    assert only(records, metric="satisfaction", field="unit")["after"] == "percent"
    # The unit changed too, so 8 → 0.8 is not called a lowered bar.
    assert only(records, metric="satisfaction", field="target")["kind"] == "changed"
    assert only(records, metric="escalations", field="direction")["after"] == "up"
    assert only(records, metric="referrals", field="aggregation")["before"] == "sum"
    assert not any(r["kind"] == "lowered-bar" for r in records)


def test_summed_target_across_periods_is_compared_per_year(repo: Path):
    # 2 per month = 24 a year; 5 per quarter = 20 a year: fewer a year, so the bar is lower.
    edit(repo, lambda d: find(d, "webinars").update(period="quarter", target=5))
    change = only(changes(repo), metric="webinars", field="target")
    assert change["kind"] == "lowered-bar" and "24" in change["message"] and "20" in change["message"]


# SPEC.md: widening a tolerance lowers the bar; narrowing it is only a lower number.
@pytest.mark.parametrize("tolerance, kind", [("20%", "lowered-bar"), ("2%", "lowered")])
def test_tolerance_raised_and_lowered(repo: Path, tolerance: str, kind: str):
    edit(repo, lambda d: find(d, "customers").update(tolerance="5%"))
    git(repo, "commit", "-qam", "tolerance 5%")
    edit(repo, lambda d: find(d, "customers").update(tolerance=tolerance))
    change = only(changes(repo), field="tolerance")
    assert (change["before"], change["kind"]) == (0.05, kind)
    verb = {"lowered-bar": "raised", "lowered": "lowered"}[kind]
    assert f"tolerance of 'Customers' (customers) {verb} from 5.0% to {tolerance[:-1]}.0%" in change["message"]


def test_metrics_added_removed_and_moved(repo: Path):
    def change(d):
        d["drivers"] = [m for m in d["drivers"] if m["id"] != "webinars"]
        d["drivers"].append(metric("demos", drives=["customers"]))
        moved = d["health"].pop()  # escalations: health → operations
        d["operations"] = [moved]
    edit(repo, change)
    records = changes(repo)
    added = only(records, metric="demos", kind="added")
    assert added["field"] is None and "driver metric 'Demos' (demos) added with target 10/month" in added["message"]
    assert "driver metric 'Webinars' (webinars) removed" in only(records, metric="webinars")["message"]
    assert only(records, metric="webinars", kind="removed")["field"] is None
    moved = only(records, metric="escalations", field="layer")
    assert (moved["before"], moved["after"]) == ("health", "operations")


def test_partnerships_added_and_removed(repo: Path):
    (repo / "scorecards" / "northwind.yaml").unlink()
    write(repo, card("acme"))
    records = changes(repo)
    assert [(r["partnership"], r["kind"], r["metric"]) for r in records] == [
        ("acme", "added", None), ("northwind", "removed", None)]
    assert records[1]["path"].endswith(":scorecards/northwind.yaml")


def test_renamed_file_with_same_id_is_a_change_not_remove_and_add(repo: Path):
    git(repo, "mv", "scorecards/northwind.yaml", "scorecards/nw.yaml")
    data = yaml.safe_load((repo / "scorecards" / "nw.yaml").read_text(encoding="utf-8"))
    find(data, "customers")["target"] = 20
    write(repo, data, name="nw")
    records = changes(repo)
    assert {r["kind"] for r in records} == {"renamed", "raised"}
    renamed = only(records, kind="renamed")
    assert (renamed["before"], renamed["after"]) == ("scorecards/northwind.yaml", "scorecards/nw.yaml")
    assert only(records, kind="raised")["path"] == "scorecards/nw.yaml"


@pytest.mark.parametrize("named", ["scorecards/nw.yaml", "scorecards/northwind.yaml"])
def test_renamed_file_named_by_either_path_is_still_a_change(repo: Path, named: str):
    # pre-commit and users pass paths: naming only the new (or only the old) file of a rename must still
    # pair it with its other side by id, not report a partnership added (or removed).
    write(repo, card("acme"))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "acme")
    git(repo, "mv", "scorecards/northwind.yaml", "scorecards/nw.yaml")
    data = yaml.safe_load((repo / "scorecards" / "nw.yaml").read_text(encoding="utf-8"))
    find(data, "customers")["target"] = 20
    write(repo, data, name="nw")
    edit_acme = card("acme")
    find(edit_acme, "customers")["target"] = 1
    write(repo, edit_acme)  # changed, but not named: not reported
    records = changes(repo, named)
    assert sorted((r["partnership"], r["kind"]) for r in records) == [("northwind", "raised"),
                                                                       ("northwind", "renamed")]


def test_invalid_new_side_is_reported_and_the_rest_still_compared(repo: Path):
    write(repo, card("acme"))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "acme")
    (repo / "scorecards" / "northwind.yaml").write_text("partnership: [broken\n", encoding="utf-8")
    data = card("acme")
    find(data, "customers")["target"] = 5
    write(repo, data)
    records = changes(repo)
    invalid = only(records, kind="invalid")
    assert invalid["partnership"] == "northwind" and invalid["path"] == "scorecards/northwind.yaml"
    assert invalid["line"] == 2 and "PS100" in invalid["message"]
    # Not reported as a removed partnership, and acme is still compared.
    assert not any(r["kind"] == "removed" for r in records)
    assert only(records, partnership="acme", field="target")["kind"] == "lowered-bar"


def test_invalid_old_side_names_the_revision(repo: Path):
    (repo / "scorecards" / "northwind.yaml").write_text(
        "partnership: Northwind\nid: northwind\ngoal: x\nbogus: 1\n", encoding="utf-8")
    git(repo, "commit", "-qam", "broken")
    write(repo, card())
    records = changes(repo, "--base", "HEAD")
    invalid = only(records, kind="invalid")
    assert invalid["path"] == "HEAD:scorecards/northwind.yaml"
    # Missing type, lead, partner, outcomes, drivers, health (6, at line 1) and bogus (line 4): the
    # first is shown, the other 6 counted.
    assert invalid["line"] == 1 and "PS103" in invalid["message"] and "and 6 more" in invalid["message"]
    assert not any(r["kind"] == "added" for r in records)


def test_default_base_is_the_merge_base_with_origin_main(repo: Path):
    base = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "update-ref", "refs/remotes/origin/main", base)
    git(repo, "checkout", "-q", "-b", "feature")
    edit(repo, lambda d: find(d, "customers").update(target=20))
    git(repo, "commit", "-qam", "raise customers")
    # Clean tree, committed change: HEAD sees nothing, the merge base sees the raise.
    assert changes(repo, "--base", "HEAD") == []
    assert only(changes(repo), field="target")["kind"] == "raised"
    assert "merge base with origin/main" in run_cli("diff", cwd=repo).stdout


@pytest.mark.parametrize("trunk", ["main", "master"])
def test_without_origin_the_default_base_is_the_merge_base_with_local_main_or_master(tmp_path: Path, trunk: str):
    # A repository that was never pushed: no origin/*, only the local trunk and a feature branch with a
    # committed change. Comparing with HEAD would see nothing.
    init_repo(tmp_path, trunk)
    write(tmp_path, card())
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "base")
    base = git(tmp_path, "rev-parse", "HEAD").strip()
    git(tmp_path, "checkout", "-q", "-b", "feature")
    edit(tmp_path, lambda d: find(d, "customers").update(target=20))
    git(tmp_path, "commit", "-qam", "raise customers")
    # The trunk moves on after the branch started: the merge base, not the trunk's tip, is compared.
    git(tmp_path, "checkout", "-q", trunk)
    write(tmp_path, card("acme"))
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "acme on the trunk")
    git(tmp_path, "checkout", "-q", "feature")

    change = only(changes(tmp_path), field="target")
    assert (change["metric"], change["before"], change["after"], change["kind"]) == ("customers", 12, 20, "raised")
    run = run_cli("diff", cwd=tmp_path)
    assert run.stdout.splitlines()[-1] == (f"Compared with merge base with {trunk} ({base[:12]}): 1 change in "
                                           "1 partnership.")
    # On the trunk itself the merge base is HEAD, and it says so.
    git(tmp_path, "checkout", "-q", trunk)
    assert run_cli("diff", cwd=tmp_path).stdout == "No scorecard changes compared with HEAD.\n"


def test_diff_never_modifies_the_repository(repo: Path):
    edit(repo, lambda d: find(d, "customers").update(target=1))
    (repo / "scorecards" / "new.yaml").write_text(yaml.safe_dump(card("new")), encoding="utf-8")
    before = (git(repo, "status", "--porcelain"), git(repo, "rev-parse", "HEAD"),
              (repo / ".git" / "index").read_bytes())
    for fmt in ("text", "markdown", "json", "github"):
        run_cli("diff", "--format", fmt, cwd=repo)
    after = (git(repo, "status", "--porcelain"), git(repo, "rev-parse", "HEAD"),
             (repo / ".git" / "index").read_bytes())
    assert before == after


def test_paths_limit_the_comparison(repo: Path):
    write(repo, card("acme"))
    edit(repo, lambda d: find(d, "customers").update(target=1))
    records = changes(repo, "scorecards/northwind.yaml")
    assert {r["partnership"] for r in records} == {"northwind"}
    missing = run_cli("diff", "scorecards/nope.yaml", cwd=repo)
    assert missing.code == 2 and "nope.yaml" in missing.stderr


def test_outside_a_repository_is_exit_2(tmp_path: Path):
    (tmp_path / "scorecards").mkdir()
    run = run_cli("diff", cwd=tmp_path, env={"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)})
    assert run.code == 2
    assert "not inside a git repository" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("ref", ["no-such-branch", "--output=x", "HEAD~5"])
def test_unknown_ref_is_exit_2(repo: Path, ref: str):
    run = run_cli("diff", f"--base={ref}", cwd=repo)
    assert run.code == 2
    assert "not a valid git revision" in run.stderr or "unknown git revision" in run.stderr
    assert not (repo / "x").exists()


def test_text_format(repo: Path):
    edit(repo, lambda d: find(d, "customers").update(target=9))
    run = run_cli("diff", cwd=repo)
    lines = run.stdout.splitlines()
    assert lines[0] == "northwind — Northwind referrals"
    target_line = _line_of(repo / "scorecards" / "northwind.yaml", "customers", "target")
    assert (f"  lowered-bar  scorecards/northwind.yaml:{target_line}  target of 'Customers' (customers) lowered "
            "from 12/month to 9/month: the bar is lower (direction up)") in lines
    assert lines[-1] == ("Compared with HEAD: 1 change in 1 partnership, 1 target made easier to hit "
                         "(lowered bar).")
    assert "\x1b[" not in run.stdout


def _line_of(path: Path, mid: str, field: str) -> int:
    """The 1-based line of `field:` inside the metric `mid` (written by yaml.safe_dump)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {mid}")
    return next(i for i in range(start, len(lines)) if lines[i].strip().startswith(f"{field}:")) + 1


def test_metrics_are_named_with_their_ids_and_amounts_read_as_in_the_report(repo: Path):
    # The report's table shows revenue's target as "$500,000/quarter" and a percent as "30.0%": diff says
    # the same, and names each metric as people know it, with the id the CSV and JSON use.
    def change(d):
        find(d, "revenue").update(target=450000, baseline=250000)
        find(d, "mql_to_sql").update(target="28%")
    edit(repo, change)
    text = run_cli("diff", cwd=repo).stdout
    assert ("target of 'Revenue' (revenue) lowered from $500,000/quarter to $450,000/quarter: the bar is "
            "lower (direction up)") in text
    assert "baseline of 'Revenue' (revenue) lowered from $300,000 to $250,000" in text  # a level: no period
    assert "target of 'Mql To Sql' (mql_to_sql) lowered from 30.0% to 28.0%" in text
    markdown = run_cli("diff", "--format", "markdown", cwd=repo).stdout
    assert "| Revenue (revenue) | target | $500,000/quarter | $450,000/quarter | ⚠️ lowered the bar |" in markdown
    # JSON keeps the id and the raw numbers.
    record = only(changes(repo), metric="revenue", field="target")
    assert (record["before"], record["after"]) == (500000, 450000)


def test_values_that_round_alike_are_told_apart(repo: Path):
    # 30.04% and 30.01% both read "30.0%": the exact values are added rather than "from 30.0% to 30.0%".
    _commit(repo, lambda d: find(d, "mql_to_sql").update(target="30.04%"))
    edit(repo, lambda d: find(d, "mql_to_sql").update(target="30.01%"))
    record = only(changes(repo), metric="mql_to_sql", field="target")
    assert "from 30.0% (0.3004) to 30.0% (0.3001)" in record["message"]


def test_github_format_annotates_the_changed_lines_of_the_new_file(repo: Path):
    def change(d):
        find(d, "customers")["target"] = 9
        find(d, "referrals")["owner"] = "Priya Shah"
    edit(repo, change)
    run = run_cli("diff", "--format", "github", cwd=repo)
    path = repo / "scorecards" / "northwind.yaml"
    lines = run.stdout.splitlines()
    assert (f"::warning file=scorecards/northwind.yaml,line={_line_of(path, 'customers', 'target')},"
            "title=partnerscore diff%3A lowered bar::northwind: target of 'Customers' (customers) lowered from "
            "12/month to 9/month: the bar is lower (direction up)") in lines
    owner_line = _line_of(path, "referrals", "owner")
    assert any(line.startswith(f"::notice file=scorecards/northwind.yaml,line={owner_line},") for line in lines)


def test_github_format_removed_partnership_has_no_file(repo: Path):
    (repo / "scorecards" / "northwind.yaml").unlink()
    run = run_cli("diff", "--format", "github", cwd=repo)
    assert run.stdout.splitlines()[0].startswith("::notice title=partnerscore diff%3A removed::northwind:")


def test_markdown_format_escapes_user_text(repo: Path):
    from markdown_it import MarkdownIt

    edit(repo, lambda d: find(d, "referrals").update(owner="<b>Eve</b> | *x*", target=5))
    run = run_cli("diff", "--format", "markdown", cwd=repo)
    assert run.code == 0
    assert run.stdout.startswith("### partnerscore diff\n")
    assert "> [!WARNING]\n> 1 target made easier to hit:" in run.stdout  # not "1 target(s)"
    html = MarkdownIt("commonmark").enable("table").render(run.stdout)
    # The owner stays text in one cell: no injected tag, no extra column from the pipe.
    assert "<b>Eve</b>" not in html and "&lt;b&gt;Eve&lt;/b&gt;" in html
    rows = [line for line in run.stdout.splitlines() if line.startswith("| Referrals (referrals) | owner")]
    assert len(rows) == 1
    header_cells = 6
    assert rows[0].replace("\\|", "").count("|") == header_cells + 1
    assert "⚠️ lowered the bar" in run.stdout


def test_json_records_have_the_documented_shape(repo: Path):
    edit(repo, lambda d: find(d, "customers").update(target=20))
    (record,) = changes(repo)
    assert set(record) == {"partnership", "metric", "field", "before", "after", "kind", "message", "path", "line"}
    assert (record["partnership"], record["metric"], record["field"]) == ("northwind", "customers", "target")
    assert (record["before"], record["after"], record["kind"]) == (12, 20, "raised")


def test_yaml_duplicate_of_partnership_id_is_reported(repo: Path):
    data = card()
    write(repo, copy.deepcopy(data), name="northwind-copy")
    records = changes(repo)
    dup = only(records, kind="invalid")
    assert "also used by" in dup["message"]


# Targets that move (SPEC.md steps 8-9): a later deadline, a lower schedule entry and a wider tolerance
# all make a target easier to hit, so `--fail-on lowered-bar` fails on each.

def _commit(repo: Path, fn) -> None:
    data = card()
    fn(data)
    write(repo, data)
    git(repo, "commit", "-qam", "moving targets")


def test_a_later_deadline_lowers_the_bar(repo: Path):
    _commit(repo, lambda d: find(d, "customers").update(by="2026-12-29"))
    edit(repo, lambda d: find(d, "customers").update(by="2027-01-15"))
    record = only(changes(repo), metric="customers", field="by")
    assert (record["kind"], record["before"], record["after"]) == ("lowered-bar", "2026-12-29", "2027-01-15")
    assert "moved later" in record["message"]
    assert run_cli("diff", "--fail-on", "lowered-bar", cwd=repo).code == 1


def test_an_earlier_deadline_is_a_change_not_a_lower_bar(repo: Path):
    _commit(repo, lambda d: find(d, "customers").update(by="2026-12-29"))
    edit(repo, lambda d: find(d, "customers").update(by="2026-12-01"))
    assert only(changes(repo), metric="customers", field="by")["kind"] == "changed"
    assert run_cli("diff", "--fail-on", "lowered-bar", cwd=repo).code == 0


def test_a_lowered_schedule_entry_is_named_by_its_date(repo: Path):
    ramp = {"2026-07-01": 400000, "2026-10-01": 500000}
    _commit(repo, lambda d: find(d, "revenue").update(target=dict(ramp)))
    edit(repo, lambda d: find(d, "revenue").update(target={**ramp, "2026-10-01": 450000}))
    record = only(changes(repo), metric="revenue")
    assert (record["field"], record["kind"], record["before"], record["after"]) == \
        ("target[2026-10-01]", "lowered-bar", 500000, 450000)
    assert "from 2026-10-01 lowered from $500,000/quarter to $450,000/quarter" in record["message"]
    assert run_cli("diff", "--fail-on", "lowered-bar", cwd=repo).code == 1


def test_a_number_turned_into_a_ramp_lowers_the_bar_where_an_entry_is_below_it(repo: Path):
    # 500000 before; after, 400000 from July and 500000 from October: July to September got easier.
    edit(repo, lambda d: find(d, "revenue").update(target={"2026-07-01": 400000, "2026-10-01": 500000}))
    record = only(changes(repo), metric="revenue")
    assert (record["field"], record["kind"]) == ("target[2026-07-01]", "lowered-bar")


def test_a_widened_tolerance_lowers_the_bar(repo: Path):
    _commit(repo, lambda d: find(d, "customers").update(tolerance="5%"))
    edit(repo, lambda d: find(d, "customers").update(tolerance="15%"))
    record = only(changes(repo), metric="customers", field="tolerance")
    assert record["kind"] == "lowered-bar" and "wider band" in record["message"]
    assert run_cli("diff", "--fail-on", "lowered-bar", cwd=repo).code == 1


def test_fail_on_lowered_bar_fails_when_a_new_version_cannot_be_compared(repo: Path):
    # northwind was compared at HEAD; broken now, a bar lowered in the same edit would go unseen.
    (repo / "scorecards" / "northwind.yaml").write_text("partnership: [broken\n", encoding="utf-8")
    assert run_cli("diff", cwd=repo).code == 0
    run = run_cli("diff", "--fail-on", "lowered-bar", cwd=repo)
    assert run.code == 1
    assert "cannot tell whether this change lowers a bar of northwind" in run.stderr


def test_fail_on_lowered_bar_does_not_block_fixing_or_adding_a_scorecard(repo: Path):
    # A broken scorecard added: there was no bar to lower.
    (repo / "scorecards" / "acme.yaml").write_text("partnership: [broken\n", encoding="utf-8")
    run = run_cli("diff", "--fail-on", "lowered-bar", cwd=repo)
    assert run.code == 0 and "cannot tell" not in run.stderr
    # A scorecard broken at the base and fixed now: the fix is not blocked either.
    (repo / "scorecards" / "acme.yaml").unlink()
    (repo / "scorecards" / "northwind.yaml").write_text("partnership: [broken\n", encoding="utf-8")
    git(repo, "commit", "-qam", "broken")
    write(repo, card())
    run = run_cli("diff", "--base", "HEAD", "--fail-on", "lowered-bar", cwd=repo)
    assert run.code == 0 and "cannot tell" not in run.stderr
