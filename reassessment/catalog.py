"""Reference lists the reassessment is validated against: drugs with their class and minimum
adequate daily dose, and the ICD-10-CM codes a clinic meets. Plain Python, no Django.

Doses are criteria.md §1.3 (`MIN_ADEQUATE_DOSE_MG`): the lower bound of the usual adult
therapeutic range. Entries marked ``confirmed=False`` are *(unconfirmed)* or *(project)* in the
reference; they stay named here with that flag so that a rationale can say so.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

SOURCE_DOSES = "criteria.md §1.3 [NHS-SSRI, DOSE-TABLES]"


class DrugClass(StrEnum):
    SSRI = "ssri"
    SNRI = "snri"
    NDRI = "ndri"  # bupropion
    NASSA = "nassa"  # mirtazapine
    SMS = "serotonin_modulator"  # vortioxetine, vilazodone
    TCA = "tca"
    MAOI = "maoi"
    SARI = "sari"  # trazodone, nefazodone
    NMDA = "nmda_antagonist_combination"  # dextromethorphan-bupropion
    AZAPIRONE = "5ht1a_agonist"  # gepirone
    ANTIPSYCHOTIC = "atypical_antipsychotic"  # augmentation
    LITHIUM = "lithium"  # augmentation
    THYROID = "thyroid_hormone"  # augmentation
    OTHER_AUGMENTATION = "other_augmentation"


class DrugRole(StrEnum):
    ANTIDEPRESSANT = "antidepressant"
    AUGMENTATION = "augmentation"


class Drug(NamedTuple):
    key: str
    name: str
    drug_class: DrugClass
    role: DrugRole
    # Minimum adequate daily dose in mg; None for augmentation agents, whose trials are counted
    # separately and not judged for adequacy by the reference.
    min_adequate_mg: float | None
    # Ceiling for input validation (well above any labeled maximum), not a clinical limit.
    max_plausible_mg: float
    confirmed: bool = True


_A, _G = DrugRole.ANTIDEPRESSANT, DrugRole.AUGMENTATION

DRUGS: dict[str, Drug] = {
    d.key: d
    for d in (
        Drug("citalopram", "Citalopram", DrugClass.SSRI, _A, 20, 80),
        Drug("escitalopram", "Escitalopram", DrugClass.SSRI, _A, 10, 40),
        Drug("fluoxetine", "Fluoxetine", DrugClass.SSRI, _A, 20, 100),
        Drug("paroxetine", "Paroxetine (IR)", DrugClass.SSRI, _A, 20, 80),
        Drug("sertraline", "Sertraline", DrugClass.SSRI, _A, 50, 300),
        Drug("fluvoxamine", "Fluvoxamine", DrugClass.SSRI, _A, 100, 400, confirmed=False),
        Drug("venlafaxine", "Venlafaxine (IR/XR)", DrugClass.SNRI, _A, 150, 450),
        Drug("desvenlafaxine", "Desvenlafaxine", DrugClass.SNRI, _A, 50, 400),
        Drug("duloxetine", "Duloxetine", DrugClass.SNRI, _A, 60, 180),
        Drug("levomilnacipran", "Levomilnacipran", DrugClass.SNRI, _A, 40, 160),
        Drug("bupropion", "Bupropion (SR/XL)", DrugClass.NDRI, _A, 300, 600),
        Drug("mirtazapine", "Mirtazapine", DrugClass.NASSA, _A, 30, 90, confirmed=False),
        Drug("vortioxetine", "Vortioxetine", DrugClass.SMS, _A, 10, 40),
        Drug("vilazodone", "Vilazodone", DrugClass.SMS, _A, 20, 80),
        Drug("nortriptyline", "Nortriptyline", DrugClass.TCA, _A, 75, 250, confirmed=False),
        Drug("amitriptyline", "Amitriptyline", DrugClass.TCA, _A, 150, 400),
        Drug("imipramine", "Imipramine", DrugClass.TCA, _A, 150, 400),
        Drug("desipramine", "Desipramine", DrugClass.TCA, _A, 150, 400),
        Drug("phenelzine", "Phenelzine", DrugClass.MAOI, _A, 45, 120, confirmed=False),
        Drug("tranylcypromine", "Tranylcypromine", DrugClass.MAOI, _A, 30, 90),
        # criteria.md §10.4: added with the label's usual minimum therapeutic dose, unconfirmed where
        # no primary text was read (all of them here).
        Drug("trazodone", "Trazodone", DrugClass.SARI, _A, 150, 600, confirmed=False),
        Drug("nefazodone", "Nefazodone", DrugClass.SARI, _A, 300, 600, confirmed=False),
        Drug("clomipramine", "Clomipramine", DrugClass.TCA, _A, 100, 300, confirmed=False),
        Drug("doxepin", "Doxepin", DrugClass.TCA, _A, 75, 300, confirmed=False),
        Drug("selegiline_transdermal", "Selegiline (transdermal)", DrugClass.MAOI, _A, 6, 12, confirmed=False),
        Drug("isocarboxazid", "Isocarboxazid", DrugClass.MAOI, _A, 20, 60, confirmed=False),
        # Dose as the dextromethorphan component: 45 mg twice daily.
        Drug(
            "dextromethorphan_bupropion",
            "Dextromethorphan-bupropion",
            DrugClass.NMDA,
            _A,
            90,
            90,
            confirmed=False,
        ),
        Drug("gepirone", "Gepirone", DrugClass.AZAPIRONE, _A, 18.2, 72.6, confirmed=False),
        Drug("aripiprazole", "Aripiprazole", DrugClass.ANTIPSYCHOTIC, _G, None, 45),
        Drug("brexpiprazole", "Brexpiprazole", DrugClass.ANTIPSYCHOTIC, _G, None, 6),
        Drug("cariprazine", "Cariprazine", DrugClass.ANTIPSYCHOTIC, _G, None, 12),
        Drug("quetiapine", "Quetiapine (XR)", DrugClass.ANTIPSYCHOTIC, _G, None, 1200),
        Drug("olanzapine_fluoxetine", "Olanzapine (with fluoxetine)", DrugClass.ANTIPSYCHOTIC, _G, None, 40),
        Drug("lithium", "Lithium", DrugClass.LITHIUM, _G, None, 2400),
        Drug("liothyronine", "Liothyronine (T3)", DrugClass.THYROID, _G, None, 0.2),
        Drug("other_augmentation", "Other augmentation agent", DrugClass.OTHER_AUGMENTATION, _G, None, 5000),
    )
}


class Effect(StrEnum):
    """Why a current medicine matters to the rules (criteria.md §10.5, §6.1)."""

    MAOI = "maoi"  # raises blood pressure with (es)ketamine
    STIMULANT = "psychostimulant"  # raises blood pressure; lowers the seizure threshold
    SEIZURE_THRESHOLD = "lowers_seizure_threshold"
    DEPRESSOGENIC = "depressogenic"  # a work-up reminder, never a status
    OPIOID = "opioid"
    BENZODIAZEPINE = "benzodiazepine"


class OtherDrug(NamedTuple):
    key: str
    name: str
    effects: frozenset[Effect]
    max_plausible_mg: float


_S, _Z, _D = Effect.STIMULANT, Effect.SEIZURE_THRESHOLD, Effect.DEPRESSOGENIC

# Medicines that are not antidepressant trials but that a rule reads (criteria.md §2.3, §3.4, §6.1,
# §10.5). An MAOI taken now is an antidepressant trial with "ongoing" (DRUGS above).
OTHER_DRUGS: dict[str, OtherDrug] = {
    d.key: d
    for d in (
        OtherDrug("methylphenidate", "Methylphenidate", frozenset({_S, _Z}), 200),
        OtherDrug("amphetamine", "Amphetamine or dextroamphetamine", frozenset({_S, _Z}), 120),
        OtherDrug("lisdexamfetamine", "Lisdexamfetamine", frozenset({_S, _Z}), 140),
        OtherDrug("modafinil", "Modafinil or armodafinil", frozenset({_S}), 800),
        OtherDrug("clozapine", "Clozapine", frozenset({_Z}), 1800),
        OtherDrug("tramadol", "Tramadol", frozenset({_Z, Effect.OPIOID}), 800),
        OtherDrug("theophylline", "Theophylline", frozenset({_Z}), 2400),
        OtherDrug("buprenorphine", "Buprenorphine", frozenset({Effect.OPIOID}), 64),
        OtherDrug("methadone", "Methadone", frozenset({Effect.OPIOID}), 400),
        OtherDrug("other_opioid", "Another opioid", frozenset({Effect.OPIOID}), 5000),
        OtherDrug("benzodiazepine", "A benzodiazepine", frozenset({Effect.BENZODIAZEPINE}), 500),
        OtherDrug("interferon_alpha", "Interferon alfa", frozenset({_D}), 100),
        OtherDrug("corticosteroid", "A systemic corticosteroid", frozenset({_D}), 2000),
        OtherDrug("efavirenz", "Efavirenz", frozenset({_D}), 1200),
        OtherDrug("mefloquine", "Mefloquine", frozenset({_D}), 1500),
        OtherDrug("vigabatrin", "Vigabatrin", frozenset({_D}), 6000),
        OtherDrug("topiramate", "Topiramate", frozenset({_D}), 1600),
        OtherDrug("barbiturate", "A barbiturate", frozenset({_D}), 1000),
        OtherDrug("flunarizine", "Flunarizine", frozenset({_D}), 40),
        OtherDrug("isotretinoin", "Isotretinoin", frozenset({_D}), 300),
        OtherDrug("varenicline", "Varenicline", frozenset({_D}), 10),
        OtherDrug("beta_blocker", "A beta-blocker", frozenset({_D}), 1000),
        OtherDrug("other", "Another medicine", frozenset(), 100_000),
    )
}
SOURCE_OTHER_DRUGS = "criteria.md §2.3, §3.4, §6.1, §10.5 [SPR-PI, ROSSI-2009, CELANO-2011, ROGERS-PIES-2008]"


class Icd10(NamedTuple):
    code: str
    title: str


# criteria.md §7.3. Depressive episodes first, then what a clinic meets in the differential.
ICD10_CODES: dict[str, Icd10] = {
    c.code: c
    for c in (
        Icd10("F32.0", "MDD, single episode, mild"),
        Icd10("F32.1", "MDD, single episode, moderate"),
        Icd10("F32.2", "MDD, single episode, severe without psychotic features"),
        Icd10("F32.3", "MDD, single episode, severe with psychotic features"),
        Icd10("F32.4", "MDD, single episode, in partial remission"),
        Icd10("F32.5", "MDD, single episode, in full remission"),
        Icd10("F32.9", "MDD, single episode, unspecified"),
        Icd10("F32.A", "Depression, unspecified"),
        Icd10("F33.0", "MDD, recurrent, mild"),
        Icd10("F33.1", "MDD, recurrent, moderate"),
        Icd10("F33.2", "MDD, recurrent, severe without psychotic features"),
        Icd10("F33.3", "MDD, recurrent, severe with psychotic symptoms"),
        Icd10("F33.40", "MDD, recurrent, in remission, unspecified"),
        Icd10("F33.41", "MDD, recurrent, in partial remission"),
        Icd10("F33.42", "MDD, recurrent, in full remission"),
        Icd10("F33.9", "MDD, recurrent, unspecified"),
        Icd10("F31.30", "Bipolar disorder, current episode depressed, mild or moderate, unspecified"),
        Icd10("F31.31", "Bipolar disorder, current episode depressed, mild"),
        Icd10("F31.32", "Bipolar disorder, current episode depressed, moderate"),
        Icd10("F31.4", "Bipolar disorder, current episode depressed, severe, without psychotic features"),
        Icd10("F31.5", "Bipolar disorder, current episode depressed, severe, with psychotic features"),
        Icd10("F31.81", "Bipolar II disorder"),
        Icd10("F34.1", "Dysthymic disorder (persistent depressive disorder)"),
        Icd10("F06.31", "Depressive disorder due to known physiological condition"),
        Icd10("F43.10", "Post-traumatic stress disorder, unspecified"),
        Icd10("F43.21", "Adjustment disorder with depressed mood"),
        Icd10("F43.23", "Adjustment disorder with mixed anxiety and depressed mood"),
    )
}

MDD_PREFIXES = ("F32", "F33")
BIPOLAR_PREFIX = "F31"
# criteria.md §10.1 `common.indication.mdd`: a current major depressive episode.
CURRENT_EPISODE_CODES = frozenset(
    {"F32.0", "F32.1", "F32.2", "F32.3", "F32.9", "F32.A", "F33.0", "F33.1", "F33.2", "F33.3", "F33.9"}
)
REMISSION_CODES = frozenset({"F32.4", "F32.5", "F33.40", "F33.41", "F33.42"})


def is_mdd(code: str) -> bool:
    return code.startswith(MDD_PREFIXES)


def is_bipolar(code: str) -> bool:
    return code.startswith(BIPOLAR_PREFIX)
