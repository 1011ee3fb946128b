from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def bootstrap_widget(field: forms.BoundField) -> SafeString:
    """Render a form field's widget with the Bootstrap class that fits its kind."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css})


@register.filter
def get_item(mapping: object, key: object) -> object:
    """`{{ labels|get_item:code }}`: a dictionary lookup by a variable key."""
    if isinstance(mapping, dict):
        return mapping.get(key, "")
    return ""
