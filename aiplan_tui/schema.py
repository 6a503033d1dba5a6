"""Facts about plan.db shared by the build and the store (kept tiny: the store imports it)."""

SCHEMA_VERSION = 3
# Search results of these kinds come first, in this order.
KIND_ORDER = ("task", "area", "target", "item", "milestone", "document")
