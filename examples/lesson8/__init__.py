"""Lesson 8: testing and best practices."""
