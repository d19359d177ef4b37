"""PDFs built to make a reader slow: thousands of lines drawn at one spot or strewn over a page.

A few kilobytes of compressed drawing commands are enough. pdfminer.six's
grouping of lines into text boxes took time growing with the cube of the
lines near one another (the 2,000 lines at one spot below: 216 s; twice
as many, eight times as long); redline no longer asks for it
(core/pdflines.py). Each test here reads its PDF in about a second; none
measures time, so none depends on the machine's speed.
"""

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from redline.cli.testing import run

sys.path.insert(0, str(Path(__file__).parent))
from pdfs import blank_lines, make_pdf, pdf_file, runs  # noqa: E402  (tests/ is no package: the PDF writer bench/ shares)


def sentences(result) -> list[str]:
    assert result.exit_code == 0 and result.stderr == "", result.stderr
    return [s["text"] for section in json.loads(result.stdout)["sections"] for s in section["sentences"]]


def test_lines_drawn_at_one_spot_are_read(tmp_path):
    # 2,000 lines on top of one another (a 1 KB file): 216 s before, half a second now.
    path = tmp_path / "stacked.pdf"
    path.write_bytes(make_pdf([runs([(72, 400)] * 2000)]))
    assert path.stat().st_size < 1000
    # One line of the runs side by side: nothing dropped, nothing added.
    assert "".join(sentences(run("segment", "--format", "json", path))) == "Hello world." * 2000


def test_lines_strewn_over_a_page_are_read(tmp_path):
    # 5,000 runs at random spots of a 300 x 200 point area (fixed seed), overlapping: 46 s before, a second now.
    spots = random.Random(5).sample([(x, y) for x in range(60, 360, 2) for y in range(300, 500, 2)], 5000)
    path = tmp_path / "strewn.pdf"
    path.write_bytes(make_pdf([runs(spots)]))
    text = " ".join(sentences(run("segment", "--format", "json", path)))
    assert text.count("Hello world.") == 5000


# -- caps: what a small file can multiply is refused in one line, far above real statements ------------------

def one_line_error(result, message: str) -> None:
    assert result.exit_code == 2 and result.stdout == "", result.stdout
    assert result.stderr == f"Error: {message}\n"


def test_a_page_drawing_too_many_characters_is_refused(tmp_path):
    # 8,400 runs of 12 characters at one spot: 100,800 on one page (the densest real page has 4,458).
    path = tmp_path / "dense.pdf"
    path.write_bytes(make_pdf([runs([(72, 400)] * 8400)]))
    one_line_error(run("segment", path),
                   f"{path}: page 1 draws more than 100,000 characters; redline reads no PDF this dense")


def doubling_forms(depth: int, leaf: bytes) -> list[bytes]:
    """Forms /X0 (``leaf``) to /X``depth``, each drawing the one below twice: /X``depth`` draws ``leaf`` 2^depth times."""
    return [leaf] + [b"/X%d Do /X%d Do" % (i, i) for i in range(depth)]


def test_forms_drawing_text_through_forms_are_refused(tmp_path):
    # 2^30 runs of text through 31 forms, from 2 KB: the page's characters cap them (those of forms count too).
    path = tmp_path / "forms.pdf"
    path.write_bytes(make_pdf([b"/X30 Do"], doubling_forms(30, runs([(72, 400)]))))
    one_line_error(run("segment", path),
                   f"{path}: page 1 draws more than 100,000 characters; redline reads no PDF this dense")


def test_forms_drawing_nothing_through_forms_are_refused(tmp_path, monkeypatch):
    # 2^40 runs of 1 KB of drawing commands that draw nothing: without a cap, never done. The cap (16 MB,
    # 57 times the most of any real PDF, about half a minute) is lowered to 1 MB to keep the test short.
    from redline.core import pdflines

    monkeypatch.setattr(pdflines, "MAX_CONTENT_BYTES", 1 << 20)
    path = tmp_path / "forms.pdf"
    path.write_bytes(make_pdf([b"/X40 Do"], doubling_forms(40, b"q Q\n" * 256)))
    one_line_error(run("segment", path), f"{path}: the PDF runs more than 1 MB of drawing commands "
                                         "(a form drawn twice counts twice); redline reads no PDF this large")


def lines(count: int) -> bytes:
    """``count`` runs of 12 characters, one a line."""
    return runs([(72, 600 - 14 * i) for i in range(count)])


@pytest.mark.parametrize("cap, taken, refused, message", [
    ("MAX_PAGES", [lines(1)] * 3, [lines(1)] * 4, "the PDF has more than 3 pages; redline reads no PDF this long"),
    ("MAX_CHARS", [lines(2)] * 5, [lines(2)] * 5 + [lines(1)],
     "the PDF draws more than 120 characters; redline reads no PDF this long"),
    ("MAX_PAGE_CHARS", [lines(10)] * 2, [lines(10), lines(11)],
     "page 2 draws more than 120 characters; redline reads no PDF this dense"),
])
def test_each_cap_takes_what_it_names_and_refuses_more(tmp_path, monkeypatch, cap, taken, refused, message):
    from redline.core import pdflines

    monkeypatch.setattr(pdflines, cap, 3 if cap == "MAX_PAGES" else 120)  # lowered, to count exactly
    path = tmp_path / "capped.pdf"
    path.write_bytes(make_pdf(taken))
    assert "Hello world." in sentences(run("segment", "--format", "json", path))
    path.write_bytes(make_pdf(refused))
    one_line_error(run("segment", path), f"{path}: {message}")


def test_pdfminers_own_log_stays_off_stderr(tmp_path):
    data = make_pdf([runs([(72, 712)], b"We met today.")])
    end = data.index(b"\nendstream")
    damaged = data[:end - 4] + bytes(b ^ 0xFF for b in data[end - 4:end]) + data[end:]  # the stream's checksum
    (tmp_path / "damaged.pdf").write_bytes(damaged)
    # A process of its own: pytest's log capture would hide what logging prints there.
    result = subprocess.run([sys.executable, "-m", "redline.cli", "segment", str(tmp_path / "damaged.pdf")],
                            capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "")  # not "Data-loss while decompressing corrupted data"
    assert "We met today." in result.stdout


# -- memory: what pdfminer.six decodes before a page draws, bounded by reading in a limited process ----------

def test_a_stream_that_inflates_past_the_memory_limit_is_refused(tmp_path, monkeypatch):
    # A 400 KB file whose content stream inflates to 384 MB, against a limit lowered from 1 GB to 256 MB to keep
    # the test short: pdfminer.six inflates a stream whole before the page's drawing commands are counted.
    from redline.core import pdfworker

    monkeypatch.setattr(pdfworker, "MAX_MEMORY", 256 << 20)
    path = tmp_path / "bomb.pdf"
    path.write_bytes(make_pdf([blank_lines(384)]))
    assert path.stat().st_size < 1 << 20
    one_line_error(run("segment", path), f"{path}: the PDF needs more than 256 MB of memory to read; "
                                         "redline reads no PDF this large")
    # The reading process asked for the memory, not the one reading the file: measured in a fresh one.
    code = ("import re, sys\nfrom redline.core import pdfworker\nfrom redline.core.errors import PdfTooLarge\n"
            "pdfworker.MAX_MEMORY = 256 << 20\n"
            "try:\n    pdfworker.read(open(sys.argv[1], 'rb').read(), 'bomb.pdf')\nexcept PdfTooLarge:\n    pass\n"
            "print(re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read()).group(1))")
    peak_kb = int(subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                                 check=True).stdout)
    assert peak_kb < 150 << 10


def test_a_stream_inside_the_limit_is_read(tmp_path, monkeypatch):
    from redline.core import pdfworker

    monkeypatch.setattr(pdfworker, "MAX_MEMORY", 256 << 20)
    path = tmp_path / "padded.pdf"
    path.write_bytes(make_pdf([runs([(72, 712)], b"We met today."), blank_lines(12)]))
    assert sentences(run("segment", "--format", "json", path)) == ["We met today."]


def test_a_reader_that_dies_is_one_line(tmp_path, monkeypatch):
    # The reading process killed (the kernel's out-of-memory killer, say) gives no answer: one line says so.
    from redline.core import pdfworker

    monkeypatch.setattr(pdfworker.sys, "executable", str(tmp_path / "python"))
    (tmp_path / "python").write_text("#!/bin/sh\nkill -9 $$\n")
    (tmp_path / "python").chmod(0o755)
    path = tmp_path / "any.pdf"
    path.write_bytes(make_pdf([runs([(72, 712)], b"We met today.")]))
    one_line_error(run("segment", path), f"{path}: cannot read the PDF (its reader was stopped by signal 9, "
                                         "perhaps out of memory)")


def test_a_pdf_that_makes_the_reader_loop_is_refused_past_its_cpu_time(tmp_path, monkeypatch):
    # A content stream whose /Length is an object that refers to itself: pdfminer.six resolves it for ever.
    from redline.core import pdfworker

    monkeypatch.setattr(pdfworker, "MAX_CPU_SECONDS", 2)  # 300 s by default
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length 5 0 R >>\nstream\nBT ET\nendstream", b"5 0 R"]
    path = tmp_path / "loop.pdf"
    path.write_bytes(pdf_file(objects))
    one_line_error(run("segment", path), f"{path}: reading the PDF took more than 2 s of CPU (pdfminer.six loops on "
                                         "some damaged files); redline reads no PDF that takes this long")


def test_the_reading_process_never_runs_code_from_the_current_folder(tmp_path):
    # python -m puts the current folder first on the path: an unpacked tree holding redline/core/pdfworker.py
    # would have run in place of the installed reader.
    decoy = tmp_path / "untrusted" / "redline" / "core"
    decoy.mkdir(parents=True)
    (decoy / "pdfworker.py").write_text(f"open({str(tmp_path / 'ran')!r}, 'w').write('decoy')\n")
    (tmp_path / "in.pdf").write_bytes(make_pdf([runs([(72, 712)], b"We met today.")]))
    # -P as the console script runs: its own folder, not the current one, first on the path.
    result = subprocess.run([sys.executable, "-P", "-m", "redline.cli", "segment", str(tmp_path / "in.pdf")],
                            cwd=decoy.parent.parent, capture_output=True, text=True)
    assert not (tmp_path / "ran").exists()
    assert result.returncode == 0 and "We met today." in result.stdout, result.stderr
