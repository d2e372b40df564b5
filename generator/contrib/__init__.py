"""Contributor tooling: templates for new entries, the field reference, review upkeep, diffs.

Like the checker, everything here reads the fields from ``schema/`` through ``SchemaSet``;
no field is listed in this package.
"""
