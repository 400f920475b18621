"""The early-warning engine: weekly series, identifier sightings and due dates in, alerts with
their evidence out (docs/warning.md). Framework-free: it never imports Django or an app, so it
runs and is tested without settings, like ``sigap.screening``."""
