"""The MkDocs adapter: what only MkDocs offers, around the Markdown extension that does the work.

``config.py`` the plugin's options; ``plugin.py`` its hooks; ``serve.py`` the
``mkdocs serve`` partial rebuilds (the one module touching MkDocs' private functions).
"""
