"""Tests of the tested-examples MkDocs plugin (plugins/tested_examples)."""
