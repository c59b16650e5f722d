from django.db import migrations, models


class Migration(migrations.Migration):
    """The counting rule's labels say which ballot counts and which does not."""

    dependencies = [("decisions", "0004_minutes_scan")]

    operations = [
        migrations.AlterField(
            model_name="matter",
            name="channel_rule",
            field=models.CharField(
                choices=[
                    ("in_person_first", "Tính phiếu giấy hoặc giơ tay tại cuộc họp, không tính phiếu trực tuyến"),
                    ("online_first", "Tính phiếu trực tuyến, không tính phiếu giấy hoặc giơ tay tại cuộc họp"),
                ],
                default="in_person_first",
                max_length=16,
            ),
        ),
    ]
