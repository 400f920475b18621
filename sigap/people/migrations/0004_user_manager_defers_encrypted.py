# The user manager loads users without their encrypted fields (sign-in needs no data key).

import sigap.people.models
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0003_rate_counter'),
    ]

    operations = [
        migrations.AlterModelManagers(
            name='user',
            managers=[
                ('objects', sigap.people.models.UserManager()),
            ],
        ),
    ]
