#!/usr/bin/env python3
"""Generate an addon's README.rst from its readme/*.md fragments, as OCA does.

OCA's generator (oca-gen-addon-readme, in OCA/maintainer-tools) is not on
PyPI and converts Markdown with pandoc. This script needs only the standard
library: it converts the subset of Markdown the fragments use and lays the
sections out in the order of OCA's README template (title, description,
table of contents, the optional fragments, bug tracker, credits).

Markdown understood: paragraphs; ``##`` to ``####`` headings (``#`` is the
section the generator writes itself, as with OCA's pandoc conversion); ``-``,
``*`` and ``1.`` lists, nested by indenting; fenced code blocks; pipe tables
with a header row; inline `code`, **strong**, *emphasis*, [links](url) and
<https://autolinks>. Anything else is written as plain text, escaped.

    python3 scripts/gen_readme.py                     # writes quality_complaint/README.rst
    python3 scripts/gen_readme.py --check             # exits 1 when README.rst is out of date
    python3 scripts/gen_readme.py path/to/other_addon

When docutils is importable, the result is also checked to render without
errors or warnings (what OCA's generator checks).
"""

import argparse
import ast
import re
import sys
import unicodedata
from pathlib import Path

# Fragment name -> (section title, level): level 2 sections are top-level
# sections of the README, level 3 ones sit under "Credits". OCA's order.
FRAGMENTS = {
    "DESCRIPTION": (None, 2),
    "CONTEXT": ("Use Cases / Context", 2),
    "INSTALL": ("Installation", 2),
    "CONFIGURE": ("Configuration", 2),
    "USAGE": ("Usage", 2),
    "DEVELOP": ("Development", 2),
    "ROADMAP": ("Known issues / Roadmap", 2),
    "HISTORY": ("Changelog", 2),
    "CONTRIBUTORS": ("Contributors", 3),
    "CREDITS": ("Other credits", 3),
}
BEFORE_BUG_TRACKER = ("CONTEXT", "INSTALL", "CONFIGURE", "USAGE", "DEVELOP", "ROADMAP", "HISTORY")
# Underline of a heading by depth (1 = a README section), as pandoc writes them.
UNDERLINES = {1: "=", 2: "-", 3: "~", 4: "^", 5: "'"}

HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE_RE = re.compile(r"^(\s*)(```+|~~~+)\s*([\w+-]*)\s*$")
ITEM_RE = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$")
TABLE_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
INLINE_RE = re.compile(
    r"(?P<code>`+)(?P<code_text>.+?)(?P=code)"
    r"|\*\*(?P<strong>[^*\s](?:.*?[^*\s])?)\*\*"
    r"|\*(?P<em>[^*\s](?:.*?[^*\s])?)\*"
    r"|\[(?P<link_text>[^\]]+)\]\((?P<link_url>[^)\s]+)\)"
    r"|<(?P<autolink>https?://[^>\s]+)>",
    re.DOTALL,
)
# What may stand right before an RST inline start-string and right after an
# end-string (docutils' inline markup recognition rules).
START_BEFORE = set(" \t\n-:/'\"<([{")
END_AFTER = set(" \t\n-.,:;!?\\/'\")]}>")


class FragmentError(Exception):
    pass


# ---------------------------------------------------------------------------
# Inline markup
# ---------------------------------------------------------------------------
def _may_start_after(char):
    return (
        char is None or char in START_BEFORE or unicodedata.category(char) in ("Pd", "Po", "Pi", "Pf", "Ps")
    )


def _may_end_before(char):
    return char is None or char in END_AFTER or unicodedata.category(char) in ("Pd", "Po", "Pi", "Pf", "Pe")


def _escape(text):
    text = text.replace("\\", "\\\\").replace("*", "\\*").replace("|", "\\|").replace("`", "\\`")
    # "word_" is a hyperlink reference in RST; "snake_case" is not.
    return re.sub(r"(?<=\w)_(?!\w)", r"\\_", text)


def inline(text):
    """Markdown inline markup of one block's text -> RST inline markup."""
    out = []
    position = 0
    for match in INLINE_RE.finditer(text):
        out.append(_escape(text[position : match.start()]))
        if match["code"]:
            markup = f"``{match['code_text'].strip()}``"
        elif match["strong"]:
            markup = f"**{_escape(match['strong'])}**"
        elif match["em"]:
            markup = f"*{_escape(match['em'])}*"
        elif match["link_text"]:
            markup = f"`{_escape(match['link_text'])} <{match['link_url']}>`__"
        else:
            markup = match["autolink"]
        before = text[match.start() - 1] if match.start() else None
        if not _may_start_after(before):
            out.append("\\ ")
        out.append(markup)
        after = text[match.end()] if match.end() < len(text) else None
        if not _may_end_before(after):
            out.append("\\ ")
        position = match.end()
    out.append(_escape(text[position:]))
    return "".join(out)


# ---------------------------------------------------------------------------
# Blocks
# ---------------------------------------------------------------------------
def _indent(lines, prefix):
    return [prefix + line if line else "" for line in lines]


def _dedent(lines, width):
    return [line[width:] if line[:width].strip() == "" else line.lstrip() for line in lines]


def _is_table_start(lines, index):
    return (
        lines[index].lstrip().startswith("|")
        and index + 1 < len(lines)
        and TABLE_SEPARATOR_RE.match(lines[index + 1]) is not None
    )


def _table_cells(line):
    line = line.strip()
    line = line.removeprefix("|").removesuffix("|")
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line)]


def _convert_table(rows):
    header, body = _table_cells(rows[0]), [_table_cells(row) for row in rows[2:]]
    out = [".. list-table::", "   :header-rows: 1", ""]
    for row in [header, *body]:
        cells = (row + [""] * len(header))[: len(header)]
        for number, cell in enumerate(cells):
            bullet = "   * - " if number == 0 else "     - "
            out.append((bullet + inline(cell)).rstrip())
    return out


def _convert_list(lines, fragment, level):
    """Lines of one list (items and their indented continuations) -> RST lines."""
    out = []
    items = []
    base = len(lines[0]) - len(lines[0].lstrip())
    for line in lines:
        match = ITEM_RE.match(line)
        if match and len(match[1]) == base:
            marker = "-" if match[2] in "-*+" else "#."
            width = len(match[1]) + len(match[2]) + 1
            items.append((marker, [match[3]], width))
        elif items:
            items[-1][1].append(line)
    for marker, body, width in items:
        first, rest = body[0], _dedent(body[1:], width)
        converted = convert_blocks([first, *rest], fragment, level)
        prefix = marker + " "
        out.extend([prefix + converted[0], *_indent(converted[1:], " " * len(prefix)), ""])
    return out


def convert_blocks(lines, fragment, level):
    """Markdown lines -> RST lines. `level` is the fragment's level (2 or 3)."""
    out = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        fence = FENCE_RE.match(line)
        heading = HEADING_RE.match(line)
        item = ITEM_RE.match(line)
        if fence:
            indent, marks = len(fence[1]), fence[2]
            index += 1
            code = []
            while index < len(lines) and not lines[index].strip().startswith(marks):
                code.append(lines[index][indent:] if lines[index][:indent].strip() == "" else lines[index])
                index += 1
            index += 1
            out.extend(["::", "", *_indent(code, "    "), ""])
        elif heading:
            depth = len(heading[1]) + level - 2
            if len(heading[1]) < 2 or depth not in UNDERLINES:
                raise FragmentError(
                    f"{fragment}: heading {line!r}: start subsections at '##' (the generator writes "
                    "the fragment's own section title)"
                )
            title = inline(heading[2])
            out.extend([title, UNDERLINES[depth] * len(title), ""])
            index += 1
        elif _is_table_start(lines, index):
            rows = []
            while index < len(lines) and lines[index].lstrip().startswith("|"):
                rows.append(lines[index])
                index += 1
            out.extend([*_convert_table(rows), ""])
        elif item:
            base = len(item[1])
            block = [line]
            index += 1
            while index < len(lines):
                following = lines[index]
                if following.strip():
                    indent = len(following) - len(following.lstrip())
                    if indent <= base and not ITEM_RE.match(following):
                        break
                    if indent < base:
                        break
                else:
                    # A blank line ends the list unless an item or an indented line follows.
                    after = next((candidate for candidate in lines[index + 1 :] if candidate.strip()), None)
                    if after is None:
                        break
                    after_indent = len(after) - len(after.lstrip())
                    if after_indent <= base and not (after_indent == base and ITEM_RE.match(after)):
                        break
                block.append(following)
                index += 1
            out.extend(_convert_list(block, fragment, level))
        else:
            paragraph = []
            while index < len(lines) and lines[index].strip():
                candidate = lines[index]
                if paragraph and (
                    FENCE_RE.match(candidate)
                    or HEADING_RE.match(candidate)
                    or ITEM_RE.match(candidate)
                    or _is_table_start(lines, index)
                ):
                    break
                paragraph.append(candidate.strip())
                index += 1
            text = inline("\n".join(paragraph)).split("\n")
            out.extend([*text, ""])
    while out and not out[-1]:
        out.pop()
    return out


# ---------------------------------------------------------------------------
# README
# ---------------------------------------------------------------------------
def _section(title, underline):
    return [title, underline * len(title), ""]


def _repository(manifest):
    """(owner/name, URL) of the addon's GitHub repository, from the manifest's website."""
    match = re.match(r"https://github\.com/([^/]+/[^/#?]+)", manifest.get("website", ""))
    return (match[1], f"https://github.com/{match[1]}") if match else (None, manifest.get("website"))


def generate(addon_dir):
    addon_dir = Path(addon_dir)
    manifest = ast.literal_eval((addon_dir / "__manifest__.py").read_text(encoding="utf-8"))
    fragments = {}
    for name, (_title, level) in FRAGMENTS.items():
        if (addon_dir / "readme" / f"{name}.rst").exists():
            raise FragmentError(f"readme/{name}.rst: this generator reads Markdown fragments only")
        path = addon_dir / "readme" / f"{name}.md"
        if path.exists() and path.read_text(encoding="utf-8").strip():
            fragments[name] = convert_blocks(path.read_text(encoding="utf-8").splitlines(), name, level)
    if "DESCRIPTION" not in fragments:
        raise FragmentError(f"{addon_dir}/readme/DESCRIPTION.md is required")

    name = manifest["name"]
    addon = addon_dir.resolve().name
    series = ".".join(manifest.get("version", "").split(".")[:2])
    repo_name, repo_url = _repository(manifest)
    out = ["=" * len(name), name, "=" * len(name), ""]
    out += [
        "..",
        "   !! This file is generated by scripts/gen_readme.py from readme/*.md.",
        "   !! Edit the fragments and run it again: changes made here are overwritten.",
        "",
    ]
    out += [*fragments["DESCRIPTION"], "", "**Table of contents**", "", ".. contents::", "   :local:", ""]
    for fragment in BEFORE_BUG_TRACKER:
        if fragment in fragments:
            out += [*_section(FRAGMENTS[fragment][0], "="), *fragments[fragment], ""]
    out += _section("Bug Tracker", "=")
    if repo_name:
        out += [
            f"Bugs are tracked on `GitHub Issues <{repo_url}/issues>`_.",
            "In case of trouble, please check there if your issue has already been reported.",
            "If you spotted it first, help us to smash it by providing a detailed and welcomed",
            f"`feedback <{repo_url}/issues/new?body=module:%20{addon}%0Aversion:%20{series}"
            "%0A%0A**Steps%20to%20reproduce**%0A-%20...%0A%0A**Current%20behavior**%0A%0A"
            "**Expected%20behavior**>`_.",
            "",
        ]
    else:
        out += [f"Bugs are tracked at {repo_url}.", ""]
    out += _section("Credits", "=")
    authors = [author.strip() for author in manifest.get("author", "").split(",") if author.strip()]
    if authors:
        out += [*_section("Authors", "-"), *[f"* {inline(author)}" for author in authors], ""]
    for fragment in ("CONTRIBUTORS", "CREDITS"):
        if fragment in fragments:
            out += [*_section(FRAGMENTS[fragment][0], "-"), *fragments[fragment], ""]
    out += _section("Maintainers", "-")
    if repo_name:
        out += [
            f"This module is part of the `{repo_name} <{repo_url}/tree/{series}/{addon}>`_ "
            "project on GitHub.",
            "",
        ]
    out += ["You are welcome to contribute."]
    return "\n".join(out) + "\n"


def check_rendering(readme_path, text):
    """Render with docutils, failing on any warning, when docutils is installed."""
    try:
        from docutils.core import publish_string  # noqa: PLC0415 (optional dependency)
        from docutils.writers.html4css1 import Writer  # noqa: PLC0415
    except ImportError:
        print(f"[readme] docutils not installed: {readme_path} not rendered", file=sys.stderr)
        return
    publish_string(
        text,
        source_path=str(readme_path),
        writer=Writer(),
        settings_overrides={
            "halt_level": 2,
            "report_level": 2,
            "file_insertion_enabled": False,
            "raw_enabled": False,
        },
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "addon_dir", nargs="?", default=str(Path(__file__).resolve().parent.parent / "quality_complaint")
    )
    parser.add_argument(
        "--check", action="store_true", help="do not write; exit 1 when README.rst is out of date"
    )
    args = parser.parse_args(argv)
    readme = Path(args.addon_dir) / "README.rst"
    try:
        text = generate(args.addon_dir)
    except FragmentError as error:
        print(f"[readme] {error}", file=sys.stderr)
        return 2
    try:
        check_rendering(readme, text)
    except Exception as error:  # docutils' SystemMessage, raised at the first warning
        print(f"[readme] {readme} does not render cleanly: {error}", file=sys.stderr)
        return 1
    if args.check:
        if not readme.exists() or readme.read_text(encoding="utf-8") != text:
            print(f"[readme] {readme} is out of date: run scripts/gen_readme.py", file=sys.stderr)
            return 1
        return 0
    readme.write_text(text, encoding="utf-8")
    print(f"[readme] wrote {readme}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
