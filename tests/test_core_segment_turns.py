"""Speaker turns in whole documents: labels open turns, labels are not sentences,
narration ends a turn, colons inside sentences create no speaker."""

from redline.core import segment


def speakers(doc) -> list[tuple[str | None, str]]:
    return [(s.speaker, s.text) for s in doc.sentences]


def test_a_label_line_opens_a_turn_and_is_not_a_sentence():
    doc = segment("标题\n\n卢比奥国务卿:\n大家好。好的。\n我们取得了进展。\n")
    assert speakers(doc) == [("卢比奥国务卿", "大家好。"), ("卢比奥国务卿", "好的。"), ("卢比奥国务卿", "我们取得了进展。")]
    (turn,) = doc.section("full").turns
    assert (turn.speaker, turn.label, turn.inline, turn.first, turn.count) == ("卢比奥国务卿", "卢比奥国务卿:", False, 0, 3)
    assert [s.paragraph for s in doc.sentences] == [0, 0, 1]


def test_inline_labels_alternate_turns():
    doc = segment("问：你能介绍一下吗？\n答：好的。我们欢迎。\n问：还有吗？\n")
    assert speakers(doc) == [("问", "你能介绍一下吗？"), ("答", "好的。"), ("答", "我们欢迎。"), ("问", "还有吗？")]
    turns = doc.section("full").turns
    assert [(t.label, t.inline, t.count) for t in turns] == [("问：", True, 1), ("答：", True, 2), ("问：", True, 1)]
    assert [s.turn for s in doc.sentences] == [0, 1, 1, 2]


def test_an_english_transcript():
    doc = segment("Q: Is it true? Can you confirm?\n\nA: Yes. We confirm it.\n\nMR PRICE:\nThank you all.\n")
    assert speakers(doc) == [
        ("Q", "Is it true?"), ("Q", "Can you confirm?"), ("A", "Yes."), ("A", "We confirm it."),
        ("MR PRICE", "Thank you all."),
    ]


def test_a_colon_inside_a_sentence_creates_no_speaker():
    doc = segment("卢比奥国务卿:\n但我认为,今天的“简报”是:今天很值得。重要的是这些事情的运作方式:要想提出一个方案。\n")
    assert {s.speaker for s in doc.sentences} == {"卢比奥国务卿"}
    assert len(doc.section("full").turns) == 1


def test_text_before_the_first_label_has_no_speaker():
    doc = segment("2020年3月1日外交部发言人赵立坚主持例行记者会\n\n今天我有两则消息要发布。\n\n问：请介绍一下。\n答：好的。\n")
    assert speakers(doc) == [(None, "今天我有两则消息要发布。"), ("问", "请介绍一下。"), ("答", "好的。")]


def test_a_narrative_lead_in_ends_the_answer(mfa_zh_tail):
    # MFA 2016-11-25, the last paragraphs: "会后，有记者问及：" and "耿爽表示，…"
    # are the writer's narration, not more of the last answer.
    doc = segment(mfa_zh_tail.read_text(encoding="utf-8"))
    by_speaker = {}
    for sentence in doc.sentences:
        by_speaker.setdefault(sentence.speaker, []).append(sentence.text)
    assert by_speaker["问"] == ["据斯里兰卡媒体报道，斯里兰卡前总统拉贾帕克萨正在访华。", "中方对此访有何期待？"]
    assert by_speaker["答"] == ["我目前不掌握有关情况，将在了解后给你答复。"]
    assert by_speaker[None][0].startswith("会后，有记者问及：据报道")
    assert by_speaker[None][-1] == "希望协议得到哥国内各方认可，早日生效并得以执行。"
    assert [t.speaker for t in doc.section("full").turns] == ["问", "答"]
    assert doc.metadata.date == "2016-11-25"


def test_a_stage_direction_label_and_a_narrated_reply(mfa_en_excerpt):
    # MFA 2019-01-10 (English): "Journalist adds:" is the journalist speaking.
    doc = segment(mfa_en_excerpt.read_text(encoding="utf-8"))
    turns = doc.section("full").turns
    assert [(t.speaker, t.label) for t in turns] == [
        ("Q", "Q:"), ("A", "A:"), ("Journalist", "Journalist adds:"), ("A", "A:"),
    ]
    assert [s.text for s in doc.sentences if s.speaker == "Journalist"] == [
        "It is called Badger Sportswear.", "It makes sportswear for colleges.",
    ]
    assert doc.metadata.date == "2019-01-10"
    assert doc.metadata.title.startswith("Foreign Ministry Spokesperson Lu Kang")


def test_narration_in_english_ends_the_turn():
    doc = segment("A: Are you referring to the Entity List?\n\nThe journalist clarified: yes.\n\nA: Then no.\n")
    assert speakers(doc) == [
        ("A", "Are you referring to the Entity List?"), (None, "The journalist clarified: yes."), ("A", "Then no."),
    ]


def test_a_quote_inside_an_answer_is_not_narration():
    doc = segment("问：中方如何看？\n答：我们的立场一贯。\n王毅国务委员兼外长会见毕晓普外长时明确指出：中方愿同澳方一道努力。\n")
    assert {s.speaker for s in doc.sentences[1:]} == {"答"}


def test_turn_spans_point_at_their_labels(example_text):
    doc = segment(example_text)
    for section in doc.sections:
        for turn in section.turns:
            assert doc.text[turn.start:turn.end] == turn.label
            assert turn.label.rstrip(":：").endswith(turn.speaker)
