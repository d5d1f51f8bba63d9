"""The Peewee store: models, the connection, migrations, demo data.

Knows nothing of Textual or of screens. The connection is a `DatabaseProxy`
that the CLI or a test initialises; nothing here opens a file at import time.
"""
