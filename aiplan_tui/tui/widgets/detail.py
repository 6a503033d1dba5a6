"""The right-hand panels: the shown node's text, and its targets as tables with bars.

Both draw from one value, ``shown`` (tui/state.py), bound to ``PlanApp.shown`` with
``data_bind``: nothing pushes content into them, so they cannot show different nodes. Both
draw the node's one description (made once per value), the targets panel its targets.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.reactive import var
from textual.timer import Timer

from aiplan_tui.outline import Ref
from aiplan_tui.records import NodeKind, Target
from aiplan_tui.store import Store
from aiplan_tui.tui import glyphs
from aiplan_tui.tui.keys import PANEL_KEYS, bindings
from aiplan_tui.tui.render import description_renderable, targets_renderable
from aiplan_tui.tui.state import Shown
from aiplan_tui.tui.widgets.settled import RenderedOnce, SettledScroll, SettledStatic, retitle

WARM_DELAY = 0.5  # seconds on a task before its area's text is rendered ahead


class DetailView(SettledScroll):
    """Scrolls the full text of the selected node.

    Every key moves it. Textual's own scroll actions aim at ``scroll_target_y`` but set it
    only after the next refresh, so ten ↓ arriving in one read (a paste, key repeat, an SSH
    packet) all aimed at the same line and moved one. These scroll at once, without animation.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(PANEL_KEYS, show=False)

    # A var, not a reactive: a new node redraws the body, not the panel's own border and
    # background around it (they do not change; ~0.8 ms a filter at 100×).
    shown: var[Shown | None] = var(None, init=False)

    def __init__(self, store: Store, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self._warming: Timer | None = None
        # A value's text rendered before it is shown (draw_ahead), with the glyphs it was drawn in.
        self._ahead: tuple[Shown, bool, RenderedOnce] | None = None

    def watch_shown(self, shown: Shown | None) -> None:
        ahead, self._ahead = self._ahead, None
        if shown is not None:
            if ahead is not None and ahead[0] is shown and ahead[1] == glyphs.ACTIVE.wide:
                self.show(ahead[2])
            else:
                self.show(description_renderable(shown.description(self.store)))
            self._warm_later(shown)

    def draw_ahead(self, shown: Shown) -> None:
        """Render ``shown``'s text now, at the widths this panel may draw it, for when it is
        shown: a filter's landing, worked out while its picker waits (tui/ahead.py)."""
        rendered = RenderedOnce(description_renderable(shown.description(self.store)), self.app)
        width = self.text_width_with_bar()
        if width is not None:
            lines = len(rendered.lines_at(width))
            if lines <= self.scrollable_content_region.height:  # it may fit without a scrollbar
                rendered.lines_at(width + self.styles.scrollbar_size_vertical)
        self._ahead = (shown, glyphs.ACTIVE.wide, rendered)

    def _warm_later(self, shown: Shown) -> None:
        """Once the panel has rested on a task for ``WARM_DELAY``, render the text of its area
        at the panel's width, where a filter that hides the task lands next. The area's text
        (its 본문, kept per width: kept_lines.py) is then drawn at once there: that first
        render was ~10 ms of the filter's frame at 100×."""
        if self._warming is not None:
            self._warming.stop()
            self._warming = None
        if shown.ref.kind == NodeKind.task:
            self._warming = self.set_timer(WARM_DELAY, partial(self._warm, shown))

    def _warm(self, shown: Shown) -> None:
        self._warming = None
        task = self.store.task(shown.ref.id)
        width = self.text_width_with_bar()
        if self.shown is not shown or task is None or width is None:
            return
        area = Shown(Ref(NodeKind.area, task.area))
        RenderedOnce(description_renderable(area.description(self.store)), self.app).lines_at(width)

    def _scroll_by(self, lines: float) -> None:
        self.scroll_to(y=self.scroll_y + lines, animate=False, immediate=True)

    def action_scroll_up(self) -> None:
        self._scroll_by(-1)

    def action_scroll_down(self) -> None:
        self._scroll_by(1)

    def action_page_up(self) -> None:
        self._scroll_by(-self.scrollable_content_region.height)

    def action_page_down(self) -> None:
        self._scroll_by(self.scrollable_content_region.height)

    def action_scroll_home(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_scroll_end(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def compose(self) -> ComposeResult:
        yield SettledStatic(id="detail-body", markup=False)

    def show(self, renderable: RenderableType) -> None:
        body = self.query_one("#detail-body", SettledStatic)
        pending = body._layout_required
        self.put(body, renderable)
        if pending:
            # Textual 8.2: a second update while the first one's layout is still pending does
            # not bump the widget's layout counter, so its cached box model keeps the old
            # height: a long text measured as the overview's 23 lines could not scroll past
            # line 1 (seen in tmux with `aiplan open summary`).
            body._layout_updates += 1
        self.scroll_home(animate=False)


class TargetsPanel(SettledScroll):
    """Targets of the shown node; hidden (the ``-empty`` class) when it has none."""

    DEFAULT_CSS = """
    TargetsPanel.-empty { display: none; }
    """

    shown: var[Shown | None] = var(None, init=False)

    def __init__(self, store: Store, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="-empty")
        self.store = store
        self._drawn: tuple[list[Target], bool] | None = None  # the targets drawn, and in which glyphs

    def compose(self) -> ComposeResult:
        yield SettledStatic(id="targets-body", markup=False)

    def watch_shown(self, shown: Shown | None) -> None:
        targets = shown.description(self.store).targets if shown is not None else []
        self.set_class(not targets, "-empty")
        if targets:
            retitle(self, f"목표 {len(targets)}")
            drawing = (targets, glyphs.ACTIVE.wide)
            if drawing != self._drawn:  # a filter that lands on the same area keeps its targets
                self.put(self.query_one("#targets-body", SettledStatic), targets_renderable(targets))
                self._drawn = drawing
