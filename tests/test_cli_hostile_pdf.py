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
import zlib

from redline.cli.testing import run


def make_pdf(pages: list[bytes]) -> bytes:
    """A PDF with one page (US Letter, Helvetica as /F1) per content stream, each Flate-compressed."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for content in pages:
        kids.append(len(objects) + 1)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {len(objects) + 2} 0 R "
                       "/Resources << /Font << /F1 3 0 R >> >> >>".encode())
        packed = zlib.compress(content, 9)
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream")
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def runs(spots: list[tuple[int, int]], text: bytes = b"Hello world.") -> bytes:
    """A content stream drawing ``text`` in 12-point Helvetica once at each ``(x, y)``."""
    return b"".join(b"BT /F1 12 Tf %d %d Td (%s) Tj ET\n" % (x, y, text) for x, y in spots)


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
