"""Lesson 4: running your first workflow on a local Temporal server."""
