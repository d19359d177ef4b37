"""Invariants of quotation finding on generated articles (hypothesis).

Articles are built from what real ones are made of: Chinese and English
words, speech verbs and speakers, every quotation mark (paired, nested,
unclosed, stray), apostrophes, colons, ellipses, speaker labels, bullets,
indentation and paragraph breaks.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from redline.core.quotation import STYLES, find_quotations
from redline.core.quotemarks import OPENING_MARKS

WORDS = [
    "习近平主席", "指出", "表示", "强调", "说", "称", "你昨天", "我也说过", "大家", "中方", "不会", "屈服于压力",
    "各行各业的人们都在挥洒汗水", "所谓", "的", "为", "the Prime Minister", "will say", "said that", "told",
    "the UN", "he", "you said", "As I said", "Ukraine’s", "don’t", "parents’", "finest hour", "China would",
    "take measures", "is expected to say", "at the press conference", "when he speaks", "We will",
    " ", " ", "，", ",", "、", "——", " – ", "…", "...", "(", ")", "（", "）", "《", "》",
]
MARKS = ["“", "”", "「", "」", "『", "』", "‘", "’", '"', "«", "»"]
ENDS = ["。", "！", "？", "；", ".", "!", "?", "：", ":", "”。", "。”", ".”"]
STRUCTURE = ["\n", "\n\n", "\n\n    ", "\n\n- ", "\n\n问：", "\n\n答：", "\n\nQ: ", "\n\nA: ", "\n  \n", "\u3000\u3000"]
pieces = st.one_of(*[st.sampled_from(WORDS)] * 5, *[st.sampled_from(MARKS)] * 2, st.sampled_from(ENDS),
                   st.sampled_from(STRUCTURE))
articles = st.lists(pieces, min_size=1, max_size=90).map("".join)
PROPERTY = settings(max_examples=400, deadline=None)


@PROPERTY
@given(articles)
def test_quotations_lie_in_the_article_in_order_and_never_overlap(text):
    found = find_quotations(text).quotations
    for q in found:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == q.text and q.text == q.text.strip()
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start
    assert [q.index for q in found] == list(range(len(found)))


@PROPERTY
@given(articles)
def test_marked_quotes_start_after_an_opening_mark(text):
    for q in find_quotations(text).quotations:
        assert q.style in STYLES and q.marked == (q.style != "reported")
        if q.style == "marks":
            assert text[:q.start].rstrip()[-1] in OPENING_MARKS


@PROPERTY
@given(articles)
def test_parts_lie_inside_their_quotation(text):
    for q in find_quotations(text).quotations:
        assert q.parts, q
        for part in q.parts + q.marked_parts:
            assert q.start <= part.start < part.end <= q.end
            assert text[part.start:part.end] == part.text
        for a, b in zip(q.parts, q.parts[1:]):
            assert a.end <= b.start


@PROPERTY
@given(articles)
def test_attributions_and_warnings_point_into_the_article(text):
    scan = find_quotations(text)
    for q in scan.quotations:
        if q.attribution is not None:
            start, end = q.attribution
            assert 0 <= start <= end <= len(text)
            assert q.speaker and q.speaker.replace(" ", "") in text[start:end].replace(" ", "").replace("\n", "")
        else:
            assert q.speaker == ""
    for warning in scan.warnings:
        assert text[warning.offset] in OPENING_MARKS | {"”", "」", "』", "»"}
    for term in scan.terms:
        assert text[:term.start].rstrip()[-1] in OPENING_MARKS
        assert all(term.end <= q.start or term.start >= q.end for q in scan.quotations)


@PROPERTY
@given(articles)
def test_text_without_any_mark_or_speech_verb_has_no_quotation(text):
    plain = text
    for word in MARKS + ["指出", "表示", "强调", "说", "称", "say", "said", "told", "tell", "：", ":"]:
        plain = plain.replace(word, "")
    assert find_quotations(plain).quotations == ()
