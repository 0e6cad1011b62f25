"""Small input widgets shared by the pages: search box, 和暦 date, phone number."""
