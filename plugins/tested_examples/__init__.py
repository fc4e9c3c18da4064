"""Pull tested code from ``examples/`` into documentation pages, and fail on anything else.

``tested_examples.core`` does the work and knows no site engine;
``tested_examples.markdown`` runs it as a Python-Markdown extension (MkDocs, Zensical);
``tested_examples.mkdocs`` is the MkDocs plugin around that extension.
"""
