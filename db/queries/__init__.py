"""Queries that return plain row dataclasses for ui/ and printing (no peewee objects leak out)."""
