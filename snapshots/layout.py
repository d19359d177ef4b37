"""Where things live inside an archive's tree.

    redline.json                               marker: this repository is a redline archive
    .gitattributes                             "* -text": stored bytes stay byte-exact
    statements/<id>/_raw/<sha256>              the exact bytes, once per content hash
    statements/<id>/_sightings/<key>.json      one small file per sighting (never edited)
    statements/<id>/_sentences/<sha256>.txt    derived: one sentence per line, per content hash
    statements/<id>/_annotations/<key>-<time>.json   amendments to a version's label, date, source, note
    statements/<id>/_original/<sha256>         a page's or PDF's bytes as published, the text extracted from them
    statements/<id>/_settings/<time>.json      the statement's own --select/--ignore, the latest one applies

Folders of a statement start with ``_``, which no ID segment may, so
``a`` and ``a/b`` can both be statements without their files colliding.
"""

from __future__ import annotations

import json
import re
from functools import cache

from .errors import InvalidId
from .ids import check_id

MARKER = "redline.json"
ATTRIBUTES = ".gitattributes"
STATEMENTS = "statements"
RAW, SIGHTINGS, SENTENCES, ANNOTATIONS = "_raw", "_sightings", "_sentences", "_annotations"
ORIGINALS, SETTINGS = "_original", "_settings"
FORMAT = 1
BRANCH = "main"
# A sighting's key: content-hash prefix, then the retrieval time in UTC to the second.
KEY = re.compile(r"[0-9a-f]{12}-\d{8}T\d{6}Z")
# The names redline gives the files of each kind: a file named otherwise is not redline's (readers ignore
# it, ``verify`` reports it), so no name from a hostile tree reaches a path or a page unchecked.
_NAMES = {
    RAW: re.compile(r"[0-9a-f]{64}"),
    SIGHTINGS: re.compile(rf"{KEY.pattern}\.json"),
    SENTENCES: re.compile(r"[0-9a-f]{64}\.txt"),
    ANNOTATIONS: re.compile(rf"{KEY.pattern}-\d{{8}}T\d{{12}}Z\.json"),
    ORIGINALS: re.compile(r"[0-9a-f]{64}"),
    SETTINGS: re.compile(r"\d{8}T\d{12}Z\.json"),
}

ATTRIBUTES_TEXT = (
    "# redline: every stored file is kept byte-exact (no line-ending conversion).\n"
    "* -text\n"
)


def marker_bytes() -> bytes:
    return (json.dumps({"redline": "archive", "format": FORMAT}, indent=2) + "\n").encode()


def statement_dir(ident: str) -> str:
    return f"{STATEMENTS}/{ident}"


def raw_path(ident: str, digest: str) -> str:
    return f"{STATEMENTS}/{ident}/{RAW}/{digest}"


def sighting_path(ident: str, key: str) -> str:
    return f"{STATEMENTS}/{ident}/{SIGHTINGS}/{key}.json"


def sentences_path(ident: str, digest: str) -> str:
    return f"{STATEMENTS}/{ident}/{SENTENCES}/{digest}.txt"


def annotation_path(ident: str, name: str) -> str:
    return f"{STATEMENTS}/{ident}/{ANNOTATIONS}/{name}.json"


def original_path(ident: str, digest: str) -> str:
    return f"{STATEMENTS}/{ident}/{ORIGINALS}/{digest}"


def settings_path(ident: str, name: str) -> str:
    return f"{STATEMENTS}/{ident}/{SETTINGS}/{name}.json"


def split_path(path: str) -> tuple[str, str, str] | None:
    """``statements/<id>/<kind>/<name>`` as (id, kind, name); None for anything else, including a file
    whose ID or name is not one redline writes."""
    if not path.startswith(STATEMENTS + "/"):
        return None
    head, kind, name = path[len(STATEMENTS) + 1:].rsplit("/", 2) if path.count("/") >= 3 else ("", "", "")
    if kind not in _NAMES or not _NAMES[kind].fullmatch(name) or not _is_id(head):
        return None
    return head, kind, name


@cache
def _is_id(text: str) -> bool:
    try:
        check_id(text)
    except InvalidId:
        return False
    return True
