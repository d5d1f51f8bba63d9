"""The Textual screens and widgets (installed as `branchdash.screens`).

Screens compose widgets and call the rules in `branchdash`; they never write SQL.
"""
