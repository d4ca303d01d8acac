"""Training mode: rehearsing a consultation from a scenario (see docs/rehearsal.md).

The scenario picker, the persona card, the observer's OPTION-5 panel, the stage timer and
the debrief. The rules and the data live in `sdm_tui.rehearsal`; these are only its screens.
"""
