"""Lesson 7: order processing."""
