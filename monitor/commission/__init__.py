"""The Commission on Children's Affairs: its sittings, its resolutions on cases, and the measures it
decides, each of which can become a referral. Built on cases and referrals.

The commission has no blueprint of its own: its pages are registered on the cases blueprint (the
endpoints `cases.commission_index`, `cases.sitting`, `cases.refer_measure`), where they always were.
"""
