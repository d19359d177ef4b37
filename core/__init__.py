"""redline's engine: documents, segmentation, normalisation, alignment and diff.

Plain data in, dataclasses out: nothing here prints, reads files named on a
command line, or imports click or git.
"""

from .align import align, compare, diff
from .decode import decode
from .document import Document, Line, Metadata, Section, Sentence, Turn
from .errors import RedlineError
from .normalize import normalize
from .result import Comparison, Pair, Side
from .segment import segment
from .sentences import split_sentences

__all__ = [
    "Comparison", "Document", "Line", "Metadata", "Pair", "RedlineError", "Section", "Sentence",
    "Side", "Turn", "align", "compare", "decode", "diff", "normalize", "segment", "split_sentences",
]
