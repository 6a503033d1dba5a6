"""The Textual explorer. Only `aiplan` without a subcommand imports this package."""
