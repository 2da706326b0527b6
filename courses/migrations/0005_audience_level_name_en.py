"""Audience levels get an English name (issue 24: the English catalogue's audience filter in
one language); the programme's four levels get theirs here, for sites loaded before."""

from django.db import migrations, models

ENGLISH_NAMES = {
    "bestuurders": "Administrators",
    "raadsleden": "Council members",
    "ambtenaren": "Civil servants",
    "private-partijen": "Staff of private parties",
}


def fill_english_names(apps, schema_editor):
    AudienceLevel = apps.get_model("courses", "AudienceLevel")
    for slug, name in ENGLISH_NAMES.items():
        AudienceLevel.objects.filter(slug=slug, name_en="").update(name_en=name)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_pg_trgm"),
    ]

    operations = [
        migrations.AddField(
            model_name="audiencelevel",
            name="name_en",
            field=models.CharField(
                blank=True,
                help_text="Shown in the English interface; without it the Dutch name is shown.",
                max_length=100,
                verbose_name="name in English",
            ),
        ),
        migrations.RunPython(fill_english_names, migrations.RunPython.noop),
    ]
