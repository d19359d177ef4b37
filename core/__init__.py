"""redline's engine: documents, segmentation, normalisation (and, later, alignment and diff).

Plain data in, dataclasses out: nothing here prints, reads files named on a
command line, or imports click or git.
"""

from .decode import decode
from .document import Document, Line, Metadata, Section, Sentence, Turn
from .errors import RedlineError
from .normalize import normalize
from .segment import segment
from .sentences import split_sentences

__all__ = [
    "Document", "Line", "Metadata", "RedlineError", "Section", "Sentence", "Turn",
    "decode", "normalize", "segment", "split_sentences",
]
