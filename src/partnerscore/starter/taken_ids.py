"""Whether a partnership id is already another scorecard's, before `init` writes one with it.

Lint reports two scorecards with one id as PS211 on both (the id names the data file and the review
folder, so they would share them); `init` refuses to make that mistake rather than leave it for lint.
"""

from __future__ import annotations

import re
from pathlib import Path

from partnerscore.io.paths import discover, real_path
from partnerscore.io.settings import Settings
from partnerscore.io.textfile import TextFileError, decode, read_bytes
from partnerscore.model.program_file import ProgramCatalog
from partnerscore.model.scorecard_file import load_scorecard
from partnerscore.yamlsource import MAX_YAML_BYTES


def scorecard_using(partnership_id: str, settings: Settings, own: Path) -> Path | None:
    """The first scorecard in the scorecards folder, other than `own` (the file init writes), whose
    partnership id is `partnership_id`. Only a file named so or mentioning the id is parsed, as lint's
    PS211 check of a few files does, so a large portfolio is not read whole."""
    folder = settings.folder("scorecards")
    if not folder.is_dir():
        return None
    own = real_path(own)
    programs: ProgramCatalog | None = None
    for path in discover([folder], settings).scorecards:
        if real_path(path) == own:
            continue
        if path.stem != partnership_id:
            try:
                text = decode(read_bytes(path, max_bytes=MAX_YAML_BYTES))
            except TextFileError:
                continue
            if partnership_id not in text:
                continue
        programs = programs or ProgramCatalog.on_disk(settings)
        if load_scorecard(path, programs).partnership_id == partnership_id:
            return path
    return None


# A top-level `id:` line, read from the text when the file does not load (a YAML error elsewhere in it, or
# an id that is not a valid one): its partnership is still another's, and still not init's to replace.
_ID_LINE = re.compile(r"""^id:[ \t]*(?P<id>[^#\n]*?)[ \t]*(?:#.*)?$""", re.MULTILINE)


def other_partnership_in(path: Path, partnership_id: str, settings: Settings) -> str | None:
    """The partnership id of the scorecard at `path` (the file init would write) when it is another
    partnership's: a scorecard saved under this id's file name with an `id:` of its own. --force replaces
    this partnership's starter; replacing that file would delete another partnership. None when the file is
    missing or this partnership's; a file that says no other `id:` (a broken starter) is init's to replace."""
    if not path.is_file():
        return None
    found = load_scorecard(path, ProgramCatalog.on_disk(settings)).partnership_id
    if found is None:  # the id could not be validated: what its `id:` line says, as written
        try:
            line = _ID_LINE.search(decode(read_bytes(path, max_bytes=MAX_YAML_BYTES)))
        except TextFileError:
            return None
        found = line["id"].strip("'\" ") if line is not None else None
    return found if found and found != partnership_id else None
