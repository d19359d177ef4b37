"""The fast jieba loader (core/jieba_fast.py) gives plain jieba's dictionary and tokens.

Each check runs in a fresh interpreter, so that jieba's module state (one
shared tokeniser) is the loader's doing alone: the loaded ``FREQ`` and
``total`` must equal those of a ``jieba.Tokenizer`` initialised jieba's own
way, and so must the tokens of every Chinese run in the test fixtures (real
MFA press conferences and the State Department's Chinese transcript).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

CHILD = r"""
import json, re, sys
from pathlib import Path
from redline.core import jieba_fast

tmp_dir = sys.argv[2] or None
if tmp_dir:
    import jieba
    jieba.dt.tmp_dir = tmp_dir
jieba = jieba_fast.load()
fast_pkg_resources = "pkg_resources" in sys.modules
runs = []
for path in sorted(Path(sys.argv[1]).rglob("*")):
    if path.suffix in (".txt", ".toml"):
        runs += re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", path.read_text(encoding="utf-8"))
runs = list(dict.fromkeys(runs))
fast = [jieba.lcut(run, HMM=True) for run in runs]
plain = jieba.Tokenizer()
plain.tmp_dir = tmp_dir
plain.initialize()
print(json.dumps({
    "runs": len(runs),
    "same_freq": plain.FREQ == jieba.dt.FREQ and plain.total == jieba.dt.total,
    "same_tokens": fast == [plain.lcut(run, HMM=True) for run in runs],
    "pkg_resources": fast_pkg_resources,
}))
"""


def run_child(tmp_dir: str = "") -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(FIXTURES), tmp_dir],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_tokens_and_dictionary_are_plain_jiebas():
    result = run_child()
    assert result["runs"] > 500
    assert result["same_freq"] and result["same_tokens"]
    assert not result["pkg_resources"]


def test_a_broken_cache_falls_back_to_jiebas_own_build(tmp_path):
    (tmp_path / "jieba.cache").write_bytes(b"not a marshal dump")
    result = run_child(str(tmp_path))
    assert result["same_freq"] and result["same_tokens"]
    assert (tmp_path / "jieba.cache").stat().st_size > 1_000_000  # jieba rewrote it
