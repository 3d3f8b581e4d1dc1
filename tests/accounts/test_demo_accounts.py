"""Demo accounts and the role → admin access rule."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from essaim.accounts.demo import DEMO_ACCOUNTS
from essaim.accounts.models import User
from essaim.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_one_demo_account_per_role_printed_with_credentials(capsys):
    """`create_demo_accounts` makes one account per role and prints how to sign in; twice is harmless."""
    call_command("create_demo_accounts", "--force")
    call_command("create_demo_accounts", "--force")
    out = capsys.readouterr().out

    assert User.objects.count() == len(DEMO_ACCOUNTS)
    for role in Role:
        user = User.objects.get(username=role.value)
        assert user.role == role
        assert user.check_password("essaim-demo")
        assert role.value in out
    assert "essaim-demo" in out


def test_demo_accounts_never_reset_an_existing_account(capsys):
    """A demo account whose password was changed or that was deactivated is left as it is."""
    call_command("create_demo_accounts", "--force")
    admin = User.objects.get(username="administrateur")
    admin.set_password("un-secret-choisi")
    admin.is_active = False
    admin.save()

    call_command("create_demo_accounts", "--force")

    admin.refresh_from_db()
    assert admin.check_password("un-secret-choisi")
    assert not admin.is_active
    assert "existait déjà" in capsys.readouterr().out


def test_demo_accounts_refused_on_a_server_database_without_force():
    """On PostgreSQL (server mode), public demo passwords need an explicit --force."""
    if connection.vendor == "sqlite":
        call_command("create_demo_accounts")
        assert User.objects.count() == len(DEMO_ACCOUNTS)
    else:
        with pytest.raises(CommandError, match="mot de passe public"):
            call_command("create_demo_accounts")
        assert not User.objects.exists()


def test_only_administrators_are_admin_staff():
    """The role decides admin access: an analyst is not staff, an administrator is."""
    analyst = User.objects.create_user("a", password="x", role=Role.ANALYST)
    admin = User.objects.create_user("b", password="x", role=Role.ADMINISTRATOR)
    assert not analyst.is_staff
    assert admin.is_staff and admin.is_superuser
