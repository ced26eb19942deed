#!/usr/bin/python3
"""Checks scenarios/schema/itsb-input-v1.schema.json, the JSON Schema editors use for
itsb input files:

- it is a valid schema of its declared draft;
- every examples/*.json validates (examples/default_pilot.json is the built-in default
  pilot byte for byte, which tests/test_input.cpp checks), and with --itsb BINARY so does
  the output of `itsb example`;
- the other forms of an input (docs/MODEL.md §1) validate;
- known-bad documents are rejected.

Usage: check_schema.py [SOURCE_DIR] [--itsb BINARY]. Exit status 0 when all hold.
"""

import argparse
import copy
import json
import pathlib
import subprocess
import sys

import jsonschema

REMOVE = object()


def strict_load(text, origin):
    """json.loads that rejects duplicate keys and NaN/Infinity, as itsb does."""

    def no_duplicates(pairs):
        keys = [key for key, _ in pairs]
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates:
            raise ValueError(f"{origin}: duplicate key {duplicates[0]!r}")
        return dict(pairs)

    def no_constant(name):
        raise ValueError(f"{origin}: {name} is not JSON")

    return json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constant)


def changed(document, changes):
    """A copy of document with each (pointer, value) set, or removed when value is REMOVE."""
    result = copy.deepcopy(document)
    for pointer, value in changes:
        tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
        parent = result
        for token in tokens[:-1]:
            parent = parent[int(token)] if isinstance(parent, list) else parent[token]
        last = tokens[-1]
        if isinstance(parent, list):
            last = int(last)
        if value is REMOVE:
            del parent[last]
        else:
            parent[last] = value
    return result


# Other forms of an input (docs/MODEL.md §1, and defaults left out), each must be accepted.
GOOD = [
    ("a numeric notional", [("/bond/notional", 15000000)]),
    ("a DSCR-sized notional", [("/bond/notional", {"target_min_dscr": 1.3})]),
    ("maturity instead of tenor_years", [("/bond/tenor_years", REMOVE), ("/bond/maturity", "2039-10-01")]),
    ("a gilt + margin coupon", [("/bond/coupon", {"gilt_yield": 0.045, "margin": 0.008})]),
    ("custom amounts", [("/bond/notional", 1000), ("/bond/amortization", {"custom": [0, 0, 0, 0] + [1000 / 26] * 26})]),
    ("custom fractions", [("/bond/amortization", {"custom_fractions": [0, 0, 0, 0] + [1 / 26] * 26})]),
    ("ramp fractions", [("/programme/service_lines/0/ramp", {"delay_years": 1, "fractions": [0.2, 0.6, 1.0]})]),
    ("an s-curve ramp", [("/programme/service_lines/0/ramp/shape", "s_curve")]),
    ("no ramp", [("/programme/service_lines/0/ramp", REMOVE)]),
    ("a savings-linked bond", [("/bond/structure", "savings_linked"),
                               ("/bond/savings_linked", {"savings_share": 0.8, "council_guarantee": False,
                                                         "cap_multiple": 1.5})]),
    ("flat discounting", [("/discounting", {"method": "flat", "rate": 0.035})]),
    ("curve discounting", [("/discounting", {"method": "curve", "points": [[1, 0.03], [10, 0.04]]})]),
    ("split partner shares", [("/partners", [{"name": "A", "savings_share": 0.6, "cost_share": 0.5},
                                             {"name": "B", "savings_share": 0.4, "cost_share": 0.5}])]),
    ("integral floats for integers", [("/horizon_years", 20.0), ("/bond/tenor_years", 15.0)]),
    ("only the required keys", [("/name", REMOVE), ("/description", REMOVE), ("/currency", REMOVE),
                                ("/partners", REMOVE), ("/discounting", REMOVE), ("/rounding", REMOVE),
                                ("/uncertainty", REMOVE), ("/bond/day_count", REMOVE), ("/bond/issue_date", REMOVE),
                                ("/programme/one_off_costs", REMOVE), ("/programme/running_costs", REMOVE)]),
    ("every distribution kind", [("/uncertainty/saving_rate_factor", {"distribution": "uniform", "min": 0.8, "max": 1.1}),
                                 ("/uncertainty/running_cost_factor", {"distribution": "lognormal", "mu": 0, "sigma": 0.1}),
                                 ("/uncertainty/delay_years", {"distribution": "fixed", "value": 1})]),
]

# Each must be rejected by the schema (itsb rejects them too; see tests/test_input.cpp).
BAD = [
    ("a coupon of 4.5", [("/bond/coupon", 4.5)]),
    ("a misspelt key", [("/bond/cupon", 0.05)]),
    ("an unknown top-level key", [("/colour", "blue")]),
    ("a missing coupon", [("/bond/coupon", REMOVE)]),
    ("a missing start_date", [("/start_date", REMOVE)]),
    ("horizon_years as a string", [("/horizon_years", "20")]),
    ("a fractional horizon_years", [("/horizon_years", 20.5)]),
    ("horizon_years 301", [("/horizon_years", 301)]),
    ("itsb version 2", [("/itsb", 2)]),
    ("30 February", [("/start_date", "2026-02-30")]),
    ("a date that is not ISO", [("/start_date", "1/4/2026")]),
    ("a lower-case currency", [("/currency", "gbp")]),
    ("tenor_years and maturity", [("/bond/maturity", "2041-04-01")]),
    ("neither tenor_years nor maturity", [("/bond/tenor_years", REMOVE)]),
    ("a weekly frequency", [("/bond/frequency", "weekly")]),
    ("an unknown amortization", [("/bond/amortization", "balloon")]),
    ("custom and custom_fractions", [("/bond/amortization", {"custom": [1], "custom_fractions": [1]})]),
    ("a notional rule that does not exist", [("/bond/notional", "fund_everything")]),
    ("a zero target DSCR", [("/bond/notional", {"target_min_dscr": 0})]),
    ("a coupon object without margin", [("/bond/coupon", {"gilt_yield": 0.045})]),
    ("savings_linked terms on a general-obligation bond", [("/bond/savings_linked", {"savings_share": 0.8})]),
    ("issuance costs of 100 %", [("/bond/issuance_costs/percent", 1)]),
    ("a partner with share and cost_share", [("/partners/0", {"name": "A", "share": 0.5, "cost_share": 0.5})]),
    ("a partner without a name", [("/partners/0", {"share": 0.5})]),
    ("a partner with an empty name", [("/partners/0/name", "")]),
    ("no service lines", [("/programme/service_lines", [])]),
    ("51 service lines", [("/programme/service_lines", [{"addressable_share": 0.01, "saving_rate": 0.1}] * 51)]),
    ("an addressable share above 1", [("/programme/service_lines/0/addressable_share", 1.5)]),
    ("ramp fractions with a shape", [("/programme/service_lines/0/ramp/fractions", [0.5, 1])]),
    ("a one-off cost of unknown kind", [("/programme/one_off_costs/0/kind", "capex")]),
    ("a running cost from year 0", [("/programme/running_costs/0/from_year", 0)]),
    ("savings optimism bias of 1", [("/programme/savings_optimism_bias", 1)]),
    ("a rate with green_book discounting", [("/discounting/rate", 0.035)]),
    ("flat discounting without a rate", [("/discounting/method", "flat")]),
    ("curve discounting without points", [("/discounting/method", "curve")]),
    ("a curve point of three numbers", [("/discounting", {"method": "curve", "points": [[1, 0.03, 5]]})]),
    ("7 decimals", [("/rounding/decimals", 7)]),
    ("an unknown rounding mode", [("/rounding/mode", "bankers")]),
    ("zero paths", [("/uncertainty/paths", 0)]),
    ("a normal distribution with sigma", [("/uncertainty/expenditure_growth/sigma", 0.01)]),
    ("a triangular distribution without mode", [("/uncertainty/saving_rate_factor/mode", REMOVE)]),
    ("a negative fixed factor", [("/uncertainty/running_cost_factor/value", -1)]),
    ("an unknown distribution", [("/uncertainty/one_off_cost_factor/distribution", "beta")]),
    ("the document as an array", None),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source_dir", nargs="?", default=str(pathlib.Path(__file__).resolve().parent.parent))
    parser.add_argument("--itsb", help="the itsb executable: also validate `itsb example`")
    args = parser.parse_args()
    root = pathlib.Path(args.source_dir)

    schema_path = root / "scenarios" / "schema" / "itsb-input-v1.schema.json"
    schema = strict_load(schema_path.read_text(encoding="utf-8"), schema_path.name)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)

    failures = []

    def errors_of(document):
        return sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))

    documents = {}
    for path in sorted((root / "examples").glob("*.json")):
        name = str(path.relative_to(root))
        try:
            documents[name] = strict_load(path.read_text(encoding="utf-8"), name)
        except ValueError as error:
            failures.append(f"{name}: not strict JSON: {error}")
    if args.itsb:
        output = subprocess.run([args.itsb, "example"], capture_output=True, text=True, check=False)
        if output.returncode != 0:
            failures.append(f"`itsb example` exited with {output.returncode}: {output.stderr.strip()}")
        else:
            documents["`itsb example`"] = strict_load(output.stdout, "`itsb example`")

    for name, document in documents.items():
        for error in errors_of(document):
            failures.append(f"{name}: /{'/'.join(map(str, error.absolute_path))}: {error.message}")

    pilot = documents.get("examples/default_pilot.json")
    if pilot is None:
        failures.append("examples/default_pilot.json is missing")
    else:
        for description, changes in GOOD:
            for error in errors_of(changed(pilot, changes)):
                failures.append(f"the schema rejects {description}: "
                                f"/{'/'.join(map(str, error.absolute_path))}: {error.message}")
        for description, changes in BAD:
            document = [pilot] if changes is None else changed(pilot, changes)
            if validator.is_valid(document):
                failures.append(f"the schema accepts {description}")

    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"check_schema: {len(documents)} documents, {len(GOOD)} good and {len(BAD)} bad variants, "
          f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
