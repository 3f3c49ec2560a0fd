"""Built-in parser plugins. Installed as ``artefacts.plugins`` and registered through the ``artefacts`` entry-point group, like any external plugin."""
