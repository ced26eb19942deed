#!/usr/bin/python3
"""Checks the api example (examples/api/main.cpp) against the program: what it prints for the
default pilot at a coupon must be what `itsb run --set /bond/coupon=... --format json` reports
(the name, npv_after_financing to the penny, and each warning's code, pointer and sentence).

Usage: check_api_example.py EXAMPLE ITSB. Exit status 0 when they agree.
"""

import json
import subprocess
import sys


def main():
    example, itsb = sys.argv[1], sys.argv[2]
    for coupon in ("0.05", "0.6"):  # 0.6: the first two years below a DSCR of 1 warn
        printed = subprocess.run([example, coupon], check=True, capture_output=True, text=True).stdout.splitlines()
        run = json.loads(subprocess.run([itsb, "run", "--set", "/bond/coupon=" + coupon, "--format", "json"],
                                        check=True, capture_output=True, text=True).stdout)
        expected = [run["name"], "npv_after_financing %.2f" % run["metrics"]["npv_after_financing"]]
        for detail, sentence in zip(run["warning_details"], run["warnings"]):
            expected.append("warning %s %s: %s" % (detail["code"], detail["pointer"], sentence))
        if printed != expected:
            print("coupon %s: the example printed\n  %s\nbut itsb run reports\n  %s"
                  % (coupon, "\n  ".join(printed), "\n  ".join(expected)))
            return 1
        print("coupon %s: %d lines agree" % (coupon, len(printed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
