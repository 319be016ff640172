#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Times Frigate's ImprovedMotionDetector on the frames cctv_analytics_bench times ours on.

Frigate is MIT-licensed and is NOT part of this repository: this driver imports
frigate/motion/improved_motion.py from a checkout given with --frigate (git clone --depth 1
https://github.com/blakeblackshear/frigate DIR), with stand-ins for the four names it imports
from Frigate (PTZMetrics, RuntimeMotionConfig, the MotionDetector base, grab_cv2_contours) that
would pull in Frigate's whole configuration system. The detector runs unchanged, with Frigate's
default motion settings and no mask, on the Y plane of each frame, as Frigate feeds it (Frigate
hands it the I420 frame and it keeps the first `height` rows). Needs Debian's /usr/bin/python3
with python3-opencv, python3-numpy and python3-scipy.

  /usr/bin/python3 frigate_motion.py --frigate DIR --frames FILE --width W --height H

FILE holds the frames' Y planes back to back (W x H bytes each), written by the bench. Prints
one line: `frigate_motion_ms <ms per frame, best of 5 passes> frames <n>`.
"""
import argparse
import importlib.util
import os
import sys
import time
import types

import numpy as np


def stand_in_modules(height: int, width: int) -> type:
    """Registers what improved_motion.py imports, returns a config with Frigate's defaults."""

    class MotionConfig:  # the defaults of frigate/config/camera/motion.py
        enabled = True
        threshold = 30
        lightning_threshold = 0.8
        skip_motion_threshold = None
        improve_contrast = True
        contour_area = 10
        delta_alpha = 0.2
        frame_alpha = 0.01
        frame_height = 100
        rasterized_mask = np.full((height, width), 255, np.uint8)  # nothing masked

    class MotionDetector:  # frigate/motion/__init__.py's abstract base
        pass

    def grab_cv2_contours(found):  # OpenCV 4 returns (contours, hierarchy)
        return found[0] if len(found) == 2 else found[1]

    modules = {
        "frigate": types.ModuleType("frigate"),
        "frigate.camera": types.ModuleType("frigate.camera"),
        "frigate.config": types.ModuleType("frigate.config"),
        "frigate.config.config": types.ModuleType("frigate.config.config"),
        "frigate.motion": types.ModuleType("frigate.motion"),
        "frigate.util": types.ModuleType("frigate.util"),
        "frigate.util.image": types.ModuleType("frigate.util.image"),
    }
    modules["frigate.camera"].PTZMetrics = object
    modules["frigate.config.config"].RuntimeMotionConfig = MotionConfig
    modules["frigate.motion"].MotionDetector = MotionDetector
    modules["frigate.util.image"].grab_cv2_contours = grab_cv2_contours
    sys.modules.update(modules)
    return MotionConfig


def load_detector_class(frigate_dir: str):
    path = os.path.join(frigate_dir, "frigate", "motion", "improved_motion.py")
    if not os.path.isfile(path):
        sys.exit(f"no {path}: --frigate must name a Frigate checkout")
    spec = importlib.util.spec_from_file_location("frigate.motion.improved_motion", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ImprovedMotionDetector


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--frigate", required=True)
    parser.add_argument("--frames", required=True)
    parser.add_argument("--width", type=int, required=True)
    parser.add_argument("--height", type=int, required=True)
    args = parser.parse_args()
    import cv2

    cv2.setNumThreads(1)
    config = stand_in_modules(args.height, args.width)
    detector_class = load_detector_class(args.frigate)
    raw = np.fromfile(args.frames, np.uint8)
    if raw.size == 0 or raw.size % (args.width * args.height) != 0:
        sys.exit(f"{args.frames}: {raw.size} bytes is not a whole number of "
                 f"{args.width}x{args.height} Y planes")
    luma = raw.reshape(-1, args.height, args.width)
    best = float("inf")
    for _ in range(5):
        # As frigate/video/detect.py makes it: frame_shape is (height, width), fps is
        # detect.fps (default 5, unused by the detector).
        detector = detector_class((args.height, args.width), config(), fps=5)
        start = time.perf_counter()
        for y in luma:
            detector.detect(y)
        best = min(best, (time.perf_counter() - start) * 1000 / len(luma))
    print(f"frigate_motion_ms {best:.4f} frames {len(luma)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
