"""redline's engine: documents, segmentation, normalisation, alignment and diff.

Plain data in, dataclasses out: nothing here prints, reads files named on a
command line, or imports click or git. The public names below are loaded on
first use, so importing one module (say :mod:`redline.core.policy`) does not
load the whole engine.
"""

from __future__ import annotations

from importlib import import_module

_PUBLIC = {
    "align": "alignment", "compare": "alignment", "diff": "alignment",
    "decode": "encoding",
    "Document": "document", "Line": "document", "Metadata": "document", "Section": "document",
    "Sentence": "document", "Turn": "document",
    "RedlineError": "errors",
    "normalize": "normalization",
    "Op": "ops",
    "Comparison": "result", "Kind": "result", "Pair": "result", "Side": "result", "Summary": "result",
    "QuoteKind": "result", "QuoteReport": "result", "QuoteSource": "result", "QuoteTrace": "result",
    "quotes": "sourcing",
    "segment": "parse",
    "split_sentences": "sentences",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
