"""Helpers for the Korean catalogues after ``sphinx-intl update``: ``python book/i18n_tools.py todo|apply|tidy``.

- ``todo [PAGE ...]``: the messages still to translate, as JSON ``{catalogue: [{"msgid", "fuzzy", "previous",
  "msgstr"}]}`` on standard output: new ones (empty), and fuzzy ones with the earlier English (``previous``) and
  the Korean kept from it, the starting point for the new translation.
- ``apply FILE``: write translations from a JSON file ``{catalogue: {msgid: msgstr}}`` (catalogue as ``todo``
  names it); each message loses its fuzzy flag and earlier English. A msgid that is not in the catalogue is an
  error: nothing is written for that catalogue, and the message is named.
- ``tidy``: drop the messages that are gone (``#~``) from every catalogue, and give a catalogue that sphinx-intl
  has just created (its header still ``SOME DESCRIPTIVE TITLE``) the book's header, copied from the glossary's.

Catalogues are read and written with Babel, at the line width sphinx-intl uses (76), so that a change shows
in ``git diff`` as the messages that changed and nothing else.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "locales" / "ko" / "LC_MESSAGES"
WIDTH = 76
HOUSE_HEADERS = ("Project-Id-Version", "PO-Revision-Date", "Last-Translator", "Language-Team")


def load(path: Path):
    with path.open("rb") as f:
        return read_po(f, abort_invalid=True)


def save(catalog, path: Path) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, ignore_obsolete=True, include_previous=True)
    path.write_bytes(buffer.getvalue())


def catalogues(pages: list[str]) -> list[Path]:
    every = sorted((CATALOGUES / "book").glob("*.po"))  # the pages'; booktheme.po and sphinx.po are by hand
    if not pages:
        return every
    chosen = [p for p in every if any(page in p.relative_to(CATALOGUES).as_posix() for page in pages)]
    if not chosen:
        raise SystemExit(f"no catalogue under {CATALOGUES} matches {pages}")
    return chosen


def todo(pages: list[str]) -> dict:
    report = {}
    for path in catalogues(pages):
        pending = []
        for message in load(path):
            if not message.id:
                continue  # the header
            if message.fuzzy or not message.string:
                previous = " ".join(message.previous_id) if message.previous_id else None
                pending.append({"msgid": message.id, "fuzzy": message.fuzzy, "previous": previous,
                                "msgstr": message.string})
        if pending:
            report[path.relative_to(CATALOGUES).as_posix()] = pending
    return report


def apply(translations: dict) -> list[str]:
    """Write the translations; return the errors (messages not found), catalogue by catalogue."""
    errors = []
    for name, messages in translations.items():
        path = CATALOGUES / name
        if not path.exists():
            errors.append(f"{name}: no such catalogue under {CATALOGUES}")
            continue
        catalog = load(path)
        missing = [msgid for msgid in messages if msgid not in catalog]
        if missing:
            errors.extend(f"{name}: no message {msgid[:70]!r}" for msgid in missing)
            continue
        for msgid, msgstr in messages.items():
            message = catalog[msgid]
            message.string = msgstr
            message.flags.discard("fuzzy")
            message.previous_id = ()
        save(catalog, path)
    return errors


def tidy() -> None:
    house = load(CATALOGUES / "book" / "glossary.po")
    for path in catalogues([]):
        catalog = load(path)
        if catalog.header_comment.startswith("# SOME DESCRIPTIVE TITLE"):
            page = "book/" + path.stem
            catalog.header_comment = house.header_comment.replace("book/glossary", page)
            ours = dict(house.mime_headers)
            catalog.mime_headers = [(key, ours[key] if key in HOUSE_HEADERS else value)
                                    for key, value in catalog.mime_headers]
            catalog.fuzzy = False
        save(catalog, path)  # ignore_obsolete drops the #~ messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    todo_parser = commands.add_parser("todo", help="list the new and fuzzy messages as JSON")
    todo_parser.add_argument("pages", nargs="*", help="part of a catalogue's name, e.g. 07_optimizers")
    apply_parser = commands.add_parser("apply", help="write translations from a JSON file")
    apply_parser.add_argument("file", type=Path)
    commands.add_parser("tidy", help="drop the messages that are gone")
    args = parser.parse_args(argv)
    if args.command == "todo":
        json.dump(todo(args.pages), sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif args.command == "apply":
        errors = apply(json.loads(args.file.read_text("utf8")))
        for error in errors:
            print(error, file=sys.stderr)
        return 1 if errors else 0
    else:
        tidy()
    return 0


if __name__ == "__main__":
    sys.exit(main())
