"""The curated content: YAML files in ``content/`` read, checked, loaded and exported.

Plain modules, tested without the management commands that wrap them:
``reader`` (parse and validate), ``checker`` (whole-content checks),
``loader`` (write to the database) and ``exporter`` (write back to YAML).
"""
