from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from common.forms import error_text
from integrations.models import IntegrationScope
from integrations.services import integration_token_create


class Command(BaseCommand):
    help = "Create a token for an integration (an identity provider, a quota feed) and print it once."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the system that will hold it, e.g. 'Okta production'")
        parser.add_argument("--scope", required=True, choices=IntegrationScope.values)

    def handle(self, *args, name, scope, **options):
        try:
            issued = integration_token_create(actor=None, name=name, scope=scope)
        except ValidationError as error:
            raise CommandError(error_text(error)) from error
        self.stderr.write(f"Token for {issued.token.name} ({scope}). It is shown only now; store it in the integration:")
        self.stdout.write(issued.plaintext)
