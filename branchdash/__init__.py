"""branchdash: a terminal dashboard for the manager of a sales branch."""

__version__ = "0.1.0"
