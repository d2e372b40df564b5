"""Documented limits (README, "Limits"). Hostile or mistaken input stops here, early."""

MAX_FILE_BYTES = 256 * 1024  # one entry file
MAX_FILES = 20_000  # files in one library
MAX_DEPTH = 16  # nesting of mappings and lists
MAX_STRING = 10_000  # characters in one string
MAX_DIAGNOSTICS_PER_FILE = 50  # a garbage file should not drown the report
