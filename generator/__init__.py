"""huikuan (回款): a validated YAML library of collection material, rendered as a site and playbooks.

The pipeline is visible in the package layout:

    load/       strict YAML → documents with source positions
    validate/   pass 1 (each file against its kind's schema), pass 2 (the whole library)
    model/      the checked library as domain objects
    render/     site pages, playbooks, exports

The CLI (``cli.py``) and the MkDocs plugin (``plugin/``) are thin shells over it.
"""

__version__ = "0.1.0"
