"""The official's workspace: what a user records about the plan (progress by task and
period, actual values of targets, notes, bookmarks, the explorer's last place), kept in its
own SQLite file with the plan attached read-only. A library for the CLI and the explorer;
it imports neither textual nor rich.

- db: opening, saving (one transaction, retried with a bound), the change log, damage;
- migrations: the schema by version;
- progress: statuses, periods, actual values, achievement rates, roll-ups, orphans;
- notes: notes, bookmarks, last position;
- report / importing: the report in md, csv, xlsx, hwpx, and a CSV read back.
"""
