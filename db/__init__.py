"""Persistence: peewee models over an SQLCipher file, queries that return plain rows,
migrations and backups. Qt-free (tests/test_layering.py checks it)."""
