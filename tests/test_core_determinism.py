"""Answers never depend on the interpreter's hash seed (set order), any more than on the machine's speed."""

from __future__ import annotations

import os
import subprocess
import sys

# Sixty sentences over twelve words: many shingles are named by equally many
# sentences, so which are "the rarest 16" of a query is a choice among ties.
QUERY = r"""
import json, random
from redline.core.candidates import ShingleIndex
from redline.core.similarity import shingles
rng = random.Random(7)
vocab = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima".split()
sentences = {k: shingles(" ".join(rng.choice(vocab) for _ in range(30))) for k in range(60)}
index = ShingleIndex(sentences)
print(json.dumps([index.query(sentences[k], limit=2) for k in range(60)]))
"""


def _under_seeds(script: str, *args: str) -> set[str]:
    outputs = set()
    for seed in ("0", "1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, check=True)
        outputs.add(run.stdout)
    return outputs


def test_candidate_search_does_not_depend_on_the_hash_seed():
    assert len(_under_seeds(QUERY)) == 1
