"""Lesson 1: what is Temporal? A worker dies in the middle of an order."""
