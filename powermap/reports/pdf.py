"""The HTML bid review printed to PDF by headless Chromium, the browser the test suite already drives.

Chromium prints what a person gets from the browser's own print dialog: the report's `@page` rule
(A4 landscape, 10 mm margins), its page breaks by org unit, and the fonts installed on the machine
(Noto Sans CJK for Chinese, Japanese and Korean names; `make serve`, `make test` and the Dockerfile
install it). Chosen over WeasyPrint, which would need Pango and still another HTML engine to keep
in step with the one the tests check. Chromium runs with no network beyond the one local file,
in a fresh profile that is removed afterwards; the report has no script, and the file is opened
from a private temporary folder.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from powermap.errors import PowermapError

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
         "--disable-extensions", "--run-all-compositor-stages-before-draw")


class PrinterUnavailable(PowermapError):
    """No headless Chromium where the product runs, so nothing can print the PDF."""

    status_code = 503


def chromium() -> str:
    """The Chromium binary on the PATH."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise PrinterUnavailable("printing the report to PDF needs Chromium (Debian: apt-get install chromium; "
                             "`make serve` and `make test` install it), or use format=html and print it")


def html_to_pdf(html: str) -> bytes:
    """The report printed by headless Chromium, as PDF bytes."""
    binary = chromium()
    with tempfile.TemporaryDirectory(prefix="powermap-print-") as folder:
        page, pdf = Path(folder) / "report.html", Path(folder) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        done = subprocess.run([binary, *FLAGS, f"--user-data-dir={folder}/profile", f"--print-to-pdf={pdf}",
                               page.as_uri()], capture_output=True, timeout=120, check=False)
        if not pdf.exists():
            raise PrinterUnavailable(f"Chromium did not print the report (exit {done.returncode}): "
                                     + done.stderr.decode("utf-8", "replace")[-300:])
        return pdf.read_bytes()
