"""``python -m tests.support.crash_at_exit``: does its work, then dies as sdk-python#300 makes an example die.

A probe for ``tests/test_terminal.py``. Each run appends a line to the file named
by ``PROBE_RUNS``. ``PROBE_CRASH`` says how it ends: ``once`` (the first run
crashes while Python finalizes, later runs exit 0), ``always``, or ``plain``
(SIGABRT without CPython's finalizing message: an ordinary crash).
"""

import os
import sys
from pathlib import Path

runs = Path(os.environ["PROBE_RUNS"])
with runs.open("a", encoding="utf-8") as log:
    log.write("run\n")
print("all work done", flush=True)
mode = os.environ["PROBE_CRASH"]
if mode == "always" or (mode == "once" and len(runs.read_text().splitlines()) == 1):
    sys.stderr.write(
        "Fatal Python error: PyGILState_Release: thread state 0x7f0 must be current when releasing\n"
        "Python runtime state: finalizing (tstate=0x00007f0)\n"
    )
    sys.stderr.flush()
    os.abort()
elif mode == "plain":
    os.abort()
