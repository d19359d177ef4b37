"""redline's engine: documents, segmentation, normalisation, alignment and diff.

Plain data in, dataclasses out: nothing here prints, reads files named on a
command line, or imports click or git. The public names below are loaded on
first use, so importing one module (say :mod:`redline.core.policy`) does not
load the whole engine.
"""

from __future__ import annotations

from .lazyload import lazy_exports

_PUBLIC = {
    "align": "alignment", "compare": "alignment", "diff": "alignment",
    "decode": "encoding",
    "extract": "extraction", "Extracted": "extracted", "PageMeta": "extracted",
    "Document": "document", "Line": "document", "Metadata": "document", "Section": "document",
    "Sentence": "document", "Turn": "document",
    "RedlineError": "errors",
    "compile_ignore": "ignore", "drop_ignored": "ignore",
    "normalize": "normalization",
    "Op": "ops",
    "Comparison": "result", "Kind": "result", "Pair": "result", "Side": "result", "Summary": "result",
    "QuoteKind": "result", "QuoteReport": "result", "QuoteSource": "result", "QuoteTrace": "result",
    "quotes": "sourcing",
    "segment": "parse",
    "split_sentences": "sentences",
}
__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_exports(__name__, _PUBLIC, globals())
