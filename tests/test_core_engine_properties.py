"""Properties of the alignment engine on generated documents (hypothesis).

Documents are built from real sentences (every sentence of the case files in
tests/fixtures/cases: MFA press conferences in Chinese and English, GOV.UK
releases and speeches) and changed the way re-releases and excerpts change
them: words deleted, inserted or replaced; sentences moved, duplicated,
split, merged, dropped, added; excerpts cut at the head, inside or tail with
or without an ellipsis. Whatever the edits:

- versions mode: every sentence of both versions is in exactly one pair;
- excerpt mode: every excerpt sentence is in exactly one pair, and every
  full-text sentence is either used by some pair or in exactly one
  ``omitted`` pair;
- every pair's ops rebuild its ``a_text`` and ``b_text``; those texts are
  the listed sentences joined with one space; similarity is in [0, 1];
- the same input gives the same result twice.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redline.core import align, diff, segment
from redline.core.ops import join_a, join_b

CASES = Path(__file__).parent / "fixtures" / "cases"
VERSION_KINDS = {"same", "modified", "added", "removed", "split", "merged"}
EXCERPT_KINDS = {"same", "trimmed", "edited", "added", "omitted"}


def _pool() -> dict[str, list[str]]:
    """Distinct real sentences of the case files, by language, labels left out."""
    pool: dict[str, set[str]] = {"zh": set(), "en": set()}
    for path in sorted(CASES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for side in ("a", "b"):
            for sentence in segment(data[side]).sentences:
                text = sentence.text.strip()
                if 4 <= len(text) <= 160 and "\n" not in text:
                    pool[data["lang"]].add(text)
    return {lang: sorted(texts) for lang, texts in pool.items()}


POOL = _pool()
LABELS = {"zh": ["", "", "问：", "答：", "赵立坚："], "en": ["", "", "Q: ", "A: ", "Geng Shuang: "]}
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------
# Documents: paragraphs of real sentences, optionally opened by a speaker label.

@st.composite
def documents(draw, lang: str) -> list[list[str]]:
    pool = POOL[lang]
    n = draw(st.integers(1, 9))
    sentences = [pool[i] for i in draw(st.lists(st.integers(0, len(pool) - 1), min_size=n, max_size=n))]
    paragraphs, current = [], []
    for sentence in sentences:
        current.append(sentence)
        if draw(st.booleans()):
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    labels = draw(st.lists(st.sampled_from(LABELS[lang]), min_size=len(paragraphs), max_size=len(paragraphs)))
    return [[label + para[0], *para[1:]] for label, para in zip(labels, paragraphs)]


def render(paragraphs: list[list[str]], lang: str) -> str:
    glue = "" if lang == "zh" else " "
    return "\n\n".join(glue.join(s for s in para if s) for para in paragraphs if any(para)) + "\n"


def _words(sentence: str, lang: str) -> list[str]:
    if lang == "zh":
        return re.findall(r".{1,2}", sentence, re.S)  # two-character chunks stand in for words
    return re.findall(r"\S+\s*", sentence)


def _edit_words(draw, sentence: str, lang: str) -> str:
    words = _words(sentence, lang)
    if not words:
        return sentence
    k = draw(st.integers(0, len(words) - 1))
    how = draw(st.sampled_from(["delete", "insert", "replace"]))
    donor = _words(draw(st.sampled_from(POOL[lang])), lang)
    new = donor[draw(st.integers(0, len(donor) - 1))] if donor else "x"
    if how == "delete":
        del words[k]
    elif how == "insert":
        words.insert(k, new)
    else:
        words[k] = new
    return "".join(words)


@st.composite
def revised(draw, lang: str) -> tuple[str, str]:
    """An old version and a new one made from it by random edits."""
    old = draw(documents(lang))
    new = [list(p) for p in old]
    for _ in range(draw(st.integers(0, 5))):
        flat = [(p, k) for p, para in enumerate(new) for k in range(len(para))]
        if not flat:
            break
        p, k = draw(st.sampled_from(flat))
        how = draw(st.sampled_from(["words", "move", "duplicate", "split", "merge", "drop", "add"]))
        s = new[p][k]
        if how == "words":
            new[p][k] = _edit_words(draw, s, lang)
        elif how in ("move", "duplicate"):
            if how == "move":
                del new[p][k]
            q = draw(st.integers(0, len(new) - 1))
            new[q].insert(draw(st.integers(0, len(new[q]))), s)
        elif how == "split":
            commas = [m.end() for m in re.finditer("[，,]", s)]
            if commas:
                at = draw(st.sampled_from(commas))
                new[p][k] = s[:at - 1] + ("。" if lang == "zh" else ". ") + s[at:].lstrip()
        elif how == "merge" and k + 1 < len(new[p]):
            new[p][k] = s.rstrip("。.!?！？") + ("，" if lang == "zh" else ", ") + new[p][k + 1]
            del new[p][k + 1]
        elif how == "drop":
            del new[p][k]
        elif how == "add":
            new[p].insert(k, draw(st.sampled_from(POOL[lang])))
    return render(old, lang), render(new, lang)


@st.composite
def excerpted(draw, lang: str) -> tuple[str, str]:
    """A full text and an excerpt of it: picked sentences, cut, edited, reordered, invented."""
    full = draw(documents(lang))
    flat = [s for para in full for s in para]
    picked = draw(st.lists(st.integers(0, len(flat) - 1), min_size=1, max_size=6))
    out = []
    ellipsis = "……" if lang == "zh" else "..."
    for i in picked:
        s = re.sub(r"^(问|答|赵立坚|Q|A|Geng Shuang)[：:]\s*", "", flat[i])
        how = draw(st.sampled_from(["same", "head", "tail", "inside", "words", "invent"]))
        words = _words(s, lang)
        cut = draw(st.integers(1, max(1, len(words) - 1)))
        if how == "head" and len(words) > 2:
            s = draw(st.sampled_from(["", ellipsis])) + "".join(words[cut:])
        elif how == "tail" and len(words) > 2:
            s = "".join(words[:cut]) + draw(st.sampled_from(["", ellipsis]))
        elif how == "inside" and len(words) > 3:
            end = min(len(words) - 1, cut + 2)
            s = "".join(words[:cut]) + draw(st.sampled_from(["", ellipsis])) + "".join(words[end:])
        elif how == "words":
            s = _edit_words(draw, s, lang)
        elif how == "invent":
            s = draw(st.sampled_from(POOL[lang]))
        out.append(s)
    label = draw(st.sampled_from(LABELS[lang]))
    return render(full, lang), render([[label + out[0], *out[1:]]], lang)


# --------------------------------------------------------------------------
# Checks shared by both modes


def _check_pairs(result, a_side, b_side):
    """``a_side(pair)``/``b_side(pair)``: the sentences the pair's indices count in."""
    for pair in result.pairs:
        assert 0.0 <= pair.similarity <= 1.0, pair
        assert pair.a_text == " ".join(a_side(pair)[i].text for i in pair.a)
        assert pair.b_text == " ".join(b_side(pair)[j].text for j in pair.b)
        if pair.kind != "same":
            a, b = join_a(pair.ops), join_b(pair.ops)
            assert a == pair.a_text, (pair.ops, pair.a_text)
            assert b == pair.b_text, (pair.ops, pair.b_text)


def _by_role(doc):
    return {section.role: section.sentences for section in doc.sections}


def _json(result) -> str:
    return json.dumps(asdict(result), ensure_ascii=False, sort_keys=True)


@PROPERTY
@given(st.sampled_from(["zh", "en"]).flatmap(revised))
def test_versions_every_sentence_in_exactly_one_pair(texts):
    old_text, new_text = texts
    old, new = segment(old_text), segment(new_text)
    result = diff(old, new)
    assert {p.kind for p in result.pairs} <= VERSION_KINDS
    for role, sentences in _by_role(old).items():
        seen = Counter(i for p in result.pairs if p.section == role for i in p.a)
        assert seen == Counter(range(len(sentences))), (role, seen)
    for role, sentences in _by_role(new).items():
        seen = Counter(j for p in result.pairs if p.section == role for j in p.b)
        assert seen == Counter(range(len(sentences))), (role, seen)
    a_sentences, b_sentences = _by_role(old), _by_role(new)
    _check_pairs(result, lambda p: a_sentences[p.section], lambda p: b_sentences.get(p.section, []))
    assert _json(diff(segment(old_text), segment(new_text))) == _json(result)


@PROPERTY
@given(st.sampled_from(["zh", "en"]).flatmap(excerpted))
def test_excerpt_every_sentence_accounted_for(texts):
    full_text, excerpt_text = texts
    full, excerpt = segment(full_text), segment(excerpt_text)
    result = align(full, excerpt)
    source = full.section("full") or full.sections[-1]
    derived = excerpt.section("excerpt") or excerpt.section("full") or excerpt.sections[0]
    assert {p.kind for p in result.pairs} <= EXCERPT_KINDS
    traced = [p for p in result.pairs if p.kind != "omitted"]
    omitted = [p for p in result.pairs if p.kind == "omitted"]
    assert Counter(j for p in traced for j in p.b) == Counter(range(len(derived.sentences)))
    assert all(len(p.b) == 1 for p in traced)
    assert all(p.b == [] and len(p.a) == 1 for p in omitted)
    used = {i for p in traced for i in p.a}
    assert Counter(p.a[0] for p in omitted) == Counter(i for i in range(len(source.sentences)) if i not in used)
    assert all(0 <= i < len(source.sentences) for p in traced for i in p.a)
    _check_pairs(result, lambda p: source.sentences, lambda p: derived.sentences)
    assert _json(align(segment(full_text), segment(excerpt_text))) == _json(result)
