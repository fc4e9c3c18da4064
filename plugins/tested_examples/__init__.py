"""Pull tested code from ``examples/`` into documentation pages, and fail on anything else.

``tested_examples.core`` does the work and knows nothing about MkDocs;
``tested_examples.mkdocs_plugin`` adapts it to MkDocs.
"""
