from __future__ import annotations

from django import forms


class DesignsystemetFormMixin:
    """Adds Designsystemet classes and accessible attributes to every widget."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            css = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{css} ds-input".strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{self.auto_id % name}-help"  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            field = self.fields.get(name)  # type: ignore[attr-defined]
            if field is None:
                continue
            attrs = field.widget.attrs
            attrs["aria-invalid"] = "true"
            described = [d for d in attrs.get("aria-describedby", "").split() if d]
            described.append(f"{self.auto_id % name}-error")  # type: ignore[attr-defined]
            attrs["aria-describedby"] = " ".join(described)


def apply_validation_error(form: forms.Form, error) -> None:
    """Show a service's ValidationError on the form: on its field, or at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
