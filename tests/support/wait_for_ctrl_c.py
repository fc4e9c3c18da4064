"""``python -m tests.support.wait_for_ctrl_c``: waits until Ctrl-C (SIGINT), then says so and exits 0.

A probe for ``tests/test_terminal.py``: a process started with SIGINT ignored
would wait on, and never print "interrupted".
"""

import time

try:
    print("waiting for Ctrl-C", flush=True)
    while True:
        time.sleep(60)  # a signal handler's exception ends the sleep at once
except KeyboardInterrupt:
    print("interrupted", flush=True)
