"""The core stays usable without MkDocs."""

import subprocess
import sys

CHECK = "import sys, tested_examples.core; sys.exit('mkdocs' in sys.modules or 'mkdocs.plugins' in sys.modules)"


def test_core_imports_without_mkdocs() -> None:
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr or "tested_examples.core imported mkdocs"


def test_the_check_imports_without_mkdocs() -> None:
    """python -m tested_examples.check reads the manifest and coverage data; it needs no site engine."""
    code = "import sys, tested_examples.check; sys.exit('mkdocs' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr or "tested_examples.check imported mkdocs"


def test_the_markdown_extension_imports_without_mkdocs() -> None:
    """tested_examples.markdown is what Zensical (or any Python-Markdown user) runs: no MkDocs in it."""
    code = "import sys, tested_examples.markdown; sys.exit('mkdocs' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr or "tested_examples.markdown imported mkdocs"
