"""The investigator's review UI: a timeline served read-only by Datasette (``artefacts serve``).

``metadata`` builds Datasette's metadata from the timeline itself (case title, labels, facets,
full-text search, canned queries for the tables the file has); ``datasette_plugin`` is the
Datasette plugin this package ships (entry point in the ``datasette`` group): the conversation
transcript, the events-per-day chart, links from events to their conversation and the
participant facet. Only ``datasette_plugin`` and ``server`` import Datasette (the ``review``
extra); the rest works without it. See docs/review.md.
"""
