"""``huikuan stale``: the entries past their review date, by owner, for review upkeep.

The review status comes from the model (``Library.review``), the same one that marks entry
pages 待复审 and lists them on review.md, so the command and the site never disagree.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from itertools import groupby

from generator.model import Library
from generator.validate.library import review_interval


@dataclass(frozen=True)
class StaleEntry:
    owner: str
    kind: str
    id: str
    title: str
    path: str
    reviewed: str
    due: str
    days_overdue: int


def stale_entries(library: Library) -> list[StaleEntry]:
    """Entries past their review date, by owner, then longest overdue first."""
    out = []
    for entry in library.overdue():
        review = library.review(entry)
        out.append(StaleEntry(str(entry.get("owner", "")), entry.kind.id, entry.id, entry.title, entry.source,
                              review.reviewed.isoformat(), review.due.isoformat(), (library.today - review.due).days))
    return sorted(out, key=lambda s: (s.owner, -s.days_overdue, s.id))


def by_owner(entries: list[StaleEntry]) -> list[tuple[str, list[StaleEntry]]]:
    return [(owner, list(group)) for owner, group in groupby(entries, key=lambda s: s.owner)]


def as_json(entries: list[StaleEntry]) -> str:
    return json.dumps([asdict(s) for s in entries], ensure_ascii=False, indent=2)


def as_text(entries: list[StaleEntry], library: Library, lang: str) -> str:
    interval = library.review_interval
    if review_interval(library.taxonomy, library.schemas) is None:  # E210 or E202 in the taxonomy
        interval_text = (f"{interval} 天：taxonomy.yaml 的 review_interval_days 无效，按默认值计算" if lang == "zh"
                         else f"{interval} days: the default, as review_interval_days in taxonomy.yaml is invalid")
    else:
        interval_text = f"{interval} 天" if lang == "zh" else f"{interval} days"
    if not entries:
        return (f"没有待复审的条目（复审周期 {interval_text}）。" if lang == "zh"
                else f"No entry is past its review date (interval {interval_text}).")
    lines = []
    for owner, group in by_owner(entries):
        lines.append(f"{owner}（{len(group)} 条）" if lang == "zh" else f"{owner} ({len(group)})")
        for s in group:
            when = (f"审核于 {s.reviewed}，应于 {s.due} 前复审，已逾期 {s.days_overdue} 天" if lang == "zh"
                    else f"reviewed {s.reviewed}, due {s.due}, {s.days_overdue} days overdue")
            lines.append(f"  {s.path}  {s.title}  {when}")
    lines.append(f"共 {len(entries)} 个条目待复审（复审周期 {interval_text}）。复审后更新 reviewed 日期。"
                 if lang == "zh" else
                 f"{len(entries)} entries past review (interval {interval_text}). Update reviewed after the review.")
    return "\n".join(lines)
