"""Build a MkDocs site strictly in a fresh process, as ``./run build`` does, and fail on any warning."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_WARNING = re.compile(r"(\x1b\[\d+m)?WARNING")


def mkdocs_build(
    config: Path, site_dir: Path, *, strict: bool = True, timeout: float = 300, **env: str
) -> subprocess.CompletedProcess[str]:
    """``mkdocs build [--strict] -f config -d site_dir`` in a subprocess; the result, whatever it is."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            *(["--strict"] if strict else []),
            "-f",
            str(config),
            "-d",
            str(site_dir),
        ],
        cwd=config.parent,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},  # Material's end-of-life banner
    )


def build_site(config: Path, site_dir: Path, **env: str) -> Path:
    """Build strictly; an error or any warning fails the calling test with MkDocs' own words."""
    proc = mkdocs_build(config, site_dir, **env)
    assert proc.returncode == 0, f"mkdocs build --strict -f {config} failed:\n{proc.stderr}"
    warnings = [line for line in proc.stderr.splitlines() if _WARNING.match(line)]
    assert warnings == [], "\n".join(warnings)
    return site_dir
