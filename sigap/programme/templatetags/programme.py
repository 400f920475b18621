"""Template filters the programme pages need."""

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """``mapping|get:key``: a dict lookup with a variable key."""
    return mapping.get(key, "") if mapping else ""
