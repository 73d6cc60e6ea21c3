#!/usr/bin/python3
"""Do the exported cards carry what the source address-book cards carried?

Usage: check_vcard.py EXPORT.vcf SOURCE.vcf... [--absent NAME]...

Both sides are parsed with python3-vobject. Every source card with a name must have one exported
card with the same FN, and the same name parts (N), organisation units (ORG), addresses (ADR
components and types), phones and emails (values and types; VOICE and INTERNET are the defaults of
TEL and EMAIL, PREF an order), categories, nicknames, title, note, URLs and birthday. The export must
not put provenance in NOTE. --absent NAME: no exported card may be named NAME (followers, channels,
placeholders).
"""
import sys

import vobject

DEFAULT_TYPES = {"VOICE", "INTERNET", "PREF"}
problems = []


def types(prop):
    out = set()
    for t in prop.params.get("TYPE", []):
        for x in t.split(","):
            if x.strip() and x.strip().upper() not in DEFAULT_TYPES:
                out.add(x.strip().upper())
    return frozenset(out)


def many(card, name):
    return card.contents.get(name, [])


def meaning(card):
    m = {}
    n = card.n.value if "n" in card.contents else None
    m["N"] = (n.family, n.given, n.additional, n.prefix, n.suffix) if n else None
    m["ORG"] = tuple(card.org.value) if "org" in card.contents else ()
    m["ADR"] = sorted(
        (sorted(types(a)), a.value.box, a.value.extended, a.value.street, a.value.city, a.value.region, a.value.code,
         a.value.country)
        for a in many(card, "adr"))
    m["TEL"] = sorted((t.value.replace("tel:", "").replace("-", " "), sorted(types(t))) for t in many(card, "tel"))
    m["EMAIL"] = sorted((e.value.lower(), sorted(types(e))) for e in many(card, "email"))
    cats = []
    for c in many(card, "categories"):
        cats += c.value
    m["CATEGORIES"] = sorted(cats)
    m["NICKNAME"] = sorted(x.value for x in many(card, "nickname"))
    for p in ("title", "note", "bday"):
        m[p.upper()] = [x.value for x in many(card, p)]
    m["URL"] = sorted(x.value for x in many(card, "url"))
    return m


def cards(path, validate):
    with open(path, encoding="utf-8") as f:
        return list(vobject.readComponents(f.read(), validate=validate))


def main():
    args = sys.argv[1:]
    absent = [args[i + 1] for i, a in enumerate(args) if a == "--absent"]
    files = [a for i, a in enumerate(args) if a != "--absent" and (i == 0 or args[i - 1] != "--absent")]
    export = cards(files[0], True)  # what dataport wrote must be valid
    by_fn = {}
    for c in export:
        by_fn.setdefault(c.fn.value, []).append(c)
        for note in many(c, "note"):
            if "From:" in note.value or "dataport" in note.value.lower():
                problems.append(f"{c.fn.value}: provenance in NOTE: {note.value!r}")
        if "x-dataport-source" not in c.contents:
            problems.append(f"{c.fn.value}: no X-DATAPORT-SOURCE")
    n = 0
    for src in files[1:]:
        for c in cards(src, False):  # the sample keeps Google's empty card
            if "fn" not in c.contents:
                continue
            n += 1
            fn = c.fn.value
            got = by_fn.get(fn, [])
            if len(got) != 1:
                problems.append(f"{src}: {len(got)} exported cards named {fn!r}")
                continue
            a, b = meaning(c), meaning(got[0])
            for k in a:
                if a[k] != b[k]:
                    problems.append(f"{fn}: {k} {a[k]!r} in the source, {b[k]!r} in the export")
    for name in absent:
        if name in by_fn:
            problems.append(f"card {name!r} should not be exported by default")
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    if n == 0:
        print("no source cards")
        sys.exit(1)
    print(f"{n} source cards found field by field among {len(export)} exported cards; {len(absent)} names absent")


main()
