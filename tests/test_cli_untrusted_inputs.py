"""Files named on the command line, policies and options that break the usual shape (issue 9, items 2, 6, 8).

Output paths that are not regular files are written through, not replaced;
a policy, an encoding, a retrieval time, an archive the user cannot write,
an oversized or unending input: each is one clean line on stderr and exit 2,
never "internal error", never a partial write.

Assumptions where the issue leaves the interface open:
- a special file or symlink given to ``-o`` receives the report as stdout
  would carry it;
- EUC-KR input is decoded to the very text that was encoded, or, too short
  to tell from GB18030 Chinese, refused (exit 2, one line naming the fix);
  never mojibake.
"""

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from redline.cli.testing import run

FIXTURES = Path(__file__).parent / "fixtures"
BAD = FIXTURES / "check_bad.txt"
# Far above what redline needs for these commands, far below what the machine has: reading without bound hits it.
MEMORY_LIMIT = 1 << 30
# Bigger than the memory limit, so only a size check before reading can refuse it cleanly.
SPARSE_BYTES = 2 << 30
# prctl(2) and capabilities(7): a process drops a capability from its bounding set, and exec keeps it out.
PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 24, 1, 2, 3
DEEP = 100_000
KOREAN = ("외교부 대변인 정례 브리핑\n2025년 3월 4일\n\n"
          "대변인: 안녕하십니까. 오늘 브리핑을 시작하겠습니다. 우리는 대화를 계속할 것입니다.\n\n"
          "기자: 회담은 언제 열립니까?\n\n대변인: 아직 정해지지 않았습니다. 감사합니다.\n")


pytestmark = pytest.mark.usefixtures("fixed_git")


def assert_clean_error(result) -> None:
    """Exit 2 with one line on stderr that is not an internal error."""
    assert "internal error" not in result.stderr, result.stderr
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("Error: ")


def head(archive: Path) -> str:
    return subprocess.run(["git", f"--git-dir={archive}", "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture
def archive(tmp_path) -> Path:
    assert run("init", "arch").exit_code == 0
    assert run("--archive", "arch", "add", "good", FIXTURES / "check_good.txt").exit_code == 0
    return tmp_path / "arch"


def report() -> str:
    """What ``check BAD`` prints on stdout: what every ``-o`` target must receive."""
    result = run("check", BAD)
    assert result.exit_code == 1
    return result.stdout


# -- 2. -o PATH writes through special files and symlinks ----------------------------------
def test_output_through_a_symlink_writes_its_target(tmp_path):
    (tmp_path / "target.txt").write_text("old report\n")
    (tmp_path / "link.txt").symlink_to("target.txt")
    result = run("check", BAD, "-o", "link.txt")
    assert result.exit_code == 1
    assert (tmp_path / "link.txt").is_symlink() and os.readlink(tmp_path / "link.txt") == "target.txt"
    assert (tmp_path / "target.txt").read_text() == report()


def test_output_to_a_fifo_writes_into_it(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there, so the writer's open never blocks
    try:
        result = run("check", BAD, "-o", fifo)
        received = os.read(reader, 1 << 16).decode()
    finally:
        os.close(reader)
    assert result.exit_code == 1
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received == report()


def null_device(tmp_path: Path) -> Path:
    """A null device to write to: as root a private one (a regression must not replace the machine's)."""
    if os.geteuid() != 0:
        return Path(os.devnull)
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return device


def test_output_to_a_null_device_keeps_the_device(tmp_path):
    device = null_device(tmp_path)
    result = run("check", BAD, "-o", device)
    assert (result.exit_code, result.stderr) == (1, "")
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert list(tmp_path.iterdir()) in ([], [device])


@pytest.mark.parametrize("umask", [0o022, 0o027], ids=["022", "027"])
def test_a_report_file_gets_the_mode_the_umask_gives(tmp_path, umask):
    old = os.umask(umask)
    try:
        result = run("check", BAD, "-o", "report.txt")
    finally:
        os.umask(old)
    assert result.exit_code == 1
    assert stat.S_IMODE(os.stat("report.txt").st_mode) == 0o666 & ~umask
    assert Path("report.txt").read_text() == report()


# -- 6. policies -------------------------------------------------------------------------
@pytest.mark.parametrize("text, named", [
    ('[Rules]\nexcerpt-added = "off"\n', "Rules"),
    ('[rule]\nexcerpt-added = "off"\n', "rule"),
    ('[rules]\nexcerpt-added = "off"\n[extra]\nx = 1\n', "extra"),
], ids=["Rules", "rule", "extra-table"])
def test_a_policy_with_an_unknown_table_is_an_error(tmp_path, text, named):
    (tmp_path / "policy.toml").write_text(text)
    result = run("check", BAD, "--policy", "policy.toml")
    assert_clean_error(result)
    assert named in result.stderr and "policy.toml" in result.stderr


@pytest.mark.parametrize("text", [
    "x = " + "[" * DEEP + "]" * DEEP + "\n",
    "x = " + "{a = " * DEEP + "1" + "}" * DEEP + "\n",
], ids=["arrays", "inline-tables"])
def test_a_deeply_nested_policy_is_an_error(tmp_path, text):
    (tmp_path / "policy.toml").write_text(text)
    result = run("check", BAD, "--policy", "policy.toml")
    assert_clean_error(result)
    assert "policy.toml" in result.stderr


def run_limited(*args: object, cwd: Path) -> subprocess.CompletedProcess:
    """``redline ARGS`` in a process that cannot take more than MEMORY_LIMIT bytes."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run([sys.executable, "-m", "redline.cli", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, preexec_fn=limit, timeout=120)


def test_a_policy_that_never_ends_is_an_error(tmp_path):
    proc = run_limited("check", BAD, "--policy", "/dev/zero", cwd=tmp_path)
    assert "internal error" not in proc.stderr, proc.stderr
    assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1, proc.stderr
    assert "/dev/zero" in proc.stderr


def test_import_refuses_an_oversized_file_before_reading_it(archive, tmp_path):
    folder = tmp_path / "releases"
    folder.mkdir()
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(SPARSE_BYTES)
    before = head(archive)
    proc = run_limited("--archive", archive, "import", folder, "--id", "huge", cwd=tmp_path)
    assert "internal error" not in proc.stderr, proc.stderr
    assert proc.returncode == 2 and "huge.txt" in proc.stderr and "MB" in proc.stderr, proc.stderr
    assert head(archive) == before


# -- 8. encodings, times, a read-only archive ----------------------------------------------
BAD_BYTES = {
    "unicode_escape": b"Remarks\n\nA: a lone surrogate \\ud800 here. Then more.\n",
    "idna": b"xn--zz. Then more.\n",
}


@pytest.mark.parametrize("encoding", sorted(BAD_BYTES))
def test_a_forced_encoding_that_fails_is_a_clean_error(tmp_path, encoding):
    (tmp_path / "in.txt").write_bytes(BAD_BYTES[encoding])
    assert_clean_error(run("segment", "in.txt", "--encoding", encoding))
    assert_clean_error(run("diff", "in.txt", "in.txt", "--encoding", encoding))


@pytest.mark.parametrize("encoding", sorted(BAD_BYTES))
def test_add_with_a_forced_encoding_that_fails_writes_nothing(archive, tmp_path, encoding):
    (tmp_path / "in.txt").write_bytes(BAD_BYTES[encoding])
    before = head(archive)
    assert_clean_error(run("--archive", archive, "add", "enc", "in.txt", "--encoding", encoding))
    assert head(archive) == before


# Text these would decode, yet no document is in them: IDNA is for host names, and Python's lookup drops a bidi
# control from a name, so the second finds UTF-8 under a name no one can see as written.
REFUSED_ENCODINGS = {"idna": "'idna' is not an encoding documents are written in",
                     "utf-8\u202e": "unknown text encoding 'utf-8\\u202e'"}
DECODABLE = b"Remarks\n\nA: a short answer.\n"


@pytest.mark.parametrize("encoding", sorted(REFUSED_ENCODINGS))
def test_an_encoding_no_document_is_in_is_refused_before_reading(tmp_path, encoding):
    (tmp_path / "in.txt").write_bytes(DECODABLE)
    for args in (["segment", "in.txt"], ["diff", "in.txt", "in.txt"]):
        result = run(*args, "--encoding", encoding)
        assert_clean_error(result)
        assert REFUSED_ENCODINGS[encoding] in result.stderr, result.stderr


@pytest.mark.parametrize("encoding", sorted(REFUSED_ENCODINGS))
def test_add_never_records_an_encoding_no_document_is_in(archive, tmp_path, encoding):
    (tmp_path / "in.txt").write_bytes(DECODABLE)
    before = head(archive)
    result = run("--archive", archive, "add", "enc", "in.txt", "--encoding", encoding)
    assert_clean_error(result)
    assert REFUSED_ENCODINGS[encoding] in result.stderr and head(archive) == before


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_a_retrieval_time_outside_the_calendar_is_a_clean_error(archive, moment):
    before = head(archive)
    result = run("--archive", archive, "add", "late", BAD, "--retrieved", moment)
    assert_clean_error(result)
    assert head(archive) == before


def drop_file_capabilities() -> None:
    """In the child, before exec: root without the capabilities that let it ignore file permissions."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0):
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def run_as_reader(*args: object, cwd: Path) -> subprocess.CompletedProcess:
    """``redline ARGS`` bound by file permissions (as root too: a read-only archive is then read-only)."""
    return subprocess.run([sys.executable, "-m", "redline.cli", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, preexec_fn=drop_file_capabilities if os.geteuid() == 0 else None, timeout=120)


@pytest.fixture
def read_only(archive) -> Path:
    for path in [archive, *archive.rglob("*")]:
        path.chmod(path.stat().st_mode & ~0o222)
    return archive


def test_adding_to_a_read_only_archive_is_a_clean_error(read_only):
    before = head(read_only)
    proc = run_as_reader("--archive", read_only, "add", "new", BAD, cwd=read_only.parent)
    assert "internal error" not in proc.stderr, proc.stderr
    assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1, proc.stderr
    assert head(read_only) == before


def test_reading_a_read_only_archive_works(read_only):
    proc = run_as_reader("--archive", read_only, "log", "good", cwd=read_only.parent)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.startswith("@1  ")


# -- 8. Korean in EUC-KR -------------------------------------------------------------------
def test_euc_kr_korean_is_decoded_as_korean(archive, tmp_path):
    (tmp_path / "ko.txt").write_bytes(KOREAN.encode("euc-kr"))
    added = run("--archive", archive, "add", "ko", "ko.txt")
    assert added.exit_code == 0, added.stderr
    assert run("--archive", archive, "show", "ko").stdout == KOREAN
    segmented = run("segment", "ko.txt")
    assert segmented.exit_code == 0 and "외교부 대변인 정례 브리핑" in segmented.stdout


def test_a_korean_line_too_short_to_tell_from_chinese_is_refused_not_misread(archive, tmp_path):
    # In GB18030 it decodes too, into nonsense Chinese (review 5): refused, with the fix.
    (tmp_path / "ko.txt").write_bytes("대변인: 아직 정해지지 않았습니다.\n".encode("euc-kr"))
    before = head(archive)
    for args in (("--archive", archive, "add", "ko", "ko.txt"), ("segment", "ko.txt")):
        result = run(*args)
        assert_clean_error(result)
        assert "pass --encoding gb18030 or --encoding euc-kr" in result.stderr
    assert head(archive) == before
    forced = run("segment", "--encoding", "euc-kr", "ko.txt")
    assert forced.exit_code == 0 and "아직 정해지지 않았습니다." in forced.stdout