"""Benchmark the archive at issue 4's scale: 1,000 statements x 10 versions, 5-30 KB each.

Builds the archive in a temporary folder with one ``git fast-import`` run
(10,000 commits, laid out exactly as ``redline add`` lays them out), then
times the CLI end to end, as a user runs it, against the issue's budgets.

    python bench/bench_archive.py [--corpus DIR] [--keep DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from redline.core import decode, segment
from redline.snapshots import derived, layout
from redline.snapshots.sightings import Sighting, commit_message, format_time, make_key, sha256

STATEMENTS, VERSIONS = 1000, 10
MIN_BYTES, MAX_BYTES = 5_000, 30_000
BUDGETS = {"add": 0.5, "log": 0.5, "show": 0.3, "diff @1 @10": 1.0, "blame": 2.0, "search": 1.0, "search --history": 5.0}
START = datetime(2025, 1, 1, tzinfo=timezone.utc)


def base_texts(corpus: Path, statements: int = STATEMENTS, min_bytes: int = MIN_BYTES) -> list[tuple[str, str]]:
    """(id, text) pairs of real briefings; short ones are joined with the next until ``min_bytes``.

    Beyond the corpus's 1,000 files, statements repeat them with a line of
    their own, so every statement's bytes differ.
    """
    files = sorted(corpus.glob("*.txt"))
    texts = []
    for i in range(statements):
        path = files[i % len(files)]
        text, j = path.read_text(encoding="utf-8"), i
        while len(text.encode()) < min_bytes + 1_000:  # edits may shorten it a little
            j += 1
            text += "\n" + files[j % len(files)].read_text(encoding="utf-8").split("\n", 1)[-1]
        suffix = f"-{i // len(files)}" if i >= len(files) else ""
        text += f"\n(第{i}号转载。)"  # a sentence only this statement has
        texts.append((f"mfa/{path.stem.lower()}{suffix}", text))
    return texts


def next_version(text: str, rng: random.Random, donor: str) -> str:
    """A plausible re-release: a reworded line, a line added, one dropped or moved."""
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines) if len(line) > 20]
    i = rng.choice(body)
    cut = rng.randrange(5, len(lines[i]) - 5)
    lines[i] = lines[i][:cut] + rng.choice(["也", "已经", "不", "3", "三", "进一步"]) + lines[i][cut:]
    extra = [line for line in donor.split("\n") if len(line) > 20]
    lines.insert(rng.randrange(1, len(lines)), rng.choice(extra))
    j = rng.choice([k for k, line in enumerate(lines) if len(line) > 20 and k != i])
    moved = lines.pop(j)
    if rng.random() < 0.5:
        lines.insert(rng.randrange(1, len(lines)), moved)
    return "\n".join(lines)


def build(root: Path, corpus: Path, statements: int = STATEMENTS, versions: int = VERSIONS,
          min_bytes: int = MIN_BYTES) -> tuple[Path, str, list[int]]:
    """Write the archive with fast-import; returns its path, the largest statement's ID, and latest sizes."""
    archive = root / "archive"
    subprocess.run(["git", "init", "-q", "--bare", "-b", layout.BRANCH, str(archive)], check=True)
    rng = random.Random(4)
    texts = base_texts(corpus, statements, min_bytes)
    current = {ident: text for ident, text in texts}
    stream = [fast_import_commit(None, {layout.MARKER: layout.marker_bytes(),
                                        layout.ATTRIBUTES: layout.ATTRIBUTES_TEXT.encode()}, b"redline: new archive\n", 0)]
    moment = 1
    for version in range(versions):
        for n, (ident, _) in enumerate(texts):
            if version:
                current[ident] = next_version(current[ident], rng, texts[(n + version) % len(texts)][1])
            data = current[ident].encode()
            if len(data) > MAX_BYTES + 3_000:
                data = data[:MAX_BYTES].decode("utf-8", "ignore").encode()
                current[ident] = data.decode()
            digest = sha256(data)
            when = START + timedelta(minutes=moment)
            doc = segment(decode(data, ident))
            sighting = Sighting(id=ident, key=make_key(digest, when), sha256=digest, size=len(data),
                                retrieved=format_time(when), date=doc.metadata.date, label=f"release {version + 1}")
            files = {layout.raw_path(ident, digest): data,
                     layout.sentences_path(ident, digest): derived.render(doc, digest),
                     layout.sighting_path(ident, sighting.key): sighting.to_json()}
            stream.append(fast_import_commit(True, files, commit_message(sighting), moment))
            moment += 1
    started = time.perf_counter()
    subprocess.run(["git", f"--git-dir={archive}", "fast-import", "--quiet"], input=b"".join(stream), check=True)
    subprocess.run(["git", f"--git-dir={archive}", "gc", "--quiet"], check=True)
    print(f"fast-import + gc of {statements * versions} versions: {time.perf_counter() - started:.1f} s")
    largest = max(texts, key=lambda t: len(current[t[0]].encode()))[0]
    return archive, largest, [len(current[ident].encode()) for ident, _ in texts]


def reuse(root: Path) -> tuple[Path, str, list[int]]:
    """An archive an earlier run built with ``--keep``: its largest statement and latest sizes."""
    archive = root / "archive"
    out = subprocess.run(["git", f"--git-dir={archive}", "ls-tree", "-r", "-l", "HEAD", "statements/"],
                         capture_output=True, text=True, check=True).stdout
    sizes: dict[str, int] = {}
    for line in out.splitlines():
        meta, path = line.split("\t")
        if "/_raw/" in path:
            ident = path[len("statements/"):path.index("/_raw/")]
            sizes[ident] = max(sizes.get(ident, 0), int(meta.split()[3]))
    return archive, max(sizes, key=sizes.get), list(sizes.values())


def fast_import_commit(parent: bool | None, files: dict[str, bytes], message: bytes, moment: int) -> bytes:
    stamp = int((START + timedelta(minutes=moment)).timestamp())
    out = [f"commit refs/heads/{layout.BRANCH}\n".encode(),
           f"committer Bench <bench@example.org> {stamp} +0000\n".encode(),
           f"data {len(message)}\n".encode(), message]
    if parent is None:
        out.append(b"")
    for path, data in files.items():
        out += [f"M 100644 inline {path}\n".encode(), f"data {len(data)}\n".encode(), data, b"\n"]
    return b"".join(out) + b"\n"


def timed(archive: Path, *args: str, runs: int, ok=(0,)) -> float:
    """Best wall time of the CLI over ``runs`` runs (start-up included)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "redline.cli", "--archive", str(archive), *args],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - started)
        if proc.returncode not in ok:
            raise SystemExit(f"redline {' '.join(args)} failed: {proc.stderr.decode()}")
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared/corpus/mfa_zh")
    parser.add_argument("--keep", type=Path, help="Build the archive here and keep it (reused if already built).")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("GIT_CONFIG_NOSYSTEM", "1")
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        archive, ident, sizes = reuse(root) if (root / "archive").exists() else build(root, args.corpus)
        print(f"statements: {len(sizes)}, {min(sizes)}-{max(sizes)} bytes, mean {statistics.mean(sizes):.0f}; "
              f"timed on {ident} ({max(sizes)} bytes)")
        timed(archive, "list", runs=1)  # a first reader fills the sighting cache, as any first command would
        results = {
            "log": timed(archive, "log", ident, runs=args.runs),
            "show": timed(archive, "show", f"{ident}@5", runs=args.runs),
            "diff @1 @10": timed(archive, "diff", f"{ident}@1", f"{ident}@10", runs=args.runs),
            "blame": timed(archive, "blame", ident, runs=args.runs),
            "search": timed(archive, "search", "中方高度重视", runs=args.runs, ok=(0, 1)),
            "search --history": timed(archive, "search", "中方高度重视", "--history", runs=args.runs, ok=(0, 1)),
        }
        new = root / "new.txt"
        new.write_text(Path(args.corpus / "2020-05-06_t1776571.txt").read_text(encoding="utf-8")
                       + f"\n补充:谢谢。{time.time()}\n", encoding="utf-8")
        results["add"] = timed(archive, "add", ident, str(new), runs=1)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "redline.cli", "--archive", str(archive), "verify"],
                       stdout=subprocess.DEVNULL, check=True)
        print(f"verify (no budget): {time.perf_counter() - started:.1f} s")
        print(f"\n{'command':<18} {'seconds':>8} {'budget':>7}")
        for name, budget in BUDGETS.items():
            flag = "ok" if results[name] <= budget else "OVER"
            print(f"{name:<18} {results[name]:>8.3f} {budget:>7.1f}  {flag}")


if __name__ == "__main__":
    main()
