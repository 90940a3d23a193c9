from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "elevium.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from . import schema  # noqa: F401 - registers the OpenAPI extension
