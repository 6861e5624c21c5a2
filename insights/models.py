"""Insights reads across the other apps and keeps no tables of its own (this module lets `migrate` signal it)."""
