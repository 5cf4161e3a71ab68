"""Seconds per page of the OCR pipeline against plain tesseract, and where the pipeline's time goes.

    .venv/bin/python bench/ocr_throughput.py DIR [--limit N] [--processes P]

Every image in DIR is read by demo_idp.ocr.page.process_page (the code the workers run) and by a
plain `tesseract IMAGE - --psm 3` subprocess, one after the other page by page, so a change in the
machine's load hits both alike; all with OMP_THREAD_LIMIT=1 as in the workers. Prints, for each:
wall-clock seconds per page and CPU seconds per page (this process and its Tesseract children:
the figure that matters on a shared, busy machine), then the ratios pipeline / plain, the pipeline's
seconds per stage and how many pages needed a second reading to decide their orientation.
With --processes P > 1 the pages are spread over P processes to show scaling: wall clock and CPU
seconds per page (all the processes'), without the per-stage figures.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

os.environ["OMP_THREAD_LIMIT"] = "1"
# The rasteriser takes its page and pixel limits from the settings (IDP_MAX_PAGES, IDP_MAX_MEGAPIXELS).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from demo_idp.ocr.evaluation import IMAGE_SUFFIXES  # noqa: E402
from demo_idp.ocr.page import process_page  # noqa: E402
from demo_idp.ocr.rasterise import rasterise  # noqa: E402


def pipeline(path: Path) -> list:
    """The pipeline's results for every page of the file."""
    return [process_page(page) for page in rasterise(path.read_bytes())]


def plain_tesseract(path: Path) -> None:
    subprocess.run(["tesseract", str(path), "-", "--psm", "3"], check=True, capture_output=True)


def cpu_seconds() -> float:
    """User + system CPU of this process and its finished children (the Tesseract processes)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def measure(work, path: Path) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = work(path)
    return time.perf_counter() - wall, cpu_seconds() - cpu, result


def one_process(paths: list[Path]) -> None:
    totals = {"pipeline": [0.0, 0.0], "tesseract": [0.0, 0.0]}
    stages: Counter = Counter()
    methods: Counter = Counter()
    pages = 0
    for path in paths:
        wall, cpu, results = measure(pipeline, path)
        totals["pipeline"][0] += wall
        totals["pipeline"][1] += cpu
        wall, cpu, _ = measure(plain_tesseract, path)
        totals["tesseract"][0] += wall
        totals["tesseract"][1] += cpu
        for result in results:
            pages += 1
            stages.update(result.timings)
            methods[result.orientation_method] += 1
    count = len(paths)
    for name, (wall, cpu) in totals.items():
        print(f"{name:<10} {wall / count:6.3f} s/page wall   {cpu / count:6.3f} s/page CPU")
    print(f"pipeline / plain tesseract: {totals['pipeline'][0] / totals['tesseract'][0]:.2f}x wall, "
          f"{totals['pipeline'][1] / totals['tesseract'][1]:.2f}x CPU")
    print("pipeline stages, s/page: " + ", ".join(f"{stage} {seconds / pages:.3f}" for stage, seconds in stages.items()))
    print("orientation decided by: " + ", ".join(f"{method} {n}" for method, n in methods.most_common())
          + " (pages read twice: those decided by 'confidence')")


def several_processes(paths: list[Path], processes: int) -> None:
    rates = {}
    for name, work in (("pipeline", pipeline_count), ("tesseract", plain_tesseract)):
        start, cpu = time.perf_counter(), cpu_seconds()
        pool = Pool(processes)
        pool.map(work, paths, chunksize=1)
        # Closed and joined, not terminated: a worker's CPU (and its Tesseract children's) counts in
        # this process's children only once the worker has exited and been waited for.
        pool.close()
        pool.join()
        rates[name] = (time.perf_counter() - start) / len(paths)
        print(f"{name:<10} {rates[name]:6.3f} s/page wall   {(cpu_seconds() - cpu) / len(paths):6.3f} s/page CPU "
              f"with {processes} processes")
    print(f"pipeline / plain tesseract, {processes} processes: {rates['pipeline'] / rates['tesseract']:.2f}x wall")


def pipeline_count(path: Path) -> int:
    return len(pipeline(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="only the first N images (0: all)")
    parser.add_argument("--processes", type=int, default=1, help="worker processes (1: per-page figures)")
    args = parser.parse_args()
    if args.processes < 1:
        sys.exit("--processes must be at least 1")
    if not args.directory.is_dir():
        sys.exit(f"{args.directory} is not a directory")
    paths = sorted(p for p in args.directory.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if args.limit:
        paths = paths[: args.limit]
    if not paths:
        sys.exit(f"no images in {args.directory}")
    load = os.getloadavg()[0]
    print(f"{len(paths)} images from {args.directory}, {os.cpu_count()} CPUs, load average {load:.1f}, "
          "OMP_THREAD_LIMIT=1")
    if args.processes == 1:
        one_process(paths)
    else:
        several_processes(paths, args.processes)


if __name__ == "__main__":
    main()
