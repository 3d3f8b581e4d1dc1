"""Organisations become records (colleagues share contributions): each distinct name typed on an
account becomes an Organisation, and the account points to it."""

import django.db.models.deletion
from django.db import migrations, models


def names_to_organisations(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Organisation = apps.get_model("accounts", "Organisation")
    for user in User.objects.exclude(organisation_name=""):
        user.organisation, _ = Organisation.objects.get_or_create(name=user.organisation_name.strip()[:200])
        user.save(update_fields=["organisation"])


def organisations_to_names(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.exclude(organisation=None).select_related("organisation"):
        user.organisation_name = user.organisation.name
        user.save(update_fields=["organisation_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Organisation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="nom")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créée le")),
            ],
            options={
                "verbose_name": "organisation",
                "verbose_name_plural": "organisations",
                "ordering": ["name"],
            },
        ),
        migrations.RenameField(model_name="user", old_name="organisation", new_name="organisation_name"),
        migrations.AddField(
            model_name="user",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="members",
                to="accounts.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.RunPython(names_to_organisations, organisations_to_names),
        migrations.RemoveField(model_name="user", name="organisation_name"),
    ]
