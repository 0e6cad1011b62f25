"""Use-cases over the database (Qt-free); each write runs in db.atomic()."""
