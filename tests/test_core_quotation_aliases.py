"""Resolving a speaker as an article names them to a speaker of the transcript (issue 12).

Titles and transcripts are real (tests/fixtures/quotes/*.transcript.txt are
short excerpts of ../shared/corpus files: title plus a few paragraphs).
"""

from pathlib import Path

import pytest

from redline.core import segment
from redline.core.aliases import Speaker, resolve_speaker, title_speaker, transcript_speakers

FIXTURES = Path(__file__).parent / "fixtures" / "quotes"


def speakers_of(name):
    return transcript_speakers(segment((FIXTURES / f"{name}.transcript.txt").read_text(encoding="utf-8")))


@pytest.mark.parametrize("title, expected", [
    ("2020年5月25日外交部发言人赵立坚主持例行记者会", ("赵立坚", "外交部发言人")),
    ("国家主席习近平发表二〇二四年新年贺词", ("习近平", "国家主席")),
    ("Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on May 14, 2019",
     ("Geng Shuang", "Foreign Ministry Spokesperson")),
    ("Prime Minister Liz Truss’s speech to the UN General Assembly: 21 September 2022", ("Liz Truss", "Prime Minister")),
    ("PM speech at the UN General Assembly: 22 September 2021", (None, "PM")),
    ("2019年中华人民共和国国务院政府工作报告", (None, None)),
])
def test_title_names_the_principal_speaker(title, expected):
    assert title_speaker(title) == expected


@pytest.mark.parametrize("written", ["习近平", "国家主席习近平", "习近平主席", "主席"])
def test_xi_jinping_by_name_and_title(written):
    found = resolve_speaker(written, speakers_of("xwlb-newyear-2024"))
    assert found is not None and found.name == "习近平" and found.principal


@pytest.mark.parametrize("written", ["Boris Johnson", "The Prime Minister Boris Johnson", "the Prime Minister",
                                     "Prime Minister", "PM", "Mr Johnson", "Johnson"])
def test_boris_johnson_by_name_role_and_surname(written):
    found = resolve_speaker(written, speakers_of("govuk-johnson-rada-2022"))
    assert found is not None and found.name == "Boris Johnson"


@pytest.mark.parametrize("written", ["赵立坚", "发言人", "外交部发言人", "外交部发言人赵立坚", "赵立坚发言人"])
def test_zhao_lijian_by_name_role_and_label(written):
    speakers = speakers_of("mfa-zh-2020-05-26-hong-kong")
    found = resolve_speaker(written, speakers)
    assert found is not None and found.name == "赵立坚"
    assert "赵立坚" in found.labels  # the 2020 transcripts label his turns with his name


def test_answer_label_is_the_spokesperson_and_question_label_the_press():
    speakers = speakers_of("mfa-zh-2016-12-08-old-friend")
    assert resolve_speaker("答", speakers).name == "陆慷"
    assert resolve_speaker("陆慷", speakers).name == "陆慷"
    press = resolve_speaker("问", speakers)
    assert press is not None and not press.principal and resolve_speaker("记者", speakers) == press
    english = speakers_of("mfa-en-2019-03-22-cyclone")
    assert resolve_speaker("A", english).name == resolve_speaker("the spokesperson", english).name == "Geng Shuang"


@pytest.mark.parametrize("written", ["President Trump", "US President Donald Trump", "大家", "港澳人士", "", "you"])
def test_people_outside_the_transcript_resolve_to_nobody(written):
    assert resolve_speaker(written, speakers_of("mfa-en-2018-06-13-suspension") + speakers_of("xwlb-newyear-2024")) is None


def test_a_surname_shared_by_two_speakers_is_not_a_guess():
    speakers = [Speaker("Boris Johnson", ("Prime Minister",)), Speaker("Jo Johnson", ("Minister",))]
    assert resolve_speaker("Mr Johnson", speakers) is None
    assert resolve_speaker("Jo Johnson", speakers).name == "Jo Johnson"


def test_a_role_only_transcript_resolves_roles_not_names():
    speakers = speakers_of("govuk-johnson-unga-2021")
    assert [s.name for s in speakers] == ["PM"]
    assert resolve_speaker("the Prime Minister", speakers).principal
    assert resolve_speaker("Boris Johnson", speakers) is None
