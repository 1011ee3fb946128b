from django import forms
from django.utils.translation import gettext_lazy as _


class IdentityRevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        help_text=_("Why you need to see this identity. It is written in the access log."),
    )

    def __init__(self, *args: object, reason_required: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["reason"].required = reason_required
