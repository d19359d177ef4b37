"""``redline check``'s rules and policy: which rules exist, and how serious each is.

A :class:`Policy` maps every rule id to a severity; it comes from TOML text
(``redline.toml``), reading the file being the caller's business. The rules
themselves are evaluated by :mod:`redline.core.check`. This module imports
nothing heavy, so ``redline check --help`` can list the rules cheaply.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field

from .errors import InvalidPolicy

SEVERITIES = ("error", "warning", "off")
# The tables redline.toml may hold; any other name is a typo to refuse, not a table to ignore.
# [sources], [fetch] and [notify] are read by redline.snapshots.config, for reading statements and watching them.
TABLES = ("rules", "quotes", "sources", "fetch", "notify")
# A policy names 13 rules in a few hundred bytes; reading stops past this (``--policy /dev/zero`` never ends).
MAX_POLICY_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule id, its default severity and what it catches (``redline check --help`` lists them)."""

    id: str
    default: str
    summary: str


RULES: tuple[Rule, ...] = (
    Rule("excerpt-added", "error", "an excerpt sentence with no source in the full text"),
    Rule("excerpt-speaker", "error", "excerpt words attributed to another speaker than in the full text"),
    Rule("excerpt-meaning", "error", "a negation, reversal or number changed in a trimmed or edited excerpt sentence"),
    Rule("excerpt-hedge", "warning", "a qualifier (I think, perhaps, 我认为, 可能) cut by a trim"),
    Rule("excerpt-edited", "warning", "an excerpt sentence with words inserted or replaced"),
    Rule("excerpt-editorial", "warning", "an editorial note inserted into an excerpt sentence"),
    Rule("excerpt-moved", "off", "an excerpt sentence taken out of the full text's order"),
    Rule("version-silent-change", "warning",
         "a new version removes or modifies sentences, or changes its header (title, date...), with no note or label"),
    Rule("version-meaning", "warning", "a negation, reversal or number changed between versions"),
    Rule("history-hash", "error", "stored bytes that no longer match their recorded hash"),
    Rule("history-derived", "error", "a sentence file that disagrees with what its recorded engine derives"),
    Rule("metadata-source", "warning", "an archived version with no source"),
    Rule("metadata-date", "warning", "a version with no statement date"),
    Rule("quote-not-found", "error", "a quotation that is not in the transcript it quotes"),
    Rule("quote-misattributed", "error", "a quotation the transcript gives to another speaker"),
    Rule("quote-altered", "warning", "a quotation with words inserted or replaced, or cut so a negation or number changes"),
    Rule("quote-spliced", "warning", "a quotation joined from places apart in the transcript"),
)
RULE_IDS = tuple(rule.id for rule in RULES)


@dataclass(frozen=True)
class Policy:
    """Severity per rule id; ``origin`` says where it came from (a path, or ``defaults``).

    ``quotes`` maps an article (a path relative to the policy file, or a
    statement ID) to the transcript it quotes (a path or ``ID[@REV]``), for
    the ``quote-`` rules.
    """

    severities: Mapping[str, str]
    origin: str = "defaults"
    quotes: Mapping[str, str] = field(default_factory=dict)

    def severity(self, rule: str) -> str:
        return self.severities[rule]

    def wants(self, prefix: str) -> bool:
        """Whether any rule starting with ``prefix`` is on (so callers can skip work)."""
        return any(s != "off" for rule, s in self.severities.items() if rule.startswith(prefix))


def default_policy() -> Policy:
    return Policy({rule.id: rule.default for rule in RULES})


def read_settings(data: bytes | str, origin: str) -> dict:
    """The tables of a ``redline.toml``'s bytes (or text), which every reader of the file goes through.

    Refused: more than :data:`MAX_POLICY_BYTES`, bytes that are not UTF-8,
    text that is not TOML or is nested too deeply to parse, and a table not
    in :data:`TABLES` (a typo must not silently switch a rule or a setting off,
    and ``[Rules]`` is not ``[rules]``).
    """
    if len(data) > MAX_POLICY_BYTES:
        raise InvalidPolicy(f"{origin}: larger than {MAX_POLICY_BYTES // 1024} KB, too large for a redline.toml")
    try:
        tables = tomllib.loads(data if isinstance(data, str) else data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InvalidPolicy(f"{origin}: not UTF-8 (byte {exc.start}), as TOML must be") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidPolicy(f"{origin}: not valid TOML ({exc})") from None
    except RecursionError:
        raise InvalidPolicy(f"{origin}: nested too deeply to be a redline.toml") from None
    except ValueError:  # an integer of thousands of digits, past Python's limit for converting one
        raise InvalidPolicy(f"{origin}: holds a number too long to be a setting") from None
    unknown = [name for name in tables if name not in TABLES]
    if unknown:
        raise InvalidPolicy(f"{origin}: unknown table or key {unknown[0]!r} (a redline.toml holds the tables "
                            f"{', '.join(f'[{name}]' for name in TABLES)})")
    return tables


def parse_policy(data: bytes | str, origin: str) -> Policy:
    """A policy from TOML: a ``[rules]`` table mapping rule ids to ``error``, ``warning`` or ``off``,
    and a ``[quotes]`` table naming the transcript each article quotes.

    Rules not named keep their defaults; unknown ids and severities are
    refused, as :func:`read_settings` refuses unknown tables.
    """
    tables = read_settings(data, origin)
    rules = tables.get("rules", {})
    if not isinstance(rules, dict):
        raise InvalidPolicy(f"{origin}: [rules] must be a table of rule = \"error\" | \"warning\" | \"off\"")
    severities = dict(default_policy().severities)
    for rule, severity in rules.items():
        if rule not in severities:
            raise InvalidPolicy(f"{origin}: unknown rule {rule!r} (rules: {', '.join(RULE_IDS)})")
        if severity not in SEVERITIES:
            raise InvalidPolicy(f"{origin}: rule {rule} has severity {severity!r}, not one of {', '.join(SEVERITIES)}")
        severities[rule] = severity
    return Policy(severities, origin, _quotes_table(tables.get("quotes", {}), origin))


def _quotes_table(table: object, origin: str) -> dict[str, str]:
    """The ``[quotes]`` table: article = transcript, both non-empty strings on one line.

    A transcript is a relative path inside the policy's folder or an
    ``ID[@REV]``: never a URL, an absolute path or a path climbing out with
    ``..``, since a ``redline.toml`` can come with someone else's pull request.
    """
    if not isinstance(table, dict) or not all(
            isinstance(v, str) and k.strip() and v.strip() and k.isprintable() and v.isprintable()
            for k, v in table.items()):
        raise InvalidPolicy(f"{origin}: [quotes] must be a table of \"article\" = \"transcript\" (paths or IDs, "
                            "printable text)")
    for article, transcript in table.items():
        if not _inside(transcript):
            raise InvalidPolicy(f"{origin}: [quotes] {article!r} names {transcript!r}, which is not a path inside "
                                "the policy's folder or an archived ID[@REV]")
    return dict(table)


def _inside(reference: str) -> bool:
    """Whether ``reference`` stays in its folder: no URL scheme or drive and no absolute path (before
    any ``@REV``, which may hold a time's colons), and no ``..`` part anywhere."""
    head = reference.partition("@")[0].replace("\\", "/").split("/")[0]
    return head != "" and ":" not in head and ".." not in reference.replace("\\", "/").split("/")


__all__ = [
    "MAX_POLICY_BYTES", "RULES", "RULE_IDS", "SEVERITIES", "TABLES", "Policy", "Rule", "default_policy",
    "parse_policy", "read_settings",
]
