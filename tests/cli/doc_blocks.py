#!/usr/bin/python3
"""Prints the shell commands of every command block of a Markdown file, one per line, as
`EXPECT<TAB>COMMAND` (EXPECT: ok, or fail when the block shows the command failing).

A block is a fenced block tagged sh, console or shell, or untagged; json, cpp and others are data.
In a block with `$ ` prompts only the prompted lines are commands (a trailing backslash continues
one); the lines after a command are its output, and output that starts with "invalid" or
"dataport: error" means the command is shown failing. In a block without prompts every line that
is not blank or a comment is a command.
"""
import re
import sys

COMMAND_TAGS = {"sh", "console", "shell", "bash", ""}


def blocks(text):
    tag, lines = None, []
    for line in text.splitlines():
        m = re.match(r"^```\s*(\S*)", line)
        if m and tag is None:
            tag, lines = m.group(1), []
        elif line.startswith("```") and tag is not None:
            yield tag, lines
            tag = None
        elif tag is not None:
            lines.append(line)


def commands(lines):
    out = []
    prompted = any(l.startswith("$ ") for l in lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if prompted and not line.startswith("$ "):
            if out and (line.startswith("invalid") or line.startswith("dataport: error")):
                out[-1][0] = "fail"
            continue
        cmd = line[2:] if prompted else line
        while cmd.endswith("\\") and i < len(lines):
            cmd = cmd[:-1] + " " + lines[i].strip()
            i += 1
        if cmd.strip() and not cmd.lstrip().startswith("#"):
            out.append(["ok", cmd.strip()])
    return out


for path in sys.argv[1:]:
    for tag, lines in blocks(open(path, encoding="utf-8").read()):
        if tag not in COMMAND_TAGS:
            continue
        for expect, cmd in commands(lines):
            print(f"{expect}\t{cmd}")
