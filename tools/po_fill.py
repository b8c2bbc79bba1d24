"""Fill empty msgstr entries of a .po file from a JSON dictionary {msgid: msgstr}.

Usage: python tools/po_fill.py locale/en/LC_MESSAGES/django.po locale/en/*.json
Only empty translations are filled; existing ones are kept. Prints what is still missing.
"""

import json
import re
import sys


def _unquote(lines):
    return "".join(json.loads(line) for line in lines if line.startswith('"'))


def _fill_plural(lines, table, missing):
    """Plural entries: the dictionary gives one string (both forms) or [singular, plural]."""
    i_id = next(i for i, line in enumerate(lines) if line.startswith("msgid "))
    i_pl = next(i for i, line in enumerate(lines) if line.startswith("msgid_plural "))
    i_str = next(i for i, line in enumerate(lines) if line.startswith("msgstr["))
    msgid = _unquote([lines[i_id][6:], *lines[i_id + 1 : i_pl]])
    first = _unquote([lines[i_str][10:]])
    if first or any(line.startswith("msgstr[0]") and line != 'msgstr[0] ""' for line in lines):
        return "\n".join(lines)
    if msgid not in table:
        missing.append(msgid)
        return "\n".join(lines)
    value = table[msgid]
    one, other = (value, value) if isinstance(value, str) else value
    head = [line for line in lines[:i_str] if line != "#, fuzzy"]
    return "\n".join(
        [
            *head,
            "msgstr[0] " + json.dumps(one, ensure_ascii=False),
            "msgstr[1] " + json.dumps(other, ensure_ascii=False),
        ]
    )


def main(po_path, *dict_paths):
    table = {}
    for dict_path in dict_paths:
        with open(dict_path, encoding="utf-8") as fh:
            table.update(json.load(fh))
    text = open(po_path, encoding="utf-8").read()
    entries = text.split("\n\n")
    missing = []
    out = []
    for entry in entries:
        lines = entry.split("\n")
        if any(line.startswith("msgid_plural") for line in lines):
            out.append(_fill_plural(lines, table, missing))
            continue
        try:
            i_id = next(i for i, line in enumerate(lines) if line.startswith("msgid "))
            i_str = next(i for i, line in enumerate(lines) if line.startswith("msgstr "))
        except StopIteration:
            out.append(entry)
            continue
        msgid = _unquote([lines[i_id][6:], *lines[i_id + 1 : i_str]])
        msgstr = _unquote([lines[i_str][7:], *lines[i_str + 1 :]])
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        if fuzzy:
            # makemessages guesses from a similar old entry; such guesses are usually wrong.
            lines = [line for line in lines if not line.startswith("#| ")]
            lines = [line.replace(", fuzzy", "") for line in lines if line != "#, fuzzy"]
            i_str = next(i for i, line in enumerate(lines) if line.startswith("msgstr "))
            lines = [*lines[:i_str], 'msgstr ""']
            msgstr = ""
        if not msgid or msgstr:
            out.append(entry)
            continue
        if msgid in table:
            lines = [*lines[:i_str], "msgstr " + json.dumps(table[msgid], ensure_ascii=False)]
        else:
            missing.append(msgid)
        out.append("\n".join(lines))
    with open(po_path, "w", encoding="utf-8") as fh:
        fh.write("\n\n".join(out))
    for msgid in missing:
        print("MISSING:", re.sub(r"\s+", " ", msgid))  # noqa: T201
    print(f"{len(missing)} missing")  # noqa: T201


if __name__ == "__main__":
    main(*sys.argv[1:])
