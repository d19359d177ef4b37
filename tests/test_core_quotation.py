"""Finding quotations in an article, rule by rule (issue 12), on short real text.

Snippets are copied from ../shared/corpus (the file is named beside each);
where the corpus has no example of a rule (「」 and 『』 marks, a quotation
closed by ", X said"), a real sentence is set in the usual narration around
it and the test says so.
"""

from pathlib import Path

import pytest

from redline.core.quotation import find_quotations

FIXTURES = Path(__file__).parent / "fixtures" / "quotes"
# GOV.UK (OGL v3): govuk/versions/govuk_storm_eunice_ea_statement_2022-02.v1.txt, whole page.
STORM_EUNICE = FIXTURES / "govuk_storm_eunice_ea_statement_2022-02.v1.txt"


def quotes(text):
    return find_quotations(text).quotations


def only(text):
    found = quotes(text)
    assert len(found) == 1, [q.text for q in found]
    return found[0]


# ---------------------------------------------------------------- marks


def test_marked_fragment_after_a_verb_is_a_quotation():
    # mfa_zh/2016-12-08_t1422510.txt
    q = only("问：据报道，美国艾奥瓦州州长布兰斯塔德已接受美当选总统特朗普对其新任驻华大使提名。"
             "昨天你称他为“中国人民的老朋友”。请问这是否有助于推进中美关系持续健康稳定发展？")
    assert (q.text, q.style, q.marked, q.speaker) == ("中国人民的老朋友", "marks", True, "你")


def test_span_excludes_the_marks_and_indexes_the_article():
    # mfa_zh/2019-08-23_t1691418.txt
    text = "在2016年11月23日，你曾说过，“有关国家固守冷战思维，加强情报军事合作，将加剧半岛对立对抗”。对此，你还有什么要补充的吗？"
    q = only(text)
    assert text[q.start:q.end] == q.text == "有关国家固守冷战思维，加强情报军事合作，将加剧半岛对立对抗"
    assert text[q.start - 1] == "“" and text[q.end] == "”"
    assert q.speaker == "你"


def test_a_term_in_marks_that_nobody_said_is_not_a_quotation():
    # news_zh/xwlb_newyear2024.report.txt; mfa_zh/2019-05-15_t1663651.txt
    scan = find_quotations("在贵州榕江的美丽乡村，人们在“村超”比赛中拼搏奋进。")
    assert scan.quotations == () and [t.text for t in scan.terms] == ["村超"]
    scan = find_quotations("如果美国对中国商品全面加征关税，这是不是就是“贸易战”了？")
    assert scan.quotations == () and [t.text for t in scan.terms] == ["贸易战"]


def test_so_called_marks_a_term_even_before_a_speech_verb():
    # mfa_zh (台湾所谓“外事部门”的发言人称，…)
    scan = find_quotations("台湾所谓“外事部门”的发言人称，对美联航这种“弹性做法”表示感谢。")
    assert "外事部门" in [t.text for t in scan.terms]
    q = only("台湾所谓“外事部门”的发言人称，对美联航这种“弹性做法”表示感谢。")
    assert q.style == "reported" and q.text == "对美联航这种“弹性做法”表示感谢。"


def test_ascii_double_quotes_pair_up():
    # mfa_en/2019-05-15_t1663725.txt
    found = quotes('Q: You had been using the word "trade disputes" when replying to questions related to the '
                   'China-US trade talks previously. But you began saying "trade war" from yesterday.')
    assert [(q.text, q.speaker) for q in found] == [("trade disputes", "You"), ("trade war", "you")]


def test_single_curly_quotes_are_told_from_apostrophes():
    # govuk/prebrief_vs_delivered/2022-05-03_johnson_ukraine_rada.excerpt.txt: ’ in Ukraine’s is an
    # apostrophe, ’ after "hour" closes ‘finest hour’.
    q = only("- PM is expected to say this is Ukraine’s ‘finest hour’ and the UK is ‘proud to be among their friends’")
    assert [p.text for p in q.marked_parts] == ["finest hour", "proud to be among their friends"]
    scan = find_quotations("Those who have been to a ‘red list’ country required to purchase ‘quarantine package’ "
                           "covering hotel and testing, as the government’s measures set out.")
    assert [t.text for t in scan.terms] == ["red list", "quarantine package"]
    assert scan.warnings == ()


def test_corner_brackets_and_a_trailing_attribution():
    # Marks 「」 and 『』 do not occur in the corpus: the words are 赵立坚's (mfa_zh/2020-05-25_t1782502.txt),
    # set in the marks Hong Kong and Taiwan newspapers use.
    found = quotes("赵立坚表示：「香港是中国的香港，香港事务纯属中国内政。」他还说，『美国没有资格指手画脚、插手干预。』")
    assert [(q.text, q.style, q.speaker) for q in found] == [
        ("香港是中国的香港，香港事务纯属中国内政。", "marks", "赵立坚"),
        ("美国没有资格指手画脚、插手干预。", "marks", "他"),
    ]
    assert found[1].speaker_ref == "赵立坚"


def test_attribution_after_the_closing_mark():
    # The corpus has no '“…,” X said': Liz Truss's delivered sentence
    # (govuk/prebrief_vs_delivered/2022-09-21_truss_unga.full.txt) in that common pattern.
    found = quotes("“We will not rest until Ukraine prevails,” the Prime Minister said. “The time to act is now.”")
    assert [(q.text, q.speaker) for q in found] == [
        ("We will not rest until Ukraine prevails,", "the Prime Minister"),
        ("The time to act is now.", "the Prime Minister"),
    ]


def test_attribution_after_the_closing_mark_with_a_role_in_lower_case():
    # The newswire form (review 5): the role before the name, then "told".
    found = quotes('"The recent rallies have gone far beyond the scope of freedom of assembly," foreign ministry '
                   'spokesman Geng Shuang told a daily news briefing.')
    assert [q.speaker for q in found] == ["Geng Shuang"]


def test_as_he_said_after_a_comma_attributes_the_marked_words():
    # mfa_en/2019-09-09_t1695956.txt: Pompeo ... to "call out", as he said, China for ...
    found = quotes('The United States will persuade other countries to "call out", as he said, China for its policy.')
    assert ("call out", "he") in [(q.text, q.speaker) for q in found]


def test_a_full_stop_after_the_name_ends_the_sentence_not_the_name():
    assert [q.speaker for q in quotes('"We will act," said Lu.')] == ["Lu"]
    assert [q.speaker for q in quotes('"We will act," said George W. Bush.')] == ["George W. Bush"]


@pytest.mark.parametrize("text", [
    # Real MFA questions (review 6): a scare-quoted word, a so-called term; and another's critics.
    'Q: According to reports, a "lawmaker" from Taiwan\'s Democratic Progressive Party said on social media that '
    'it was over.',
    'Q: You mentioned the so-called "Chinese interference in US presidential elections" as the Russian journalist '
    'asked earlier.',
    '"We want a deal that works," while critics of Boris Johnson said the plan was a sham.',
])
def test_words_before_a_name_that_are_no_role_do_not_attribute(text):
    assert [q.speaker for q in quotes(text)] in ([], [None])


def test_headline_quote_attributed_by_a_dash():
    # govuk/prebrief_vs_delivered/2022-05-03_johnson_ukraine_rada.excerpt.txt, title
    q = only("“This is Ukraine’s finest hour” – PM to address Ukrainian Parliament")
    assert (q.text, q.speaker) == ("This is Ukraine’s finest hour", "PM")


def test_quote_over_several_sentences_has_one_part_per_sentence():
    # mfa_zh/2020-05-25_t1782502.txt, two sentences of the answer, quoted
    q = only("赵立坚说：“香港是中国的香港，香港事务纯属中国内政。美国没有资格指手画脚、插手干预。”")
    assert [p.text for p in q.parts] == ["香港是中国的香港，香港事务纯属中国内政。", "美国没有资格指手画脚、插手干预。"]
    assert all(p.marked for p in q.parts)


def test_paragraph_that_reopens_a_quote_continues_it():
    # The English convention, on two delivered paragraphs of the Rada address
    # (govuk/prebrief_vs_delivered/2022-05-03_johnson_ukraine_rada.full.txt); the corpus has no instance.
    text = ("He said: “This is Ukraine’s finest hour, that will be remembered and recounted for generations to come.\n\n"
            "“Your children and grandchildren will say that Ukrainians taught the world a lesson.”\n\n"
            "The embassy reopens today.")
    q = only(text)
    assert q.text.startswith("This is Ukraine’s finest hour") and q.text.endswith("taught the world a lesson.")
    assert [p.text[:9] for p in q.parts] == ["This is U", "Your chil"]
    assert find_quotations(text).warnings == ()


def test_unclosed_mark_runs_to_the_end_of_its_paragraph_with_a_warning():
    # govuk/prebrief_vs_delivered/2021-09-22_johnson_unga.excerpt.txt: the press release never closes the mark.
    text = ("In the words of the Oxford philosopher Toby Ord “we are just old enough to get ourselves into serious "
            "trouble.\n\nWe still cling with part of our minds to the infantile belief.")
    scan = find_quotations(text)
    assert [q.text for q in scan.quotations] == ["we are just old enough to get ourselves into serious trouble."]
    assert [w.kind for w in scan.warnings] == ["unbalanced"]
    assert text[scan.warnings[0].offset] == "“"


def test_stray_closing_mark_is_a_warning_not_an_error():
    scan = find_quotations("大家表示，要坚定信心”。")
    assert [w.kind for w in scan.warnings] == ["unbalanced"]


# ---------------------------------------------------------------- block quotes


def test_each_paragraph_of_a_block_quote_is_a_quotation():
    # govuk/prebrief_vs_delivered/2022-06-09_johnson_housing.excerpt.txt
    text = ("In a speech, the Prime Minister will say:\n\n"
            "We have the tools we need to get on top of rising prices.\n\n"
            "The global headwinds are strong. But our engines are stronger.\n\n"
            "He will add:\n\n"
            "Over the next few weeks, the government will be setting out reforms to help people cut costs.")
    found = quotes(text)
    assert [(q.style, q.speaker, q.text[:20]) for q in found] == [
        ("block", "the Prime Minister", "We have the tools we"),
        ("block", "the Prime Minister", "The global headwinds"),
        ("block", "He", "Over the next few we"),
    ]
    assert found[2].speaker_ref == "the Prime Minister"
    assert all(q.marked for q in found)


def test_block_quote_ends_where_the_press_office_speaks_again():
    # govuk/prebrief_vs_delivered/2022-09-21_truss_unga.excerpt.txt and 2021-09-22_johnson_unga.excerpt.txt
    text = ("The Prime Minister is expected to say:\n\n"
            "We will build resilience and collective security – because they are vital for freedom and democracy.\n\n"
            "To ensure the UK’s diplomatic, military and security architecture is keeping pace with evolving threat "
            "posed by hostile nations, the Prime Minister has commissioned an update to the Integrated Review.")
    assert [q.text[:8] for q in quotes(text)] == ["We will "]
    text = ("Addressing the UN, he is expected to say:\n\n"
            "We must come together in a collective coming of age. We must show we have the maturity and wisdom "
            "to act. And we can.\n\n"
            "The IMF projects that global warming of 4˚C would permanently lower global GDP by around 3.5%.")
    assert [q.text[:8] for q in quotes(text)] == ["We must "]


def test_block_quotes_match_the_pages_blockquote_elements():
    # The page's HTML (web/versions/govuk_storm_eunice_ea_statement_2022-02/v1.html) puts exactly these
    # paragraphs in <blockquote>: five after Stefan Laeger's name, two after Paul Gundersen's.
    found = quotes(STORM_EUNICE.read_text(encoding="utf-8"))
    assert [(q.style, q.speaker, q.text[:12]) for q in found] == [
        ("block", "Stefan Laeger", "The public s"),
        ("block", "Stefan Laeger", "Environment "),
        ("block", "Stefan Laeger", "We have made"),
        ("block", "Stefan Laeger", "Please remem"),
        ("block", "Stefan Laeger", "Type ‘check "),
        ("block", "Met Office Chief Meteorologist Paul Gundersen", "After the im"),
        ("block", "Met Office Chief Meteorologist Paul Gundersen", "The red warn"),
    ]


def test_indented_paragraphs_after_a_colon_are_the_block():
    # Layout decides when the block is indented: the quote's own "The UK" does not end it.
    text = ("Dr Phil Bryan, MHRA Vaccines Safety Lead said:\n\n"
            "    Our role is to continually monitor safety during widespread use of a vaccine.\n\n"
            "    The UK has robust processes in place.\n\n"
            "The MHRA will keep the matter under review.")
    assert [(q.speaker, q.text[:8]) for q in quotes(text)] == [("Dr Phil Bryan", "Our role"), ("Dr Phil Bryan", "The UK h")]


def test_a_colon_that_introduces_a_list_or_the_speakers_own_points_is_not_a_block():
    # govuk/versions/govuk_quarantine_press_release_2021-02.v1.txt; mfa_zh/2018-08-02_t1582552.txt;
    # mfa_en/2018-08-02_t1582646.txt
    assert quotes("Bookings will be made through a dedicated online portal and will include:\n\n"
                  "- assigned government transportation\n\n- food and drinks") == ()
    assert quotes("答：昨天我已对此作出回应，今天我就不再重复了。这里我只讲两句话：\n\n"
                  "第一，我们奉劝美方端正态度，不要试图搞什么讹诈，这对中国不起作用。") == ()
    assert quotes("A: Since yesterday I responded to this question, I will not repeat it today. I only want to "
                  "stress the following two points:\n\nFirstly, we urge the US side to adopt a correct attitude.") == ()


# ---------------------------------------------------------------- reported speech


def test_chinese_reported_speech_is_one_sentence_after_the_attribution():
    # news_zh/xwlb_newyear2024.report.txt: the second sentence is the reporter's
    q = only("习近平主席指出，各行各业的人们都在挥洒汗水，每一个平凡的人都作出了不平凡的贡献！"
             "各行各业的人们正以踔厉奋发、笃行不怠的毅力和决心，为中国式现代化贡献自己的力量。")
    assert (q.text, q.style, q.marked, q.speaker) == (
        "各行各业的人们都在挥洒汗水，每一个平凡的人都作出了不平凡的贡献！", "reported", False, "习近平主席")


def test_adverbials_between_speaker_and_verb_are_not_the_speaker():
    # mfa_zh/2020-05-26_t1782879.txt, 2017-07-28_t1480871.txt, 2018-01-03_t1523389.txt
    assert only("埃菲社记者：昨天你就有关涉港问题表示，如果美方执意损害中方利益，中方必将采取一切必要措施予以反制。").speaker == "你"
    assert only("本月初时，外交部发言人曾表示，安理会7月将举行近30场会议和两场公开辩论会。").speaker == "外交部发言人"
    assert only("问：作为对朝鲜最高领导人金正恩的新年贺辞回应，美国总统特朗普发“推特”表示，"
                "我也有一个核按钮，比金正恩的大得多，威力强得多。").speaker == "美国总统特朗普"
    assert only("习近平主席在新年贺词中指出，2023年，我们接续奋斗、砥砺前行。").speaker == "习近平主席"


def test_verb_without_a_comma_after_a_pronoun():
    # mfa_zh/2018-08-02_t1582552.txt
    q = only("问：特朗普政府提出将对价值2000亿美元中国输美商品征收关税，税率从10%上调至25%。"
             "你昨天说中方不会屈服于压力，会采取应对措施。请问中方将采取哪些具体措施？")
    assert (q.text, q.speaker) == ("中方不会屈服于压力，会采取应对措施。", "你")


def test_reported_speech_stops_before_the_question_it_leads_into():
    # mfa_zh/2017-02-09_t1437184.txt
    q = only("问：昨天你表示，“一带一路”国际合作高峰论坛将于5月在北京举行，中方将邀请来自欧洲、非洲、亚洲、拉美地区国家的领导人，"
             "这是否意味着中方不会邀请特朗普总统？")
    assert q.text.endswith("拉美地区国家的领导人")
    assert [p.text for p in q.marked_parts] == ["一带一路"]


def test_a_speaker_quotes_themselves_only_in_the_past():
    # mfa_zh/2018-01-09_t1524418.txt; mfa_zh/2020-05-26_t1782879.txt
    found = quotes("答：我昨天已经说了，中国商务部、国家工商行政管理总局已于2017年9月28日发布公告，对具体的执行日期有明确规定。"
                   "大家看一看公告，就能知道这个时间框架。我也说过，中国作为联合国安理会常任理事国，一向严格遵守安理会通过的决议。")
    assert [(q.speaker, q.text[:6]) for q in found] == [("我", "中国商务部、"), ("我", "中国作为联合")]
    assert quotes("这里我想强调的是，中国政府坚持贯彻“一国两制”方针的决心坚定不移。") == ()


def test_present_tense_first_person_and_noun_objects_are_the_speaker_speaking():
    # mfa_zh/2019-04-08_t1652293.txt, 2018-01-25_t1528886.txt; mfa_en/2018-11-26_t1616369.txt
    assert quotes("关于你提到的其他媒体作出的有关评论，我可以重申，在国际关系中，中方一向坚决主张相互尊重彼此主权，互不干涉内政。") == ()
    assert quotes("你还提到六方会谈，我想强调，六方会谈在推进解决半岛核问题过程中发挥了不可替代的重要作用。") == ()
    assert quotes("Here I want to stress since the meeting of the two leaders in Wuhan this year, the China-India "
                  "relationship has been growing.") == ()
    assert quotes("The relevant parties should avoid saying or doing anything that may complicate and escalate "
                  "the situation.") == ()
    # mfa_zh/2019-01-04_t1627067.txt: in the past, the spokesperson quotes the ministry's own line
    q = only("关于你提到名字的两个人，我们已经多次说过，这两名加拿大公民是因为涉嫌从事危害中国国家安全的活动而被依法采取强制措施。")
    assert q.speaker == "我们"


def test_a_statement_issued_is_how_the_speaker_said_it():
    # mfa_zh/2017-09-14_t1493093.txt, mfa_zh/2019-04-08_t1652293.txt
    assert only("俄罗斯外交部同日发表声明称，俄外长拉夫罗夫强调只能通过政治外交手段解决半岛核问题。").speaker == "俄罗斯外交部"
    q = only("问：6日，七国集团外长会发表联合公报称，强烈反对任何破坏地区稳定和以规则为基础的国际秩序的单边行动，"
             "鼓励中国负责任地参与自由开放、以规则为基础的国际体系。")
    assert q.speaker == "七国集团外长会"


def test_function_words_mean_a_clause_not_a_speaker():
    # mfa_zh/2019-08-23_t1691418.txt: 作了回应 is not a speech verb with 你作了 as its subject
    assert quotes("问：你刚才就此作了回应，但我认为你过去的评论相对来说更丰富（colorful）。") == ()


def test_english_said_that_and_said_without_that():
    # mfa_en/2019-03-22_t1647752.txt; mfa_en/2018-08-02_t1582646.txt
    q = only("At the press conference on Tuesday, you said that the Chinese government will support and assist "
             "in their disaster relief efforts as its capability allows.")
    assert (q.speaker, q.text) == ("you", "the Chinese government will support and assist in their disaster relief "
                                          "efforts as its capability allows.")
    q = only("Yesterday you said China would not give in to pressure and China would take measures in response.")
    assert (q.speaker, q.text) == ("you", "China would not give in to pressure and China would take measures in response.")


def test_adverbials_of_the_reporting_verb_are_not_quoted():
    # mfa_en/nodate_t1568643.txt; govuk/prebrief_vs_delivered/2022-05-03_johnson_ukraine_rada.excerpt.txt
    q = only("US President Donald Trump also said that the US-ROK joint military exercises would be suspended at "
             "the press conference following the DPRK-US summit.")
    assert (q.speaker, q.text) == ("US President Donald Trump", "the US-ROK joint military exercises would be suspended")
    q = only("As the British embassy reopens in Kyiv, the Prime Minister will say the United Kingdom is “proud to be "
             "among Ukraine’s friends” when he speaks to parliamentarians via videolink.")
    assert q.text == "the United Kingdom is “proud to be among Ukraine’s friends”"
    assert [p.text for p in q.marked_parts] == ["proud to be among Ukraine’s friends"]


def test_tell_takes_an_addressee_then_the_clause():
    # govuk/prebrief_vs_delivered/2021-09-22_johnson_unga.excerpt.txt and 2022-06-09_johnson_housing.excerpt.txt
    assert only("Boris Johnson will tell fellow world leaders there is a compelling case for transforming our "
                "economies to make them cleaner and greener.").text.startswith("there is a compelling case")
    q = only("The Prime Minister will tell the British public he is firmly on their side as he reaffirms his "
             "commitment to supporting them throughout this challenging period.")
    assert q.text == "he is firmly on their side"
    # A noun phrase after the addressee: narration.
    assert quotes("Prime Minister Liz Truss will use a speech in New York today (Wednesday) to warn fellow democratic "
                  "leaders against any complacency when it comes to defending our values.") == ()


def test_attribution_after_the_clause():
    # govuk/prebrief_vs_delivered/2021-09-22_johnson_unga.excerpt.txt
    q = only("Climate change and economic growth are not mutually exclusive trade-offs but are instead each vital for "
             "the success of the other, the Prime Minister will tell the UN General Assembly today.")
    assert q.speaker == "the Prime Minister"
    assert q.text.startswith("Climate change") and q.text.endswith("the success of the other")


def test_headline_colon_quote():
    # govuk/prebrief_vs_delivered/2021-09-22_johnson_unga.excerpt.txt, title
    q = only("PM to tell UN: It's time for humanity to grow up and address climate change")
    assert (q.style, q.marked, q.speaker, q.text) == (
        "colon", True, "PM", "It's time for humanity to grow up and address climate change")


def test_as_i_said_is_a_self_quotation_and_present_tense_is_not():
    # mfa_en/2019-05-15_t1663725.txt; mfa_en/nodate_t1568643.txt
    q = only("As I kept saying, China doesn't want a trade war, but is by no means afraid of fighting one. "
             "It is the US, not China, that defined the trade friction as a trade war and started it.")
    assert (q.speaker, q.text) == ("I", "China doesn't want a trade war, but is by no means afraid of fighting one.")
    assert quotes("All I want to say is that it once again shows that China's initiative is logical and feasible.") == ()
    assert quotes("Therefore, it is speculated that China had been notified by the DPRK on this in advance.") == ()


def test_noun_phrase_objects_are_narration():
    # govuk/prebrief_vs_delivered/2022-06-09_johnson_housing.excerpt.txt, 2022-09-21_truss_unga.excerpt.txt
    assert quotes("He will pledge further reforms in the coming weeks to make people’s lives easier.") == ()
    assert quotes("UN speech will also stress the need to properly invest in our physical security.") == ()
    assert quotes("The Prime Minister will confirm his ambition to unlock the opportunity of home ownership.") == ()


def test_apposition_gives_the_name():
    # govuk/versions/govuk_mhra_astrazeneca_statement_2021-03.v1.txt; govuk_quarantine_press_release_2021-02.v1.txt
    assert only("Dr Phil Bryan, MHRA Vaccines Safety Lead said: We are aware of the action taken.").speaker == "Dr Phil Bryan"
    assert only("The Health and Social Care Secretary said: Our fight against this virus has many fronts.").speaker == \
        "The Health and Social Care Secretary"


# ---------------------------------------------------------------- speakers in a transcript-like article


def test_you_in_a_question_is_the_spokesperson_and_i_in_an_answer_too():
    # mfa_zh/2017-02-09_t1437184.txt: the title names the spokesperson
    found = quotes("2017年2月9日外交部发言人陆慷主持例行记者会\n\n"
                   "问：昨天你表示，“一带一路”国际合作高峰论坛将于5月在北京举行，中方将邀请来自欧洲、非洲、亚洲、拉美地区国家的领导人，"
                   "这是否意味着中方不会邀请特朗普总统？\n\n答：我昨天说的是上述“等地区”。")
    assert [(q.speaker, q.speaker_ref) for q in found] == [("你", "陆慷"), ("我", "陆慷")]


def test_an_answer_paragraph_without_a_label_continues_the_answer():
    # mfa_en/2019-05-15_t1663725.txt
    found = quotes("Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on May 15, 2019\n\n"
                   "A: I think you may have over-interpreted our words.\n\n"
                   "As I kept saying, China doesn't want a trade war, but is by no means afraid of fighting one.")
    assert [(q.speaker, q.speaker_ref) for q in found] == [("I", "Geng Shuang")]


@pytest.mark.parametrize("text", ["", "\n\n", "   ", "“", "”", "‘’", '"', "说：", "said:"])
def test_degenerate_input_gives_no_quotation_and_no_error(text):
    scan = find_quotations(text)
    assert all(q.start < q.end for q in scan.quotations)


def test_a_speech_verb_and_that_at_the_very_end_is_no_quotation_and_no_crash():
    # Found by hypothesis: "said that" closing the article, after an unclosed mark.
    scan = find_quotations("As I said“said that")
    assert all(0 <= q.start <= q.end <= len("As I said“said that") for q in scan.quotations)


def test_a_quotation_mark_before_a_speech_verb_is_no_speaker():
    # Found by hypothesis: "“指出：" took the mark for the subject.
    scan = find_quotations("“指出：习近平主席")
    assert all(q.speaker != "“" for q in scan.quotations)


def test_reported_speech_inside_an_unclosed_mark_is_the_marks_not_a_second_quotation():
    # Found by hypothesis: the unclosed mark runs to the paragraph's end, over "我也说过…".
    scan = find_quotations("“：我也说过习近平主席")
    assert all(t.end <= q.start or t.start >= q.end for t in scan.terms for q in scan.quotations)


# ---------------------------------------------------------------- hostile shapes (timed in bench/bench_quotes_scale.py)


def test_a_line_of_only_spaces_ends_a_paragraph_and_an_unclosed_quotation():
    text = ("The minister said “we will build homes for everyone in the region this year\n" + " " * 100_000
            + "\nThe weather was fine on the day of the visit to the region.")
    scan = find_quotations(text)
    assert [q.text for q in scan.quotations] == ["we will build homes for everyone in the region this year"]
    assert [w.kind for w in scan.warnings] == ["unbalanced"]


def test_every_quotation_in_one_huge_sentence_keeps_its_own_speaker():
    names = ["Mr Ken Lee", "Dr Ana Ruiz", "Ms Mei Chen"]
    text = ", and ".join(f"{names[i % 3]} said “we will build plan number {i} this year”" for i in range(3000)) + "."
    found = quotes(text)
    assert [q.text for q in found] == [f"we will build plan number {i} this year" for i in range(3000)]
    assert [q.speaker for q in found] == [names[i % 3] for i in range(3000)]


def test_a_speaker_is_read_from_the_clause_before_the_verb_not_from_a_huge_sentence_before_it():
    # A stretch of 5,000 words with no clause break holds no speaker, however it ends.
    text = "the " * 5000 + "Prime Minister said “we will build homes for everyone in the region this year”."
    assert only(text).speaker == ""


def test_closing_single_marks_pair_with_the_nearest_open_one_through_other_marks():
    from redline.core.quotemarks import MarkedSpan, MarkProblem, pair_marks

    text = "‘a ‘b “c x’ y’ z”"
    spans, problems = pair_marks(text, [(0, len(text))])
    assert spans == [MarkedSpan(1, 13, 0, 13, 0), MarkedSpan(4, 10, 3, 10, 1), MarkedSpan(7, 10, 6, None, 2)]
    assert problems == [MarkProblem(6, "“", unclosed=True), MarkProblem(16, "”", unclosed=False)]
    # Deeply nested marks that never meet a ‘ leave every ’ an apostrophe.
    deep = "“a " * 20_000 + "x’ " * 20_000
    spans, problems = pair_marks(deep, [(0, len(deep))])
    assert len(spans) == 20_000 and all(p.unclosed and p.mark == "“" for p in problems)


@pytest.mark.parametrize("text", ["Mr Smith told reporters that ", "He said in a statement that  ", "He said that "])
def test_a_that_with_nothing_after_it_reports_nothing(text):
    from redline.core.attribution import reported_speech

    assert reported_speech(text, 0, len(text)) == []


@pytest.mark.parametrize("text, speaker", [
    ("He " + "then " * 20_000 + "said that we will win the war.", "He"),
    ("He has already said that we will win the war.", "He"),
    ("x " + "said," * 5_000, None),
])
def test_long_runs_of_auxiliaries_or_verbs_are_read_once(text, speaker):
    found = quotes(text)
    if speaker is None:
        assert found == ()
    else:
        assert [q.speaker for q in found][:1] == [speaker]
