"""An aid whose free text cites its sources with markers: shared by the screen and export
tests of citations."""

from __future__ import annotations

import dataclasses

from sdm_tui.aid.model import DecisionAid, Question, Source

OTHER_CITATION = "B. <Other> & [b]co[/b]. A cohort."
OTHER_URL = "https://example.org/study?a=1&b=<2>"


def cited_aid(aid: DecisionAid) -> DecisionAid:
    """`aid` (the minimal test aid) with a second source, and markers in an option summary,
    the answers and a value statement: `[@other]` is source 2, `[@better]` an outcome whose
    source, `trial`, is source 1."""
    other = Source("other", OTHER_CITATION, url=OTHER_URL, year=2021)
    (question,) = aid.questions
    tablet, none = aid.options
    question = Question(
        question.id,
        question.text,
        {tablet.id: "Helps 3 in 100 [@other].", none.id: "Nothing [@better][@trial]."},
    )
    options = (dataclasses.replace(tablet, summary="One tablet [@other]."), none)
    (value,) = aid.values
    values = (dataclasses.replace(value, statement=f"{value.statement} [@other]"),)
    return dataclasses.replace(
        aid,
        sources=(*aid.sources, other),
        questions=(question,),
        options=options,
        values=values,
    )
