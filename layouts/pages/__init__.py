"""Dash pages (registered by Dash itself with ``use_pages``)."""
