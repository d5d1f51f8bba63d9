"""Key descriptions that follow the language.

Bindings are declared on classes, before the language is known, so their
descriptions and tooltips are written as catalog keys with a leading "@"
(`Binding("n", "next_day", "@today.key.next_day")`) and translated per instance.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from branchdash.i18n import title


def translate_bindings(node: DOMNode) -> None:
    # Textual keeps an instance copy of the merged class bindings in `_bindings`;
    # rewriting that copy is the only way to give the footer translated text.
    bindings_map = node._bindings
    for key, bindings in list(bindings_map.key_to_bindings.items()):
        bindings_map.key_to_bindings[key] = [
            replace(b, description=title(b.description), tooltip=title(b.tooltip))
            for b in bindings
        ]
