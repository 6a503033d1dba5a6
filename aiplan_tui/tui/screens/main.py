"""The explorer's own screen under every dialog: one frame where Textual would write two."""

from __future__ import annotations

from aiplan_tui.tui.first_frame import PlanScreen


class MainScreen(PlanScreen):
    """The explorer's screen (its first frame drawn once, ``PlanScreen``), drawing a layout and
    a whole-screen repaint asked for in the same tick as one frame.

    When a dialog closes, the screen below is repainted whole (Textual's ``ScreenResume``), and
    the widgets the dialog's answer changed (a filter: the tree, the filter bar, the panels)
    ask for a layout in the same tick. Textual then draws the layout's frame and, right after,
    the whole screen again: every cell written twice (~13 KB at 80×24, issue 17.6). Here the
    whole screen goes into the layout's frame, which is the repaint asked for. Uses Textual's
    private ``_on_timer_update`` and compositor (pinned ``<8.3``).
    """

    def _on_timer_update(self) -> None:
        if self._layout_required and self._repaint_required and self.is_current and not self.app._batch_count:
            self._compositor._dirty_regions.add(self.size.region)
            self._repaint_required = False
        super()._on_timer_update()
