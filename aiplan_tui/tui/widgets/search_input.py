"""The search box: a keystroke redraws the box, without laying out the dialog again.

Textual's ``Input`` sets its virtual size (the width of the text typed) on every change of its
value, and a widget's virtual size asks for a layout of the screen. The box's own size is fixed
by the dialog's stylesheet, so that layout placed every widget where it was: ~2 ms of a search
keystroke (issue 17.6), and the frame then redrew the whole dialog instead of the lines that
changed. The box still scrolls its text to the cursor, which reads the virtual size directly.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class SearchInput(Input):
    """An ``Input`` whose text's width asks for no layout (its box's size never follows it)."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
