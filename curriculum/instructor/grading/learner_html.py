"""Learner markdown, made harmless for the instructor's pages, in two layers.

1. At intake, raw HTML in a submission's markdown cells is neutralised in the source
   (`neutralise_html`): each `<` that opens a tag is backslash-escaped (`\\<`), so it shows as the
   text the learner typed, in JupyterLab and in the grader's pages alike. Code
   spans and fenced code are left alone, and ordinary markdown (emphasis, lists, code, tables) too.
2. Wherever a page renders markdown (nbgrader's feedback pages and its formgrader, both through
   nbconvert's HTMLExporter), the `markdown2html` filter is ours (`markdown2html`, set in
   nbgrader_config.py through `HTMLExporter.filters`): raw HTML is escaped while rendering, and the
   result passes an allow-list sanitiser (nh3), so no script, event handler or `javascript:` link
   reaches a browser that holds the instructor's Jupyter session.

`HTMLExporter.sanitize_html` already cleans outputs; this covers the markdown cells that nbgrader's
templates render through their own block.
"""
from __future__ import annotations

import nh3
from jinja2 import pass_context
from markdown_it import MarkdownIt

#: What rendered markdown may hold: formatting, lists, code, tables, links and images.
TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", "ul"}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "code": {"class"}, "div": {"class"},
              "span": {"class"}, "pre": {"class"}, "th": {"align"}, "td": {"align"},
              **{f"h{i}": {"id"} for i in range(1, 7)}}
#: Links may go to the web or to mail; images may also be embedded (a cell's attachments are data: URLs).
URL_SCHEMES = {"http", "https", "mailto", "data"}

_PARSER = MarkdownIt("commonmark").enable("table")


#: What an output's HTML may also hold: the attributes of a table as pandas writes it.
OUTPUT_ATTRIBUTES = {**ATTRIBUTES, "table": {"class", "border"}, "th": {"align", "colspan", "rowspan"},
                     "td": {"align", "colspan", "rowspan"}, "tr": {"align"}}


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name == "href" and value.strip().lower().startswith("data:"):
        return None  # a data: link can carry a whole page
    return value


def clean(html: str) -> str:
    """HTML reduced to the allow-list: no script, style, iframe, form, event handler or unsafe URL."""
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, attribute_filter=_attribute,
                     link_rel="noopener noreferrer nofollow")


def clean_output_html(element) -> str:
    """The `clean_html` filter of the feedback and formgrader pages (set in nbgrader_config.py): an
    output's HTML through the same allow-list, with tables kept as tables. nbconvert's own filter
    escapes every tag it does not know (a pandas table's `<style>`, `<thead>`, `<th>`), so the page
    showed them as text; here such a tag is dropped (a `<style>` or `<script>` with its content)."""
    text = element.decode(errors="replace") if isinstance(element, bytes) else str(element)
    return nh3.clean(text, tags=TAGS, attributes=OUTPUT_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     attribute_filter=_attribute, link_rel="noopener noreferrer nofollow")


@pass_context
def markdown2html(context, source: str) -> str:
    """nbconvert's markdown rendering (math, attachments, tables) with raw HTML escaped, then cleaned."""
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    cell = context.get("cell", {}) or {}
    renderer = IPythonRenderer(escape=True, attachments=cell.get("attachments", {}), embed_images=False,
                               anchor_link_text="", exclude_anchor_links=True)
    return clean(MarkdownWithMath(renderer=renderer).render(str(source)))


def _escaped(text: str) -> str:
    """A markdown backslash escape: the `<` shows as itself and never opens a tag."""
    return text.replace("<", "\\<")


def neutralise_html(source: str) -> str:
    """`source` with each raw HTML block and inline tag shown as text (`<` written `\\<`)."""
    lines = source.splitlines(keepends=True)
    changed = False
    for token in _PARSER.parse(source):
        if token.type == "html_block" and token.map:
            start, end = token.map
            lines[start:end] = [_escaped(line) for line in lines[start:end]]
            changed = True
        elif token.type == "inline" and token.map and any(c.type == "html_inline" for c in token.children or []):
            start, end = token.map
            block = "".join(lines[start:end])
            at = 0
            for child in token.children:
                if child.type == "html_inline":
                    found = block.find(child.content, at)
                    if found >= 0:
                        block = block[:found] + _escaped(child.content) + block[found + len(child.content):]
                        at = found + len(_escaped(child.content))
            lines[start:end] = [block] + [""] * (end - start - 1)
            changed = True
    return "".join(lines) if changed else source
