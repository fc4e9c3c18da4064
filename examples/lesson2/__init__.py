"""Lesson 2: workflows and activities."""
