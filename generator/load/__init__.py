"""Load: files on disk → documents with source positions (no schema knowledge here)."""

from generator.load.library import Loaded, RawLibrary, SourceFile, discover
from generator.load.yaml_strict import Document, parse_document

__all__ = ["Document", "Loaded", "RawLibrary", "SourceFile", "discover", "parse_document"]
