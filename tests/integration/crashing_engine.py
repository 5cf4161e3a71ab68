"""An OCR engine for the worker-killing tests (test_idp_worker_killed.py), loaded into a real Celery
worker with `--include tests.integration.crashing_engine`. Only that worker imports this module.

Importing it registers the engine in the project's engine registry under the name IDP_OCR_ENGINE
gives, so every page the worker reads goes through it. It answers like the tests' FakeEngine after
CRASHING_ENGINE_SECONDS (slow enough for a test to kill the worker in the middle of a page), and
kills its own process (SIGKILL, as a crash in the OCR's native code would) when the page is
CRASHING_ENGINE_POISON_WIDTH pixels wide. Each read first appends "<pid> <page width> <time>" to the file
CRASHING_ENGINE_READS names: which process reads which page, and how often each page was read.
"""

from __future__ import annotations

import os
import signal
import time

from django.conf import settings
from PIL import Image

from demo_idp.ocr import engines
from demo_idp.ocr.page import PageResult
from tests.demo_idp.fakes import FakeEngine


class CrashingEngine:
    name = "crashing"

    def __init__(self) -> None:
        self.log = os.environ["CRASHING_ENGINE_READS"]
        self.seconds = float(os.environ["CRASHING_ENGINE_SECONDS"])
        self.poison_width = int(os.environ["CRASHING_ENGINE_POISON_WIDTH"])
        self.fake = FakeEngine()

    def read(self, image: Image.Image) -> PageResult:
        with open(self.log, "a") as log:
            log.write(f"{os.getpid()} {image.width} {time.time():.3f}\n")
        time.sleep(self.seconds)
        if image.width == self.poison_width:
            os.kill(os.getpid(), signal.SIGKILL)
        return self.fake.read(image)


engines.ENGINES[settings.IDP_OCR_ENGINE] = CrashingEngine
