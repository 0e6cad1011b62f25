"""Import wizard, export dialog and import history (issue 8's GUI)."""
