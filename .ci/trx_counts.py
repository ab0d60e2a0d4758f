#!/usr/bin/env python3
"""Tallies test outcomes from TRX files (VSTest's XML results).

Usage: trx_counts.py PATH...   (TRX files, or directories searched for *.trx)
Prints one line: "N passed, N failed, N skipped". Outcomes other than passed and not-run (errors,
timeouts, aborts) count as failed, so that nothing unusual passes silently.
"""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
SKIPPED = {"NotExecuted", "Inconclusive", "NotRunnable"}


def trx_files(paths):
    for path in map(pathlib.Path, paths):
        if path.is_dir():
            yield from sorted(path.rglob("*.trx"))
        elif path.is_file():
            yield path


def main(paths):
    passed = failed = skipped = 0
    for trx in trx_files(paths):
        for result in ET.parse(trx).getroot().iterfind(".//t:Results/t:UnitTestResult", NS):
            outcome = result.get("outcome", "")
            if outcome == "Passed":
                passed += 1
            elif outcome in SKIPPED:
                skipped += 1
            else:
                failed += 1
    print(f"{passed} passed, {failed} failed, {skipped} skipped")


if __name__ == "__main__":
    main(sys.argv[1:])
