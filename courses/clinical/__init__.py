"""Clinical logic of a treatment course, pure Python (no Django): schedules, billing codes,
pre-session checks, response and remission, the monitoring form's filing clock, units against
the approval, and the next-step proposals. The clock is always an argument.

Every rule has a stable id and a source (a criteria.md section); thresholds live in
``parameters`` as named values, marked unconfirmed where criteria.md is silent or unsure.
"""
