"""Lesson 5: error handling and retries."""
