"""Runnable examples of the Temporal Fast Course, one package per lesson."""
