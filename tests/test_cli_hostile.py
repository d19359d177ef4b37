"""Archives that came from a hostile remote (issue 9, "Untrusted archives and remotes").

Each archive here is a sound one (made by redline) plus what a malicious
remote could push with plain git (tests/hostile.py): malformed sighting files,
keys that name paths outside the site, terminal escapes and forged CI
annotations in labels, notes and transcripts, a bogus ``redline.json``, a
stale branch lock, a path git can store but UTF-8 cannot read. Every
command runs on them through the CLI, as a user would.

Assumptions where the issue leaves the interface open:
- a bad record is skipped with one line on stderr per bad file, naming the
  file and containing "warning" (any case); stdout and the exit status are
  then what the archive without the bad records gives;
- a sighting whose ``key`` breaks the key grammar (or differs from its file
  name) is such a bad record;
- ``sync`` with a remote named like an option either refuses it (exit 2) or
  uses it as a name (exit 0); it never runs anything.
"""

import hashlib
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from redline.cli.testing import run

FIXTURES = Path(__file__).parent / "fixtures"
V1, V2 = (FIXTURES / "briefing_v1.txt").read_bytes(), (FIXTURES / "briefing_v2.txt").read_bytes()
D1, D2 = hashlib.sha256(V1).hexdigest(), hashlib.sha256(V2).hexdigest()
SOURCE = "https://example.org/briefing"


def _helpers():
    """tests/hostile.py (test modules cannot import each other under --import-mode=importlib)."""
    spec = importlib.util.spec_from_file_location("redline_tests_hostile", Path(__file__).with_name("hostile.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


H = _helpers()
MALFORMED = sorted(H.malformed("briefing", D1))
BAD_KEYS = ("key-absolute", "key-parent", "key-escape")
ESCAPED_TEXT = (
    "Remarks" + H.WINDOW_TITLE + "\n2025-03-04\n\nMINISTER: We said " + H.CLEAR_SCREEN + " nothing at all. "
    "This is " + H.CONCEALED + " text. Click " + H.HYPERLINK + " now. A C1 " + H.C1_CSI + " sequence. "
    + "We discussed the agenda at length. " * 100 + "Thank you.\n"
).encode()
PLAIN_TEXT = b"Remarks\n2025-03-04\n\nMINISTER: We said nothing at all. Thank you.\n"


pytestmark = pytest.mark.usefixtures("fixed_git")


# -- building the archives ---------------------------------------------------------
def add(archive, ident, path, *options):
    result = run("--archive", archive, "add", ident, path, *options)
    assert result.exit_code == 0, result.stderr


def copy(archive: Path, where: Path) -> Path:
    shutil.copytree(archive, where, symlinks=True)
    return where


def head(archive: Path) -> str:
    return H.git(archive, "rev-parse", "HEAD").decode().strip()


@pytest.fixture(scope="module")
def fixed_env(tmp_path_factory):
    """fixed_git for the archives built once per module."""
    from redline.snapshots.testing import use_fixed_git

    with pytest.MonkeyPatch.context() as patch:
        use_fixed_git(patch, tmp_path_factory.mktemp("home"))
        patch.delenv("REDLINE_ARCHIVE", raising=False)
        yield


@pytest.fixture(scope="module")
def base(tmp_path_factory, fixed_env) -> Path:
    """A sound archive: ``good`` (one version) and ``briefing`` (two)."""
    where = tmp_path_factory.mktemp("base") / "arch"
    assert run("init", where).exit_code == 0
    add(where, "good", FIXTURES / "check_good.txt", "--source", "https://example.org/g",
        "--retrieved", "2025-03-04T10:00:00Z")
    add(where, "briefing", FIXTURES / "briefing_v1.txt", "--source", SOURCE, "--label", "as briefed",
        "--retrieved", "2025-03-04T12:00:00Z")
    add(where, "briefing", FIXTURES / "briefing_v2.txt", "--source", SOURCE, "--label", "corrected",
        "--retrieved", "2025-03-05T12:00:00Z")
    return where


@pytest.fixture(scope="module")
def victim(tmp_path_factory) -> Path:
    """Where an absolute key points: a page must never appear here."""
    return tmp_path_factory.mktemp("victim") / "pwned"


def bad_key_files(victim: Path) -> dict[str, tuple[str, bytes]]:
    """By name, (path, content) of sightings of briefing's real bytes whose ``key`` leaves the site.

    Each sorts first in a version today, so its key names that version's pages.
    """
    cases = {
        "key-absolute": (D1, len(V1), str(victim), "20250304T110000Z"),
        "key-parent": (D2, len(V2), "../../../escaped-page", "20250305T110000Z"),
        "key-escape": (D1, len(V1), "0123" + H.CLEAR_SCREEN + H.HYPERLINK, "20250306T120000Z"),
    }
    files = {}
    for name in BAD_KEYS:
        digest, size, key, stamp = cases[name]
        files[name] = (H.sighting_path("briefing", H.key_for(digest, stamp)), H.sighting(
            "briefing", key, digest, size, H.retrieved_at(stamp), date="2025-03-04", source=SOURCE))
    return files


@pytest.fixture(scope="module")
def keyed(base, victim, tmp_path_factory) -> Path:
    """The base archive plus the three sightings whose keys name paths outside the site."""
    archive = copy(base, tmp_path_factory.mktemp("keyed") / "arch")
    H.commit(archive, dict(bad_key_files(victim).values()))
    return archive


@pytest.fixture(scope="module")
def malformed(base, victim, tmp_path_factory) -> tuple[Path, list[str]]:
    """The base archive plus every malformed sighting and every bad key, all in ``briefing``; and their paths."""
    archive = copy(base, tmp_path_factory.mktemp("malformed") / "arch")
    files = dict(H.malformed("briefing", D1).values())
    files.update(bad_key_files(victim).values())
    H.commit(archive, files)
    return archive, sorted(files)


@pytest.fixture(scope="module")
def escapes(base, tmp_path_factory) -> Path:
    """The base archive plus ``escapes``: @1 plain, @2 a transcript full of escapes, @3 hostile metadata."""
    archive = copy(base, tmp_path_factory.mktemp("escapes") / "arch")
    folder = tmp_path_factory.mktemp("escape-texts")
    (folder / "plain.txt").write_bytes(PLAIN_TEXT)
    (folder / "escaped.txt").write_bytes(ESCAPED_TEXT)
    add(archive, "escapes", folder / "plain.txt", "--source", SOURCE, "--retrieved", "2025-03-04T10:00:00Z")
    # No label or note: the change is a version-silent-change finding, whose message quotes the escapes.
    add(archive, "escapes", folder / "escaped.txt", "--source", SOURCE, "--retrieved", "2025-03-04T11:00:00Z")
    digest = hashlib.sha256(PLAIN_TEXT).hexdigest()
    stamp = "20250304T120000Z"
    key = H.key_for(digest, stamp)
    H.commit(archive, {H.sighting_path("escapes", key): H.sighting(
        "escapes", key, digest, len(PLAIN_TEXT), H.retrieved_at(stamp), date="2025-03-04",
        label="cleared" + H.CLEAR_SCREEN + H.CONCEALED + H.FORGED, note=H.WINDOW_TITLE + H.FORGED,
        source="https://example.org/" + H.HYPERLINK, file="a" + H.WINDOW_TITLE + ".txt")})
    return archive


def files_outside(root: Path, inside: Path) -> set[Path]:
    return {p for p in root.rglob("*") if inside not in p.parents and p != inside}


def assert_one_warning_per_bad_file(result, bad: list[str]) -> None:
    lines = result.stderr.splitlines()
    assert len(lines) == len(bad), result.stderr
    for path in bad:
        naming = [line for line in lines if path in line]
        assert len(naming) == 1 and "warning" in naming[0].lower(), (path, result.stderr)
    assert H.raw_controls(result.stderr) == []


# -- 3. malformed sightings: every command skips them with one warning each ---------------
COMMANDS = {
    "list": ["list"],
    "list-json": ["list", "--format", "json"],
    "log": ["log", "briefing"],
    "log-json": ["log", "briefing", "--format", "json"],
    "show": ["show", "briefing@1"],
    "show-json": ["show", "briefing", "--format", "json"],
    "diff": ["diff", "briefing"],
    "diff-two": ["diff", "briefing@1", "briefing@2", "--format", "json"],
    "blame": ["blame", "briefing"],
    "search": ["search", "Geneva"],
    "search-history": ["search", "announcements", "--history", "--format", "json"],
    "check": ["check"],
    "check-github": ["check", "--format", "github"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_skips_malformed_sightings_with_one_warning_each(base, malformed, command):
    archive, bad = malformed
    clean = run("--archive", base, *COMMANDS[command])
    result = run("--archive", archive, *COMMANDS[command])
    assert "internal error" not in result.stderr
    assert (result.exit_code, result.stdout) == (clean.exit_code, clean.stdout)
    assert_one_warning_per_bad_file(result, bad)


def test_export_site_skips_malformed_sightings_and_writes_the_clean_site(base, malformed, tmp_path):
    archive, bad = malformed
    clean = run("--archive", base, "export-site", "clean")
    result = run("--archive", archive, "export-site", "site")
    assert "internal error" not in result.stderr
    assert result.exit_code == clean.exit_code == 0
    assert_one_warning_per_bad_file(result, bad)
    assert sorted(p.relative_to("site") for p in Path("site").rglob("*.html")) == sorted(
        p.relative_to("clean") for p in Path("clean").rglob("*.html"))


def test_export_site_leaves_out_a_statement_with_no_readable_version_and_writes_the_rest(base, tmp_path):
    archive = copy(base, tmp_path / "arch")
    digest = hashlib.sha256(PLAIN_TEXT).hexdigest()
    key = H.key_for(digest, "20250304T120000Z")
    H.commit(archive, {H.sighting_path("evil", key): H.sighting(
        "evil", key, digest, len(PLAIN_TEXT), H.retrieved_at("20250304T120000Z"), label="x" + H.WINDOW_TITLE),
        f"statements/evil/_raw/{digest}": PLAIN_TEXT})
    result = run("--archive", archive, "export-site", tmp_path / "site")
    assert result.exit_code == 0, result.stderr
    assert "warning: evil: no version redline can read; left out of the site" in result.stderr
    assert (tmp_path / "site" / "s" / "good" / "index.html").is_file()
    assert not (tmp_path / "site" / "s" / "evil").exists()


def test_verify_reports_every_malformed_sighting_and_exits_1(malformed):
    archive, bad = malformed
    result = run("--archive", archive, "verify")
    assert "internal error" not in result.stderr
    assert result.exit_code == 1
    for path in bad:
        assert path in result.stdout, path
    assert H.raw_controls(result.stdout) == []


@pytest.mark.parametrize("variant", MALFORMED + list(BAD_KEYS))
def test_verify_reports_each_kind_of_bad_sighting(base, victim, tmp_path, variant):
    archive = copy(base, tmp_path / "arch")
    if variant in BAD_KEYS:
        path, content = bad_key_files(victim)[variant]
    else:
        path, content = H.malformed("briefing", D1)[variant]
    H.commit(archive, {path: content})
    result = run("--archive", archive, "verify", "--format", "json")
    assert "internal error" not in result.stderr
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and any(path in problem for problem in report["problems"]), report


@pytest.mark.parametrize("variant, problem", [
    ("rot13-encoding", "field 'encoding' is not a text encoding redline decodes with"),
    ("bidi-encoding", "field 'encoding' is not a text encoding redline decodes with"),
    ("rot13-extraction-encoding", "extraction: field 'encoding' is not a text encoding redline decodes with"),
    ("impossible-retrieved", "field 'retrieved' is not a valid time"),
    ("impossible-fetch-time", "fetch: field 'time' is not a valid time"),
])
def test_a_codec_day_or_moment_that_does_not_exist_is_one_line_in_verify_and_in_warnings(base, tmp_path, variant,
                                                                                          problem):
    archive = copy(base, tmp_path / "arch")
    if variant == "rot13-extraction-encoding":
        stamp = "20250304T090000Z"
        path = H.sighting_path("briefing", H.key_for(D1, stamp))
        content = H.sighting("briefing", H.key_for(D1, stamp), D1, len(V1), H.retrieved_at(stamp), extraction={
            "original": D1, "size": len(V1), "kind": "text", "extractor": "text", "version": "1",
            "encoding": "rot13"})
        H.commit(archive, {path: content, f"statements/briefing/_original/{D1}": V1})
    else:
        path, content = H.malformed("briefing", D1)[variant]
        H.commit(archive, {path: content})
    verified = run("--archive", archive, "verify")
    assert verified.exit_code == 1 and f"problem: {path}: {problem}" in verified.stdout.splitlines()
    logged = run("--archive", archive, "log", "briefing")
    assert logged.exit_code == 0
    assert logged.stderr == f"warning: {path}: {problem}; skipped (`redline verify` lists every problem)\n"


# An annotation of briefing@2 (as ``base`` adds it) at each time, amending the label and the date.
AMENDED = H.key_for(D2, "20250305T120000Z")
BAD_ANNOTATIONS = {
    "impossible-date": ("2025-12-01T00:00:00.000000Z", "2025-02-30", "field 'date' is not a valid date"),
    "nines-date": ("2025-12-01T00:00:01.000000Z", "9999-99-99", "field 'date' is not a valid date"),
    "zero-date": ("2025-12-01T00:00:02.000000Z", "0000-00-00", "field 'date' is not a valid date"),
    "impossible-time": ("2025-13-45T99:99:99.000000Z", "2025-03-06", "field 'time' is not a valid time"),
    "long-label": ("2025-12-01T00:00:03.000000Z", "2025-03-06", "field 'label' is longer than 2000 characters",
                   "x" * 2001),
}


@pytest.mark.parametrize("variant", sorted(BAD_ANNOTATIONS))
def test_an_annotation_with_a_day_or_time_that_does_not_exist_is_skipped_and_verify_reports_it(base, tmp_path,
                                                                                             variant):
    archive = copy(base, tmp_path / "arch")
    time, day, problem, *label = BAD_ANNOTATIONS[variant]
    path = H.annotation_path("briefing", AMENDED, time)
    H.commit(archive, {path: H.annotation("briefing", AMENDED, time, label=(label or ["amended"])[0], date=day)})
    for args in (["log", "briefing", "--format", "json"], ["show", "briefing", "--format", "json"], ["check"]):
        clean, result = (run("--archive", where, *args) for where in (base, archive))
        assert (result.exit_code, result.stdout) == (clean.exit_code, clean.stdout)
        assert result.stderr == f"warning: {path}: {problem}; skipped (`redline verify` lists every problem)\n"
    verified = run("--archive", archive, "verify")
    assert verified.exit_code == 1 and f"problem: {path}: {problem}" in verified.stdout.splitlines()


def test_a_settings_record_at_a_time_that_does_not_exist_is_reported_by_verify(base, tmp_path):
    archive = copy(base, tmp_path / "arch")
    time = "2025-13-45T99:99:99.000000Z"
    path = f"statements/briefing/_settings/{time.replace('-', '').replace(':', '').replace('.', '')}.json"
    H.commit(archive, {path: H.encode({"id": "briefing", "time": time, "select": None, "ignore": ["^Updated"]})})
    verified = run("--archive", archive, "verify")
    assert verified.exit_code == 1
    assert f"problem: {path}: field 'time' is not a valid time" in verified.stdout.splitlines()


def test_sync_with_a_hostile_remote_then_every_read_still_works(base, malformed, tmp_path):
    hostile, bad = malformed
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(hostile), str(remote)], check=True)
    archive = copy(base, tmp_path / "arch")
    H.git(archive, "remote", "add", "origin", str(remote))
    add(archive, "mine", FIXTURES / "check_good.txt", "--source", "https://example.org/mine")
    synced = run("--archive", archive, "sync")
    assert (synced.exit_code, "internal error" in synced.stderr) == (0, False), synced.stderr
    listed = run("--archive", archive, "list")
    assert "internal error" not in listed.stderr
    assert listed.exit_code == 0 and "mine" in listed.stdout
    assert_one_warning_per_bad_file(listed, bad)


# -- 1. keys that name paths outside the site --------------------------------------------
def test_export_site_never_writes_outside_its_folder(keyed, victim, tmp_path):
    before = files_outside(tmp_path, tmp_path / "site")
    result = run("--archive", keyed, "export-site", "site")
    assert "internal error" not in result.stderr
    assert not victim.with_suffix(".html").exists()
    assert files_outside(tmp_path, tmp_path / "site") == before
    assert result.exit_code == 0
    assert H.raw_controls(result.stdout + result.stderr) == []
    pages = [p.name for p in (tmp_path / "site").rglob("*") if p.is_file()]
    assert H.raw_controls("".join(pages)) == []


# -- 5. terminal escapes and forged annotations -------------------------------------------
ESCAPE_COMMANDS = {
    "list": (["list"], "escapes"),
    "log": (["log", "escapes"], "@2"),
    "log-json": (["log", "escapes", "--format", "json"], "escapes"),
    "show": (["show", "escapes@2"], "concealed"),
    "show-json": (["show", "escapes@2", "--format", "json"], "concealed"),
    "diff": (["diff", "escapes@1", "escapes@2"], "concealed"),
    "diff-unified": (["diff", "escapes@1", "escapes@2", "--format", "unified"], "concealed"),
    "diff-side-by-side": (["diff", "escapes@1", "escapes@2", "--side-by-side", "--all"], "concealed"),
    "blame": (["blame", "escapes@2"], "concealed"),
    "search": (["search", "concealed", "--history"], "concealed"),
    "search-json": (["search", "concealed", "--history", "--format", "json"], "concealed"),
    "check": (["check", "escapes"], "redline check"),
    "check-github": (["check", "escapes", "--format", "github"], "::"),
    "check-junit": (["check", "escapes", "--format", "junit"], "testsuite"),
}


@pytest.mark.parametrize("command", sorted(ESCAPE_COMMANDS))
def test_escapes_in_transcripts_and_metadata_never_reach_the_output_raw(escapes, command):
    args, shown = ESCAPE_COMMANDS[command]
    result = run("--archive", escapes, *args)
    assert "internal error" not in result.stderr
    assert result.exit_code in (0, 1) and shown in result.stdout
    assert H.raw_controls(result.stdout) == [] and H.raw_controls(result.stderr) == []
    assert H.forged_commands(result.stderr) == []
    if command != "check-github":
        assert H.forged_commands(result.stdout) == []


def on_terminal(*args: str) -> tuple[int, str]:
    """Run ``redline ARGS`` with stdout and stderr on a pseudo-terminal (colour allowed); exit status and output."""
    import pty

    main, child = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    proc = subprocess.Popen([sys.executable, "-m", "redline.cli", "--no-pager", *args],
                            stdin=child, stdout=child, stderr=child, env=env)
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the child side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


@pytest.mark.parametrize("args, status, shown", [
    (["log", "escapes", "--color"], 0, "@2"),
    (["show", "escapes@2"], 0, "concealed"),
    (["blame", "escapes@2", "--color"], 0, "concealed"),
    (["diff", "a" + H.CLEAR_SCREEN + H.CONCEALED + ".txt", "b.txt"], 2, "Error"),
], ids=["log", "show", "blame", "error-message"])
def test_escapes_on_a_terminal_are_escaped_too(escapes, args, status, shown):
    code, text = on_terminal("--archive", str(escapes), *args)
    assert (code, shown in text) == (status, True), text
    assert H.foreign_escapes(text) == []


@pytest.mark.parametrize("args", [
    ["check", "--format", "github", "x" + H.FORGED + ".txt"],
    ["diff", "a" + H.WINDOW_TITLE + ".txt", "b" + H.CLEAR_SCREEN + ".txt"],
    ["compare", "f" + H.C1_CSI + H.HYPERLINK + ".txt"],
    ["add", "some-id", "missing" + H.CONCEALED + H.FORGED + ".txt"],
], ids=["check-github", "diff", "compare", "add"])
def test_error_messages_carry_no_raw_controls_or_forged_annotations(args):
    result = run(*args)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert H.raw_controls(result.stderr) == [] and H.forged_commands(result.stderr) == []


# -- 4. remote names never become options ------------------------------------------------
def evil_program(tmp_path: Path) -> tuple[Path, Path]:
    """A program git would run as its upload-pack, and the file it leaves when it runs."""
    marker, program = tmp_path / "pwned", tmp_path / "evil"
    program.write_text(f"#!/bin/sh\ntouch {marker}\nexit 1\n")
    program.chmod(0o755)
    return program, marker


def test_sync_never_passes_a_remote_name_as_an_option(base, tmp_path):
    program, marker = evil_program(tmp_path)
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(base), str(remote)], check=True)
    archive = copy(base, tmp_path / "arch")
    name = f"--upload-pack={program}"
    H.git(archive, "config", f"remote.{name}.url", str(remote))
    result = run("--archive", archive, "sync", "--", name)
    assert not marker.exists()
    # Refused by redline itself, before git sees it (git's --end-of-options would be a second guard).
    assert result.exit_code == 2 and "not a remote name redline gives git" in result.stderr


def test_clone_never_passes_a_url_as_an_option(tmp_path):
    program, marker = evil_program(tmp_path)
    result = run("clone", "--", f"--upload-pack={program}", tmp_path / "copy")
    assert not marker.exists()
    assert result.exit_code == 2 and "internal error" not in result.stderr


# -- 7. concurrent syncs from several clones ----------------------------------------------
# Enough clones pushing at once that, without a retry, some lose the race to update the remote's branch.
CLONES = 8


@pytest.mark.slow
def test_concurrent_syncs_from_several_clones_all_succeed(base, tmp_path):
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(base), str(remote)], check=True)
    for n in range(CLONES):
        assert run("clone", remote, tmp_path / f"c{n}").exit_code == 0
        (tmp_path / f"{n}.txt").write_text(f"Briefing {n}\n2025-03-0{n % 9 + 1}\n\nA: Answer number {n}.\n")
        add(tmp_path / f"c{n}", f"clone-{n}", tmp_path / f"{n}.txt", "--source", "https://example.org/c")
    procs = [subprocess.Popen([sys.executable, "-m", "redline.cli", "--archive", str(tmp_path / f"c{n}"), "sync"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for n in range(CLONES)]
    results = [(p.communicate(timeout=300)[1].decode(), p.returncode)[::-1] for p in procs]
    assert [code for code, _ in results] == [0] * CLONES, results
    listed = run("--archive", remote, "list", "--format", "json")
    ids = {s["id"] for s in json.loads(listed.stdout)["statements"]}
    assert ids == {"good", "briefing"} | {f"clone-{n}" for n in range(CLONES)}


# -- 9. a stale branch lock, a killed export, a bogus redline.json -------------------------
def test_a_stale_branch_lock_is_explained_by_add_and_reported_by_verify(base, tmp_path):
    archive = copy(base, tmp_path / "arch")
    (archive / "refs" / "heads" / "main.lock").write_bytes(b"")
    before = head(archive)
    result = run("--archive", archive, "add", "new", FIXTURES / "check_good.txt")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and "refs/heads/main.lock" in result.stderr
    assert "try again" not in result.stderr
    assert head(archive) == before
    verified = run("--archive", archive, "verify")
    assert verified.exit_code == 1 and "refs/heads/main.lock" in verified.stdout


@pytest.fixture
def many(base, tmp_path) -> Path:
    """The base archive with 40 more statements (copies of briefing's files), so export-site takes a while."""
    archive = copy(base, tmp_path / "arch")
    names = H.git(archive, "ls-tree", "-r", "--name-only", "HEAD", "statements/briefing/").decode().split()
    files = {}
    for n in range(40):
        for name in names:
            data = H.git(archive, "cat-file", "blob", f"HEAD:{name}")
            if "/_sightings/" in name:
                data = data.replace(b'"id": "briefing"', f'"id": "copy-{n}"'.encode())
            files[name.replace("statements/briefing/", f"statements/copy-{n}/")] = data
    H.commit(archive, files)
    return archive


@pytest.mark.slow
def test_export_site_killed_midway_leaves_no_folder_a_rerun_refuses(many, tmp_path):
    site = tmp_path / "site"
    before = {p for p in tmp_path.iterdir()}
    proc = subprocess.Popen([sys.executable, "-m", "redline.cli", "--archive", str(many), "export-site", str(site)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if any(p.is_file() for new in set(tmp_path.iterdir()) - before for p in new.rglob("*")):
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    if site.exists():
        assert (site / ".redline-site").is_file() and (site / "index.html").is_file()
    again = run("--archive", many, "export-site", site)
    assert (again.exit_code, again.stderr) == (0, "")
    assert (site / "index.html").is_file() and (site / ".redline-site").is_file()


@pytest.mark.parametrize("variant", sorted(H.markers(json.dumps({"redline": "archive", "format": 1}).encode())))
def test_verify_rejects_a_bogus_redline_json(base, tmp_path, variant):
    archive = copy(base, tmp_path / "arch")
    good = H.git(archive, "cat-file", "blob", "HEAD:redline.json")
    H.commit(archive, {"redline.json": H.markers(good)[variant]})
    result = run("--archive", archive, "verify")
    assert "internal error" not in result.stderr
    assert result.exit_code == 1 and "redline.json" in result.stdout


# -- 8. a path git stores but UTF-8 cannot read -----------------------------------------
def test_check_since_with_a_non_utf8_path_is_a_clean_error(base, tmp_path):
    archive = copy(base, tmp_path / "arch")
    since = head(archive)
    H.commit(archive, {b"statements/briefing/_raw/\xff\xfe" + H.CLEAR_SCREEN.encode(): b"not a transcript\n"})
    result = run("--archive", archive, "check", "--since", since)
    assert "internal error" not in result.stderr
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1
    assert H.raw_controls(result.stderr) == []


def test_verify_names_a_non_utf8_path_without_crashing(base, tmp_path):
    archive = copy(base, tmp_path / "arch")
    H.commit(archive, {b"statements/briefing/_raw/\xff\xfe" + H.CLEAR_SCREEN.encode(): b"not a transcript\n"})
    result = run("--archive", archive, "verify")
    assert "internal error" not in result.stderr
    assert result.exit_code == 1 and "statements/briefing/_raw/" in result.stdout
    assert H.raw_controls(result.stdout) == []


def test_search_reads_a_derived_file_that_is_not_utf8(base, tmp_path):
    archive = copy(base, tmp_path / "arch")
    (path,) = [p for p in H.git(archive, "ls-tree", "-r", "--name-only", "HEAD").decode().split()
               if p.startswith("statements/good/_sentences/")]
    damaged = H.git(archive, "show", f"HEAD:{path}") + b"The talks were \xff\xfe fruitful.\n"
    H.commit(archive, {path: damaged})
    result = run("--archive", archive, "search", "fruitful")
    # Read without a crash; and, holding a line the version's bytes do not, never shown as a match.
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"warning: {path}: not what this engine derives from its version's bytes")


def test_a_later_sighting_naming_another_encoding_changes_no_derived_text(fixed_env, tmp_path):
    archive = tmp_path / "arch"
    assert run("init", archive).exit_code == 0
    data = "讲话\n\n我们取得了进展。\n".encode("gb18030")
    (tmp_path / "gb.txt").write_bytes(data)
    add(archive, "gb", tmp_path / "gb.txt", "--encoding", "gb18030", "--retrieved", "2025-03-04T10:00:00Z")
    digest = hashlib.sha256(data).hexdigest()
    stamp = "20250305T100000Z"
    key = H.key_for(digest, stamp)
    H.commit(archive, {H.sighting_path("gb", key): H.sighting(
        "gb", key, digest, len(data), H.retrieved_at(stamp), encoding="latin-1")})
    before = head(archive)
    rederive = run("--archive", archive, "rederive")
    assert (rederive.exit_code, head(archive)) == (0, before) and "nothing to do" in rederive.stdout
    assert run("--archive", archive, "verify").exit_code == 0
    assert "我们取得了进展。" in run("--archive", archive, "show", "gb").stdout


def test_log_reads_only_the_versions_it_shows_and_their_predecessors(base, tmp_path):
    archive = copy(base, tmp_path / "arch")
    third = tmp_path / "briefing_v3.txt"
    third.write_bytes((FIXTURES / "briefing_v2.txt").read_bytes() + b"\nA closing sentence added later.\n")
    add(archive, "briefing", third, "--retrieved", "2025-03-06T12:00:00Z")
    digest = hashlib.sha256((FIXTURES / "briefing_v1.txt").read_bytes()).hexdigest()
    H.commit(archive, {f"statements/briefing/_raw/{digest}": b"not the bytes that were recorded\n"})
    newest = run("--archive", archive, "log", "briefing", "-n", "1", "--format", "json")
    assert newest.exit_code == 0, newest.stderr
    assert [(v["version"], v["unreadable"]) for v in json.loads(newest.stdout)["versions"]] == [(3, None)]
    every = run("--archive", archive, "log", "briefing", "--format", "json")
    assert every.exit_code == 0, every.stderr  # the other versions still log; the changed one says so
    unreadable = {v["version"]: v["unreadable"] for v in json.loads(every.stdout)["versions"]}
    assert unreadable[3] is None
    assert all(unreadable[n].startswith("briefing@1: the stored bytes are missing or no longer match") for n in (1, 2))


def test_file_names_with_newlines_never_start_a_line_of_their_own(base, tmp_path):
    archive = copy(base, tmp_path / "arch")
    forged = "\n::error file=README.md,line=1::forged annotation\n1 statement, 3 sightings"
    H.commit(archive, {f"statements/good/_raw/x{forged}": b"bytes\n"})
    verify = run("--archive", archive, "verify")
    assert verify.exit_code == 1 and H.forged_commands(verify.stdout) == []
    assert "x\\n::error file=README.md" in verify.stdout  # shown, escaped
    folder = tmp_path / "inputs"
    folder.mkdir()
    shutil.copy(FIXTURES / "check_bad.txt", folder / f"evil{forged}.txt")
    check = run("check", folder)
    assert check.exit_code == 1 and H.forged_commands(check.stdout) == []
    assert all(line.startswith((str(folder), "redline check:")) for line in check.stdout.splitlines())


def test_a_sighting_naming_a_codec_its_bytes_are_not_in_leaves_the_rest_readable(base, tmp_path):
    archive = copy(base, tmp_path / "arch")
    text = "讲话\n2025-03-04\n\n答:我们取得了进展。\n".encode()
    (tmp_path / "zh.txt").write_bytes(text)
    add(archive, "zh", tmp_path / "zh.txt", "--retrieved", "2025-03-06T10:00:00Z")
    [path] = [p for p in H.git(archive, "ls-tree", "-r", "--name-only", "HEAD").decode().split()
              if p.startswith("statements/zh/_sightings/")]
    fields = json.loads(H.git(archive, "show", f"HEAD:{path}"))
    H.commit(archive, {path: H.encode({**fields, "encoding": "ascii"})})  # a sound record, the wrong codec
    shown = run("--archive", archive, "show", "zh")
    assert shown.exit_code == 2 and len(shown.stderr.splitlines()) == 1 and "not valid ascii" in shown.stderr
    logged = run("--archive", archive, "log", "zh")
    assert logged.exit_code == 0 and "    changes unknown: zh@1: not valid ascii" in logged.stdout
    site = run("--archive", archive, "export-site", tmp_path / "public")
    assert site.exit_code == 0, site.stderr
    assert "unreadable" in (tmp_path / "public" / "s" / "zh" / "index.html").read_text(encoding="utf-8")
    assert run("--archive", archive, "show", "good").exit_code == 0
