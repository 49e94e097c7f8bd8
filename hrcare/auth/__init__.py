"""Accounts, sign-in, sessions, invitations and password resets."""
