"""Minimal PDFs written in a few lines, for the PDF reader's tests and bench/bench_pdf_scale.py (no binary
fixtures, no dependency)."""

from __future__ import annotations

import zlib


def make_pdf(pages: list[bytes], forms: list[bytes] = (), font: str = "Helvetica", compressed: bool = True) -> bytes:
    """A PDF with one page (US Letter) per content stream, each Flate-compressed unless told not.

    Pages and forms draw ``font`` as /F1 and form ``forms[i]`` as /Xi.
    """
    first_form = 4 + 2 * len(pages)
    xobjects = " ".join(f"/X{i} {first_form + i} 0 R" for i in range(len(forms)))
    resources = f"/Resources << /Font << /F1 3 0 R >> /XObject << {xobjects} >> >>"
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
               f"<< /Type /Font /Subtype /Type1 /BaseFont /{font} /Encoding /WinAnsiEncoding >>".encode()]
    for i, content in enumerate(pages):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {5 + 2 * i} 0 R "
                       f"{resources} >>".encode())
        objects.append(stream(b"", content, compressed))
    objects.extend(stream(f"/Type /XObject /Subtype /Form /BBox [0 0 612 792] {resources}".encode(), content, compressed)
                   for content in forms)
    return pdf_file(objects)


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF holding ``objects`` (numbered from 1, the first the catalog), with its cross-reference table."""
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


class Packed(bytes):
    """A content stream already Flate-compressed."""


def blank_lines(megabytes: int) -> Packed:
    """A content stream of ``megabytes`` MB of newlines (it draws nothing), compressed about 1,000 times."""
    packer, chunk = zlib.compressobj(9), b"\n" * (1 << 20)
    return Packed(b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush())


def stream(entries: bytes, content: bytes, compressed: bool = True) -> bytes:
    """A stream object holding ``content`` (as it is when :class:`Packed`)."""
    if not compressed:
        return b"<< %s /Length %d >>\nstream\n" % (entries, len(content)) + content + b"\nendstream"
    packed = content if isinstance(content, Packed) else zlib.compress(content, 9)
    return b"<< %s /Length %d /Filter /FlateDecode >>\nstream\n" % (entries, len(packed)) + packed + b"\nendstream"


def runs(spots: list[tuple[int, int]], text: bytes = b"Hello world.", size: int = 12) -> bytes:
    """A content stream drawing ``text`` in ``size``-point /F1 once at each ``(x, y)``."""
    return b"".join(b"BT /F1 %d Tf %d %d Td (%s) Tj ET\n" % (size, x, y, text) for x, y in spots)
