"""Flags for changes that alter meaning even when few characters change.

``editorial`` (bracketed notes inserted or removed), ``negation``,
``number``, ``hedge`` (a qualifier cut), ``quote`` (quotation marks added
or removed), ``name`` (a proper name spelled another way) and ``speaker``
(the words are attributed to someone else). Also where a trim cut:
``head``, ``inside``, ``tail``.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

from .inline import Op
from .normalize import normalize
from .script import HAN
from .tokens import tokenize

FLAGS = ("editorial", "negation", "number", "hedge", "quote", "name", "speaker")

_BRACKETED = re.compile(r"[(\[〔【〈（［](?:[^()\[\]〔〕【】〈〉（）［］]{1,120})[)\]〕】〉）］]")
_ELLIPSIS = re.compile(r"^\s*[(\[]?\s*(?:\.{2,}|…+)\s*[)\]]?\s*$")
_CUT_PUNCT = re.compile(r"^[\s.,;:!?。，、；：！？…\-—]*$")
_CLAUSE = re.compile(r"[,;:!?。，、；：！？]|——|—")
_NEG_CHARS = set("不没未非无别莫勿否")
_NEG_NOT = tuple(
    "不过 不断 不仅 不但 不管 不论 不少 不久 非常 无论 未来 无疑 无比 莫过于 别的 别人 "
    "特别 区别 分别 类别 级别 告别 非洲 无线 不禁".split()
)
_NEG_EN = frozenset("not no never none nobody nothing neither nor nowhere cannot without".split())
_HEDGES_ZH = (
    "我认为", "我觉得", "我相信", "我想", "认为", "觉得", "可能", "也许", "或许", "大概", "大约",
    "似乎", "好像", "恐怕", "据说", "据报道", "据悉", "估计", "基本上", "几乎", "差不多", "有望",
)
_HEDGES_EN = re.compile(
    r"\b(?:I think|I believe|I feel|I guess|I suspect|in my view|perhaps|maybe|possibly|probably|"
    r"likely|might|could|seems?|appears?|reportedly|allegedly|arguably|apparently|"
    r"approximately|roughly|almost|nearly|around)\b",
    re.I,
)
_NOT_HAN = re.compile(f"[^{HAN}]")
_ARABIC = re.compile(r"\d+(?:[.,:]\d+)*%?")
_QUANTIFIER = re.compile(
    r"\b(?:less|more|fewer|greater) than\b|\b(?:over|under|up to|at least|at most|about|around|nearly|"
    r"almost|approximately|roughly|some)\b|超过|不到|不足|将近|近|约|大约|至少|至多|多达|以上|以下|左右",
    re.I,
)
_LEADING_NUMBER = re.compile(r"^\s*[£$€¥]?\s*(?:\d|[零〇一二两三四五六七八九十百千万亿]{1,4}[周天年月日时分秒岁倍名位个次条项份人])")
_ZH_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_ZH_UNITS = set("周天年月日时分秒岁倍名位个次点条项份人国届批架艘枚件亿万%")
_TIME_UNITS = set("周天年月日时分秒岁倍")
# Words spelled with numerals that count nothing (十分 "very", 一道 "together").
_NOT_NUMBERS = (
    "十分", "万分", "千万", "一道", "一同", "一起", "一直", "一定", "一致", "一切", "一些", "一样",
    "一般", "一旦", "一再", "一带一路", "一向", "一律", "一贯", "一味", "一方面", "一下", "一度",
    "统一", "唯一", "万一", "不一", "一流", "一系列", "一体",
)
_EN_NUMBERS = re.compile(
    r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion|first|second|third|half|dozen)\b",
    re.I,
)
_TRANSLIT = set(
    "阿埃艾安奥巴拜班邦保贝本比彼宾波伯布查达戴丹德迪蒂丁东杜多厄恩法菲费芬佛弗福盖甘戈格古哈海汉豪赫"
    "亨胡华霍基吉加贾杰金卡凯坎康科克肯库拉莱赖兰朗劳勒雷蕾里利莉连列林琳卢鲁伦罗洛马迈麦曼梅门蒙米"
    "明莫姆穆纳奈南内尼涅努诺欧帕佩彭皮普奇齐乔切琴萨塞桑瑟森沙莎舍什施斯索塔泰坦汤特滕提图托瓦万威"
    "韦维温沃乌西希谢辛休许亚扬耶伊因尤于扎泽詹哲兹佐川奥尔瑞庞培蓬裴鲍杨戈洛玛娜妮丽娃莎"
)
_ANSWERERS = ("答", "回答", "a", "answer", "答问")
_QUESTIONERS = ("提问", "问", "追问", "记者", "q", "question", "questioner", "reporter", "journalist", "follow-up")


def trim_sides(ops: list[Op]) -> list[str]:
    """Where deletions stand: ``head``, ``inside`` and/or ``tail``."""
    where = []
    for k, op in enumerate(ops):
        if op[0] == "+" and _ELLIPSIS.match(op[1]) and k in (0, len(ops) - 1):
            where.append("head" if k == 0 else "tail")  # "…" marking a cut at the edge
        if op[0] != "-":
            continue
        before = _kept_text(ops[:k])
        after = _kept_text(ops[k + 1:])
        if _CUT_PUNCT.match(before):
            where.append("head")
        elif _CUT_PUNCT.match(after):
            where.append("tail")
        else:
            where.append("inside")
    return [w for w in ("head", "inside", "tail") if w in where]


def is_trim(ops: list[Op]) -> bool:
    """Only words removed.

    Insertions may only be an ellipsis or punctuation at a cut, or the first
    kept word capitalised anew after a head cut ("I think we" → "We").
    """
    if not any(op[0] == "-" for op in ops) and not _edge_ellipsis(ops):
        return False
    for k, op in enumerate(ops):
        if op[0] != "+":
            continue
        if k in (0, len(ops) - 1) and _ELLIPSIS.match(op[1]):
            continue
        near_cut = any(0 <= n < len(ops) and ops[n][0] == "-" for n in (k - 1, k + 1))
        if not (near_cut and (_ELLIPSIS.match(op[1]) or _CUT_PUNCT.match(op[1]) or _recapitalised(ops, k))):
            return False
    return True


def _edge_ellipsis(ops: list[Op]) -> bool:
    return any(ops[k][0] == "+" and _ELLIPSIS.match(ops[k][1]) for k in {0, len(ops) - 1} if ops)


def _recapitalised(ops: list[Op], k: int) -> bool:
    if k != 1 or ops[0][0] != "-":
        return False
    cut_words, new_word = ops[0][1].split(), ops[k][1].strip()
    return bool(cut_words) and cut_words[-1].lower() == new_word.lower() != new_word


def _kept_text(ops: list[Op]) -> str:
    return "".join(op[-1] for op in ops if op[0] in "=~+")


def pair_flags(ops: list[Op], a_text: str, b_text: str, a_speaker: str | None,
               b_speaker: str | None, excerpt: bool) -> list[str]:
    """The meaning flags of one pair, in the order of :data:`FLAGS`.

    Bracketed notes are the editor's words, not the speaker's: they raise
    ``editorial`` and are left out of the other checks.
    """
    deleted, inserted, scoped = (
        [_BRACKETED.sub(" ", text) for text in texts] for texts in _changes(ops, excerpt)
    )
    found = set()
    if _editorial(ops, a_text, b_text, excerpt):
        found.add("editorial")
    if _count(_negations, scoped) != _count(_negations, inserted):
        found.add("negation")
    if Counter(_numbers(" ".join(scoped))) != Counter(_numbers(" ".join(inserted))) or _requalified(ops):
        found.add("number")
    if any(_has_hedge(text) for text in deleted):
        found.add("hedge")
    if sum(normalize(t).count('"') for t in scoped) != sum(normalize(t).count('"') for t in inserted):
        found.add("quote")
    if _renamed(ops):
        found.add("name")
    if different_speakers(a_speaker, b_speaker):
        found.add("speaker")
    return [flag for flag in FLAGS if flag in found]


def _changes(ops: list[Op], excerpt: bool) -> tuple[list[str], list[str], list[str]]:
    """Deleted texts, inserted texts, and deletions in the kept text's scope.

    In an excerpt, words cut at the head or tail are out of scope except
    for the clause that runs into the kept words.
    """
    deleted, inserted, scoped = [], [], []
    for k, op in enumerate(ops):
        if op[0] == "+":
            inserted.append(op[1])
        elif op[0] == "-":
            deleted.append(op[1])
            if excerpt and _CUT_PUNCT.match(_kept_text(ops[:k])):
                scoped.append(_CLAUSE.split(op[1])[-1])
            elif excerpt and _CUT_PUNCT.match(_kept_text(ops[k + 1:])):
                scoped.append(_CLAUSE.split(op[1])[0])
            else:
                scoped.append(op[1])
    return deleted, inserted, scoped


def without_notes(text: str) -> str:
    """``text`` with bracketed editorial notes removed."""
    return _BRACKETED.sub("", text)


def _editorial(ops: list[Op], a_text: str, b_text: str, excerpt: bool) -> bool:
    """A note inserted; or removed (in an excerpt: only when words took its place,
    as when an excerpt prints words where the transcript has （听不清）)."""
    old, new = _notes(a_text), _notes(b_text)
    if new - old:
        return True
    if not excerpt:
        return bool(old - new)
    return any(
        op[0] == "-" and _notes(op[1]) and any(ops[n][0] == "+" for n in (k - 1, k + 1) if 0 <= n < len(ops))
        for k, op in enumerate(ops)
    )


def _notes(text: str) -> Counter:
    return Counter(n for n in _BRACKETED.findall(normalize(text)) if not _ELLIPSIS.match(n))


def only_notes(text: str) -> bool:
    """True for a sentence that is nothing but bracketed notes (``（笑声）``, ``[Applause]``)."""
    return bool(_BRACKETED.search(text)) and not _BRACKETED.sub("", text).strip(" .。!！?？")


def _count(find, texts: list[str]) -> int:
    return sum(len(find(text)) for text in texts)


def _negations(text: str) -> list[str]:
    found = []
    for token in tokenize(normalize(text)):
        word = token.text.lower()
        if word in _NEG_EN or word.endswith("n't"):
            found.append(word)
        elif _NEG_CHARS & set(word) and len(word) <= 3 and not word.startswith(_NEG_NOT):
            found.append(word)
    return found


def _numbers(text: str) -> list[str]:
    found = _ARABIC.findall(text) + [m.lower() for m in _EN_NUMBERS.findall(text)]
    for match in _ZH_NUMERAL.finditer(text):
        numeral = match.group()
        word_at = text[match.start():match.start() + 4]
        if word_at.startswith(_NOT_NUMBERS) and not word_at.startswith("十分钟"):
            continue
        following = text[match.end():match.end() + 1]
        if numeral in ("一", "万", "千", "百", "亿") and following not in _TIME_UNITS:
            continue  # 一份, 一些, 万一: words, not counts
        if len(numeral) > 1 or following in _ZH_UNITS:
            found.append(numeral)
    return found


def _requalified(ops: list[Op]) -> bool:
    """A quantifier ("less than", 超过) added or removed right before a number."""
    for k, op in enumerate(ops[:-1]):
        if op[0] in "-+" and _QUANTIFIER.search(op[1]):
            following = next((o[-1] for o in ops[k + 1:] if o[0] in "=~"), "")
            if _LEADING_NUMBER.match(following):
                return True
    return False


def _has_hedge(text: str) -> bool:
    return any(h in text for h in _HEDGES_ZH) or bool(_HEDGES_EN.search(text))


def _renamed(ops: list[Op]) -> bool:
    for k in range(len(ops) - 1):
        pair = {ops[k][0]: ops[k][1], ops[k + 1][0]: ops[k + 1][1]}
        if set(pair) == {"-", "+"} and _same_name(pair["-"], pair["+"]):
            return True
    return False


def _same_name(old: str, new: str) -> bool:
    """One short proper name respelled (not a dotted abbreviation, not a rewrite)."""
    if len(old.split()) > 3 or len(new.split()) > 3:
        return False
    old_caps = re.findall(r"\b[A-Z][\w'’-]+", old)
    new_caps = re.findall(r"\b[A-Z][\w'’-]+", new)
    if old_caps and new_caps:
        if old.replace(".", "").strip() == new.replace(".", "").strip():
            return False  # US vs U.S.: the same abbreviation
        return SequenceMatcher(None, " ".join(old_caps), " ".join(new_caps)).ratio() >= 0.5
    old_han = _NOT_HAN.sub("", old)
    new_han = _NOT_HAN.sub("", new)
    if not (2 <= len(old_han) <= 8 and 2 <= len(new_han) <= 8):
        return False
    return all(sum(ch in _TRANSLIT for ch in s) / len(s) >= 0.6 for s in (old_han, new_han)) and bool(
        set(old_han) & set(new_han)
    )


def different_speakers(a: str | None, b: str | None) -> bool:
    """True when both speakers are known and are not the same person or role."""
    if not a or not b:
        return False
    x, y = normalize(a).lower(), normalize(b).lower()
    if x == y:
        return False
    if _is_questioner(x) and _is_questioner(y):
        return False
    if _is_questioner(x) != _is_questioner(y):
        return True
    if x in _ANSWERERS or y in _ANSWERERS:
        return False  # "答"/"A" names no one: any official may be behind it
    return 2 * len(set(x) & set(y)) / (len(set(x)) + len(set(y))) < 0.5


def _is_questioner(speaker: str) -> bool:
    return speaker in _QUESTIONERS or speaker.endswith(("记者", "reporter", "journalist"))
