"""Meaning flags: changes that alter what a sentence says even when few characters change.

``editorial`` (bracketed notes inserted or removed, :mod:`.notes`);
``negation`` (a negating word, or a negating prefix, added or removed:
not, never, 不, 没有; conditional → unconditional); ``reversal`` (a word
replaced by its opposite with no negation: supports → opposes, 上升 →
下降; :mod:`.antonyms`); ``number``; ``hedge`` (a qualifier cut or added: I
think, somewhat, 可能); ``quote`` (quotation marks added or removed);
``name`` (a proper name spelled another way) and ``speaker`` (the words are
attributed to someone else: another speaker's turn, or another name before
a speech verb, ``John Smith said`` → ``Mary Jones said``).
"""

from __future__ import annotations

import re
from collections import Counter

from .normalization import normalize_all
from .antonyms import reversed_chinese, reversed_english
from .notes import BRACKETED, editorial
from .ops import DELETE, EQUAL, INSERT, RESPELL, Op, join_a, join_b
from .script import HAN
from .speakers import different_speakers, one_name
from .tokens import token_texts
from .trims import HEAD, TAIL, cut_positions

FLAGS = ("editorial", "negation", "reversal", "number", "hedge", "quote", "name", "speaker")
# The flags that say a sentence now says something else: a trim or edit carrying one is unfaithful.
MEANING = ("negation", "reversal", "number")

_CLAUSE = re.compile(r"[,;:!?。，、；：！？]|——|—")
# A clause cut off the end of an excerpt sentence from its conjunction on is out of the kept text's scope.
_LEADING_CONJUNCTION = re.compile(r"^\s*(?:and|but|or|nor|while|whereas|although|though|because|yet|so)\b", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Prefixes that negate the English word they stand before; the word must be this long to be judged.
_NEGATING_PREFIXES = ("un", "non-", "non", "in", "im", "il", "ir", "dis")
MIN_PREFIXED_WORD = 4
_NOT_HAN = re.compile(f"[^{HAN}]")
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]+")
# A respelled name is a few words; more is a rewrite.
MAX_NAME_WORDS = 3
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*")
# Capitalised words that name a time, not a person.
_NOT_NAMES = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
                       "June July August September October November December Today Yesterday Tomorrow".split())
# Verbs that attribute the sentence's words (English; a Chinese name cannot be told from another word).
_SPEECH_VERB = (r"\b(?:said|says|say|told|tells|stated|states|added|adds|announced|announces|declared|"
                r"warned|stressed|explained|commented|wrote)\b")
# After the quotation only, the inverted order: '"We will act," said Dan Bond.' (not "said Britain would act").
_INVERTED_VERB = r"[”\"’,]\s*\b(?:said|says|added|adds|stated|declared|explained|commented|stressed|warned)\b"
# Between a speaker's name and its verb: at most an appositive between commas ("Dan Bond, flood duty manager, said").
_APPOSITIVE = r"(?:,[^.;:!?,]{0,120},)?"
# The ending of a contracted word: It's, We're, They'll.
_CONTRACTED = re.compile(r"['’](?:s|re|ll|ve|d|m)$")
# Transliterated Chinese names run from two to eight characters...
NAME_HAN_CHARS = (2, 8)
# ...most of them from the small set of characters transliteration uses.
MIN_TRANSLITERATED_SHARE = 0.6

_NEG_CHARS = set("不没未非无别莫勿否")
# Words that hold a negating character but negate nothing: 非常 "very", 未来 "future", and names and
# words common in briefings (南非 South Africa, 莫迪 Modi, 非盟 the African Union, 是否 "whether",
# 个别 "certain", 别国 "other countries", 无人机 "drone", 不错 "good").
_NEG_NOT = tuple(
    "不过 不断 不仅 不但 不管 不论 不少 不久 非常 无论 未来 无疑 无比 莫过于 别的 别人 "
    "特别 区别 分别 类别 级别 告别 非洲 无线 不禁 "
    "南非 北非 西非 东非 中非 非盟 非政府 莫迪 莫斯科 莫桑比克 莫里森 莫拉莱斯 不丹 "
    "是否 能否 可否 与否 否则 个别 别国 识别 性别 派别 差别 无人机 不错 差不多 是不是".split()
)
# A word jieba keeps whole (four characters or more) counts as one negation only when it negates: it opens
# with a negating adverb (决不允许, 毫不动摇, 并不认为), or says "cannot" (解决不了), or is one of the
# idioms of steadfastness that 毫不动摇 is swapped with (坚定不移), so that one negation for another is
# none. Other long words that hold such a character negate nothing said (无产阶级, 香港特别行政区,
# 非公有制, 面向未来), and neither do the idioms that affirm (毫无疑问 "undoubtedly").
_NEG_ADVERBS = ("决不", "绝不", "毫不", "并不", "从不", "永不", "从未", "并未", "尚未", "毫无", "绝无",
                "并无", "决非", "绝非", "并非", "从没", "并没", "不再", "不能", "不会", "不要", "不得")
_CANNOT = ("不了", "不到", "不起", "不成", "不住", "不出", "不下")
_STEADFAST = frozenset("坚定不移 始终不渝 坚持不懈 不懈努力 锲而不舍 不可动摇".split())
_AFFIRMING = frozenset("毫无疑问 毫无疑义 毫不犹豫 毫不逊色 毫无保留 毫不含糊".split())
_NEG_EN = frozenset("not no never none nobody nothing neither nor nowhere cannot without".split())
_HEDGES_ZH = (
    "我认为", "我觉得", "我相信", "我想", "认为", "觉得", "可能", "也许", "或许", "大概", "大约",
    "似乎", "好像", "恐怕", "据说", "据报道", "据悉", "估计", "基本上", "几乎", "差不多", "有望",
    "有些", "有点", "稍微", "略微", "较为", "相对", "大体上", "一定程度上", "某种程度上", "初步",
)
# "may" in lower case only (May is a month, or Theresa May); "around" only before an amount
# ("around 300", "around a third"), not "around the world", or at the end of a changed piece, whose
# amount stays in the kept words ("[-Around -]300 people").
_AMOUNT_AHEAD = (r"(?=\s*$|\s+(?:[\d£$€¥]|(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|"
                 r"fifty|half|hundreds?|thousands?|millions?|dozens?|noon|midnight|a (?:third|quarter|fifth|tenth|"
                 r"half|dozen|hundred|thousand|million|billion))\b))")
_HEDGES_EN = re.compile(
    r"\b(?:I think|I believe|I feel|I guess|I suspect|in my view|perhaps|maybe|possibly|probably|"
    r"likely|might|could|(?-i:may)|seems?|appears?|reportedly|allegedly|arguably|apparently|presumably|"
    rf"approximately|roughly|almost|nearly|around{_AMOUNT_AHEAD}|somewhat|slightly|largely|mostly|partly|partially|"
    r"broadly|generally|relatively|fairly|rather|virtually|essentially|potentially|"
    r"to (?:some|a certain) extent|in part|more or less|a little|a bit)\b",
    re.I,
)
_ARABIC = re.compile(r"\d+(?:[.,:]\d+)*%?")
_QUANTIFIER = re.compile(
    r"\b(?:less|more|fewer|greater) than\b|\b(?:over|under|up to|at least|at most|about|around|nearly|"
    r"almost|approximately|roughly|some)\b|超过|不到|不足|将近|近|约|大约|至少|至多|多达|以上|以下|左右",
    re.I,
)
# After the number in Chinese: 5.5%左右 "about 5.5%", 5.5%以内 "within 5.5%" (not 多 or 余, which begin
# words too: 一个多边机制 is no "more than one").
_TRAILING_QUANTIFIER = re.compile(r"^(?:左右|上下|以内|之内|以上|以下|开外)")
_ENDS_WITH_NUMBER = re.compile(r"(?:\d%?|[零〇一二两三四五六七八九十百千万亿][周天年月日时分秒岁倍名位个次条项份人万亿%]?)\s*$")
_LEADING_NUMBER = re.compile(r"^\s*[£$€¥]?\s*(?:\d|[零〇一二两三四五六七八九十百千万亿]{1,4}[周天年月日时分秒岁倍名位个次条项份人])")
_ZH_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_ZH_UNITS = set("周天年月日时分秒岁倍名位个次点条项份人国届批架艘枚件亿万%番")
_TIME_UNITS = set("周天年月日时分秒岁倍")
# Words spelled with numerals that count nothing (十分 "very", 一道 "together").
_NOT_NUMBERS = (
    "十分", "万分", "千万", "一道", "一同", "一起", "一直", "一定", "一致", "一切", "一些", "一样",
    "一般", "一旦", "一再", "一带一路", "一向", "一律", "一贯", "一味", "一方面", "一下", "一度",
    "统一", "唯一", "万一", "不一", "一流", "一系列", "一体",
    "两国", "两岸", "两党", "两会", "两军", "两院",  # "both countries", "both sides of the Strait"...
)
_EN_NUMBERS = re.compile(
    r"\b(?:zero|one|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|(?:hundred|thousand|million|billion|dozen)s?|first|second|third|half|"
    r"doubled?|tripled?|quadrupled?|halved|twice|threefold|fourfold|tenfold|two)\b",
    re.I,
)
# Dates named by their day or month count too: "on Monday" → "on Tuesday", "in March" → "in April";
# not after a capitalised word that is no preposition (Theresa May, Mrs. May), nor May before a
# pronoun ("May I ask").
_EN_DATES = re.compile(r"(?:\b(\w+)\.?\s)?\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                       r"January|February|March|April|May|June|July|August|September|October|November|December)\b"
                       r"(?=(?:\s(\w+))?)")
_DATE_LEADS = frozenset("in on by since until from last next this early late mid before after through of to "
                        "and or between".split())
_NOT_AFTER_MAY = frozenset("i we you he she they it god".split())
# Before 十/百/千/万/亿, an amount in round figures: 数百, 几千, 上万.
_ROUGHLY = set("数几上成")
# 星期三, 周四: the day of the week; 上周, 明年: a time told from today.
_ZH_DATES = re.compile(r"[上本下]?(?:星期|礼拜|周)[一二三四五六日天]|[上本下]周|[上下]个?月|本月|[前去今明后]年|[前昨今明后]天")
_EN_RELATIVE = re.compile(r"\b(?:yesterday|today|tomorrow|(?:last|this|next) (?:week|month|year))\b", re.I)
_TRANSLIT = set(
    "阿埃艾安奥巴拜班邦保贝本比彼宾波伯布查达戴丹德迪蒂丁东杜多厄恩法菲费芬佛弗福盖甘戈格古哈海汉豪赫"
    "亨胡华霍基吉加贾杰金卡凯坎康科克肯库拉莱赖兰朗劳勒雷蕾里利莉连列林琳卢鲁伦罗洛马迈麦曼梅门蒙米"
    "明莫姆穆纳奈南内尼涅努诺欧帕佩彭皮普奇齐乔切琴萨塞桑瑟森沙莎舍什施斯索塔泰坦汤特滕提图托瓦万威"
    "韦维温沃乌西希谢辛休许亚扬耶伊因尤于扎泽詹哲兹佐川奥尔瑞庞培蓬裴鲍杨戈洛玛娜妮丽娃莎"
)


def pair_flags(ops: list[Op], a_key: str, b_key: str, a_speaker: str | None,
               b_speaker: str | None, excerpt: bool) -> list[str]:
    """The meaning flags of one pair, in the order of :data:`FLAGS`.

    ``a_key``/``b_key`` are the pair's comparison keys. Bracketed notes are
    the editor's words, not the speaker's: they raise ``editorial`` and are
    left out of the other checks.
    """
    found = set()
    if editorial(ops, a_key, b_key, excerpt):
        found.add("editorial")
    if ops:  # without word-level changes no word-level flag can be raised
        found |= _word_flags(ops, excerpt)
    if different_speakers(a_speaker, b_speaker):
        found.add("speaker")
    return [flag for flag in FLAGS if flag in found]


def _word_flags(ops: list[Op], excerpt: bool) -> set[str]:
    """The flags raised by the words deleted and inserted."""
    deleted, inserted, scoped = (
        [BRACKETED.sub(" ", text) for text in texts] for texts in _changes(ops, excerpt)
    )
    scoped_keys, inserted_keys = normalize_all(scoped), normalize_all(inserted)
    found = set()
    if _count(_negations, scoped_keys) != _count(_negations, inserted_keys) or _prefix_negated(scoped, inserted):
        found.add("negation")
    if _reversed(scoped_keys, inserted_keys):
        found.add("reversal")
    old_text, new_text = " ".join(scoped), " ".join(inserted)
    # A date is judged on whole sentences ("[-last-]{+this+} week", "In [-May-]{+June+}"): only one replaced
    # by another counts, so a date cut from an excerpt is none.
    if Counter(_numbers(old_text)) != Counter(_numbers(new_text)) or _requalified(ops) \
            or _redated(join_a(ops), join_b(ops)):
        found.add("number")
    if _count(_hedges, deleted) != _count(_hedges, inserted):
        found.add("hedge")
    if sum(t.count('"') for t in scoped_keys) != sum(t.count('"') for t in inserted_keys):
        found.add("quote")
    if _renamed(ops):
        found.add("name")
    if _reattributed(ops):
        found.add("speaker")
    return found


def _changes(ops: list[Op], excerpt: bool) -> tuple[list[str], list[str], list[str]]:
    """Deleted texts, inserted texts, and deletions in the kept text's scope.

    In an excerpt, words cut at the head or tail are out of scope except
    for the clause that runs into the kept words.
    """
    deleted, inserted, scoped = [], [], []
    position = cut_positions(ops) if excerpt else None
    for k, op in enumerate(ops):
        if op.kind == INSERT:
            inserted.append(op.b)
        elif op.kind == DELETE:
            deleted.append(op.a)
            where = position(k) if position else None
            if where == HEAD:
                scoped.append(_CLAUSE.split(op.a)[-1])
            elif where == TAIL:
                clause = _CLAUSE.split(op.a)[0]
                scoped.append("" if _LEADING_CONJUNCTION.match(clause) else clause)
            else:
                scoped.append(op.a)
    return deleted, inserted, scoped


def _count(find, texts: list[str]) -> int:
    return sum(len(find(text)) for text in texts)


def _negations(key: str) -> list[str]:
    """Negating words in ``key`` (normalised text)."""
    lowered = key.lower()
    if _NEG_CHARS.isdisjoint(key) and "n't" not in lowered and not any(word in lowered for word in _NEG_EN):
        return []  # no negating character and no English negation anywhere: no word can be one, nothing to cut
    found = []
    for token in token_texts(key):
        word = token.lower()
        if word in _NEG_EN or word.endswith("n't"):
            found.append(word)
        elif _NEG_CHARS.isdisjoint(word) or word.startswith(_NEG_NOT):
            continue
        elif len(word) <= 3 or (word not in _AFFIRMING and (word.startswith(_NEG_ADVERBS)
                                                          or word.endswith(_CANNOT) or word in _STEADFAST)):
            found.append(word)  # 不, 没有, 决不允许, 解决不了: one negation a word, so 决不 → 绝不 is none
    return found


def _redated(old: str, new: str) -> bool:
    """A day or month named replaced by another: Wednesday → Thursday, 上周 → 本周, last week → this week
    (not "until Wednesday" → "over the next few days", nor a date added beside the old one)."""
    before, after = Counter(_dates(old)), Counter(_dates(new))
    return bool(before - after) and bool(after - before)


def _dates(text: str) -> list[str]:
    return (_ZH_DATES.findall(text) + [m.lower() for m in _EN_RELATIVE.findall(text)]
            + [day for lead, day, following in _EN_DATES.findall(text) if _a_date(lead, day, following)])


def _a_date(lead: str, day: str, following: str) -> bool:
    if lead[:1].isupper() and lead.lower() not in _DATE_LEADS:
        return False  # part of a name: Theresa May
    return day != "May" or following.lower() not in _NOT_AFTER_MAY


def _numbers(text: str) -> list[str]:
    found = _ARABIC.findall(text) + [m.lower() for m in _EN_NUMBERS.findall(text)]
    for match in _ZH_NUMERAL.finditer(text):
        numeral = match.group()
        word_at = text[match.start():match.start() + 4]
        if word_at.startswith(_NOT_NUMBERS) and not word_at.startswith("十分钟"):
            continue
        following = text[match.end():match.end() + 1]
        if numeral in ("十", "百", "千", "万", "亿") and text[match.start() - 1:match.start()] in _ROUGHLY:
            found.append(text[match.start() - 1] + numeral)  # 数百 "hundreds", 上万 "tens of thousands"
            continue
        if numeral in ("一", "万", "千", "百", "亿") and following not in _TIME_UNITS:
            continue  # 一份, 一些, 万一: words, not counts
        if len(numeral) > 1 or following in _ZH_UNITS:
            found.append(numeral)
    return found


def _requalified(ops: list[Op]) -> bool:
    """A quantifier added or removed right before a number ("less than", 超过) or, in Chinese,
    right after one (左右, 以内)."""
    following = ""  # the kept text of the nearest unchanged op after the one at hand
    for k in range(len(ops) - 1, -1, -1):
        op = ops[k]
        if op.kind in (DELETE, INSERT) and k < len(ops) - 1 and _QUANTIFIER.search(op.text) \
                and _LEADING_NUMBER.match(following):
            return True
        if op.kind in (EQUAL, RESPELL):
            following = op.b
    preceding = ""  # the kept text of the nearest unchanged op before
    for op in ops:
        if op.kind in (DELETE, INSERT) and _TRAILING_QUANTIFIER.match(op.text) and _ENDS_WITH_NUMBER.search(preceding):
            return True
        if op.kind in (EQUAL, RESPELL):
            preceding = op.b
    return False


def _hedges(text: str) -> list[str]:
    """The qualifiers in ``text``."""
    return [h for h in _HEDGES_ZH if h in text] + _HEDGES_EN.findall(text)


def _prefix_negated(old: list[str], new: list[str]) -> bool:
    """An English word given or stripped of a negating prefix: conditional → unconditional."""
    old_words = {w.lower() for text in old for w in _WORD.findall(text)}
    new_words = {w.lower() for text in new for w in _WORD.findall(text)}
    for plain, other in ((old_words, new_words), (new_words, old_words)):
        for word in plain - other:
            if len(word) >= MIN_PREFIXED_WORD and any(p + word in other - plain for p in _NEGATING_PREFIXES):
                return True
    return False


def _reversed(old: list[str], new: list[str]) -> bool:
    """A word replaced by its opposite (changed pieces only, so a sentence that has both is not judged)."""
    old_text, new_text = " ".join(old), " ".join(new)
    return (reversed_chinese(old_text, new_text)
            or reversed_english(_WORD.findall(old_text), _WORD.findall(new_text)))


def _renamed(ops: list[Op]) -> bool:
    for first, second in zip(ops, ops[1:]):
        pair = {first.kind: first.text, second.kind: second.text}
        if set(pair) == {DELETE, INSERT} and _same_name(pair[DELETE], pair[INSERT]):
            return True
    return False


def _reattributed(ops: list[Op]) -> bool:
    """One proper name replaced by another (not respelled) where it names who spoke, on both sides:
    ``[-Katharine Smith-]{+Dan Bond+}, flood duty manager, said:``, ``said [-John Smith-]{+Mary Jones+}``."""
    for first, second in zip(ops, ops[1:]):
        pair = {first.kind: first.text.strip(), second.kind: second.text.strip()}
        if set(pair) == {DELETE, INSERT} and all(_is_name(pair[kind]) for kind in pair) \
                and not _same_name(pair[DELETE], pair[INSERT]) \
                and _speaks(join_a(ops), pair[DELETE]) and _speaks(join_b(ops), pair[INSERT]):
            return True
    return False


def _speaks(text: str, name: str) -> bool:
    """Whether ``name`` is the subject of a speech verb in ``text``."""
    name = re.escape(name)
    return re.search(rf"\b{name}{_APPOSITIVE}\s+{_SPEECH_VERB}|{_INVERTED_VERB}\s+{name}(?=\s*(?:[,.;:!?]|$))",
                     text) is not None


def _is_name(text: str) -> bool:
    """A capitalised name of one to ``MAX_NAME_WORDS`` words: ``Dan Bond``."""
    words = text.split()
    # A time word alone is no name ("said Monday"); within one it is (Theresa May, June Sarpong).
    return 0 < len(words) <= MAX_NAME_WORDS and all(_NAME_WORD.fullmatch(word) for word in words) \
        and not _NOT_NAMES.issuperset(words)


def _same_name(old: str, new: str) -> bool:
    """One short proper name respelled (not a dotted abbreviation, not a rewrite)."""
    if len(old.split()) > MAX_NAME_WORDS or len(new.split()) > MAX_NAME_WORDS:
        return False
    old_caps = _CAPITALISED.findall(old)
    new_caps = _CAPITALISED.findall(new)
    if old_caps and new_caps:
        if old.replace(".", "").strip() == new.replace(".", "").strip():
            return False  # US vs U.S.: the same abbreviation
        if [_CONTRACTED.sub("", w) for w in old_caps] == [_CONTRACTED.sub("", w) for w in new_caps]:
            return False  # It is vs It's: a contraction, not a name
        if len(old_caps) == len(new_caps):
            # Word by word: North Korea vs South Korea is another country, Zelenskyy vs Zelensky one man.
            return all(one_name(a, b) for a, b in zip(old_caps, new_caps) if a != b)
        return one_name(" ".join(old_caps), " ".join(new_caps))
    old_han = _NOT_HAN.sub("", old)
    new_han = _NOT_HAN.sub("", new)
    low, high = NAME_HAN_CHARS
    if not (low <= len(old_han) <= high and low <= len(new_han) <= high):
        return False
    # The characters that differ must be transliteration's too: 有利于 vs 不利于 is no name.
    differing = set(old_han) ^ set(new_han)
    return all(sum(ch in _TRANSLIT for ch in s) / len(s) >= MIN_TRANSLITERATED_SHARE
               for s in (old_han, new_han)) and bool(set(old_han) & set(new_han)) \
        and sum(ch in _TRANSLIT for ch in differing) >= len(differing) * MIN_TRANSLITERATED_SHARE
