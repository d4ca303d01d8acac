"""The "About you" panel of a format-2 aid: the clinician enters the patient's inputs (a
10-year risk, an age band), and a line says which inputs the numbers below are for, or what
is still missing, or why a value typed is not accepted.

The panel only reports: it posts `AboutYou.Changed` with the input's id and the text or
choice given, and the options stage enters it into the consultation (`set_input`) and
redraws the numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Select, Static

from sdm_tui.aid.evidence import Value, format_value
from sdm_tui.aid.model import Input as AidInput
from sdm_tui.app.plain import plain
from sdm_tui.app.textual_compat import SteadyInput
from sdm_tui.app.widgets.safe_select import SafeSelect
from sdm_tui.i18n import _

MUTED = "$foreground-muted"


def range_hint(item: AidInput) -> str:
    """ "1 to 50 in 100" for a number; empty for a choice."""
    if not item.is_number:
        return ""
    low = format_value(item.minimum if item.minimum is not None else 0)
    high = format_value(item.maximum if item.maximum is not None else 0)
    return _("{low} to {high} {unit}").format(low=low, high=high, unit=item.unit).strip()


class AboutYou(Vertical):
    """One row per input: its label, a box (numbers) or a list (choices), its help."""

    _basis_shape: tuple[int, int] = (0, 0)
    """The width the basis line was last drawn at, and how many lines it took."""

    DEFAULT_CSS = """
    AboutYou {
        height: auto;
        padding: 0 1;
        border: round $panel-lighten-2;
        border-title-color: $text;
    }
    AboutYou > .input-row { height: auto; }
    AboutYou .input-label { width: auto; max-width: 50%; height: auto; padding: 0 1 0 0; }
    AboutYou Input { width: 16; }
    AboutYou Select { width: 24; }
    /* One line: the help in full is the box's tooltip, and F1's help. */
    AboutYou .input-hint {
        width: 1fr;
        height: 1;
        padding: 0 0 0 1;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    AboutYou > #basis { height: auto; text-style: bold; }
    AboutYou > #basis.-problem { color: $text-error; }
    """

    class Changed(Message):
        """The clinician gave `input_id` the value `raw` (text typed, or a choice)."""

        def __init__(self, input_id: str, raw: str) -> None:
            super().__init__()
            self.input_id = input_id
            self.raw = raw

    class Done(Message):
        """Enter was pressed in `input_id`'s box."""

        def __init__(self, input_id: str) -> None:
            super().__init__()
            self.input_id = input_id

    def __init__(
        self,
        inputs: tuple[AidInput, ...],
        values: dict[str, Value],
        basis: str,
        helps: dict[str, str] | None = None,
        apply: Callable[[str, str], None] | None = None,
    ) -> None:
        super().__init__(id="about-you")
        self.apply = apply
        """Called with (input id, text) as a number box's text changes, inside the key's
        own handling: the counts are then redrawn in the same refresh as the box. Without
        it, the panel posts `Changed`, as it does for choices."""
        self.inputs = inputs
        self.helps = helps or {}
        """Each input's help as shown: citation markers numbered ([@id] as [1])."""
        self.values = values
        self.basis = basis
        self.border_title = _("About you · entered by the clinician · u: go here")

    def compose(self) -> ComposeResult:
        for item in self.inputs:
            with Horizontal(classes="input-row"):
                yield Static(plain(item.label), classes="input-label")
                value = self.values.get(item.id)
                if item.is_number:
                    yield SteadyInput(
                        "" if value is None else format_value(value),
                        placeholder=range_hint(item),
                        id=f"input-{item.id}",
                        classes="patient-input",
                        tooltip=self.helps.get(item.id, item.help) or None,
                        max_length=12,
                        compact=True,
                    )
                else:
                    yield SafeSelect(
                        [(plain(label), key) for key, label in item.choices.items()],
                        value=value if isinstance(value, str) else Select.NULL,
                        prompt=_("Choose"),
                        id=f"input-{item.id}",
                        classes="patient-input",
                        tooltip=self.helps.get(item.id, item.help) or None,
                        compact=True,
                    )
                help_text = self.helps.get(item.id, item.help)
                hint = " · ".join(part for part in (range_hint(item), help_text) if part)
                yield Static(plain(hint), classes="input-hint")
        yield Static(plain(self.basis), id="basis")

    def show_basis(self, text: str, *, problem: bool = False) -> None:
        """The line under the boxes: which inputs the numbers are for, or what is wrong."""
        basis = self.query_one("#basis", Static)
        shown = plain(text)
        width = basis.content_region.width
        # A new risk rarely changes how many lines the sentence takes: then the screen need
        # not be laid out again (most of the cost of a change, against a frame's 16 ms).
        shape = (width, len(shown.wrap(width)) if width > 0 else 0)
        basis.update(shown, layout=width <= 0 or shape != self._basis_shape)
        self._basis_shape = shape
        basis.set_class(problem, "-problem")

    def _input_id(self, widget_id: str | None) -> str:
        return (widget_id or "").removeprefix("input-")

    def on_mount(self) -> None:
        if self.apply is not None:
            for box in self.query(".patient-input").results(Input):
                self.watch(box, "value", partial(self._value_set, box), init=False)

    def _value_set(self, box: Input, value: str) -> None:
        if self.apply is not None:
            self.apply(self._input_id(box.id), value)

    @on(Input.Changed, ".patient-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self.apply is None:  # else already applied, as the value was set
            self.post_message(self.Changed(self._input_id(event.input.id), event.value))

    @on(Input.Submitted, ".patient-input")
    def _entered(self, event: Input.Submitted) -> None:
        """Enter: done with this box; on to the next one, or to the numbers."""
        event.stop()
        self.post_message(self.Done(self._input_id(event.input.id)))

    @on(Select.Changed, ".patient-input")
    def _chosen(self, event: Select.Changed) -> None:
        event.stop()
        value = "" if event.value is Select.NULL else str(event.value)
        self.post_message(self.Changed(self._input_id(event.select.id), value))
