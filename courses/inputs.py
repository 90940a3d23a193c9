"""What a caller sends to record a session, its observations, or a measurement: strict pydantic
models, the boundary between the API or form and the services (STYLE.md). Every field problem
becomes a 400 by field name (``Invalid.from_pydantic``); what fits the treatment is the
service's question."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

Pressure = Annotated[int, Field(ge=40, le=300)]
SeverityName = Literal["none", "mild", "moderate", "severe"]


class SessionInput(BaseModel):
    """A session as given. Fields of another treatment are left out."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    given_at: AwareDatetime
    slot_id: str | None = None
    side_effects: str = Field(default="", max_length=2000)
    adverse_event: Literal["", "seizure", "syncope"] = ""
    notes: str = Field(default="", max_length=4000)
    # TMS
    motor_threshold_percent: Annotated[int, Field(ge=1, le=100)] | None = None
    motor_threshold_redetermined: bool = False
    intensity_percent_mt: Annotated[int, Field(ge=1, le=200)] | None = None
    pulses: Annotated[int, Field(ge=1, le=20000)] | None = None
    coil: str = Field(default="", max_length=100)
    target: str = Field(default="", max_length=100)
    tms_protocol: Literal["", "10hz", "itbs"] = ""
    # Spravato and ketamine
    bp_pre_systolic: Pressure | None = None
    bp_pre_diastolic: Pressure | None = None
    bp_decision: Literal["", "proceed", "defer"] = ""
    bp_decided_by: int | None = None  # the clinician who weighed the risk, when not the recorder
    heart_rate: Annotated[int, Field(ge=20, le=250)] | None = None
    dose_mg: Literal[28, 56, 84] | None = None
    weight_kg: Annotated[Decimal, Field(gt=0, le=400, decimal_places=1)] | None = None
    dose_mg_per_kg: Annotated[Decimal, Field(gt=0, le=5, decimal_places=2)] | None = None
    route: Literal["", "iv", "im"] = ""
    infusion_minutes: Annotated[int, Field(ge=1, le=480)] | None = None

    @field_validator("given_at")
    @classmethod
    def _recent(cls, value: dt.datetime) -> dt.datetime:
        # A date this far back is a typing slip, and converting it between zones could overflow.
        if value.year < 2000:
            raise ValueError("Enter the date and time the session was given.")
        return value


class DeferralInput(BaseModel):
    """A dose deferred for a pre-dose blood pressure above 140/90: nothing given."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    deferred_at: AwareDatetime
    slot_id: str | None = None
    bp_pre_systolic: Pressure
    bp_pre_diastolic: Pressure
    reason: str = Field(min_length=1, max_length=2000)
    bp_decided_by: int | None = None  # the clinician who decided, when not the recorder


class ObservationInput(BaseModel):
    """Observations after dosing (Spravato, ketamine). Only the fields sent change."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bp_40_systolic: Pressure | None = None
    bp_40_diastolic: Pressure | None = None
    bp_discharge_systolic: Pressure | None = None
    bp_discharge_diastolic: Pressure | None = None
    sedation: SeverityName | None = None
    dissociation: SeverityName | None = None
    spo2_lowest: Annotated[int, Field(ge=50, le=100)] | None = None
    transport_arranged: bool | None = None
    side_effects: str | None = Field(default=None, max_length=2000)


class MeasurementInput(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    scale: Literal["phq9", "madrs", "hamd17"]
    total: Annotated[int, Field(ge=0, le=60)]
    item9: Annotated[int, Field(ge=0, le=3)] | None = None
    measured_on: dt.date

    @field_validator("measured_on")
    @classmethod
    def _plausible(cls, value: dt.date) -> dt.date:
        if value.year < 2000:
            raise ValueError("Enter the date the score was taken.")
        return value
