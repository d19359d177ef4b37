"""The fast jieba loaders (core/jieba_fast.py) give plain jieba's dictionary and tokens.

Each check runs in a fresh interpreter, so that jieba's module state (one
shared tokeniser) is the loader's doing alone. The loaded frequencies must
equal those of a ``jieba.Tokenizer`` initialised jieba's own way, and so
must the tokens of every Chinese run in the test fixtures (real MFA press
conferences and the State Department's Chinese transcript).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from redline.core import jieba_fast

FIXTURES = Path(__file__).parent / "fixtures"

# Shared by the child scripts: argv[1] is the fixtures folder.
PRELUDE = r"""
import json, random, re, sys
from pathlib import Path
from redline.core import jieba_fast

def fixture_runs():
    runs = []
    for path in sorted(Path(sys.argv[1]).rglob("*")):
        if path.suffix in (".txt", ".toml"):
            runs += re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", path.read_text(encoding="utf-8"))
    return list(dict.fromkeys(runs))

def plain_tokenizer(jieba, tmp_dir=None):
    plain = jieba.Tokenizer()
    plain.tmp_dir = tmp_dir
    plain.initialize()
    return plain

def same_tokens(jieba, plain, runs):
    return [jieba.lcut(run, HMM=True) for run in runs] == [plain.lcut(run, HMM=True) for run in runs]
"""

LOAD_CHILD = PRELUDE + r"""
tmp_dir = sys.argv[2] or None
if tmp_dir:
    import jieba
    jieba.dt.tmp_dir = tmp_dir
jieba = jieba_fast.load()
pkg_resources = "pkg_resources" in sys.modules
runs = fixture_runs()
plain = plain_tokenizer(jieba, tmp_dir)
print(json.dumps({
    "runs": len(runs),
    "same_freq": plain.FREQ == jieba.dt.FREQ and plain.total == jieba.dt.total,
    "same_tokens": same_tokens(jieba, plain, runs),
    "pkg_resources": pkg_resources,
}))
"""

TABLE_CHILD = PRELUDE + r"""
cutter = jieba_fast.load_table(Path(sys.argv[2]))
result = {"loaded": cutter is not None, "pkg_resources": "pkg_resources" in sys.modules}
if cutter is not None:
    import jieba
    runs = fixture_runs()
    one_by_one = jieba_fast.load_table(Path(sys.argv[2]))  # a fresh cutter meets the characters run by run
    sample = random.Random(1).sample(runs, 200)
    plain = plain_tokenizer(jieba)
    result["same_tokens"] = (cutter.cut(runs) == [plain.lcut(run, HMM=True) for run in runs]
                             and [one_by_one.cut([run])[0] for run in sample] == [plain.lcut(run) for run in sample])
    freq = {}
    cutter.table.fill(freq, {word[:2] for word in plain.FREQ} | {word[0] for word in plain.FREQ})
    result["same_dictionary"] = freq == plain.FREQ and cutter.table.total == plain.total
    result["dt_untouched"] = not jieba.dt.initialized
print(json.dumps(result))
"""


def child(script: str, argument: str) -> dict:
    out = subprocess.run([sys.executable, "-c", script, str(FIXTURES), argument],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_tokens_and_dictionary_are_plain_jiebas():
    result = child(LOAD_CHILD, "")
    assert result["runs"] > 500
    assert result["same_freq"] and result["same_tokens"]
    assert not result["pkg_resources"]


def test_a_broken_cache_falls_back_to_jiebas_own_build(tmp_path):
    (tmp_path / "jieba.cache").write_bytes(b"not a marshal dump")
    result = child(LOAD_CHILD, str(tmp_path))
    assert result["same_freq"] and result["same_tokens"]
    assert (tmp_path / "jieba.cache").stat().st_size > 1_000_000  # jieba rewrote it


def write_table(table: Path) -> None:
    subprocess.run([sys.executable, "-c", "import sys\nfrom pathlib import Path\nfrom redline.core import jieba_fast\n"
                    "jieba_fast.save_table(Path(sys.argv[1]))", str(table)], check=True)


def test_the_sorted_table_gives_plain_jiebas_tokens_and_frequencies(tmp_path):
    table = tmp_path / "cache" / "jieba.table"
    write_table(table)
    assert child(TABLE_CHILD, str(table)) == {
        "loaded": True, "same_tokens": True, "same_dictionary": True, "dt_untouched": True, "pkg_resources": False}


def test_a_missing_damaged_or_stale_table_is_not_used(tmp_path):
    table = tmp_path / "jieba.table"
    assert not child(TABLE_CHILD, str(table))["loaded"]
    write_table(table)
    data = table.read_bytes()
    in_index = jieba_fast._HEADER.size + 100
    flipped = data[:in_index] + bytes([data[in_index] ^ 1]) + data[in_index + 1:]
    buckets_at = jieba_fast._HEADER.size - 8  # the bucket count: its top bit set asks for 24 GB of index
    huge = data[:buckets_at + 3] + bytes([data[buckets_at + 3] | 0x80]) + data[buckets_at + 4:]
    for damaged in (data[:1000], b"RLJIEBA0" + data[8:], data[:32] + bytes(8) + data[40:], data + b"\0", flipped,
                    huge, b"RLJIEBA4" + b"\xff" * 80):
        # truncated, wrong magic, other dictionary time, trailing bytes, one bit, a huge count, garbage
        table.write_bytes(damaged)
        assert not child(TABLE_CHILD, str(table))["loaded"]


DAMAGED_BUCKETS_CHILD = PRELUDE + r"""
from redline.core import wordcut
runs = fixture_runs()[:int(sys.argv[2])]
import jieba
plain = plain_tokenizer(jieba)
print(json.dumps({"same_tokens": wordcut.cut_many(runs) == [plain.lcut(run, HMM=True) for run in runs]}))
"""


@pytest.mark.parametrize("runs", [1, 100_000], ids=["a few buckets, read one by one", "many, read at once"])
def test_a_damaged_bucket_is_never_cut_from_and_the_table_is_written_again(tmp_path, word_table, runs):
    table = word_table
    write_table(table)
    data = table.read_bytes()
    *_, buckets, _ = jieba_fast._HEADER.unpack_from(data)
    offsets = jieba_fast.read_table(table, jieba_fast.import_jieba())._offsets
    buckets_at = jieba_fast._HEADER.size + jieba_fast.index_size(buckets)
    # One bit of each bucket's last character changed (still UTF-8, same number of words): header and
    # index are whole, so the table opens; read unchecked, the buckets would give other words.
    damaged = bytearray(data)
    for end in offsets[1:]:
        damaged[buckets_at + end - 1] ^= 1
    table.write_bytes(damaged)
    out = subprocess.run([sys.executable, "-c", DAMAGED_BUCKETS_CHILD, str(FIXTURES), str(runs)], capture_output=True,
                         text=True, check=True, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)})
    assert json.loads(out.stdout) == {"same_tokens": True}
    assert table.read_bytes() == data
