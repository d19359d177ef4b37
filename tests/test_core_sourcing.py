"""``redline.core.quotes``: each quotation's kind, sources, speaker and flags, through the public API."""

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redline.core import QuoteKind, quotes, segment
from redline.core.errors import NoSentences
from redline.core.ops import join_a

TRANSCRIPT = segment(
    "Foreign Ministry Spokesperson Li Wei's Regular Press Conference on March 4, 2025\n\n"
    "Q: Some say the talks have failed. Will China walk away from the table?\n\n"
    "A: The talks have not failed. We will stay at the table as long as it takes. Our position on tariffs has not "
    "changed. Both sides agreed to meet again next month. We hope the other side will show good faith.\n"
)
SPEECH = segment("国家主席习近平发表二〇二五年新年贺词\n\n2024年，我们一起走过春夏秋冬。我们要坚定信心、团结奋斗。大家辛苦了！\n")


def only(article: str, transcript=TRANSCRIPT):
    report = quotes(article, transcript)
    assert len(report.quotes) == 1, [q.text for q in report.quotes]
    return report.quotes[0]


def test_verbatim_ignores_the_punctuation_at_the_ends_and_the_case_of_a_clause():
    quote = only('Talks\n\n"The talks have not failed," Li said.\n')
    assert (quote.kind, quote.resolved, quote.misattributed) == (QuoteKind.VERBATIM, "Li Wei", False)
    source = quote.sources[0]
    assert (source.sentences, source.text, source.speaker) == ([2], "The talks have not failed.", "Li Wei")
    assert TRANSCRIPT.text[source.start:source.end] == source.text
    assert only("Talks\n\nLi said that the talks have not failed.\n").kind == QuoteKind.VERBATIM


def test_trimmed_says_where_the_cut_is():
    quote = only('Talks\n\n"We will stay at the table," Li said.\n')
    assert quote.kind == QuoteKind.TRIMMED and quote.sources[0].trim == ["tail"]
    inside = only('Talks\n\n"Our position on tariffs has changed," Li said.\n')
    assert inside.kind == QuoteKind.TRIMMED and "inside" in inside.sources[0].trim
    assert inside.flags == ["negation"]


def test_altered_carries_ops_and_flags():
    quote = only('Talks\n\n"Both sides agreed to meet again in two months," Li said.\n')
    assert quote.kind == QuoteKind.ALTERED
    assert [op.as_list() for op in quote.sources[0].ops if op.kind in "-+"][:2] == [["-", "next month."],
                                                                                  ["+", "in two months,"]]
    assert "number" in quote.flags


def test_spliced_gives_each_part_its_own_source():
    quote = only('Talks\n\n"The talks have not failed. We hope the other side will show good faith," Li said.\n')
    assert quote.kind == QuoteKind.SPLICED
    assert [s.sentences for s in quote.sources] == [[2], [6]]
    assert [s.kind for s in quote.sources] == [QuoteKind.VERBATIM, QuoteKind.VERBATIM]


def test_consecutive_sentences_are_one_source():
    quote = only('Talks\n\n"The talks have not failed. We will stay at the table as long as it takes," Li said.\n')
    assert (quote.kind, [s.sentences for s in quote.sources]) == (QuoteKind.VERBATIM, [[2, 3]])


def test_reported_speech_is_a_paraphrase_never_altered():
    quote = only("Talks\n\nLi said both sides had agreed to meet again soon.\n")
    assert (quote.marked, quote.kind, quote.sources[0].sentences) == (False, QuoteKind.PARAPHRASE, [5])
    marked = only('Talks\n\n"Both sides had agreed to meet again soon," Li said.\n')
    assert marked.kind == QuoteKind.ALTERED


def test_misattributed_when_the_transcript_gives_the_words_to_another_speaker():
    quote = only('Talks\n\nLi said: "Some say the talks have failed."\n')
    assert (quote.kind, quote.misattributed, quote.sources[0].speaker) == (QuoteKind.VERBATIM, True, "Q")
    journalist = only('Talks\n\n"The talks have not failed," the journalist said.\n')
    assert journalist.misattributed and journalist.resolved == "Q"


def test_a_third_partys_words_count_only_as_they_stand():
    loose = only('Talks\n\nPresident Smith said that both sides agreed to meet again soon.\n')
    assert (loose.kind, loose.third_party, loose.sources, loose.misquoted) == (QuoteKind.NOT_FOUND, True, [], False)
    exact = only('Talks\n\nPresident Smith said: "We will stay at the table as long as it takes."\n')
    assert exact.kind == QuoteKind.VERBATIM and not exact.misattributed


def test_not_found():
    quote = only('Talks\n\n"China will never negotiate under pressure," Li said.\n')
    assert (quote.kind, quote.sources, quote.misquoted) == (QuoteKind.NOT_FOUND, [], True)


def test_chinese_speech_without_turns_belongs_to_its_principal():
    quote = only("新闻\n\n习近平主席在新年贺词中指出，我们要坚定信心、团结奋斗。\n", SPEECH)
    assert (quote.kind, quote.resolved, quote.sources[0].speaker) == (QuoteKind.VERBATIM, "习近平", "习近平")
    trimmed = only("新闻\n\n习近平主席说：“2024年，我们一起走过春夏秋冬”。\n", SPEECH)
    assert trimmed.kind in (QuoteKind.VERBATIM, QuoteKind.TRIMMED) and trimmed.sources[0].sentences == [0]


def test_speaker_names_a_transcript_whose_title_names_no_one():
    speech = segment("PM speech at the summit\n\nWe will not give up. We will win.\n")
    article = 'Summit\n\nBoris Johnson said: "We will not give up at all."\n'
    assert quotes(article, speech).quotes[0].resolved is None
    named = quotes(article, speech, speaker="Boris Johnson").quotes[0]
    assert (named.resolved, named.kind) == ("Boris Johnson", QuoteKind.ALTERED)


def test_narration_and_the_article_offsets():
    article = 'Talks\n\n"The talks have not failed," Li said. The next round is in April.\n\nEnd of report.\n'
    report = quotes(article, TRANSCRIPT)
    assert [n.text for n in report.narration] == ["Talks", "The next round is in April.", "End of report."]
    assert all(article[n.start:n.end] == n.text for n in report.narration)
    assert report.text == article and report.summary["verbatim"] == 1 and not report.misquoted


def test_a_transcript_without_sentences_is_an_error():
    with pytest.raises(NoSentences):
        quotes("Talks\n\n\"We will win,\" Li said.\n", segment("Remarks\n\n[Full text]\n"))


def test_no_quotations():
    report = quotes("Talks\n\nThe next round is due in April.\n", TRANSCRIPT)
    assert (report.quotes, report.summary["not-found"], report.misquoted) == ([], 0, False)


SENTENCES = [s.text for s in TRANSCRIPT.section("full").sentences if s.speaker == "A"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(range(len(SENTENCES))), min_size=1, max_size=4, unique=True))
def test_quoting_whole_sentences_is_verbatim_and_ops_rebuild_the_source(picked):
    article = "Talks\n\n" + "\n\n".join(f'Li said: "{SENTENCES[k]}"' for k in picked) + "\n"
    report = quotes(article, TRANSCRIPT)
    assert [q.kind for q in report.quotes] == [QuoteKind.VERBATIM] * len(picked)
    for quote, k in zip(report.quotes, picked):
        (source,) = quote.sources
        assert source.text == SENTENCES[k] and join_a(source.ops) == source.text
        assert not quote.misattributed


def test_importing_the_quote_check_loads_neither_click_nor_git():
    code = "import sys, redline.core; redline.core.quotes; print(sorted(m for m in ('click', 'git') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
