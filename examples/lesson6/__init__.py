"""Lesson 6: signals, queries and updates."""
