"""Every write to units, organizations, households and residents (one module per sub-domain)."""
