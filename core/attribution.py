"""Who is said to have said it: speech verbs, their subjects and their clauses.

Reported speech is found by its verb (``said that``, ``will tell … he is``,
``表示，``, ``你昨天说…``), the speaker is the phrase before the verb with time
and place adverbials removed (``习近平主席[在新年贺词中]指出`` -> ``习近平主席``),
and the quotation is the clause after it, without adverbials that belong
to the reporting verb (``at the press conference``, ``when he speaks``).
A speaker talking about their own speech in the present (``I only want to
stress``, ``这里我想强调的是``) is speaking, not quoting; in the past (``As I
said,``, ``我昨天已经说了，``) they quote themselves.

Everything here works on one sentence or one paragraph given as offsets into
the article, and returns offsets into it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from .quotemarks import OPENING_MARKS
from .script import HAN, has_han

_HAN = re.compile(f"[{HAN}]")

# ---------------------------------------------------------------- English

# Verbs whose clause may follow without "that" ("said China would…").
_EN_BARE = "say says said saying argue argues argued arguing insist insists insisted claim claims claimed".split()
# Verbs that take an addressee before the clause ("will tell the British public he is…").
_EN_TELL = "tell tells told telling warn warns warned".split()
# Verbs that report speech only with "that" ("added that", not "announce new measures").
_EN_THAT = (
    "add adds added stress stresses stressed state states stated declare declares declared "
    "announce announces announced report reports reported tweet tweets tweeted confirm confirms "
    "confirmed reiterate reiterates reiterated assert asserts asserted explain explains explained "
    "write writes wrote predict predicts predicted"
).split()
# Verbs that can follow the clause they report ("…, the Prime Minister will tell the UN today.").
_EN_TRAILING = frozenset(_EN_BARE + _EN_TELL + "add adds added".split())
_EN_PAST = frozenset("said argued insisted claimed told warned added stressed stated declared announced "
                     "reported tweeted confirmed reiterated asserted explained wrote predicted".split())
_EN_AUX = (
    "will would shall should can could may might must is are was were has have had be been also just "
    "then later already again not reportedly publicly recently once previously earlier yesterday today "
    "kept began continued expected going set likely to repeatedly"
).split()
_EN_AUX_SET = frozenset(_EN_AUX)
_EN_WORD_OR_MARK = re.compile(r"[\w’'-]+|[:“\"‘]")
# The auxiliaries before a verb are read backwards (:func:`_aux_start`): a regex reading them forwards
# backtracks over a long run of them ("then then then …") at every position.
_EN_VERB = re.compile(r"\b(?:" + "|".join(_EN_BARE + _EN_TELL + _EN_THAT) + r")\b")
# Words that cannot start the clause after "said" ("said so", "said to be").
_EN_NOT_CLAUSE = frozenset("to so nothing goodbye hello yes no sorry thanks thank is was are were about of for "
                           "on in at by with as".split())
_EN_SUBJECT_PRONOUNS = frozenset("he she it they we i you there this".split())
# An addressee ends before any of these: "warn leaders against complacency" has no clause.
_EN_STOP_WORDS = frozenset("against about of for on in at to with over from when if as because by into".split())
_EN_PP_START = frozenset("in at on during to after before last this yesterday today earlier recently "
                         "repeatedly publicly again also".split())
_EN_LEADING = re.compile(
    r"^(?:(?:but|and|so|besides|however|then|now|also|yesterday|today|earlier|previously|recently|"
    r"because|while|although|first|second|third|finally)\b,?\s+)+",
    re.IGNORECASE,
)
_EN_FIRST_PERSON = frozenset("i we".split())
_DETERMINERS = frozenset("the a an their his her its our my your this that these those".split())
# A person's name, possibly titled: the head of "Dr Phil Bryan, MHRA Vaccines Safety Lead".
_NAME = re.compile(r"^(?:(?:Dr|Mr|Mrs|Ms|Professor|Sir|Dame)\.?\s+)?(?!(?:In|At|On|As|When|If|After|Before|During|"
                   r"Second|First|Third|Finally|Besides|However|Meanwhile|Yesterday|Today)\b)"
                   r"[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,3}$")
_BULLET = re.compile(r"\s*[-•*·]\s+")
_EN_NOT_SUBJECT = frozenset("it which that what who there this these those".split())
MAX_EN_SUBJECT_WORDS = 7  # longer stretches before a verb are clauses, not speakers
MAX_EN_ADDRESSEE_WORDS = 6  # "the UN General Assembly" fits; a longer run is not an addressee
MAX_EN_PP_WORDS = 8  # "said in a statement on April 25 that": the gap before "that"
# Adverbials of the reporting verb that end the reported clause (who said it where, when).
_EN_REPORTING_TAIL = re.compile(
    r"\s+(?:at (?:the|a|an|yesterday's|today's|this|his|her|their) (?:[\w-]+ ){0,3}?"
    r"(?:press conference|news conference|briefing|conference|meeting|summit|rally|hearing)\b"
    r"|when (?:he|she|they) (?:speaks|spoke|addresses|addressed|meets|met|visits|visited)\b"
    r"|as (?:he|she) \w+s\b)"
)
# "As I said, X" / "Like you said, X": the clause follows the comma.
_EN_AS_SAID = re.compile(
    r"\b(?:as|like)\s+(?P<sp>I|we|you|he|she|they)\s+(?:have\s+|had\s+|just\s+)*"
    r"(?:said|kept saying|mentioned|stated|stressed|pointed out|made clear)\b[^,]{0,30},\s*",
    re.IGNORECASE,
)
_EN_CLAUSE_BOUNDARY = re.compile(r"[,;:()–—]\s*|\s(?:and|but|because|while|although|besides)\s")
# After a closing mark: '," Lu said' / ", said Lu" / "– PM to address…" (a headline); a role in lower
# case may come before the name: '," foreign ministry spokesman Geng Shuang told a news briefing' (the
# role ends in one of these nouns, and no word of it joins clauses: not '," while critics of X said'); and
# '", as he said' (after a comma: not the so-called term '"…" as the Russian journalist asked').
_ROLE_NOUN = (r"(?:spokes(?:man|woman|person)|minister|secretary|official|president|ambassador|envoy|chair(?:man|woman)?|"
              r"director|adviser|advisor|leader|commissioner|chief|governor|mayor|premier|chancellor|diplomat|"
              r"senator|lawmaker|negotiator|executive|economist|analyst|professor)")
_ROLE = (r"(?:(?:(?!(?:while|as|but|and|or|of|in|from|so|that|which|who|when|after|before|since|because|though|"
         rf"although|with|by|for|to|at|on|the|a|an)\b)[a-z][\w’'-]*\s+){{0,3}}{_ROLE_NOUN}\s+)?")
_EN_AFTER = re.compile(
    rf"^(?:,\s*as\s+(?=(?:he|she|they)\b)|[,.!?]?\s*)(?:{_ROLE}"
    r"(?P<sp>he|she|they|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}|the\s+[A-Za-z]+(?:\s+[A-Za-z]+){0,2})"
    r"\s+(?:also\s+)?(?:said|says|added|adds|told|asked|wrote|declared|warned|insisted|stated)\b"
    r"|(?:said|says|added)\s+(?P<sp2>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}))"
)
# A full stop after a word of more than one letter ends a sentence; after an initial (J., U.S.) it is the name's.
_SENTENCE_END_IN_NAME = re.compile(r"[^\W\d_]{2,}\.$")
_EN_HEADLINE_AFTER = re.compile(r"^\s*[–—-]\s*(?P<sp>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})")
# Before an opening mark: 'you began saying "', 'using the word "', 'he told reporters: "'.
_EN_BEFORE = re.compile(
    r"\b(?P<verb>said|says|say|saying|told|tells|tell|called|calls|calling|describes?|described|"
    r"using the (?:word|term|phrase|words)|used the (?:word|term|phrase|words)|and I quote|quoted|wrote|"
    r"writes|added|adds|declared|warned|insisted|asked)\b[^“\"‘]{0,40}$"
)

# ---------------------------------------------------------------- Chinese

# Speech verbs that take a clause; longest first so that 说过 wins over 说.
_ZH_VERBS = tuple(sorted("指出 表示 强调 说过 说道 说了 说 称 声称 宣称 宣布 透露 提到 重申 坦言 回应 写道".split(),
                        key=len, reverse=True))
_ZH_VERB = re.compile("|".join(_ZH_VERBS))
# 说 and 称 inside other words: 说明, 据说, 称为 (a name), 名称…
_ZH_NOT_VERB_AFTER = tuple("明 法 服 话 谎 号 赞 职 霸".split())
_ZH_NOT_VERB_BEFORE = tuple("据 小 所 传 听 解 游 名 简 号 堪 对 自 俗 虽 或 来 比如 就是 可以 不用".split())
_ZH_PRONOUNS = ("你们", "您们", "我们", "他们", "她们", "你", "您", "我", "他", "她")
_ZH_FIRST_PERSON = ("我", "我们")
# Verbs a pronoun can follow with a clause and no comma: 你昨天说中方不会…
_ZH_BARE_VERBS = ("说", "说过", "称", "表示")
# Time, place and topic phrases between a speaker and the verb: 昨天你[就有关涉港问题]表示.
_ZH_ADVERBIAL = re.compile(
    r"昨天|今天|前天|明天|日前|近日|近期|此前|之前|先前|刚才|刚刚|上周|上个月|本月初时?|月初|年初|当天|当日|同日|随后|"
    r"曾经|曾|已经|已|再次|多次|一再|反复|也|还|又|都|均|则|亦|就此|"
    r"就[^，。；：]{1,20}?(?:问题|事宜|一事|事|情况|表态)|在[^，。；：]{1,20}?(?:中|上|时|里|期间|之际)|"
    r"发“?(?:推特|推文|微博|声明|文章|视频)”?|发表[^，。；：]{0,6}?(?:声明|公报|谈话|文章|讲话|评论|社论)|"
    r"特别|尤其|专门|明确|公开|随即|当即|同时"
)
# Markers of a speaker quoting their own earlier words (我昨天说过 / 我已经说了).
_ZH_PAST = re.compile(r"昨天|前天|已经|曾|刚才|此前|上次|之前|过$|了$")
_ZH_CLAUSE_BREAK = "，,。！？!?；;：:、（）()\n"
_ZH_QUESTION = re.compile(r"是否|吗|什么|哪些|哪个|如何|怎么|为何|为什么|能否|请问|多少|有何|何时|何种")
_ZH_NOT_SUBJECT_START = tuple("这 那 其 它 该 此".split())
# Function characters a speaker's name or title never holds: 我对此作出[回应] is a clause.
_ZH_NOT_IN_SPEAKER = frozenset("对把被给从作了着过得将想不没就")
MAX_ZH_SPEAKER_CHARS = 14  # "个别香港律师团体" fits; longer is a clause, not a speaker
MIN_ZH_CLAUSE_CHARS = 4  # fewer Han characters after a verb are an object or a particle, not a clause
_ZH_NOT_CLAUSE_START = tuple("的 是 了 过".split())
# Characters read before a verb or mark for its speaker, and after a closing mark: a speaker
# is named within a clause of it, and the bound keeps one huge sentence from being reread per verb.
SPEAKER_REACH = 1000
ZH_MARK_REACH = 6  # chars between a verb and the mark it introduces: 说的是上述“ / 称他为“
ZH_NAMING_REACH = 5  # 称他为 / 称其为: the object between 称 and 为 is a word or two
_ZH_AFTER = re.compile(r"^[，,]?(?P<sp>[^的，。！？；：“”\s][^，。！？；：“”\s]{0,9}?)(?:也|还|又)?(?:说|表示|指出|强调|称)")


@dataclass(frozen=True, slots=True)
class Attribution:
    """A speaker as written and the span of the words naming them."""

    speaker: str
    start: int
    end: int
    self_quote: bool = False


@dataclass(frozen=True, slots=True)
class Reported:
    """Reported speech in one sentence: the clause and who said it."""

    start: int
    end: int
    attribution: Attribution
    colon: bool  # introduced by a colon: runs to the paragraph end




# ---------------------------------------------------------------- reported speech


def reported_speech(text: str, start: int, end: int) -> list[Reported]:
    """Reported-speech clauses in the sentence ``text[start:end]``.

    A clause after a colon ends with the sentence here; the caller decides
    whether the next sentences still belong to it (``colon`` is set).
    """
    if has_han(text[start:end]):
        return _zh_reported(text, start, end)
    return _en_reported(text, start, end)


def _en_reported(text: str, start: int, end: int) -> list[Reported]:
    as_said = _EN_AS_SAID.search(text, start, end)
    if as_said:
        who = Attribution(as_said.group("sp"), as_said.start(), as_said.end(), self_quote=True)
        return [Reported(as_said.end(), _trim_end(text, as_said.end(), end), who, colon=False)]
    for found_verb in _en_verbs(text, start, end):
        found = _en_clause(text, found_verb, start, end)
        if found:
            return [found]
    return []


@dataclass(frozen=True, slots=True)
class _Verb:
    """A speech verb and the auxiliaries right before it ("has already said"): ``start`` is where
    the auxiliaries begin (the verb's start when there are none)."""

    start: int
    verb_start: int
    end: int
    verb: str
    aux: tuple[str, ...]


def _en_verbs(text: str, start: int, end: int) -> Iterator[_Verb]:
    """The speech verbs of ``text[start:end]`` in order, each with its auxiliaries."""
    floor = start
    for match in _EN_VERB.finditer(text, start, end):
        begin = _aux_start(text, match.start(), floor)
        yield _Verb(begin, match.start(), match.end(), match.group(), tuple(text[begin:match.start()].split()))
        floor = match.end()


def _aux_start(text: str, verb_start: int, floor: int) -> int:
    """Where the run of :data:`_EN_AUX` words right before ``verb_start`` begins, each a whole word
    followed by whitespace and none before ``floor``; ``verb_start`` if there is none."""
    begin = verb_start
    while True:
        gap = begin
        while gap > floor and text[gap - 1].isspace():
            gap -= 1
        if gap == begin:
            return begin
        word = gap
        while word > floor and _is_word_char(text[word - 1]):
            word -= 1
        if (word > 0 and _is_word_char(text[word - 1])) or text[word:gap] not in _EN_AUX_SET:
            return begin
        begin = word


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what \w matches


def _en_clause(text: str, found: _Verb, start: int, end: int) -> Reported | None:
    """The clause ``found`` (a speech verb) reports, with its speaker."""
    verb = found.verb.lower()
    aux = found.aux
    if aux and aux[-1].lower() in ("is", "was", "were", "be", "been"):
        return None  # passive: "it is said that", "were told to"
    if _noun_use(text, start, found.verb_start, verb, aux):
        return None
    who = _en_subject(text, start, found.start)
    if who is None:
        return None
    first_person = any(word in _EN_FIRST_PERSON for word in who.speaker.lower().split())
    if first_person and not (verb in _EN_PAST or any(a.lower() in ("have", "has", "had", "kept") for a in aux)):
        return None  # "I only want to stress": the speaker speaking, not quoting
    who = Attribution(who.speaker, who.start, found.end, self_quote=first_person)
    after = _skip_space(text, found.end, end)
    if after < end and text[after] == ":":
        return _after_colon(text, after, end, who)
    clause = _en_clause_start(text, verb, after, end)
    if clause is None:
        return _en_trailing(text, start, who, end) if verb in _EN_TRAILING else None
    if text[clause] == ":":
        return _after_colon(text, clause, end, who)
    stop = _en_clause_end(text, clause, end)
    return Reported(clause, stop, who, colon=False) if stop > clause else None


def _after_colon(text: str, colon: int, end: int, who: Attribution) -> Reported | None:
    """The words after 'said:' / '强调：' in this sentence; None if a quotation mark opens
    them (the marked span is the quotation) or nothing follows."""
    content = _skip_space(text, colon + 1, end)
    if content >= end or text[content] in OPENING_MARKS:
        return None
    return Reported(content, _trim_end(text, content, end), who, colon=True)


def _noun_use(text: str, start: int, verb_start: int, verb: str, aux: tuple[str, ...]) -> bool:
    """'in their reports', 'avoid saying': the word is a noun or a gerund object, not a report."""
    if _word_before(text, verb_start, max(start, verb_start - SPEAKER_REACH)).lower() in _DETERMINERS:
        return True
    return verb.endswith("ing") and not aux


def _en_clause_start(text: str, verb: str, pos: int, end: int) -> int | None:
    """Where the reported clause begins after the verb, or None (a noun-phrase object)."""
    words = [(m.group(), m.start()) for m in islice(_EN_WORD_OR_MARK.finditer(text, pos, end), MAX_EN_PP_WORDS + 2)]
    if not words:
        return None
    first = words[0][0].lower()
    if first == "that":
        return _after_that(text, words[0][1], end)
    if verb in _EN_TELL:
        return _en_after_addressee(text, words, end)
    if first in _EN_PP_START:
        that = _en_that_after(words, end, text)
        if that is not None:
            return that
    if verb in _EN_BARE and first not in _EN_NOT_CLAUSE and first not in (":", "“", '"', "‘"):
        return words[0][1]
    return None


def _en_after_addressee(text: str, words: list[tuple[str, int]], end: int) -> int | None:
    """'tell the British public he is…': the clause starts at 'that' or a subject pronoun."""
    for count, (word, at) in enumerate(words):
        lowered = word.lower()
        if count > MAX_EN_ADDRESSEE_WORDS or lowered in _EN_STOP_WORDS:
            return None
        if word == ":":
            return at  # "to tell UN: It's time…": the colon opens the quotation
        if lowered == "that":
            return _after_that(text, at, end)
        if count and lowered in _EN_SUBJECT_PRONOUNS:
            return at
    return None


def _en_that_after(words: list[tuple[str, int]], end: int, text: str) -> int | None:
    """'said in a statement on April 25 that …'."""
    for word, at in words[1:]:
        if word.lower() == "that":
            return _after_that(text, at, end)
    return None


def _after_that(text: str, that: int, end: int) -> int | None:
    """Where the clause after the "that" at ``that`` begins; None if nothing follows it."""
    start = _skip_space(text, that + 4, end)
    return start if start < end else None


def _en_trailing(text: str, start: int, who: Attribution, end: int) -> Reported | None:
    """'X, the Prime Minister will tell the UN today.': the clause before the attribution."""
    comma = text.rfind(",", start, who.start)
    if comma <= start or text[comma + 1:who.start].strip():
        return None
    tail = text[who.end:end].strip(" .")
    if len(tail.split()) > MAX_EN_ADDRESSEE_WORDS + 1 or re.search(r"\bthat\b", tail):
        return None
    return Reported(start, comma, who, colon=False)


def _en_clause_end(text: str, clause: int, end: int) -> int:
    tail = _EN_REPORTING_TAIL.search(text, clause, end)
    return _trim_end(text, clause, tail.start() if tail else end)


def _en_subject(text: str, start: int, verb_start: int) -> Attribution | None:
    """The speaker before a verb: the clause-final noun phrase, adverbs removed.

    A name with a role in apposition gives the name: 'Dr Phil Bryan, MHRA
    Vaccines Safety Lead said', 'Stefan Laeger, the … Manager, said'.
    """
    floor = max(start, verb_start - SPEAKER_REACH)
    segments = _segments(text, floor, verb_start)
    if floor > start:
        segments = segments[1:]  # the first stretch is cut short: too long to hold a speaker
    if segments and not text[segments[-1][0]:segments[-1][1]].strip() and len(segments) > 1:
        segments.pop()  # "…Manager, said": the comma closes an apposition
    if not segments:
        return None
    begin, stop = segments[-1]
    if len(segments) > 1 and _NAME.match(text[segments[-2][0]:segments[-2][1]].strip()):
        begin, stop = segments[-2]
    phrase = text[begin:stop]
    for pattern in (_BULLET, _EN_LEADING):
        found = pattern.match(phrase)
        if found:
            begin += found.end()
            phrase = phrase[found.end():]
    words = phrase.split()
    while words and (words[-1].lower() in _EN_AUX or words[-1].lower().endswith("ly")):
        words.pop()  # "I can formally [announce]"
    if not words or len(words) > MAX_EN_SUBJECT_WORDS or words[0].lower() in _EN_NOT_SUBJECT:
        return None
    if not (words[0][0].isupper() or words[0].lower() in _EN_SUBJECT_PRONOUNS | {"the", "some", "you"}):
        return None
    if words[0].lower() in _EN_SUBJECT_PRONOUNS and len(words) > 1:
        return None  # "I have seen relevant [reports]": a pronoun and a verb, a clause
    begin += len(phrase) - len(phrase.lstrip())
    speaker = " ".join(words)
    return Attribution(speaker, begin, begin + len(text[begin:stop].rstrip(" ,")))


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stretches of ``text[start:end]`` between clause boundaries."""
    out, begin = [], start
    for boundary in _EN_CLAUSE_BOUNDARY.finditer(text, start, end):
        if boundary.group().strip() == "and" and _capitalised_around(text, boundary):
            continue  # "The Health and Social Care Secretary": one name
        out.append((begin, boundary.start()))
        begin = boundary.end()
    out.append((begin, end))
    return out


def _capitalised_around(text: str, match: re.Match) -> bool:
    """The word before ``match`` and the character after it are capitals ("Health and Social")."""
    word = _word_before(text, match.start(), max(0, match.start() - SPEAKER_REACH))
    return word[:1].isupper() and text[match.end():match.end() + 1].isupper()


def _word_before(text: str, pos: int, start: int) -> str:
    """The whitespace-delimited word of ``text[start:pos]`` nearest ``pos`` ("" if none), read backwards
    (so that a caller bounding ``start`` reads a bounded stretch)."""
    end = pos
    while end > start and text[end - 1].isspace():
        end -= 1
    begin = end
    while begin > start and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:end]


def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _zh_reported(text: str, start: int, end: int) -> list[Reported]:
    for match in _ZH_VERB.finditer(text, start, end):
        if not _zh_is_verb(text, match, start):
            continue
        who = zh_subject(text, start, match.start())
        if who is None:
            continue
        after = match.end()
        punct = text[after] if after < end else ""
        if punct not in "，,：:" and not (_zh_pronoun(who.speaker) and match.group() in _ZH_BARE_VERBS):
            continue  # 表示祝贺, 你提到六方会谈: an object, unless a pronoun says a clause (你昨天说中方…)
        if punct in "“「『\"":
            continue  # a marked quotation: found with the marks
        first_person = who.speaker.startswith(_ZH_FIRST_PERSON)
        if first_person and not (_ZH_PAST.search(text, who.start, match.end()) or match.group().endswith(("过", "了"))):
            continue  # 这里我想强调的是, 我可以重申: the speaker speaking
        who = Attribution(who.speaker, who.start, match.end(), self_quote=first_person)
        if punct in "：:":
            found = _after_colon(text, after, end, who)
            return [found] if found else []
        content = after + 1 if punct in "，," else after
        if text[content:content + 1] in _ZH_NOT_CLAUSE_START:
            continue  # 我昨天说的是…, 说过了。: no clause follows
        stop = _zh_clause_end(text, content, end)
        if len(_HAN.findall(text, content, stop)) >= MIN_ZH_CLAUSE_CHARS:
            return [Reported(content, stop, who, colon=False)]
    return []


def _zh_is_verb(text: str, match: re.Match, floor: int, naming: bool = False) -> bool:
    """Whether 说/称 at ``match`` is the verb (not 说明, 据说); 称他为 counts only when ``naming``."""
    word = match.group()
    if word in ("说", "称"):
        nxt = text[match.end():match.end() + 1]
        if nxt in _ZH_NOT_VERB_AFTER:
            return False
        if word == "称" and not naming and "为" in text[match.end():match.end() + ZH_NAMING_REACH]:
            return False  # 称他为“…”: naming someone, found with the marks
        before = text[max(floor, match.start() - 2):match.start()]
        if before.endswith(_ZH_NOT_VERB_BEFORE):
            return False
    return True


def _zh_pronoun(speaker: str) -> bool:
    return speaker in _ZH_PRONOUNS


def _zh_clause_end(text: str, content: int, end: int) -> int:
    """End of the sentence, or before the question clause that closes it (…，这是否意味着…？)."""
    stop = _trim_end(text, content, end)
    if text[stop - 1:stop] not in "？?":
        return stop
    commas = [i for i in range(content, stop) if text[i] in "，,"]
    for comma, following in zip(commas, commas[1:] + [stop]):
        if _ZH_QUESTION.search(text, comma, following):
            return comma
    return stop


def zh_subject(text: str, start: int, verb_start: int) -> Attribution | None:
    """The speaker before a Chinese verb: the clause before it, adverbials removed."""
    begin = verb_start
    floor = max(start, verb_start - SPEAKER_REACH)  # a longer clause is too long to end in a name anyway
    while begin > floor and text[begin - 1] not in _ZH_CLAUSE_BREAK:
        begin -= 1
    raw = text[begin:verb_start]
    # The subject is the last stretch left between adverbials (他昨天在记者会上 → 他).
    pieces = [piece.strip() for piece in _ZH_ADVERBIAL.split(raw) if piece.strip()]
    speaker = pieces[-1] if pieces else ""
    if not speaker or len(speaker) > MAX_ZH_SPEAKER_CHARS or speaker.startswith(_ZH_NOT_SUBJECT_START):
        return None
    if any(ch.isdigit() for ch in speaker) or speaker.endswith("的") or set(speaker) & _ZH_NOT_IN_SPEAKER:
        return None
    if not any(ch.isalpha() for ch in speaker) or not _balanced(speaker):
        return None  # punctuation is no one; an unclosed mark belongs to a quotation, not a name
    return Attribution(speaker, begin, verb_start)


def _balanced(text: str) -> bool:
    """Quotation marks in ``text`` close what they open (所谓“外事部门”的发言人 is a speaker; 主席“ is not)."""
    return all(text.count(a) == text.count(b) for a, b in ("“”", "「」", "『』", "‘’")) and text.count('"') % 2 == 0


# ---------------------------------------------------------------- around a marked span


def attribution_before(text: str, sentence_start: int, opened: int) -> Attribution | None:
    """A speech verb just before an opening mark, in the same sentence, and its subject."""
    near = max(sentence_start, opened - SPEAKER_REACH)
    if has_han(text[near:opened]):
        window_start = max(sentence_start, opened - ZH_MARK_REACH - 3)
        last = None
        for match in _ZH_VERB.finditer(text, window_start, opened):
            if opened - match.end() <= ZH_MARK_REACH and _zh_is_verb(text, match, sentence_start, naming=True):
                last = match
        if last is None:
            return None
        who = zh_subject(text, sentence_start, last.start())
        return Attribution(who.speaker, who.start, last.end()) if who else None
    match = _EN_BEFORE.search(text, near, opened)
    if not match:
        return None
    verb_start = _aux_start(text, match.start(), max(sentence_start, match.start() - SPEAKER_REACH))
    who = _en_subject(text, sentence_start, verb_start)
    return Attribution(who.speaker, who.start, match.end()) if who else None


def attribution_after(text: str, closed: int, sentence_end: int) -> Attribution | None:
    """', Lu said' / '他说' / '– PM to …' right after a closing mark."""
    pos = closed + 1
    tail = text[pos:min(sentence_end + 40, pos + SPEAKER_REACH)].split("\n", 1)[0]  # never into the next line
    if has_han(tail[:6]):
        match = _ZH_AFTER.match(tail)
        if match and len(match.group("sp")) <= MAX_ZH_SPEAKER_CHARS:
            return Attribution(match.group("sp"), pos + match.start("sp"), pos + match.end())
        return None
    match = _EN_AFTER.match(tail) or _EN_HEADLINE_AFTER.match(tail)
    if not match:
        return None
    group = "sp2" if match.groupdict().get("sp2") else "sp"
    speaker = match.group(group)
    if _SENTENCE_END_IN_NAME.search(speaker):
        speaker = speaker[:-1]  # '," said Lu.': the full stop ends the sentence, not the name
    return Attribution(speaker, pos + match.start(group), pos + match.end())


# ---------------------------------------------------------------- block quotes

_EN_INTRO = re.compile(
    r"\b(?:say|says|said|add|adds|added|tell|told|warn|warned|declare|declared|continue|continued|"
    r"write|wrote|argue|argued|state|stated)\b[^:.!?]{0,40}:\s*$"
)
_ZH_INTRO = re.compile(r"(?:指出|表示|强调|说|称|宣布|写道|重申)[^，。：]{0,10}[：:]\s*$")


def block_intro(text: str, start: int, end: int) -> Attribution | None:
    """The speaker of a paragraph that introduces a block quote ('He will add:', '…指出：')."""
    para = text[start:end]
    if has_han(para):
        match = _ZH_INTRO.search(para)
        if not match:
            return None
        who = zh_subject(text, start, start + match.start())
        if who is None or who.speaker.startswith(_ZH_FIRST_PERSON):
            return None
        return who
    match = _EN_INTRO.search(para)
    if not match:
        return None
    verb = next(_en_verbs(text, start, start + match.end()), None)
    if verb is None:
        return None
    who = _en_subject(text, start, verb.start)
    if who is None or who.speaker.lower() in _EN_FIRST_PERSON:
        return None
    return who
