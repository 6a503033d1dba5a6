"""Text helpers for the explorer: plan text is never markup, and cuts fall between syllables."""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text

from aiplan_tui.tui.glyphs import ellipsis


def fit(text: Text, width: int) -> Text:
    """``text`` cut to at most ``width`` cells on a character boundary, ending in an ellipsis.

    A wide (Korean) character that would straddle the edge is dropped whole, so no half
    syllable is left as a blank cell.
    """
    if width <= 0:
        return Text()
    if text.cell_len <= width:
        return text
    mark = ellipsis()
    cut = fitting(text.plain, width - cell_len(mark))
    # A copy cropped at the end: slicing (text[:cut]) divides the text at both ends, ~3× the cost,
    # and the tree cuts most of its 22 labels in every frame that redraws it.
    fitted = text.copy()
    fitted.right_crop(len(text) - cut)
    fitted.append(mark, style="dim")
    return fitted


def fitting(plain: str, cells: int) -> int:
    """How many characters from the start of ``plain`` fit in ``cells`` cells, a wide
    character that would straddle the edge left out."""
    used = 0
    for index, char in enumerate(plain):
        used += get_character_cell_size(char)
        if used > cells:
            return index
    return len(plain)
