"""Recognise speaker labels (``卢比奥国务卿:``, ``问：``, ``MR PRICE:``, ``Q:``).

A label is a short name or role before a colon at the start of a line,
either alone on its line or followed by the speech (``提问:你能…``). The
hard part is what is *not* a label: a colon inside a sentence, and narrative
lead-ins such as ``会后有记者问及：`` or ``He said:``.
"""

from __future__ import annotations

import re

_COLON = re.compile(r"[:：]")
# Characters no label holds: sentence punctuation, quotes, brackets, digits.
_NOT_IN_LABEL = re.compile(r"[。，,！？!?；;“”\"「」『』()（）《》、\d/\\@#=<>\[\]【】]")
_HAN = re.compile(r"[\u3400-\u9fff]")

ROLE_WORDS = frozenset(
    "问 答 提问 回答 追问 记者 主持人 发言人 翻译 口译 主席 问题".split()
    + "q a question answer moderator participant follow-up journalist "
    "interpreter reporter audience".split()
)
_ZH_ROLE_SUFFIXES = tuple(
    "记者 发言人 国务卿 部长 外长 大使 总统 副总统 总理 首相 主席 秘书长 主任 司长 局长 "
    "处长 先生 女士 代表 议员 参赞 领事 团长 主持人 翻译 助理 顾问 官员 发言人 书记 "
    "市长 州长 省长 院长 校长 委员 特使 专员 将军 博士 教授 法官".split()
)
_ZH_SPEECH_VERBS = tuple(
    "宣布 表示 指出 强调 通报 发布 介绍 问及 问道 说 说道 称 回应 答复 认为 补充 提到 "
    "谈到 谈及 透露 宣读 致辞 讲话 如下 以下 几点 两点 三点".split()
)
# Function characters that betray a phrase rather than a name.
_ZH_PHRASE_CHARS = frozenset("我你他她它们的是有在这那将要想就对了和与及几点下以如些么什吗呢吧把被让给从向")
_EN_PARTICLES = frozenset("of the and de von van for al bin la le du da di del der y".split())
_EN_NOT_LABELS = frozenset(
    "note notes update updated editor's editors correction corrections source "
    "sources background see related photo image warning example summary contact "
    "tags date time location subject re fw attachment read more also".split()
)
_EN_SPEECH_VERBS = frozenset(
    "said says asked asks added adds told stated explained continued replied "
    "noted wrote writes announced declared".split()
)
_EN_WORD = re.compile(r"^[A-Z][\w.'’&-]*$")

MAX_LABEL_CHARS = 40


def find_label(line: str, known: set[str] | frozenset[str] = frozenset()) -> tuple[str, int] | None:
    """Return ``(speaker, end)`` if ``line`` opens with a speaker label.

    ``end`` is the offset just past the colon. ``known`` holds speakers
    already seen in the document as label lines; they count as labels
    wherever they appear.
    """
    colon = _COLON.search(line, 0, MAX_LABEL_CHARS + 1)
    if not colon:
        return None
    prefix = line[: colon.start()]
    speaker = prefix.strip()
    if not speaker or prefix != prefix.lstrip() or _NOT_IN_LABEL.search(speaker):
        return None
    if speaker in known or _is_label(speaker):
        return speaker, colon.end()
    return None


def _is_label(speaker: str) -> bool:
    if speaker.lower() in ROLE_WORDS:
        return True
    if _HAN.search(speaker):
        return _is_chinese_label(speaker)
    return _is_english_label(speaker)


def _is_chinese_label(speaker: str) -> bool:
    compact = speaker.replace(" ", "")
    if len(compact) > 16 or compact.endswith(_ZH_SPEECH_VERBS):
        return False
    if compact.endswith(_ZH_ROLE_SUFFIXES):
        return True
    return len(compact) <= 6 and not (set(compact) & _ZH_PHRASE_CHARS)


def _is_english_label(speaker: str) -> bool:
    words = speaker.split()
    if not 1 <= len(words) <= 6:
        return False
    lowered = [w.lower() for w in words]
    if lowered[0] in _EN_NOT_LABELS or lowered[-1] in _EN_SPEECH_VERBS:
        return False
    capitalised = 0
    for word in words:
        if _EN_WORD.match(word):
            capitalised += 1
        elif word.lower() not in _EN_PARTICLES:
            return False
    return capitalised > 0 and _EN_WORD.match(words[0]) is not None
