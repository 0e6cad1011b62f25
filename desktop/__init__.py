"""つながりノート: entry point, wiring and the Qt-free services and printing."""
from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("tsunagari")
except _metadata.PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.1.0"

APP_NAME = "tsunagari"
APP_DISPLAY_NAME = "つながりノート"
ORG_NAME = "tsunagari"
