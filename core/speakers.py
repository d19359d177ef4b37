"""Recognise speaker labels (``卢比奥国务卿:``, ``问：``, ``MR PRICE:``, ``Q:``).

A label is a short name or role before a colon at the start of a line,
either alone on its line or followed by the speech (``提问:你能…``). The
hard part is what is *not* a label: a colon inside a sentence, and narrative
lead-ins such as ``会后有记者问及：`` or ``He said:``. Transcripts also write
stage directions into labels (``记者追问：``, ``Journalist adds:``): the
speaker is then the name without the verb.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

from .normalization import normalize
from .script import has_han

_COLON = re.compile(r"[:：]")
# Characters no label holds: sentence punctuation, quotes, brackets.
_NOT_IN_LABEL = re.compile(r"[。，,！？!?；;“”\"「」『』()（）、/\\@#=<>\[\]【】]")
# A number standing alone (a time, a date, a list item), unlike the 4 of CCTV4.
_BARE_NUMBER = re.compile(r"(?<![A-Za-z\d])\d")
_CLAUSE = re.compile(r"[，,、]")

# Roles that stand for whoever asks, and for whoever answers on behalf of the official side.
QUESTIONERS = frozenset("提问 问 追问 记者 q question questioner reporter journalist follow-up".split())
ANSWERERS = frozenset("答 回答 答问 a answer".split())
# Words of an English label that say what someone is, not who: "SECRETARY RUBIO" is Rubio.
_TITLES = frozenset(
    "the mr mrs ms miss dr sir dame lord lady secretary minister prime deputy foreign state general president "
    "vice premier chancellor ambassador spokesperson spokesman spokeswoman chair chairman chairwoman governor "
    "mayor senator representative rep sen gov commissioner director chief of for and under assistant acting "
    "his her excellency hon honourable honorable home health social care defence defense justice education "
    "exchequer treasury interior affairs trade business environment energy transport culture security national "
    "press international development work pensions communities housing attorney solicitor leader house "
    "commons cabinet office".split()
)
# Two spellings of one name share at least this much (difflib ratio, word by word): Kyiv and Kiev
# 0.75, Gaddafi and Qaddafi 0.86; Pakistan and Afghanistan 0.63, North and South 0.6, US and EU 0.5.
MIN_NAME_LIKENESS = 0.7
# A short form of a name has at least this many letters (Kath for Katharine; not A for Anna).
MIN_SHORT_NAME = 3
# A spokesperson's role, which a re-release may replace by the name (发言人 -> 赵立坚): the same answerer.
_SPOKESPEOPLE = frozenset("发言人 外交部发言人 spokesperson spokesman spokeswoman".split())
ROLE_WORDS = QUESTIONERS | ANSWERERS | frozenset(
    "主持人 发言人 翻译 口译 主席 问题 moderator participant interpreter audience".split()
)
_ZH_ROLE_SUFFIXES = tuple(
    "记者 发言人 国务卿 部长 外长 大使 总统 副总统 总理 首相 主席 秘书长 主任 司长 局长 "
    "处长 先生 女士 代表 议员 参赞 领事 团长 主持人 翻译 助理 顾问 官员 书记 "
    "市长 州长 省长 院长 校长 委员 特使 专员 将军 博士 教授 法官".split()
)
# Verbs that turn "name + verb:" into reported speech (a narrative lead-in).
_ZH_SPEECH_VERBS = tuple(
    "宣布 表示 指出 强调 通报 发布 介绍 问及 问道 说 说道 称 回应 答复 认为 补充 提到 "
    "谈到 谈及 透露 宣读 致辞 讲话".split()
)
_ZH_LEAD_IN_VERBS = _ZH_SPEECH_VERBS + ("问",)
# Endings of a phrase announcing what follows ("我强调以下几点：").
_ZH_ANNOUNCING = _ZH_SPEECH_VERBS + tuple("如下 以下 几点 两点 三点".split())
# Verbs transcripts append to a label as a stage direction.
_ZH_STAGE_VERBS = tuple("提问 追问 回答 解释 澄清 插话 笑 问".split())
# The speaker addresses or names someone: a sentence, never a label.
_ZH_SPEECH_MARKS = ("我", "你", "您", "大家", "请问")
# Notes that look like names.
_ZH_NOT_LABELS = frozenset("注 注释 附 附注 备注 说明 按 编者按 来源 附件 又及 例如 比如 提示".split())
# Narration ("有记者问") and forms of address ("各位代表") start like this.
_ZH_NOT_NAME_STARTS = ("有", "各位", "诸位", "尊敬的", "亲爱的")
# Function characters that betray a phrase rather than a name.
_ZH_PHRASE_CHARS = frozenset("我你他她它们的是有在这那将要想就对了和与及几点下以如些么什吗呢吧把被让给从向")
_EN_PARTICLES = frozenset("of the and de von van for al bin la le du da di del der y".split())
_EN_NOT_LABELS = frozenset(
    "note notes update updated editor's editors correction corrections source "
    "sources background see related photo image warning example summary contact "
    "tags date time location subject re fw attachment read more also "
    "dear fellow ladies distinguished excellencies friends colleagues".split()
)
_EN_SPEECH_VERBS = frozenset(
    "said says asked added told stated explained continued replied clarified "
    "noted wrote writes announced declared".split()
)
_EN_STAGE_VERBS = frozenset("asks adds clarifies explains continues interjects replies responds".split())
_EN_FIRST_PERSON = frozenset("i we i'd i'll let".split())
_EN_WORD = re.compile(r"^[A-Z][\w.'’&-]*$")
# Who narration is about in a transcript: the press and its spokespeople.
_PRESS_WORDS = ("记者", "发言人", "journalist", "reporter", "spokesperson", "spokesman", "spokeswoman")

MAX_LABEL_CHARS = 40
# Two names of one person share most of their characters (Dice): 卢比奥国务卿 and 国务卿卢比奥.
MIN_SAME_SPEAKER_OVERLAP = 0.5


def find_label(line: str, known: set[str] | frozenset[str] = frozenset()) -> tuple[str, int] | None:
    """Return ``(speaker, end)`` if ``line`` opens with a speaker label.

    ``end`` is the offset just past the colon. ``known`` holds speakers
    already seen in the document as label lines; they count as labels
    wherever they appear.
    """
    found = _prefix(line)
    if found is None:
        return None
    prefix, end = found
    speaker = prefix if prefix in known else _speaker(prefix)
    return (speaker, end) if speaker else None


def is_narration(line: str, names: Iterable[str] = ()) -> bool:
    """True if ``line`` opens with a third-person lead-in about the press.

    ``会后有记者问及：``, ``外交部发言人赵立坚宣布：``, ``The journalist
    clarified:``, or ``<one of names>表示：``. Such a line is the writer
    speaking, not the previous speaker, so it ends the current turn. A
    lead-in that quotes someone else inside an answer
    (``王毅…明确指出：``) is not narration.
    """
    found = _prefix(line)
    if found is None or not _is_lead_in(found[0]):
        return False
    prefix = found[0]
    lowered = prefix.lower()
    if any(word in lowered for word in _PRESS_WORDS):
        return True
    subject = _strip_verb(_CLAUSE.split(prefix)[-1])
    return len(subject) >= 2 and any(subject in name for name in names)


def _prefix(line: str) -> tuple[str, int] | None:
    """The text before a colon near the start of ``line``, and the offset past the colon."""
    colon = _COLON.search(line, 0, MAX_LABEL_CHARS + 1)
    if not colon:
        return None
    prefix = line[: colon.start()].rstrip()
    if not prefix or prefix != prefix.lstrip():
        return None
    return prefix, colon.end()


def _speaker(prefix: str) -> str | None:
    """The speaker a label names: the label, or its name without a stage verb."""
    if _NOT_IN_LABEL.search(prefix) or _BARE_NUMBER.search(prefix):
        return None
    if prefix.lower() in ROLE_WORDS:
        return prefix
    chinese = has_han(prefix)
    stem = _stage_stem(prefix, chinese)
    if stem and (stem.lower() in ROLE_WORDS or _is_name(stem, chinese)):
        return stem
    return prefix if _is_name(prefix, chinese) else None


def _stage_stem(prefix: str, chinese: bool) -> str | None:
    """``记者追问`` -> ``记者``; ``Journalist adds`` -> ``Journalist``."""
    if chinese:
        verb = next((v for v in _ZH_STAGE_VERBS if prefix.endswith(v)), None)
        stem = prefix[: -len(verb)].rstrip() if verb else ""
        # Only a role: 总统顾问 is an adviser, not 总统顾 asking.
        return stem if stem in ROLE_WORDS or stem.endswith(_ZH_ROLE_SUFFIXES) else None
    head, _, verb = prefix.rpartition(" ")
    return head if head and verb.lower() in _EN_STAGE_VERBS else None


def _is_name(text: str, chinese: bool) -> bool:
    return _is_chinese_name(text) if chinese else _is_english_name(text)


def _is_chinese_name(speaker: str) -> bool:
    compact = speaker.replace(" ", "")
    if len(compact) > 16 or compact.endswith(_ZH_ANNOUNCING):
        return False
    if compact in _ZH_NOT_LABELS or compact.startswith(_ZH_NOT_NAME_STARTS):
        return False
    if any(mark in compact for mark in _ZH_SPEECH_MARKS):
        # "请问蓬佩奥先生": a question put to someone.
        return False
    if compact.endswith(_ZH_ROLE_SUFFIXES):
        return True
    return len(compact) <= 6 and not (set(compact) & _ZH_PHRASE_CHARS)


def _is_english_name(speaker: str) -> bool:
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


def _is_lead_in(prefix: str) -> bool:
    """A reported-speech lead-in in the third person."""
    if has_han(prefix):
        return prefix.endswith(_ZH_LEAD_IN_VERBS) and not any(m in prefix for m in _ZH_SPEECH_MARKS)
    words = prefix.lower().split()
    return words[-1] in _EN_SPEECH_VERBS and words[0] not in _EN_FIRST_PERSON


def _strip_verb(clause: str) -> str:
    """``赵立坚表示`` -> ``赵立坚``; ``Hua Chunying said`` -> ``Hua Chunying``."""
    for verb in _ZH_LEAD_IN_VERBS:
        if clause.endswith(verb):
            return clause[: -len(verb)]
    return clause.rpartition(" ")[0] or clause


@lru_cache(maxsize=4096)  # a transcript has few speakers, asked about for every sentence
def different_speakers(a: str | None, b: str | None) -> bool:
    """True when both speakers are known and are not the same person or role."""
    if not a or not b or a == b:
        return False
    x, y = normalize(a).lower(), normalize(b).lower()
    if x == y:
        return False
    if _is_questioner(x) and _is_questioner(y):
        return False
    if _is_questioner(x) != _is_questioner(y):
        return True
    if x in ANSWERERS or y in ANSWERERS or x in _SPOKESPEOPLE or y in _SPOKESPEOPLE:
        return False  # "答"/"A"/"发言人" names no one: any official may be behind it
    if _initials(x) == y.replace(".", "") or _initials(y) == x.replace(".", ""):
        return False  # PM and Prime Minister, U.S. and United States
    if x.isascii() and y.isascii():
        return _other_person(_words(x), _words(y))
    return 2 * len(set(x) & set(y)) / (len(set(x)) + len(set(y))) < MIN_SAME_SPEAKER_OVERLAP


def one_name(old: str, new: str) -> bool:
    """Two spellings of one name, or a name and its short form (Kath, Katharine); not one word in the
    singular and the plural (River, Rivers)."""
    old, new = old.lower(), new.lower()
    if old + "s" == new or new + "s" == old:
        return False
    if min(len(old), len(new)) >= MIN_SHORT_NAME and (old.startswith(new) or new.startswith(old)):
        return True
    return SequenceMatcher(None, old, new).ratio() >= MIN_NAME_LIKENESS


def _other_person(x: list[str], y: list[str]) -> bool:
    """Whether two English labels (their words) name two people.

    By the words that are not titles, each spelling alike (Zelenskyy, Zelensky): one label's names all
    in the other's is one person (Rubio, SECRETARY RUBIO; Xi, Xi Jinping), else two (David Cameron,
    David Lammy). A label of titles only names no one against a name (Home Secretary, Priti Patel), and
    another office against titles only (CHANCELLOR, PRIME MINISTER).
    """
    x_names, y_names = [w for w in x if w not in _TITLES], [w for w in y if w not in _TITLES]
    if x_names and y_names:
        return not (_within(x_names, y_names) or _within(y_names, x_names))
    if x_names or y_names:
        return False
    return not (set(x) <= set(y) or set(y) <= set(x))


def _within(part: list[str], whole: list[str]) -> bool:
    return all(any(one_name(p, w) for w in whole) for p in part)


def _initials(label: str) -> str:
    """``pm`` for ``prime minister``; nothing for a label of one word."""
    words = _words(label)
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def _words(label: str) -> list[str]:
    """A lowercased English label's words, dots dropped: ``["us", "ambassador"]`` for ``u.s. ambassador``."""
    return re.findall(r"[^\W\d_]+", label.replace(".", ""))


def _is_questioner(speaker: str) -> bool:
    return speaker in QUESTIONERS or speaker.endswith(("记者", "reporter", "journalist"))
