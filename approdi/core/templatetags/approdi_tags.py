from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def bootstrap_widget(field: forms.BoundField) -> SafeString:
    """Render a form field's widget with the Bootstrap class that fits its kind."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css})
