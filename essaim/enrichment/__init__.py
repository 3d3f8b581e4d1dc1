"""Enrichment engine: place, classify and de-duplicate French free text.

Pure functions and small classes (no Django in the core modules): the geography and taxonomies are
loaded once into memory. Used by the watch pipeline, the contribution form, the inbox and the CLI.
"""
