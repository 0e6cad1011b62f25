"""Widgets and Qt models of つながりノート; no SQL, no reportlab."""
