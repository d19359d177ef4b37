"""Sentence segmentation rules, one test per rule (issue 2), Chinese, English and mixed."""

import pytest

from redline.core import split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


# Chinese ---------------------------------------------------------------

@pytest.mark.parametrize("mark", ["。", "！", "？", "；", "…", "……", "!", "?", ";", "｡"])
def test_chinese_sentences_end_at_final_punctuation(mark):
    assert sentences(f"我们取得了进展{mark}还有工作要做。") == [f"我们取得了进展{mark}", "还有工作要做。"]


@pytest.mark.parametrize("mark", ["，", ",", "、", "——", "：", ":"])
def test_commas_dashes_and_colons_never_end_a_chinese_sentence(mark):
    text = f"这可能是{mark}我认为{mark}最有成效的一天。"
    assert sentences(text) == [text]


@pytest.mark.parametrize("closer", ["”", "」", "』", "）", ")", "》", "’"])
def test_closing_quotes_and_brackets_stay_with_the_sentence_they_close(closer):
    assert sentences(f"他说：“好的。{closer}然后离开了。") == [f"他说：“好的。{closer}", "然后离开了。"]


def test_a_bracketed_aside_stays_inside_its_sentence():
    text = "他们是否暗示过自己准备这样做(听不清)?你能具体说一下吗？"
    assert sentences(text) == ["他们是否暗示过自己准备这样做(听不清)?", "你能具体说一下吗？"]


def test_punctuation_inside_an_aside_ends_nothing():
    text = "我没看到什么“反计划”(指媒体报道的。欧洲领导人要制定一份“反计划”)。"
    assert sentences(text) == [text]


def test_an_aside_that_is_a_whole_sentence_stands_alone():
    # MFA 2019-03-06: the journalist's reply, in brackets, between two sentences.
    text = "你是说这个吗？（记者：是的。《金融时报》援引了来自美国白宫官员的相关表态。）我们注意到有关报道。"
    assert sentences(text) == [
        "你是说这个吗？",
        "（记者：是的。《金融时报》援引了来自美国白宫官员的相关表态。）",
        "我们注意到有关报道。",
    ]


def test_punctuation_after_a_closed_quote_belongs_to_that_sentence():
    # MFA 2017-04-13: a question inside quotes, then the full stop.
    text = "特朗普总统对习近平主席说过“你想做一笔好的交易吗？”。先不谈中方接受不接受。"
    assert sentences(text) == ["特朗普总统对习近平主席说过“你想做一笔好的交易吗？”。", "先不谈中方接受不接受。"]


def test_a_chinese_paragraph_without_final_punctuation_is_one_sentence():
    text = "中国将继续支持世卫组织工作，推动中国同世卫组织合作不断向前发展"
    assert sentences(text) == [text]


# English ---------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith met Dr. Jones and Mrs. Brown.",
        "The U.S. and the U.N. agreed on a plan.",
        "See item No. 5 on the list.",
        "It happened on Jan. 5 this year.",
        "The talks on Fri. Nov. 5 went well.",
        "J. R. R. Tolkien wrote it.",
        "Growth was 3.5 percent last year.",
        "Well... we will see what happens.",
        '"Is it true?" he asked.',
        "She said \"no.\" and left.",
        "He arrived at 10 a.m. on Monday.",
        "Vice Premier Mr. He Lifeng will attend.",
        "The St. Petersburg forum opens today.",
    ],
)
def test_abbreviations_initials_decimals_ellipses_and_quotes_do_not_end(text):
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It rained. We stayed in.", ["It rained.", "We stayed in."]),
        ("Are you sure? Yes! Quite sure.", ["Are you sure?", "Yes!", "Quite sure."]),
        ("He lives in the U.S. The weather is fine.", ["He lives in the U.S.", "The weather is fine."]),
        ('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]),
        ("(The journalist nodded.) Next question.", ["(The journalist nodded.)", "Next question."]),
    ],
)
def test_english_sentences_end_at_a_stop_before_a_new_sentence(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Real cases from the MFA English transcripts: a name ends a sentence.
        ("Premier Li exchanged messages with Prime Minister Hun Sen. In his message, he said so.",
         ["Premier Li exchanged messages with Prime Minister Hun Sen.", "In his message, he said so."]),
        ("It marks the end of the World War I. We hope that helps.",
         ["It marks the end of the World War I.", "We hope that helps."]),
        ("They held very good talks with King Harald V. The two sides agreed.",
         ["They held very good talks with King Harald V.", "The two sides agreed."]),
        ("We noted the arrest of Yang Jun. Do you have an update?",
         ["We noted the arrest of Yang Jun.", "Do you have an update?"]),
        ("It may ban Huawei from supplying 5G. Could you confirm that?",
         ["It may ban Huawei from supplying 5G.", "Could you confirm that?"]),
    ],
)
def test_a_name_or_number_before_a_stop_does_not_hide_the_sentence_end(text, expected):
    assert sentences(text) == expected


def test_english_semicolons_do_not_end_sentences():
    text = "Some differences concern wording; others need more time."
    assert sentences(text) == [text]


# Mixed -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This is good. 我们同意。", ["This is good.", "我们同意。"]),
        ("我们同意。This is good.", ["我们同意。", "This is good."]),
        ("中方欢迎U.S.的决定。", ["中方欢迎U.S.的决定。"]),
        ("他说：“We will win.”然后离开了。", ["他说：“We will win.”然后离开了。"]),
        ("你好.我们开始吧.", ["你好.", "我们开始吧."]),
        ("他说OK!我们就开始了。", ["他说OK!", "我们就开始了。"]),
    ],
)
def test_mixed_chinese_and_english(text, expected):
    assert sentences(text) == expected


def test_spans_are_offsets_into_the_text_trimmed_of_whitespace():
    text = "xx  第一句。  第二句！ yy"
    spans = split_sentences(text, 2, len(text) - 3)
    assert [text[s:e] for s, e in spans] == ["第一句。", "第二句！"]
    assert spans[0] == (4, 8)


def test_thousands_of_quoted_and_bracketed_stops_on_one_line_split_as_a_few_do():
    # Each stop asks how many quotes its line holds before it and which brackets enclose it.
    quoted = 'He said "yes." ' * 20_000
    assert [quoted[s:e] for s, e in split_sentences(quoted)] == ['He said "yes."'] * 20_000
    bracketed = "(a.) B" * 20_000
    assert [bracketed[s:e] for s, e in split_sentences(bracketed)] == ["(a.)", bracketed[5:]]
