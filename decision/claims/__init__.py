"""Vendor claims: read (``spec``), the outputs they can state (``metrics``), input claims
stress-tested (``stress``), output claims replayed (``replay``), all of a scenario's claims
audited together (``audit``).
"""
