from django import template

register = template.Library()


@register.simple_tag
def code_label(labels: dict[str, dict[str, str]], list_name: str, code: str) -> str:
    """The label of `code` in `list_name` (the code itself if the list does not know it)."""
    return labels.get(list_name, {}).get(code, code) if code else ""
