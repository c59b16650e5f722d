from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "danchu.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và phân quyền"

    def ready(self):
        from danchu.core.registry import register_workspace_link
        from danchu.core.roles import Action

        register_workspace_link(label=_("Phân quyền tài khoản"), url_name="accounts:grants", action=Action.ROLE_GRANT,
                                order=90)
