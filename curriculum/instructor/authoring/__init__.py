"""Authoring: notebooks from their text form, the `new-module` scaffold, the README's course map, and
loading a module's instructor-only files (hidden checks, variants).
"""
