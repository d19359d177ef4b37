"""Words whose replacement by the other reverses what a sentence says: the ``reversal`` flag's lexicon.

English pairs are given as lemmas; :func:`english_lemma` maps inflected forms
(supports, supported, supporting) back to them. Chinese pairs are matched as
they are written, since Chinese does not inflect.
"""

from __future__ import annotations

ENGLISH = (
    "support oppose", "increase decrease", "increase reduce", "increase cut", "rise fall", "rise decline",
    "raise lower", "grow shrink", "expand reduce", "expand contract", "strengthen weaken", "improve worsen",
    "improve deteriorate", "accept reject", "approve reject", "approve veto", "allow ban", "allow forbid",
    "allow prohibit", "permit ban", "permit forbid", "permit prohibit", "welcome condemn", "praise condemn",
    "confirm deny", "admit deny", "win lose", "gain loss", "success failure", "succeed fail", "open close",
    "start stop", "begin end", "include exclude", "continue stop", "continue halt", "continue suspend",
    "resume suspend", "lift impose", "positive negative", "optimistic pessimistic", "true false",
    "right wrong", "more less", "more fewer", "higher lower", "up down", "above below", "maximum minimum",
    "strong weak", "stronger weaker", "peace war", "friend enemy", "ally enemy", "agree refuse",
    "good bad", "better worse", "best worst", "escalate de-escalate", "escalate deescalate",
    "escalation de-escalation", "escalation deescalation", "cooperation confrontation", "welcome regret",
)
CHINESE = (
    "支持 反对", "赞成 反对", "赞同 反对", "同意 反对", "同意 拒绝", "接受 拒绝", "承认 否认", "肯定 否定",
    "确认 否认", "上升 下降", "上涨 下跌", "增加 减少", "增长 下降", "增长 减少", "提高 降低", "扩大 缩小",
    "加强 削弱", "增强 减弱", "改善 恶化", "好转 恶化", "开放 关闭", "允许 禁止", "批准 拒绝", "欢迎 谴责",
    "赞扬 谴责", "积极 消极", "乐观 悲观", "成功 失败", "胜利 失败", "继续 停止", "恢复 暂停", "开始 结束",
    "包括 排除", "取消 实施", "解除 实施", "合法 非法", "有效 无效", "正确 错误", "真实 虚假", "和平 战争",
    "朋友 敌人", "盟友 敌人", "更多 更少", "高于 低于", "超过 不足", "最高 最低", "一定 未必", "必然 未必",
    "赞赏 不满", "满意 不满", "欢迎 不满", "赞赏 遗憾", "欢迎 遗憾", "满意 失望", "合作 对抗", "缓和 升级",
    "缓和 加剧", "赞赏 谴责", "欢迎 反对", "好事 坏事", "好消息 坏消息", "更好 更坏", "变好 变坏",
)

_SUFFIXES = ("s", "es", "d", "ed", "ing", "ly")


def _pairs(lines: tuple[str, ...]) -> frozenset[frozenset[str]]:
    return frozenset(frozenset(line.split()) for line in lines)


ENGLISH_PAIRS = _pairs(ENGLISH)
CHINESE_PAIRS = tuple(tuple(line.split()) for line in CHINESE)
_LEMMAS = frozenset(word for line in ENGLISH for word in line.split())


def english_lemma(word: str) -> str:
    """The lexicon lemma an inflected English word comes from, else the word (lowercased)."""
    word = word.lower()
    if word in _LEMMAS:
        return word
    for suffix in _SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 2:
            for candidate in (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else stem,
                              stem[:-1] + "y" if stem.endswith("i") else stem):
                if candidate in _LEMMAS:
                    return candidate
    return word


def reversed_english(old: list[str], new: list[str]) -> bool:
    """A word of ``old`` replaced by its antonym in ``new`` (lemmas compared)."""
    before = {english_lemma(w) for w in set(old)} & _LEMMAS  # only lexicon words can pair: no N x M over all
    after = {english_lemma(w) for w in set(new)} & _LEMMAS
    return any(frozenset((a, b)) in ENGLISH_PAIRS for a in before - after for b in after - before)


def reversed_chinese(old: str, new: str) -> bool:
    """A Chinese word of ``old`` replaced by its antonym in ``new``."""
    for x, y in CHINESE_PAIRS:
        for a, b in ((x, y), (y, x)):
            if a in old and b in new and a not in new and b not in old:
                return True
    return False
