"""Properties of segmentation on generated statements (hypothesis).

Texts are built from the pieces real statements are made of: Chinese and
Latin words, every kind of sentence punctuation, quotes and brackets, speaker
labels (line and inline), section markers, blank lines and CR/CRLF line ends.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from redline.core import decode, segment, split_sentences

WORDS = [
    "我们", "取得了", "非常", "巨大的", "进展", "卢比奥", "国务卿", "问题", "今天", "工作",
    "Marco", "Rubio", "U.S.", "Mr.", "No. 5", "3.5", "the", "talks", "We", "It", "progress",
    " ", " ", "  ", "\u3000", "，", ",", "、", "——", "“", "”", "‘", "’", '"', "'",
    "(", ")", "（", "）", "(听不清)", "【", "】", "《", "》", "：", ":",
    "在过去至少96小时里我们同乌克兰方面进行了密集接触", "the two sides agreed to deepen cooperation",
]
ENDS = ["。", "！", "？", "；", "…", "……", "!", "?", ";", ".", "...", "？”", "。）"]
STRUCTURE = [
    "\n", "\n\n", "\r\n", "\r", "\n卢比奥国务卿:\n", "\n提问:", "\n问：", "\n答：", "\nQ: ", "\nA: ",
    "\nMR PRICE:\n", "\n会后有记者问及：", "\n[节选部分]\n", "\n[完整内容]\n", "\n[Full transcript]\n",
    "\n美国务院 | ", "\nResponses\n",
]
# Mostly words, so that sentences of every length occur.
pieces = st.one_of(*[st.sampled_from(WORDS)] * 6, st.sampled_from(ENDS), st.sampled_from(STRUCTURE))
texts = st.lists(pieces, min_size=1, max_size=80).map("".join)
PROPERTY = settings(max_examples=300, deadline=None)


def lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def covered(doc) -> list[bool]:
    """Which characters of the text some part of the document accounts for."""
    mask = [False] * len(doc.text)
    spans = [(line.start, line.end) for line in doc.header + doc.trailer]
    for section in doc.sections:
        if section.label:
            spans.append((section.start - len(section.label), section.start))
        spans += [(t.start, t.end) for t in section.turns]
        spans += [(s.start, s.end) for s in section.sentences]
    for start, end in spans:
        mask[start:end] = [True] * (end - start)
    return mask


@PROPERTY
@given(texts)
def test_sentences_are_in_order_and_never_overlap(text):
    doc = segment(lf(text))
    ends = [(s.start, s.end) for s in doc.sentences]
    for (start, end), (next_start, _) in zip(ends, ends[1:]):
        assert start < end <= next_start


@PROPERTY
@given(texts)
def test_spans_point_at_their_text(text):
    doc = segment(lf(text))
    for sentence in doc.sentences:
        assert doc.text[sentence.start:sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() != ""
    for line in doc.header + doc.trailer:
        assert doc.text[line.start:line.end] == line.text


@PROPERTY
@given(texts)
def test_nothing_but_whitespace_is_lost(text):
    doc = segment(lf(text))
    lost = [ch for ch, seen in zip(doc.text, covered(doc)) if not seen]
    assert "".join(lost).strip() == ""


@PROPERTY
@given(texts)
def test_sentence_indices_turns_and_speakers_agree(text):
    doc = segment(lf(text))
    for section in doc.sections:
        assert [s.index for s in section.sentences] == list(range(len(section.sentences)))
        for sentence in section.sentences:
            turn = section.turns[sentence.turn] if sentence.turn is not None else None
            assert sentence.speaker == (turn.speaker if turn else None)
        assert sum(t.count for t in section.turns) == sum(s.turn is not None for s in section.sentences)


@PROPERTY
@given(texts)
def test_split_sentences_keeps_every_visible_character(text):
    spans = split_sentences(text)
    assert all(start < end <= next_start for (start, end), (next_start, _) in zip(spans, spans[1:]))
    rebuilt = "".join(text[start:end] for start, end in spans)
    assert "".join(rebuilt.split()) == "".join(text.split())


@settings(max_examples=150, deadline=None)
@given(texts.filter(lambda t: t.strip()))
def test_every_encoding_gives_the_same_document(text):
    reference = segment(lf(text))
    for encoding in ("utf-8", "utf-8-sig", "gb18030", "utf-16"):
        assert segment(decode(text.encode(encoding), encoding)) == reference
