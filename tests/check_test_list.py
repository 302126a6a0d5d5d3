#!/usr/bin/env python3
"""Checks a CTest run against the list of tests the suite has.

Usage: check_test_list.py CTEST_JUNIT_XML EXPECTED_LIST

Fails when a listed test did not run or did not pass (a test that silently stops being registered,
say because the data it reads went missing), when the run has fewer tests than the list, or when a
test ran that the list does not name (so the list stays the suite's record). Standard library only.
"""
import sys
import xml.etree.ElementTree as ET


def main():
    junit, listing = sys.argv[1], sys.argv[2]
    with open(listing, encoding="utf-8") as f:
        expected = [l.split("#")[0].strip() for l in f]
    expected = [e for e in expected if e]
    cases = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        failed = case.find("failure") is not None or case.find("error") is not None
        skipped = case.find("skipped") is not None or case.get("status") in ("notrun", "disabled")
        cases[case.get("name")] = "failed" if failed else "not run" if skipped else "passed"
    problems = [f"{name}: not registered or not run" for name in expected if name not in cases]
    problems += [f"{name}: {state}" for name, state in cases.items() if state != "passed"]
    problems += [f"{name}: ran but is not in {listing} (add it there)" for name in cases if name not in expected]
    passed = sum(1 for s in cases.values() if s == "passed")
    print(f"check_test_list: {passed} of {len(expected)} expected tests passed ({len(cases)} ran)")
    for p in problems:
        print("  " + p)
    return 1 if problems or passed < len(expected) else 0


if __name__ == "__main__":
    sys.exit(main())
