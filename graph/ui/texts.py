"""The app's words: German only, and Markdown made inert.

The app speaks German (its users are German Bildungsbüros); the English switch is gone, because a
second language would need a translation of every text, table and message in one catalogue, kept
complete by a test. Table titles and values are in :mod:`graph.display`; :func:`t` stays as the
identity so that the pages' texts can move there one by one.
"""

from __future__ import annotations

import re
from typing import Any

#: The placeholder of an empty selectbox (Streamlit's own: "Choose an option").
CHOOSE = "Bitte auswählen"
#: The placeholder of an empty multiselect (Streamlit's own: "Choose options").
CHOOSE_MANY = "Bitte auswählen (mehrere möglich)"


def lang() -> str:
    """The language of the app: always "de" (kept for the cache keys of pages that pass it on)."""
    return "de"


def t(text: str) -> str:
    """Return ``text`` as it is: the app speaks German."""
    return text


#: Characters with a meaning anywhere in a line: escapes, code, emphasis, strikethrough, links and
#: images, HTML and autolinks in ``<…>``, entities, tables, LaTeX (``$``), Streamlit's directives,
#: icons and emoji (``:red[…]``, ``:material/…:``, ``:smile:``). CommonMark shows each escaped one as itself.
_INLINE = re.compile(r"[\\`*_~\[\]<>!&|$:{}()]")
#: What starts a block at the beginning of a line: heading, list item (``-``, ``+``, ``1.``, ``1)``), quote.
_BLOCK_START = re.compile(r"^([#+\-=]|\d+(?=[.)]))")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")
#: GFM links bare addresses, and Streamlit draws ``:material/…:`` icons, wherever it finds them in the
#: parsed text, escapes or not: an invisible word joiner after the ``:`` of ``://`` and of
#: ``:material/`` and after ``www`` keeps them plain text.
_AUTOLINKS = re.compile(r"(?<=:)(?=//|material/)|(?<=www)(?=\.)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def md(text: Any) -> str:
    r"""Return ``text`` made inert for Streamlit's Markdown: it is shown exactly as written.

    Use it for every user string (names, titles, ids, file names, messages that embed values) that
    reaches an element rendering Markdown: ``st.markdown``, ``st.write``, ``st.caption``, headings,
    ``st.info``/``success``/``warning``/``error``/``toast``, and labels and ``help`` of widgets,
    expanders, popovers, tabs and metrics. Not for ``st.dataframe`` or the options of a selectbox or
    multiselect, which show text as it is (the options of ``st.radio`` render Markdown).

    Characters with a meaning anywhere (``\ ` * _ ~ [ ] < > ! & | $ : { } ( )``) are escaped with a
    backslash, so no image (``![x](url)``), link, emphasis, HTML, LaTeX or Streamlit directive
    (``:red[…]``) can form; line breaks become spaces and a heading, list or quote marker at the start
    is escaped, so no block can start; an invisible word joiner after ``://``, ``www`` and
    ``:material/`` keeps GFM from linking bare web addresses and Streamlit from drawing icons. An
    e-mail address stays as it is (GFM may offer it as a ``mailto:`` link, which loads nothing).

    Parameters
    ----------
    text : object
        The user string (anything else is shown as its ``str``).

    Returns
    -------
    str
        The escaped Markdown source.

    Examples
    --------
    >>> print(md("![x](http://evil.example/x.png)").replace(WORD_JOINER, ""))
    \!\[x\]\(http\://evil.example/x.png\)
    >>> print(md("1. Kita-Verbund e.V. :red[rot]"))
    1\. Kita-Verbund e.V. \:red\[rot\]
    >>> md("partner@kreis.test")
    'partner@kreis.test'
    """
    text = _AUTOLINKS.sub(WORD_JOINER, _LINE_BREAKS.sub(" ", str(text)).lstrip())
    text = _INLINE.sub(lambda m: "\\" + m.group(0), text)
    return _BLOCK_START.sub(lambda m: m.group(0) + "\\" if m.group(0)[0].isdigit() else "\\" + m.group(0), text)
