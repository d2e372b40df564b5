"""Placeholders as taxonomy.yaml declares them, and the values that fill them.

A placeholder's ``format`` (schema: taxonomy placeholders) says what its value is: free text,
an amount of yuan, a date or a count. ``huikuan letter`` refuses a value that is not of that
form — a formal letter must not say 逾期-3天 or 2026年13月45日 — and writes the accepted ones
the way a Chinese business letter does: 186,400.00 and 2026年9月30日.

An amount placeholder may name a second one, its ``capitals``: the same amount in the
capital numerals of Chinese finance (大写, 壹拾捌万陆仟肆佰元整), which a formal letter
states beside the figures so that they cannot be altered. It is never typed in: it is
computed from the amount, and is blank while the amount is.

Values are also checked against each other where the taxonomy relates them: a date ``after``
or ``before`` another (the payment deadline after the letter date), a count of the
``days_between`` two dates (the days overdue). Each relation is data in taxonomy.yaml, so a
library names its own.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Placeholder:
    name: str
    description: str
    example: str
    format: str = "text"
    capitals_of: str = ""  # the amount placeholder this one states in capitals
    after: str = ""  # a date placeholder this date must follow
    before: str = ""  # a date placeholder this date must precede
    days_between: tuple[str, ...] = ()  # two date placeholders: this count is the days from one to the other

    def relations(self) -> dict[str, tuple[str, ...]]:
        """The relations this placeholder is in, each with the placeholders it names, e.g.
        {"days_between": ("到期日", "发函日期")}."""
        named = {"after": (self.after,), "before": (self.before,), "days_between": self.days_between}
        return {kind: names for kind, names in named.items() if names and all(names)}


def declared(taxonomy: Any) -> dict[str, Placeholder]:
    """Every placeholder a library may use: those declared, then the capitals they name."""
    items = taxonomy.get("placeholders") if isinstance(taxonomy, dict) else None
    # A taxonomy that fails its schema (placeholders: 1) is reported there; here it declares none.
    items = [p for p in items if isinstance(p, dict) and isinstance(p.get("name"), str)] \
        if isinstance(items, list) else []
    found = {p["name"]: Placeholder(p["name"], str(p.get("description", "")), str(p.get("example", "")),
                                    str(p.get("format", "text")), after=_name(p.get("after")),
                                    before=_name(p.get("before")), days_between=_names(p.get("days_between")))
             for p in items}
    for p in items:
        capitals = p.get("capitals")
        if isinstance(capitals, str) and capitals not in found:
            amount = parse_amount(str(p.get("example", "")))
            found[capitals] = Placeholder(capitals, f"{p['name']}的中文大写，由{p['name']}自动生成",
                                          rmb_capitals(amount) if amount is not None else capitals,
                                          "capitals", p["name"])
    return found


def _name(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _names(value: Any) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) and all(isinstance(v, str) for v in value) else ()


# -- values ---------------------------------------------------------------------------------------


class BadValue(ValueError):
    """A value that is not of its placeholder's format: what is wrong and what is expected."""

    def __init__(self, problem: tuple[str, str], expected: tuple[str, str]) -> None:
        super().__init__(problem[1])
        self.problem = problem
        self.expected = expected

    def said(self, lang: str = "zh") -> str:
        """The refusal as one sentence, the way huikuan letter says it after --set NAME=VALUE."""
        i = 0 if lang == "zh" else 1
        expected = spaced(self.expected[0]) if i == 0 else self.expected[1]
        return REFUSED[i].format(problem=self.problem[i], expected=expected)


# A refused value said in one sentence: what is wrong, then what is expected. The site's
# fill-in form is given the Chinese one for what it says beside a field.
REFUSED = ("{problem}；应为{expected}。", "{problem}; expected {expected}.")


def spaced(text: str) -> str:
    """Text to follow Chinese, a space before it when it starts with figures or Latin letters, as
    Chinese type sets them: 应为 46, 应为阿拉伯数字金额."""
    return " " + text if text and text[0].isascii() else text


_AMOUNT = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?")
_AMOUNT_LIMIT = Decimal(10) ** 16  # 亿亿: the capitals have no larger unit
_DATE = re.compile(r"(\d{4})(?:年(\d{1,2})月(\d{1,2})日|([-/.])(\d{1,2})\4(\d{1,2}))")
_COUNT = re.compile(r"\d+")

EXPECTED = {
    "amount": ("阿拉伯数字金额，最多两位小数，如 186,400.00 或 186400；不要写“人民币”“元”，函件里已经有了",
               "figures with at most two decimals, e.g. 186,400.00 or 186400, without '人民币' or '元' "
               "(the letter has them)"),
    "date": ("真实存在的日期，如 2026年9月30日 或 2026-09-30", "a real date, e.g. '2026年9月30日' or 2026-09-30"),
    "count": ("不小于 0 的整数，如 45", "a whole number, 0 or more, e.g. 45"),
}


def parse_amount(text: str) -> Decimal | None:
    """An amount of yuan as written by hand or on a full-width keyboard; None if it is not one."""
    text = unicodedata.normalize("NFKC", text).strip()
    if not _AMOUNT.fullmatch(text):
        return None
    amount = Decimal(text.replace(",", ""))
    return amount if amount < _AMOUNT_LIMIT else None


def _amount(text: str) -> str:
    amount = parse_amount(text)
    if amount is None:
        plain = unicodedata.normalize("NFKC", text).strip()
        if plain.startswith("-"):
            problem = ("金额不能是负数", "an amount cannot be negative")
        elif re.fullmatch(r"[\d,]*\.\d{3,}", plain):
            problem = ("金额最多两位小数（到分）", "an amount has at most two decimals (fen)")
        elif _AMOUNT.fullmatch(plain):
            problem = ("金额太大", "the amount is too large")
        else:
            problem = ("不是金额", "not an amount")
        raise BadValue(problem, EXPECTED["amount"])
    return f"{amount:,.2f}"


def parse_date(text: str) -> dt.date:
    """A date as written by hand (2026年9月30日, 2026-09-30, 2026/9/30); BadValue if it is not one."""
    plain = unicodedata.normalize("NFKC", text).strip()
    found = _DATE.fullmatch(plain)
    if not found:
        raise BadValue(("不是日期", "not a date"), EXPECTED["date"])
    try:
        return dt.date(*(int(g) for g in (found[1], found[2] or found[5], found[3] or found[6])))
    except ValueError:
        raise BadValue(("没有这一天", "there is no such day"), EXPECTED["date"]) from None


def _date(text: str) -> str:
    day = parse_date(text)
    return f"{day.year:04d}年{day.month}月{day.day}日"  # four figures, as parse_date reads it back


def _count(text: str) -> str:
    plain = unicodedata.normalize("NFKC", text).strip()
    if not _COUNT.fullmatch(plain):
        problem = (("不能是负数", "cannot be negative") if re.fullmatch(r"-\d+", plain)
                   else ("不是整数", "not a whole number"))
        raise BadValue(problem, EXPECTED["count"])
    return str(int(plain))


def _text(text: str) -> str:
    return text.strip()


# One reader per format of the schema's enum (a test keeps the two the same).
FORMATS = {"text": _text, "amount": _amount, "date": _date, "count": _count}


def fill(placeholders: Mapping[str, Placeholder],
         given: Mapping[str, str]) -> tuple[dict[str, str], dict[str, BadValue]]:
    """The values to print, each checked against and written in its placeholder's format, with
    the capitals of each amount given; and the values refused, by placeholder."""
    values: dict[str, str] = {}
    refused: dict[str, BadValue] = {}
    for name, raw in given.items():
        if not raw.strip():
            continue  # left blank on purpose: a line to fill in by hand
        read = FORMATS.get(placeholders[name].format, _text) if name in placeholders else _text
        try:
            values[name] = read(raw)
        except BadValue as problem:
            refused[name] = problem
    refused.update(contradictions(placeholders, values))
    for name in refused:
        values.pop(name, None)
    for placeholder in placeholders.values():
        amount = values.get(placeholder.capitals_of)
        if placeholder.capitals_of and amount:
            values[placeholder.name] = rmb_capitals(Decimal(amount.replace(",", "")))
    return values, refused


# What a contradiction says, by the relation it breaks: one wording for huikuan letter, the check
# of the taxonomy's examples and the site's fill-in form, which is given these templates (the
# slots are filled in the browser there). Slots: the placeholders related ({other}, {start},
# {end}), their values as the letter writes them ({other_value}, …), the value refused ({value})
# and the days between the dates ({days}). Each is a pair: what is wrong, what is expected.
CONTRADICTIONS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "after": (("不在{other}（{other_value}）之后", "not after '{other}' ('{other_value}')"),
              ("{other}之后的日期，或者改正{other}", "a date after '{other}', or correct '{other}'")),
    "before": (("不在{other}（{other_value}）之前", "not before '{other}' ('{other_value}')"),
               ("{other}之前的日期，或者改正{other}", "a date before '{other}', or correct '{other}'")),
    "days_between": (("从{start}（{start_value}）到{end}（{end_value}）是 {days} 天，这里写的是 {value} 天",
                      "from '{start}' ('{start_value}') to '{end}' ('{end_value}') is {days} days, not {value}"),
                     ("{days}，或者改正{start}或{end}", "{days}, or correct '{start}' or '{end}'")),
    "days_between_order": (("{start}（{start_value}）在{end}（{end_value}）之后，算不出天数",
                            "'{start}' ('{start_value}') is after '{end}' ('{end_value}'): no days between them"),
                           ("{start}早于{end}：先改正其中一个", "'{start}' before '{end}': correct one of them first")),
}


def _contradiction(kind: str, **slots: str | int) -> BadValue:
    problem, expected = CONTRADICTIONS[kind]
    return BadValue((problem[0].format(**slots), problem[1].format(**slots)),
                    (expected[0].format(**slots), expected[1].format(**slots)))


def _relates(placeholders: Mapping[str, Placeholder], p: Placeholder, names: tuple[str, ...], form: str) -> bool:
    """The relation as the taxonomy check allows it: from a placeholder of its form to other,
    distinct, declared dates. Any other the check reports (E317, the schema); it relates nothing."""
    return (p.format == form and p.name not in names and len(set(names)) == len(names)
            and all(n in placeholders and placeholders[n].format == "date" for n in names))


def contradictions(placeholders: Mapping[str, Placeholder], values: Mapping[str, str]) -> dict[str, BadValue]:
    """The values, each of its own form, that contradict another the taxonomy relates them to;
    a relation is checked only when all its values are given."""
    refused: dict[str, BadValue] = {}
    for p in placeholders.values():
        value = values.get(p.name)
        if not value:
            continue
        for kind, other in (("after", p.after), ("before", p.before)):
            if not values.get(other) or not _relates(placeholders, p, (other,), "date"):
                continue
            mine, theirs = parse_date(value), parse_date(values[other])
            if (mine <= theirs) if kind == "after" else (mine >= theirs):
                refused[p.name] = _contradiction(kind, other=other, other_value=values[other])
        if len(p.days_between) == 2 and all(values.get(n) for n in p.days_between) \
                and _relates(placeholders, p, p.days_between, "count"):
            start, end = p.days_between
            dates = dict(start=start, start_value=values[start], end=end, end_value=values[end])
            days = (parse_date(values[end]) - parse_date(values[start])).days
            if days < 0:
                refused[p.name] = _contradiction("days_between_order", **dates)
            elif int(value) != days:
                refused[p.name] = _contradiction("days_between", **dates, days=days, value=value)
    return refused


# -- capitals -------------------------------------------------------------------------------------

_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def _below_10000(n: int) -> str:
    """0 < n < 10000: one 零 for any zeros between figures, none at the end (壹仟零伍, 壹拾)."""
    out, gap = "", False
    for digit, unit in zip(f"{n:04d}", ("仟", "佰", "拾", ""), strict=True):
        if digit == "0":
            gap = bool(out)
        else:
            out += ("零" if gap else "") + _DIGITS[int(digit)] + unit
            gap = False
    return out


def _whole(n: int) -> str:
    """n > 0 in capitals; a 零 stands for the zeros where a lower part starts short."""
    for size, unit in ((10**8, "亿"), (10**4, "万")):
        if n >= size:
            high, low = divmod(n, size)
            text = _whole(high) + unit
            return text + (("零" if low < size // 10 else "") + _whole(low) if low else "")
    return _below_10000(n)


def rmb_capitals(amount: Decimal) -> str:
    """An amount of yuan as written on cheques and contracts (中文大写金额): 1005 → 壹仟零伍元整,
    100000 → 壹拾万元整, 1680.32 → 壹仟陆佰捌拾元零叁角贰分, 0.5 → 伍角整.

    The rules of 《正确填写票据和结算凭证的基本规定》: 拾 always has a figure before it; one 零 for
    zeros inside the number; a 零 after 元 when the 元 figure or the 角 is 0 and 角 or 分 follow;
    整 after 元 or 角, none after 分."""
    cents = int((amount * 100).to_integral_value())
    if cents < 0:
        raise ValueError(f"negative amount: {amount}")
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    if not cents:
        return "零元整"
    out = _whole(yuan) + "元" if yuan else ""
    if yuan and (jiao or fen) and (yuan % 10 == 0 or not jiao):
        out += "零"
    if jiao:
        out += _DIGITS[jiao] + "角"
    return out + (_DIGITS[fen] + "分" if fen else "整")
