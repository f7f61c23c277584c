"""The live display on a real terminal (issue 14): at most MAX_ITEM_ROWS per-item bars on a
small terminal while crawling, then a stage line for reading documents, evaluating and
writing. Run in a pseudo-terminal of 80×20, as a user sees it."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time

from oitcrawl.jobs.progress import MAX_ITEM_ROWS


def _run_in_terminal(args: list[str], rows: int, cols: int, timeout: float = 240) -> str:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    env = {**os.environ, "OITCRAWL_OCR": "0", "TERM": "xterm-256color", "COLUMNS": str(cols),
           "LINES": str(rows)}  # fmt: skip
    proc = subprocess.Popen([sys.executable, "-m", "oitcrawl", *args], stdin=slave,
                            stdout=slave, stderr=slave, env=env, close_fds=True)  # fmt: skip
    os.close(slave)
    chunks, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=30)
    os.close(master)
    assert proc.returncode == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_small_terminal_shows_few_item_bars_and_the_stages_after_the_crawl(tmp_path):
    text = _run_in_terminal(["demo", "--out", str(tmp_path / "out")], rows=20, cols=80)
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "\n", text)  # cursor moves end a line
    # each redraw of the live display starts with the overall row; in it, an item row is its
    # id alone on a line ("O20         ") before its bar
    redraws = plain.split("ทั้งหมด / all")
    rows = [len(re.findall(r"(?m)^O\d{1,2}\s+$", r)) for r in redraws]
    assert max(rows) > 0, "the crawl showed per-item rows"
    assert max(rows) <= MAX_ITEM_ROWS  # never more than the cap on a 20-row terminal
    assert "กำลังอ่านเอกสาร" in plain and "reading documents" in plain
    assert "กำลังประเมินตามเกณฑ์" in plain and "กำลังเขียนรายงาน" in plain
