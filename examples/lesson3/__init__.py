"""Lesson 3: workers and task queues."""
