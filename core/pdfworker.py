"""Read a PDF's lines in a child process whose memory is limited.

pdfminer.six decodes a PDF's streams and font maps whole before a page
draws, so a few kilobytes can ask for gigabytes (a content stream that
inflates to 1 GB, a ``beginbfrange`` over three-byte codes). The caps of
:mod:`.pdflines` count what pages draw and cannot see this. So the reading
runs in a fresh interpreter (``python -m redline.core.pdfworker``, safe
beside the threads of ``watch``) that limits its own address space to
:data:`MAX_MEMORY` first: a file that needs more is refused with one line,
and nothing it asked for stays in the caller's process. Its CPU time is
limited too (:data:`MAX_CPU_SECONDS`): pdfminer.six loops for ever on
some damaged files.

The request is a length-prefixed JSON header (the input's name, the caps,
the limit) followed by the PDF's bytes on the child's stdin; the answer is
one :mod:`marshal` value on its stdout.
"""

from __future__ import annotations

import json
import marshal
import signal
import subprocess
import sys

from .errors import BadPdf, NoTextLayer, PdfTooLarge, RedlineError
from .pdflines import Fragment, Page

# Address space of the reading process. The real PDFs of the corpus and fixtures peak at about 55 MB of it,
# the interpreter and pdfminer.six included; the hostile shapes of bench/bench_pdf_scale.py at about 110 MB.
MAX_MEMORY = 1 << 30
# CPU seconds of the reading process. Within the caps a real or hostile PDF reads in about a minute at most
# here (docs/safety.md); pdfminer.six loops for ever on some damaged files (an object that refers to itself).
MAX_CPU_SECONDS = 300
_CAPS = ("MAX_PAGE_CHARS", "MAX_CHARS", "MAX_PAGES", "MAX_CONTENT_BYTES")
_ERRORS = {cls.__name__: cls for cls in (BadPdf, NoTextLayer, PdfTooLarge)}


def read(data: bytes, name: str) -> tuple[list[Page], str | None, str]:
    """The pages of PDF ``data``, its title and pdfminer.six's version, read by a child process.

    Raises :class:`BadPdf` (or :class:`PdfTooLarge`) on a file redline
    cannot read, past a cap or past :data:`MAX_MEMORY`.
    """
    from . import pdflines

    header = json.dumps({"name": name, "memory": MAX_MEMORY, "cpu": MAX_CPU_SECONDS,
                         "caps": {cap: getattr(pdflines, cap) for cap in _CAPS}}).encode()
    # -P: not the current folder first on the path, where a redline/core/pdfworker.py would be run instead.
    done = subprocess.run([sys.executable, "-P", "-m", __name__], input=len(header).to_bytes(4, "big") + header + data,
                          capture_output=True, check=False)
    answer = _answer(done.stdout) if done.returncode == 0 else None
    if answer is None and hasattr(signal, "SIGXCPU") and done.returncode == -signal.SIGXCPU:
        raise BadPdf(f"{name}: reading the PDF took more than {MAX_CPU_SECONDS} s of CPU (pdfminer.six loops on "
                     "some damaged files); redline reads no PDF that takes this long")
    if answer is None:
        raise BadPdf(f"{name}: cannot read the PDF ({_why(done)})")
    if answer[0] == "error":
        raise _ERRORS.get(answer[1], BadPdf)(answer[2])
    _, pages, title, version = answer
    return [Page(w, h, [Fragment(*f) for f in fragments]) for w, h, fragments in pages], title, version


def _answer(out: bytes) -> tuple | None:
    try:
        answer = marshal.loads(out)
    except (EOFError, ValueError, TypeError):
        return None
    return answer if isinstance(answer, tuple) and answer and answer[0] in ("ok", "error") else None


def _why(done: subprocess.CompletedProcess) -> str:
    """Why the reading process gave no answer, in a few words."""
    if done.returncode < 0:
        return f"its reader was stopped by signal {-done.returncode}, perhaps out of memory"
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return f"its reader failed: {lines[-1][:200]}" if lines else f"its reader exited with status {done.returncode}"


def _serve() -> None:
    """The child: read the request on stdin, write one answer on stdout."""
    stdin = sys.stdin.buffer
    size = int.from_bytes(stdin.read(4), "big")
    request = json.loads(stdin.read(size))
    _limit(request["memory"], request["cpu"])
    data = stdin.read()
    try:
        answer = _lines(data, request["name"], request["caps"])
    except MemoryError:
        answer = ("error", "PdfTooLarge", f"{request['name']}: the PDF needs more than {request['memory'] >> 20:,} MB "
                                          "of memory to read; redline reads no PDF this large")
    except RedlineError as exc:
        answer = ("error", type(exc).__name__, str(exc))
    except _encryption_errors():
        answer = ("error", "BadPdf", f"{request['name']}: the PDF is encrypted; redline reads no encrypted PDF")
    except Exception as exc:  # pdfminer raises many types on damaged or encrypted files
        answer = ("error", "BadPdf", f"{request['name']}: cannot read the PDF ({type(exc).__name__}: {str(exc)[:120]})")
    sys.stdout.buffer.write(marshal.dumps(answer))


def _limit(memory: int, cpu_seconds: int) -> None:
    """Lower this process's address space to ``memory`` bytes and its CPU time to ``cpu_seconds`` (SIGXCPU
    past it), where they are higher; and write no core file when SIGXCPU ends it (up to ``memory`` bytes)."""
    try:
        import resource
    except ImportError:  # not on this platform: the reading is unbounded, as in-process
        return
    for kind, limit in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CPU, cpu_seconds), (resource.RLIMIT_CORE, 0)):
        soft, hard = resource.getrlimit(kind)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        if soft == resource.RLIM_INFINITY or soft > limit:
            resource.setrlimit(kind, (limit, hard))


def _encryption_errors() -> tuple[type[Exception], ...]:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    return PDFEncryptionError, PDFPasswordIncorrect


def _lines(data: bytes, name: str, caps: dict[str, int]) -> tuple:
    import pdfminer

    from . import pdflines

    for cap in _CAPS:
        setattr(pdflines, cap, caps[cap])
    pages, document = pdflines.read_lines(data, name)
    title = pdflines.document_title(document)
    flat = [(page.width, page.height, [(f.x0, f.x1, f.top, f.bottom, f.text) for f in page.fragments])
            for page in pages]
    return "ok", flat, title, pdfminer.__version__


if __name__ == "__main__":
    _serve()
