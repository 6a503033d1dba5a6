"""Facts about plan.db shared by the build and the store (kept tiny: the store imports it)."""

SCHEMA_VERSION = 3
# The years the model accepts; a year outside them is a mistake, not a filter with no results.
FIRST_YEAR = 2015
LAST_YEAR = 2035
# Search results of these kinds come first, in this order.
KIND_ORDER = ("task", "area", "target", "item", "milestone", "document")
