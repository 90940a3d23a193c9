from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "elevium.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
