from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from approdi.cases import demo as cases_demo
from approdi.governance import demo as governance_demo
from approdi.network import demo
from approdi.outreach import demo as outreach_demo
from approdi.referrals import demo as referrals_demo
from approdi.shelters import demo as shelters_demo


class Command(BaseCommand):
    help = "Load the seed's network and the demo data (idempotent), then print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            created = demo.load()
            created.update(outreach_demo.load())
            created.update(shelters_demo.load())
            created.update(cases_demo.load_history())
            created.update(shelters_demo.load_placements())
            created.update(governance_demo.load())
            created.update(referrals_demo.load())
        summary = ", ".join(f"{k} {v}" for k, v in created.items())
        self.stdout.write(f"Created: {summary}.")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password: {demo.DEMO_PASSWORD}):")
        for username, organisation, roles in demo.demo_logins():
            self.stdout.write(f"  {username:<32} {organisation:<22} {roles}")
