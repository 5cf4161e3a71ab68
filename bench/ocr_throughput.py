"""Pages per second of the OCR pipeline with one and two worker processes, against plain tesseract.

    .venv/bin/python bench/ocr_throughput.py DIR [--limit N]

Every image in DIR is processed by demo_idp.ocr.process_page (the code the workers run) and by a
plain `tesseract IMAGE - --psm 3` subprocess, each with 1 and 2 processes, all with
OMP_THREAD_LIMIT=1 as in the workers. Prints pages/s and the ratios: pipeline vs plain tesseract
(the price of preprocessing, OSD and upscaling) and 2 vs 1 processes (how well it scales).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from multiprocessing import Pool
from pathlib import Path

os.environ["OMP_THREAD_LIMIT"] = "1"
# The rasteriser takes its page and pixel limits from the settings (IDP_MAX_PAGES, IDP_MAX_MEGAPIXELS).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from demo_idp.ocr.evaluation import IMAGE_SUFFIXES  # noqa: E402
from demo_idp.ocr.page import process_page  # noqa: E402
from demo_idp.ocr.rasterise import rasterise  # noqa: E402


def pipeline(path: Path) -> int:
    for page in rasterise(path.read_bytes()):
        process_page(page)
    return 1


def plain_tesseract(path: Path) -> int:
    subprocess.run(["tesseract", str(path), "-", "--psm", "3"], check=True, capture_output=True)
    return 1


def pages_per_second(work, paths: list[Path], processes: int) -> float:
    start = time.perf_counter()
    if processes == 1:
        done = sum(work(path) for path in paths)
    else:
        with Pool(processes) as pool:
            done = sum(pool.map(work, paths, chunksize=1))
    return done / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="only the first N images (0: all)")
    args = parser.parse_args()
    paths = sorted(p for p in args.directory.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if args.limit:
        paths = paths[: args.limit]
    if not paths:
        sys.exit(f"no images in {args.directory}")
    print(f"{len(paths)} pages from {args.directory}, {os.cpu_count()} CPUs, OMP_THREAD_LIMIT=1")
    rates = {}
    for name, work in (("pipeline", pipeline), ("tesseract", plain_tesseract)):
        for processes in (1, 2):
            rates[name, processes] = pages_per_second(work, paths, processes)
            print(f"{name:<10} {processes} process{'es' if processes > 1 else '  '}: {rates[name, processes]:6.3f} pages/s")
    for processes in (1, 2):
        ratio = rates["pipeline", processes] / rates["tesseract", processes]
        print(f"pipeline / plain tesseract, {processes} process(es): {ratio:.2f}")
    for name in ("pipeline", "tesseract"):
        print(f"{name}: 2 processes / 1 process: {rates[name, 2] / rates[name, 1]:.2f}")


if __name__ == "__main__":
    main()
