#!/usr/bin/python3
"""Checks that docs/MODEL.md keeps up with the program, and that the documentation points
nowhere outside the repository:

- every property name, enum value and string constant of the input schema
  (scenarios/schema/itsb-input-v1.schema.json) is named on MODEL.md in backticks;
- every key of every committed JSON output (examples/expected/*/*.json: run, size, compare,
  simulate, sensitivity, redeem) is named on MODEL.md in backticks, and with --itsb BINARY so is
  every key of `itsb sensitivity --format json` (the tornado) and `itsb schedule --format json`;
- every key of the market place's JSON (the committed `market price` outputs and, with --itsb,
  `itsb market suggest` and `itsb market match`) is named on docs/MARKET.md in backticks;
- every link in README.md, docs/*.md, examples/README.md and bench/README.md is relative,
  resolves to a file or folder inside the repository, and its #anchor (if any) names a heading of
  the Markdown file it points to; no page but MODEL.md (whose last section maps the old section
  numbers) mentions "SPEC" or "shared/".

Usage: check_model_doc.py [SOURCE_DIR] [--itsb BINARY]. Exit status 0 when all hold.
"""

import argparse
import json
import pathlib
import re
import subprocess
import sys
import tempfile

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def schema_words(node, words):
    """Property names, enum values and string constants anywhere in the schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                words.update(value.keys())
            if key == "enum":
                words.update(v for v in value if isinstance(v, str))
            if key == "const" and isinstance(value, str):
                words.add(value)
            schema_words(value, words)
    elif isinstance(node, list):
        for value in node:
            schema_words(value, words)
    return words


def output_keys(node, keys):
    """Every object key anywhere in a JSON document."""
    if isinstance(node, dict):
        keys.update(node.keys())
        for value in node.values():
            output_keys(value, keys)
    elif isinstance(node, list):
        for value in node:
            output_keys(value, keys)
    return keys


def slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path):
    result, fenced = set(), False
    counts = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        match = None if fenced else HEADING.match(line)
        if match:
            base = slug(match.group(2))
            n = counts.get(base, 0)
            counts[base] = n + 1
            result.add(base if n == 0 else f"{base}-{n}")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source_dir", nargs="?", default=str(pathlib.Path(__file__).resolve().parent.parent))
    parser.add_argument("--itsb", help="the itsb executable: also check the tornado's and schedule's keys")
    args = parser.parse_args()
    root = pathlib.Path(args.source_dir).resolve()
    model_path = root / "docs" / "MODEL.md"
    model = model_path.read_text(encoding="utf-8")
    named = set(re.findall(r"`([^`\n]+)`", model))
    failures = []

    schema = json.loads((root / "scenarios" / "schema" / "itsb-input-v1.schema.json").read_text(encoding="utf-8"))
    inputs = schema_words(schema, set())
    for word in sorted(inputs - named):
        failures.append(f"docs/MODEL.md does not name the input key or value `{word}`")

    outputs = {}
    for path in sorted((root / "examples" / "expected").glob("*/*.json")):
        outputs[str(path.relative_to(root))] = json.loads(path.read_text(encoding="utf-8"))
    if args.itsb:
        for command in (["sensitivity"], ["schedule"]):
            run = subprocess.run([args.itsb, *command, "--format", "json"], capture_output=True, text=True, check=False)
            if run.returncode != 0:
                failures.append(f"`itsb {command[0]} --format json` exited with {run.returncode}: {run.stderr.strip()}")
            else:
                outputs[f"`itsb {command[0]}`"] = json.loads(run.stdout)
    # The market place's outputs (market price, suggest, match) are documented on docs/MARKET.md.
    market_named = set(re.findall(r"`([^`\n]+)`", (root / "docs" / "MARKET.md").read_text(encoding="utf-8")))
    # (`market price` embeds the group's itsb input, whose keys MODEL.md names as every input's.)
    market_outputs = {origin: outputs.pop(origin) for origin in list(outputs)
                      if pathlib.Path(origin.strip("`")).name.startswith(("price", "suggest", "match"))}
    for document in market_outputs.values():
        document.pop("input", None)
    if args.itsb:
        with tempfile.TemporaryDirectory() as folder:
            database = str(pathlib.Path(folder) / "market.db")
            for command in (["market", "suggest", "E07000223"], ["market", "match", "--region", "North East", "--max-size", "3"]):
                run = subprocess.run([args.itsb, *command, "--db", database, "--format", "json"], capture_output=True,
                                     text=True, check=False)
                if run.returncode != 0:
                    failures.append(f"`itsb {' '.join(command)} --format json` exited with {run.returncode}: {run.stderr.strip()}")
                else:
                    market_outputs[f"`itsb {' '.join(command[:2])}`"] = json.loads(run.stdout)
    counted = 0
    for page, documents, words in (("docs/MODEL.md", outputs, named), ("docs/MARKET.md", market_outputs, market_named)):
        keys = {}
        for origin, document in documents.items():
            for key in output_keys(document, set()):
                keys.setdefault(key, origin)
        counted += len(keys)
        for key in sorted(set(keys) - words):
            failures.append(f"{page} does not name the output key `{key}` (in {keys[key]})")

    pages = [root / "README.md", root / "examples" / "README.md", root / "bench" / "README.md"]
    pages += sorted((root / "docs").glob("*.md"))
    for page in pages:
        if not page.exists():
            continue
        name = str(page.relative_to(root))
        text = page.read_text(encoding="utf-8")
        if page != model_path:
            for word in ("SPEC", "shared/"):
                if word in text:
                    failures.append(f"{name} mentions {word!r}, which is outside the repository")
        for target in LINK.findall(text):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                failures.append(f"{name} links outside the repository: {target}")
                continue
            file_part, _, anchor = target.partition("#")
            destination = (page.parent / file_part).resolve() if file_part else page
            if root not in destination.parents and destination != root:
                failures.append(f"{name} links outside the repository: {target}")
                continue
            if not destination.exists():
                failures.append(f"{name} links to a missing file: {target}")
                continue
            if anchor and destination.suffix == ".md" and anchor not in anchors(destination):
                failures.append(f"{name} links to a missing heading: {target}")

    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"check_model_doc: {len(inputs)} input words, {counted} output keys from {len(outputs) + len(market_outputs)} documents, "
          f"{len(pages)} pages; {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
