"""Resolve a speaker as an article names them to a speaker of the transcript.

An article says ``习近平主席``, ``国家主席习近平``, ``the Prime Minister``,
``Mr Johnson`` or ``发言人``; a transcript labels turns ``答`` or ``A`` and
names its principal speaker in its title (``外交部发言人赵立坚主持例行记者会``,
``Prime Minister Boris Johnson's address …``). A :class:`Speaker` gathers a
person's name, roles and turn labels; :func:`resolve_speaker` matches a
written name against them: label first, then full name, surname, role.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .document import Document
from .speakers import ANSWERERS, QUESTIONERS

# Roles as titles write them, each with the shorter forms articles use.
_ROLE_FORMS = {
    "外交部发言人": ("发言人",),
    "国家主席": ("主席",),
    "国务院总理": ("总理",),
    "Foreign Ministry Spokesperson": ("Spokesperson", "the spokesperson", "Foreign Ministry spokesperson"),
    "Prime Minister": ("PM",),
}
_ZH_ROLES = "外交部发言人|发言人|国家主席|国务院总理|总理|主席|国务委员|外长|部长|总书记|大使|副主席"
_ZH_TITLE = re.compile(rf"(?P<role>{_ZH_ROLES})(?P<name>[\u4e00-\u9fff]{{2,3}}?)(?=主持|发表|在|就|答|出席|会见|讲话|的|：|$)")
_EN_ROLES = (r"Foreign Ministry Spokesperson|Spokesperson|Prime Minister|PM|President|Chancellor|"
             r"Foreign Secretary|Secretary of State|Health Secretary|Minister")
_EN_TITLE = re.compile(rf"(?P<role>{_EN_ROLES})\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{1,2}})(?:’s|'s)")
_EN_ROLE_ONLY = re.compile(rf"^(?P<role>{_EN_ROLES})\b")
_PRESS_SUFFIXES = ("记者", "journalist", "reporter")
_HONORIFICS = re.compile(r"^(?:the|a|an|Mr|Mrs|Ms|Dr|Mr\.|Mrs\.|Ms\.|Dr\.)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:’s|'s)$")
MAX_SURNAME_FORM_WORDS = 3  # "Mr Boris Johnson": longer phrases merely mention a surname


@dataclass(frozen=True, slots=True)
class Speaker:
    """One person of a transcript: a name, the roles they hold, the labels of their turns."""

    name: str
    roles: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    principal: bool = False  # the one the title names: the speech's speaker, the press conference's host


def title_speaker(title: str) -> tuple[str | None, str | None]:
    """``(name, role)`` of the principal speaker a title names, either may be None."""
    match = _ZH_TITLE.search(title) or _EN_TITLE.search(title)
    if match:
        return match.group("name"), match.group("role")
    only = _EN_ROLE_ONLY.match(title)
    return (None, only.group("role")) if only else (None, None)


def role_forms(role: str | None) -> tuple[str, ...]:
    """A role and the shorter forms that name it (``外交部发言人`` -> ``发言人``)."""
    if not role:
        return ()
    for full, short in _ROLE_FORMS.items():
        if role == full or role in short:
            return (full, *short)
    return (role,)


def is_question_label(label: str) -> bool:
    """``问``, ``Q``, ``追问``, ``埃菲社记者``: a journalist's turn."""
    lowered = label.lower()
    return lowered in QUESTIONERS or lowered.endswith(_PRESS_SUFFIXES)


def is_answer_label(label: str, principal: str | None = None) -> bool:
    """``答``, ``A``, or the principal speaker's own name."""
    return label.lower() in ANSWERERS or (principal is not None and label == principal)


def transcript_speakers(doc: Document) -> list[Speaker]:
    """The speakers of a transcript: its principal (from the title) and its turn labels."""
    title = doc.metadata.title or (doc.header[0].text if doc.header else "")
    name, role = title_speaker(title)
    labels = sorted({turn.speaker for section in doc.sections for turn in section.turns})
    principal_labels = tuple(label for label in labels if is_answer_label(label, name))
    press_labels = tuple(label for label in labels if is_question_label(label))
    speakers = []
    if name or role or principal_labels:
        speakers.append(Speaker(name or role or principal_labels[0], role_forms(role), principal_labels, True))
    if press_labels:
        speakers.append(Speaker(press_labels[0], ("记者", "journalist", "reporter"), press_labels))
    taken = set(principal_labels) | set(press_labels)
    speakers.extend(Speaker(label, (), (label,)) for label in labels if label not in taken)
    return speakers


def resolve_speaker(written: str, speakers: Sequence[Speaker]) -> Speaker | None:
    """The transcript speaker ``written`` names, or None if none or several match."""
    plain = _plain(written)
    if not plain:
        return None
    for test in (_by_label, _by_name, _by_surname, _by_role):
        found = [s for s in speakers if test(plain, s)]
        if len(found) == 1:
            return found[0]
        if found:
            return None
    return None


def _plain(written: str) -> str:
    text = " ".join(written.split())
    text = _POSSESSIVE.sub("", text)
    while (stripped := _HONORIFICS.sub("", text)) != text:
        text = stripped
    return text


def _by_label(plain: str, speaker: Speaker) -> bool:
    return plain in speaker.labels


def _by_name(plain: str, speaker: Speaker) -> bool:
    """The full name, alone or with a title: 习近平主席, Prime Minister Boris Johnson."""
    return is_person(speaker) and speaker.name in plain


def _by_surname(plain: str, speaker: Speaker) -> bool:
    """'Mr Johnson', 'Johnson' for Boris Johnson; 'Lu' for Lu Kang (a Chinese name puts the surname first)."""
    if not is_person(speaker):
        return False
    words, name_words = plain.split(), speaker.name.split()
    if len(name_words) < 2 or len(words) > MAX_SURNAME_FORM_WORDS:
        return False
    return words[-1] == name_words[-1] or words == name_words[:1]


def is_person(speaker: Speaker) -> bool:
    """A speaker known by a name, not only by a role or a turn label."""
    if not speaker.name or speaker.name in speaker.roles:
        return False
    return speaker.principal or speaker.name not in speaker.labels


def _by_role(plain: str, speaker: Speaker) -> bool:
    lowered = plain.casefold()
    return any(lowered == role.casefold() or lowered == _plain(role).casefold() for role in speaker.roles)
