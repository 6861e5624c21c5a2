"""`{% company_sign_in_button next %}` on the sign-in page: "Sign in with <name>" when company
single sign-on is configured (people.oidc), nothing otherwise."""
from django import template

from people.oidc import company_sign_in_enabled, company_sign_in_name

register = template.Library()


@register.inclusion_tag("people/company_sign_in_button.html")
def company_sign_in_button(next_url: str = "") -> dict:
    return {"enabled": company_sign_in_enabled(), "name": company_sign_in_name(), "next": next_url}
