"""Render: pure functions from the checked library to pages, playbooks and exports."""
