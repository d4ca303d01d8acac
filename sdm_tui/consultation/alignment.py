"""How the patient's ratings line up with each option.

A reflection of the ratings (sum of rating x favours), never a recommendation.
"""

from __future__ import annotations

from collections.abc import Mapping

from sdm_tui.aid.model import DecisionAid
from sdm_tui.consultation.record import MAX_RATING, Consultation, Entry


def _rating(value: Entry | int) -> int:
    return value.value if isinstance(value, Entry) else value


def alignment(aid: DecisionAid, ratings: Mapping[str, Entry | int]) -> dict[str, int]:
    """Option id -> sum over rated values of rating x favours, in the aid's option order.

    Unrated values and options a value leaves out count 0.
    """
    scores = {option.id: 0 for option in aid.options}
    for value in aid.values:
        if value.id not in ratings:
            continue
        rating = _rating(ratings[value.id])
        for option_id in scores:
            scores[option_id] += rating * value.favour_for(option_id)
    return scores


def alignment_bounds(aid: DecisionAid) -> tuple[int, int]:
    """The lowest and highest score any option could reach: a common scale for bars.

    Always low <= 0 <= high; both are 0 when no value favours anything.
    """
    low = high = 0
    for option in aid.options:
        favours = [value.favour_for(option.id) for value in aid.values]
        low = min(low, sum(MAX_RATING * f for f in favours if f < 0))
        high = max(high, sum(MAX_RATING * f for f in favours if f > 0))
    return low, high


def top_aligned(c: Consultation) -> list[str]:
    """Option ids with the highest score (several on a tie); [] when nothing is rated."""
    if not c.ratings:
        return []
    scores = alignment(c.aid, c.ratings)
    best = max(scores.values())
    return [option_id for option_id, score in scores.items() if score == best]


def choice_differs_from_ratings(c: Consultation) -> bool:
    """Whether an option was chosen that is not among those the ratings point to most."""
    if c.decision is None or c.decision.value.option_id is None:
        return False
    top = top_aligned(c)
    return bool(top) and c.decision.value.option_id not in top
