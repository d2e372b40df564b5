"""The MkDocs plugin ``huikuan``: a thin adapter from MkDocs events to the pipeline."""
