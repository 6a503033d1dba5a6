"""The explorer's main screen, drawn once at start-up instead of six times.

Textual (8.2) paints a new app's screen as soon as it resumes, before its layout has settled:
the text panel learns in that first layout that it needs a scrollbar, the tree that it was
resized, and the screen then gets three Resize events of the size it already has, each laid
out and painted at once. On an 80×24 terminal that was six frames in the first ~70 ms (three
of them the whole screen, ~7 KB each), and the first paint ended only with the last.

``PlanScreen`` holds its frames from the first resume until every message pump of the screen
(and the app) has handled what it was sent: the layouts asked for in between (the resume's, the
scrollbar's, the tree's, the Resize events') are merged; the screen is then laid out again
while the last layout asked for another, and the settled screen is drawn once, whole. After
that it behaves as Textual's ``Screen`` does.

Knowing that the queues are empty takes a callback posted to the end of each one (public
``call_later``), in rounds while a pump has been sent more (``message_queue_size``). It used to
wait for the update timer's first tick instead, a frame period (1/60 s) after the resume, idle
for ~15 ms of it; that tick still draws the frame if the rounds take longer.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.geometry import Size
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widget import Widget

QUIET_ROUNDS = 8  # at most; 3–4 are seen (a round hands messages on to other widgets)
SETTLE_LAYOUTS = 4  # at most; two are seen (the text panel's scrollbar, then the tree's)


class PlanScreen(Screen[Any]):
    """A screen whose first frame is drawn once its layout has settled."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._holding = False
        self._first_resume = True

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if self._first_resume:
            self._first_resume = False
            self._holding = True
            # Every widget was styled as it was mounted, a moment ago, and every class set
            # since restyled its own widgets: styling the whole screen again changes nothing.
            event.refresh_styles = False
        super()._on_screen_resume(event)
        if self._holding:
            # Have the update timer run even if nothing else asks for a layout.
            self.refresh(layout=True, repaint=False)
            self._after_queues(QUIET_ROUNDS)

    def _screen_resized(self, size: Size) -> None:
        if self._holding and size == self.size:
            # A Resize to the size just laid out: merge it with the held frame's layout.
            self.refresh(layout=True, repaint=False)
            return
        super()._screen_resized(size)

    def _compositor_refresh(self) -> None:
        if not self._holding:
            super()._compositor_refresh()

    def _on_timer_update(self) -> None:
        if not (self._holding and self.is_current and not self.app._batch_count):
            super()._on_timer_update()
            return
        settled = self._settle()
        self._holding = False
        # Nothing has been drawn yet: repaint the whole screen as laid out (once more if it
        # had not settled), in one frame.
        self._layout_required = not settled
        self._repaint_required = True
        super()._on_timer_update()
        # That frame drew every widget as it is now, scrollbars included (a scroll view
        # repaints its scrollbars on every layout): a repaint they asked for before it would
        # only draw the same cells again in a second frame.
        for widget in self._laid_out():
            widget._repaint_required = False

    def _after_queues(self, rounds: int) -> None:
        """Draw the held frame once every message pump of the screen and the app has handled
        what it had been sent: a callback posted to the end of each queue runs after everything
        posted before it. If a pump has been sent more meanwhile, again (``rounds`` at most;
        the update timer's tick draws the frame if that takes longer)."""
        pumps = self._pumps()
        waiting = len(pumps)

        def handled() -> None:
            nonlocal waiting
            waiting -= 1
            if waiting or not self._holding:
                return
            if rounds > 1 and any(pump.message_queue_size for pump in self._pumps()):
                self._after_queues(rounds - 1)
            else:
                self._on_timer_update()

        for pump in pumps:
            if not pump.call_later(handled):  # closing: it will handle nothing more
                handled()

    def _pumps(self) -> list[MessagePump]:
        return list(dict.fromkeys([self.app, *self.walk_children(with_self=True), *self._laid_out()]))

    def _laid_out(self) -> list[Widget]:
        """Every widget of the screen's layout, scrollbars too (they are not in the DOM)."""
        widgets = list(self._compositor.widgets)
        for widget in list(widgets):
            bars = (widget._vertical_scrollbar, widget._horizontal_scrollbar, widget._scrollbar_corner)
            widgets += [bar for bar in bars if bar is not None]
        return widgets

    def _settle(self) -> bool:
        """Lay out again while the last layout changed a widget's size in a way that needs
        another (a scrollbar appearing narrows the text, whose height then changes). True
        when the last layout asked for no other."""
        for _ in range(SETTLE_LAYOUTS):
            self._refresh_layout()
            changed = [w for w in self._laid_out() if w._layout_required]
            if not changed:
                return True
            for widget in changed:
                # What Widget._check_refresh does for a layout, minus the Layout message that
                # would arrive after the frame and lay the settled screen out once more.
                widget._layout_required = False
                for ancestor in widget.ancestors:
                    if not isinstance(ancestor, Widget):
                        break
                    ancestor._clear_arrangement_cache()
                    ancestor._layout_updates += 1
                    if not ancestor.styles.auto_dimensions:
                        break
        return False
