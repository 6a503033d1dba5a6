"""Notes and bookmarks on any node id, and where each user left the explorer.

Node ids are the plan's own (3, 3-2, 3-2.9, 3-2/14, 3-2/t6, 요약, 환경부); callers resolve
what the user typed to such an id before calling (the CLI does it with describe.resolve).
A note is shared by everyone on a team file; bookmarks and the last position are per OS user.
"""

from __future__ import annotations

from typing import NamedTuple

from aiplan_tui.workspace.db import Workspace


class Note(NamedTuple):
    node: str
    text: str
    updated_at: str
    updated_by: str


class Bookmark(NamedTuple):
    node: str
    created_at: str


def set_note(workspace: Workspace, node: str, text: str) -> Note | None:
    """Write the note on ``node`` (empty text removes it); the old text stays in the change log."""
    text = text.strip()
    with workspace.write() as writer:
        row = writer.execute("select text from notes where node = ?", (node,)).fetchone()
        old = {"text": row["text"]} if row else None
        if old == ({"text": text} if text else None):
            return note(workspace, node)  # the same text again: nothing to write or log
        if text:
            writer.execute(
                "insert into notes (node, text, plan_checksum, updated_at, updated_by) values (?, ?, ?, ?, ?)"
                " on conflict (node) do update set text = excluded.text, plan_checksum = excluded.plan_checksum,"
                " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                (node, text, workspace.plan_checksum, writer.at, workspace.user),
            )
        elif row:
            writer.execute("delete from notes where node = ?", (node,))
        writer.log("notes", {"node": node}, old, {"text": text} if text else None)
    return note(workspace, node)


def note(workspace: Workspace, node: str) -> Note | None:
    rows = workspace.read("select node, text, updated_at, updated_by from notes where node = ?", (node,))
    return Note(*rows[0]) if rows else None


def notes(workspace: Workspace) -> list[Note]:
    return [Note(*r) for r in workspace.read("select node, text, updated_at, updated_by from notes order by node")]


def set_bookmark(workspace: Workspace, node: str, on: bool = True) -> bool:
    """Bookmark ``node`` for this user (or remove the bookmark); True when something changed."""
    with workspace.write() as writer:
        row = writer.execute(
            "select created_at from bookmarks where node = ? and who = ?", (node, workspace.user)
        ).fetchone()
        if on and row is None:
            writer.execute(
                "insert into bookmarks (node, who, plan_checksum, created_at) values (?, ?, ?, ?)",
                (node, workspace.user, workspace.plan_checksum, writer.at),
            )
            writer.log("bookmarks", {"node": node, "who": workspace.user}, None, {"on": True})
            return True
        if not on and row is not None:
            writer.execute("delete from bookmarks where node = ? and who = ?", (node, workspace.user))
            writer.log("bookmarks", {"node": node, "who": workspace.user}, {"on": True}, None)
            return True
    return False


def bookmarks(workspace: Workspace, user: str | None = None) -> list[Bookmark]:
    """This user's bookmarks (or ``user``'s), oldest first."""
    rows = workspace.read(
        "select node, created_at from bookmarks where who = ? order by created_at, node", (user or workspace.user,)
    )
    return [Bookmark(*r) for r in rows]


def save_position(workspace: Workspace, node: str) -> None:
    """Remember where this user is in the explorer (not logged: it is a place, not a record)."""
    with workspace.write() as writer:
        writer.execute(
            "insert into positions (who, node, updated_at) values (?, ?, ?)"
            " on conflict (who) do update set node = excluded.node, updated_at = excluded.updated_at",
            (workspace.user, node, writer.at),
        )


def last_position(workspace: Workspace) -> str | None:
    rows = workspace.read("select node from positions where who = ?", (workspace.user,))
    return str(rows[0]["node"]) if rows else None
