"""Pulled rows into a data file's text: the returned series replaced, everything else kept byte for byte.

Each expected file is written out in full, so what moved (and what did not) is visible in the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerscore.data.table import parse_csv
from partnerscore.pull.database import Returned
from partnerscore.pull.engine import merge_into
from partnerscore.pull.merge import CannotMerge, render_new
from partnerscore.pull.rows import check_rows

PATH = Path("data/acme.csv")


def pulled(*rows, note: bool = False):
    columns = ["date", "metric", "value"] + (["note"] if note else [])
    return check_rows(Returned(columns=columns, rows=list(rows)))


def merge(old: str | None, *rows, partnership: str = "acme", note: bool = False):
    return merge_into(PATH, old, pulled(*rows, note=note), partnership)


def test_a_replaced_series_changes_and_nothing_else_moves():
    old = ("date,metric,value,note\r\n"
           "2026-11-02,mql,7,\r\n"
           '2026-11-02,pipeline,30000,"weird, ""quoted"" note"\r\n'
           "2026-11-02,webinars, 1 ,\r\n"
           "2026-11-09,mql,8,\r\n"
           "2026-11-09,pipeline,31500.0,\r\n"
           "2026-11-16,pipeline,1,\r\n")
    merged = merge(old, ("2026-11-02", "pipeline", 30500), ("2026-11-09", "pipeline", 31500),
                   ("2026-11-23", "pipeline", 29000))
    # 11-02 changed in place (its note kept: the query has none); 11-09 is the same number as 31500.0, so
    # its line is kept as written; 11-16 is no longer returned (removed); 11-23 is new, at the end by date.
    # The CRLF line ends, the quoting and the odd spacing of the other lines stay exactly as they were.
    assert merged.text == ("date,metric,value,note\r\n"
                           "2026-11-02,mql,7,\r\n"
                           '2026-11-02,pipeline,30500,"weird, ""quoted"" note"\r\n'
                           "2026-11-02,webinars, 1 ,\r\n"
                           "2026-11-09,mql,8,\r\n"
                           "2026-11-09,pipeline,31500.0,\r\n"
                           "2026-11-23,pipeline,29000,\r\n")
    assert (merged.added, merged.changed, merged.removed) == (1, 1, 1)


def test_a_new_row_lands_where_the_dates_put_it():
    old = "date,metric,value\n2026-11-02,mql,7\n2026-11-16,mql,9\n2026-11-16,sql,2\n"
    merged = merge(old, ("2026-11-09", "sql", 3), ("2026-11-16", "sql", 2))
    assert merged.text == "date,metric,value\n2026-11-02,mql,7\n2026-11-09,sql,3\n2026-11-16,mql,9\n2026-11-16,sql,2\n"
    assert (merged.added, merged.changed, merged.removed) == (1, 0, 0)


def test_a_file_sorted_by_series_stays_sorted_by_series():
    old = "date,metric,value\n2026-11-02,mql,7\n2026-11-09,mql,8\n2026-11-02,sql,2\n2026-11-09,sql,3\n"
    merged = merge(old, ("2026-11-02", "mql", 7), ("2026-11-09", "mql", 8), ("2026-11-16", "mql", 9))
    assert merged.text == ("date,metric,value\n2026-11-02,mql,7\n2026-11-09,mql,8\n2026-11-16,mql,9\n"
                           "2026-11-02,sql,2\n2026-11-09,sql,3\n")


def test_a_file_in_no_order_gets_new_rows_at_its_end():
    old = "date,metric,value\n2026-11-09,sql,3\n2026-11-02,mql,7\n2026-11-16,sql,1\n"
    merged = merge(old, ("2026-11-09", "mql", 8), ("2026-11-02", "mql", 7))
    assert merged.text == old + "2026-11-09,mql,8\n"


def test_a_shared_file_changes_only_this_partnerships_rows():
    old = ("partnership,date,metric,value\n"
           "acme,2026-11-02,pipeline,100\n"
           "globex,2026-11-02,pipeline,900\n"
           "acme,2026-11-09,pipeline,200\n"
           "globex,2026-11-09,pipeline,800\n")
    merged = merge(old, ("2026-11-02", "pipeline", 150), ("2026-11-16", "pipeline", 300))
    # acme 11-02 changed, acme 11-09 removed (not returned), acme 11-16 added: the file is sorted by date
    # (then partnership), so it goes last. globex's rows of the same series are never touched.
    assert merged.text == ("partnership,date,metric,value\n"
                           "acme,2026-11-02,pipeline,150\n"
                           "globex,2026-11-02,pipeline,900\n"
                           "globex,2026-11-09,pipeline,800\n"
                           "acme,2026-11-16,pipeline,300\n")
    assert (merged.added, merged.changed, merged.removed) == (1, 1, 1)


def test_a_shared_file_sorted_by_partnership_keeps_each_partnership_together():
    old = ("partnership,date,metric,value\n"
           "acme,2026-11-02,pipeline,100\n"
           "acme,2026-11-09,pipeline,200\n"
           "globex,2026-11-02,pipeline,900\n")
    merged = merge(old, ("2026-11-02", "pipeline", 100), ("2026-11-09", "pipeline", 200),
                   ("2026-11-16", "pipeline", 300))
    assert merged.text == ("partnership,date,metric,value\n"
                           "acme,2026-11-02,pipeline,100\n"
                           "acme,2026-11-09,pipeline,200\n"
                           "acme,2026-11-16,pipeline,300\n"
                           "globex,2026-11-02,pipeline,900\n")


def test_duplicates_and_bad_dates_of_a_replaced_series_go_other_series_stay():
    old = ("date,metric,value\n"
           "2026-11-02,pipeline,100\n"
           "2026-11-02,pipeline,100\n"
           "2026-13-01,pipeline,5\n"
           "2026-13-01,mql,5\n")
    merged = merge(old, ("2026-11-02", "pipeline", 100))
    assert merged.text == "date,metric,value\n2026-11-02,pipeline,100\n2026-13-01,mql,5\n"
    assert (merged.added, merged.changed, merged.removed) == (0, 0, 2)


def test_a_file_without_a_last_line_break():
    old = "date,metric,value\n2026-11-02,mql,7"
    assert merge(old, ("2026-11-02", "mql", 7)).text == old  # unchanged: not even the line break is added
    assert merge(old, ("2026-11-02", "mql", 7), ("2026-11-09", "mql", 8)).text == old + "\n2026-11-09,mql,8\n"


def test_notes_from_the_query():
    old = "date,metric,value\n2026-11-02,mql,7\n2026-11-02,sql,2\n"
    merged = merge(old, ("2026-11-02", "mql", 7, "webinar week"), note=True)
    # The file gets a note column (an empty cell on every other row); mql's note changed it.
    assert merged.text == "date,metric,value,note\n2026-11-02,mql,7,webinar week\n2026-11-02,sql,2,\n"
    assert (merged.added, merged.changed, merged.removed) == (0, 1, 0)
    replaced = merge(merged.text, ("2026-11-02", "mql", 7, None), note=True)
    assert replaced.text == "date,metric,value,note\n2026-11-02,mql,7,\n2026-11-02,sql,2,\n"


def test_a_new_file_and_the_file_a_pull_writes():
    fresh = merge(None, ("2026-11-09", "mql", 8.0), ("2026-11-02", "sql", 2), ("2026-11-02", "mql", 7))
    assert fresh.text == "date,metric,value\n2026-11-02,mql,7\n2026-11-02,sql,2\n2026-11-09,mql,8\n"
    assert fresh.added == 3
    again = merge(fresh.text, ("2026-11-02", "mql", 7), ("2026-11-02", "sql", 2), ("2026-11-09", "mql", 8))
    assert again.text == fresh.text and (again.added, again.changed, again.removed) == (0, 0, 0)


def test_a_malformed_file_is_not_merged_into():
    with pytest.raises(CannotMerge, match=r"data/acme.csv:1: .*no 'date' column.*fix the file first"):
        merge("day,metric,value\n2026-11-02,mql,7\n", ("2026-11-02", "mql", 7))


# --- the wide form ---------------------------------------------------------------------------------------

def test_wide_form_columns_are_replaced_cell_by_cell():
    old = ("date,mql,sql,note\n"
           "2026-11-02,7,2,launch week\n"
           "2026-11-09,8,,\n"
           "2026-11-16,,4,\n")
    merged = merge(old, ("2026-11-02", "sql", 3), ("2026-11-09", "sql", 1), ("2026-11-23", "sql", 5))
    # sql: 11-02 changed (2 → 3), 11-09 added (empty → 1), 11-16 removed (4, no longer returned: the row
    # is left with no value and no note, so it goes), 11-23 a new row. mql and the notes are untouched.
    assert merged.text == ("date,mql,sql,note\n"
                           "2026-11-02,7,3,launch week\n"
                           "2026-11-09,8,1,\n"
                           "2026-11-23,,5,\n")
    assert (merged.added, merged.changed, merged.removed) == (2, 1, 1)


def test_wide_form_gets_a_column_for_a_new_series():
    old = "date,mql\n2026-11-02,7\n2026-11-09,8\n"
    merged = merge(old, ("2026-11-09", "opps", 1))
    assert merged.text == "date,mql,opps\n2026-11-02,7,\n2026-11-09,8,1\n"
    assert (merged.added, merged.changed, merged.removed) == (1, 0, 0)


def test_wide_form_does_not_take_notes_and_says_so():
    merged = merge("date,mql\n2026-11-02,7\n", ("2026-11-02", "mql", 7, "why"), note=True)
    assert merged.text == "date,mql\n2026-11-02,7\n"
    assert merged.warnings and "notes are not written" in merged.warnings[0]


def test_render_new_is_the_order_of_a_new_file():
    text = render_new(pulled(("2026-11-02", "b", 1), ("2026-11-02", "a", 2), ("2026-10-26", "b", 3)))
    assert text == "date,metric,value\n2026-10-26,b,3\n2026-11-02,a,2\n2026-11-02,b,1\n"


# --- any file, any pull -----------------------------------------------------------------------------------

DAYS = [f"2026-11-{day:02d}" for day in (2, 9, 16, 23, 30)]
SERIES = ["a", "b", "c", "d"]
_rows = st.dictionaries(st.tuples(st.sampled_from(DAYS), st.sampled_from(SERIES)),
                        st.integers(min_value=-5, max_value=5), max_size=14)


@given(old_rows=_rows, new_rows=_rows.filter(bool), shuffle=st.randoms(use_true_random=False),
       sorted_file=st.booleans())
def test_any_pull_replaces_its_series_and_keeps_every_other_line(old_rows, new_rows, shuffle, sorted_file):
    lines = [f"{day},{series},{value}\n" for (day, series), value in sorted(old_rows.items())]
    if not sorted_file:
        shuffle.shuffle(lines)
    old = "date,metric,value\n" + "".join(lines)
    merged = merge(old, *[(day, series, value) for (day, series), value in new_rows.items()])
    replaced = {series for _, series in new_rows}

    table = parse_csv(merged.text, PATH, "data/acme.csv")
    assert table.problems == [] and table.form == "long"
    rows = {(row.date_text, row.series): row.value for row in table.rows}
    assert {key: value for key, value in rows.items() if key[1] in replaced} == \
        {key: float(value) for key, value in new_rows.items()}
    kept = [line for line in lines if line.split(",")[1] not in replaced]
    assert [line for line in merged.text.splitlines(keepends=True)[1:] if line.split(",")[1] not in replaced] == kept
    # The counts add up: every returned row is added, changed or the same as before.
    before = {key: value for key, value in old_rows.items() if key[1] in replaced}
    assert merged.added == len(new_rows.keys() - before.keys())
    assert merged.removed == len(before.keys() - new_rows.keys())
    assert merged.changed == sum(1 for key in new_rows.keys() & before.keys() if new_rows[key] != before[key])
    if sorted_file:  # a sorted file stays sorted
        body = [tuple(line.split(",")[:2]) for line in merged.text.splitlines()[1:]]
        assert body == sorted(body)


def test_a_new_shared_file_starts_with_a_partnership_column():
    rows = pulled(("2026-11-16", "referrals", 8), ("2026-11-09", "mql", 3), ("2026-11-16", "mql", 4))
    merged = merge_into(PATH, None, rows, "acme", shared=True)
    # By date, then series, as a new file; every row is acme's.
    assert merged.text == ("partnership,date,metric,value\n"
                           "acme,2026-11-09,mql,3\nacme,2026-11-16,mql,4\nacme,2026-11-16,referrals,8\n")
    assert merged.added == 3


def test_a_file_without_a_partnership_column_refuses_a_series_another_partnership_pulled():
    old = "date,metric,value\n2026-11-16,referrals,8\n"
    # Even rows identical to the file (which needs no parsing otherwise): whose they are cannot be told.
    with pytest.raises(CannotMerge, match="is also the data file of acme, pulled earlier in this run"):
        merge_into(PATH, old, pulled(("2026-11-16", "referrals", 8)), "beta", claimed={"referrals": "acme"})
    # The partnership's own earlier claim, or another series, is no conflict.
    assert merge_into(PATH, old, pulled(("2026-11-16", "referrals", 8)), "acme",
                      claimed={"referrals": "acme"}).text == old
    assert merge_into(PATH, old, pulled(("2026-11-16", "mql", 2)), "beta", claimed={"referrals": "acme"}).added == 1


def test_a_file_with_a_partnership_column_takes_a_series_another_partnership_pulled():
    old = "partnership,date,metric,value\nacme,2026-11-16,referrals,8\n"
    merged = merge_into(PATH, old, pulled(("2026-11-16", "referrals", 55)), "beta", claimed={"referrals": "acme"})
    assert merged.text == old + "beta,2026-11-16,referrals,55\n"
