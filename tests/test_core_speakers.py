"""Speaker labels and narrative lead-ins, line by line."""

import pytest

from redline.core.speakers import different_speakers, find_label, is_narration


@pytest.mark.parametrize(
    "line",
    ["卢比奥国务卿:", "提问:", "问：", "答：", "SECRETARY RUBIO:", "QUESTION:", "Q:", "MR PRICE:", "Zhao Lijian:", "Q :"],
)
def test_label_lines(line):
    speaker, end = find_label(line)
    assert speaker == line.rstrip(":：").strip()
    assert end == len(line)


@pytest.mark.parametrize(
    ("line", "speaker", "speech"),
    [
        ("提问:你能不能举例说明有哪些让步?", "提问", "你能不能举例说明有哪些让步?"),
        ("问：中方对此有何评论？", "问", "中方对此有何评论？"),
        ("答：我们注意到有关报道。", "答", "我们注意到有关报道。"),
        ("Q: Do you have any comment?", "Q", " Do you have any comment?"),
        ("A: We have noted the reports.", "A", " We have noted the reports."),
        ("Zhao Lijian: I'd like to share some figures.", "Zhao Lijian", " I'd like to share some figures."),
        ("赵立坚：我想向大家通报一组数字。", "赵立坚", "我想向大家通报一组数字。"),
        # Real MFA labels: media names in title marks, a channel with a digit.
        ("《澳大利亚人报》记者：什么时候可以回到中国？", "《澳大利亚人报》记者", "什么时候可以回到中国？"),
        ("加拿大《环球邮报》记者：你能证实吗？", "加拿大《环球邮报》记者", "你能证实吗？"),
        ("CCTV4: On June 19, the IAEA Board voted.", "CCTV4", " On June 19, the IAEA Board voted."),
        ("美国有线电视新闻网记者：请问有何评论？", "美国有线电视新闻网记者", "请问有何评论？"),
        ("总统顾问：我们会考虑。", "总统顾问", "我们会考虑。"),
    ],
)
def test_inline_labels(line, speaker, speech):
    found = find_label(line)
    assert found is not None
    assert found[0] == speaker
    assert line[found[1]:] == speech


@pytest.mark.parametrize(
    ("line", "speaker"),
    [
        ("记者追问：中国大使是否在谈话中提及？", "记者"),
        ("记者解释：公司名字叫Badger Sportswear。", "记者"),
        ("路透社记者提问：《南华早报》周末报道称。", "路透社记者"),
        ("记者笑：我希望你的回答也长一些。", "记者"),
        ("Journalist adds: It is called Badger Sportswear.", "Journalist"),
        ("Journalist clarifies: Some media commented.", "Journalist"),
    ],
)
def test_a_stage_direction_in_a_label_leaves_the_speaker(line, speaker):
    assert find_label(line)[0] == speaker


@pytest.mark.parametrize(
    "line",
    [
        # Narrative lead-ins.
        "会后有记者问及：日本复兴大臣今天参拜了靖国神社。",
        "会后，有记者问及：据报道，双方签署了协议。",
        "外交部发言人赵立坚宣布：",
        "有记者问：国际刑警组织前主席的妻子发表了声明。",
        "华春莹表示：我们注意到有关报道。",
        "He said: no.",
        "The journalist clarified: yes.",
        # A colon inside a sentence.
        "但我认为,今天的“简报”是:今天很值得,非常非常值得。",
        "重要的是要理解这些事情的运作方式:要想提出一个方案,你必须把它写出来。",
        "我非常想请问这些澳方官员：能不能举一个具体的例子？",
        "请问蓬佩奥先生：如果你认为有这样的自由，被辱骂者有没有还击的权利？",
        "我愿再次强调：",
        "I want to stress this: we oppose it.",
        "Our position is very clear: we oppose it.",
        # Times, numbers, notes and forms of address.
        "At 10:30 we met.",
        "Between 00:00 and 24:00 on March 1, 12 new cases were reported.",
        "明天上午10：00举行吹风会。",
        "Note: the figures are provisional.",
        "注：中文维基文库社群认为，这是公务演讲。",
        "各位代表：",
        "Ladies and gentlemen:",
        # Not at the start of the line.
        " 问：你好？",
        "他问：你好吗？",
    ],
)
def test_not_labels(line):
    assert find_label(line) is None


def test_a_known_speaker_is_a_label_even_if_it_looks_like_a_phrase():
    assert find_label("我们的朋友：你好。") is None
    assert find_label("我们的朋友：你好。", {"我们的朋友"}) == ("我们的朋友", 6)


@pytest.mark.parametrize(
    "line",
    [
        "会后有记者问及：中方对此有何评论？",
        "会后，有记者问及：据报道，11月24日，双方正式签署协议。",
        "外交部发言人赵立坚宣布：",
        "有记者问：中方可否证实？",
        "The journalist clarified: yes.",
    ],
)
def test_narration_about_the_press(line):
    assert is_narration(line)


def test_narration_by_a_spokesperson_named_in_the_header():
    line = "华春莹表示：我们注意到日本政府举行纪念仪式。"
    assert is_narration(line, ["2018年10月23日外交部发言人华春莹主持例行记者会"])
    assert not is_narration(line, ["2018年10月23日外交部发言人陆慷主持例行记者会"])


@pytest.mark.parametrize(
    "line",
    [
        # The spokesperson quoting someone inside an answer.
        "王毅国务委员兼外长会见毕晓普外长时明确指出：中方愿同澳方一道努力。",
        "我愿再次强调：",
        "首先向大家通报一组数字：",
        "As President Xi said: we must work together.",
        "我们的立场是明确的。",
    ],
)
def test_not_narration(line):
    assert not is_narration(line, ["2018年4月18日外交部发言人陆慷主持例行记者会"])


@pytest.mark.parametrize("a,b,different", [
    ("PRIME MINISTER", "PM", False), ("SECRETARY RUBIO", "Rubio", False), ("MINISTER", "MINISTER LAVROV", False),
    ("发言人", "赵立坚", False), ("SECRETARY RUBIO", "MINISTER LAVROV", True), ("MR SMITH", "MS JONES", True),
    ("提问", "卢比奥国务卿", True), ("耿爽", "华春莹", True), ("PM", "Q", True),
    # Review 7: dots, respellings and offices; one shared word is not one person.
    ("U.S. AMBASSADOR", "US AMBASSADOR", False), ("PRESIDENT ZELENSKYY", "President Zelensky", False),
    ("Home Secretary", "Priti Patel", False), ("Xi Jinping", "President Xi", False),
    ("CHANCELLOR", "PRIME MINISTER", True), ("David Cameron", "David Lammy", True), ("Wang Yi", "Wang Wenbin", True),
    ("China Daily", "China News Service", True),
])
def test_one_speaker_labelled_two_ways_is_not_another_speaker(a, b, different):
    assert different_speakers(a, b) is different
