"""Sources named in words, for what clinicians and payers read.

A rule's ``source`` is its criteria.md anchor and source keys ("criteria.md §3.3 [NS-IFU]"): the
rules page shows that to staff who maintain the rules. The report, the letter and every other
page a clinician or payer reads name the label, clearance or policy in words instead
("NeuroStar TMS instructions for use").
"""

from __future__ import annotations

import re
from functools import lru_cache

SOURCE_NAMES: dict[str, str] = {
    "SPR-PI": "Spravato prescribing information",
    "SPR-HCP": "Spravato dosing guide for clinicians",
    "SPR-2025": "Spravato monotherapy approval (January 2025)",
    "SPR-REMS": "Spravato REMS program",
    "CGS-SPR": "CGS Medicare Spravato billing guidance",
    "FCSO-A59250": "CMS billing article A59250",
    "J0013": "HCPCS J0013 coding guidance",
    "CIGNA-SPR": "Cigna Spravato coverage policy",
    "CAREFIRST-SPR": "CareFirst Spravato coverage policy",
    "EVICORE-SPR": "eviCore Spravato guideline",
    "QUALCHOICE-SPR": "QualChoice Spravato policy",
    "NS-IFU": "NeuroStar TMS instructions for use",
    "SHEPPARD-PRATT": "Sheppard Pratt TMS safety guidance",
    "CARLAT-2008": "NeuroStar FDA clearance (2008)",
    "BRAINSWAY-HIST": "BrainsWay Deep TMS clearances",
    "HEALIO-OCD-2018": "BrainsWay OCD clearance (2018)",
    "HEALIO-2024": "NeuroStar adolescent clearance (2024)",
    "PN-TBS-2018": "MagVenture theta-burst clearance (2018)",
    "HTI-2022": "NeuroStar anxious-depression clearance (2022)",
    "K220177": "FDA 510(k) K220177 (SAINT)",
    "CTMSS-SAINT": "Clinical TMS Society summary of SAINT",
    "HMP-2025": "Apollo TMS adolescent clearance (2025)",
    "OREARDON-2007": "O'Reardon et al., Biological Psychiatry 2007",
    "THREE-D": "Blumberger et al., THREE-D trial, Lancet 2018",
    "ROSSI-2009": "Rossi et al. TMS safety guidelines, 2009",
    "ROSSI-2021": "Rossi et al. TMS safety guidelines, 2021",
    "TENDLER-2023": "Tendler et al., J Clin Psychiatry 2023",
    "WUSTL-IFCN": "IFCN TMS safety screening",
    "LCD-L34998": "Medicare LCD L34998",
    "LCD-L34522": "Medicare LCD L34522",
    "LCD-L37086": "Medicare LCD L37086",
    "LCD-L33398": "Medicare LCD L33398",
    "A55904": "Noridian response to comments A55904",
    "AETNA-0469": "Aetna Clinical Policy Bulletin 0469",
    "CENTENE-BH200": "Centene policy CP.BH.200",
    "ND-BCBSM-2016": "New Directions rTMS criteria",
    "WEISSMAN-2023": "Weissman et al., J Clin Psychiatry 2023",
    "TRD-DELPHI": "Delphi consensus on treatment-resistant depression, 2021",
    "SANACORA-2017": "APA consensus statement on ketamine (Sanacora et al., 2017)",
    "MDEDGE-2017": "APA consensus statement on ketamine (Sanacora et al., 2017)",
    "GATEWAY-2017": "APA consensus statement on ketamine (Sanacora et al., 2017)",
    "LOPEZ-2017": "APA consensus statement on ketamine (Sanacora et al., 2017)",
    "ANDRADE-2017": "Andrade, J Clin Psychiatry 2017",
    "KETALAR-PI": "Ketalar (ketamine) prescribing information",
    "BCBSMA-087": "Blue Cross Blue Shield of Massachusetts ketamine policy",
    "FEKADU-2018": "Maudsley Staging Method (Fekadu et al., 2018)",
    "THASE-RUSH": "Thase–Rush staging",
    "DESSEILLES-2011": "Desseilles et al., adequate antidepressant trials, 2011",
    "MDEDGE-ATRQ": "Antidepressant Treatment Response Questionnaire",
    "NHS-SSRI": "NHS antidepressant dose guidance",
    "DOSE-TABLES": "standard antidepressant dose tables",
    "PHQ-BANDS": "PHQ-9 severity bands (Kroenke et al., 2001)",
    "LOINC": "LOINC PHQ-9 codes",
    "MADRS-BANDS": "MADRS severity bands",
    "ZIMMERMAN-2013": "HAM-D severity bands (Zimmerman et al., 2013)",
    "CSSRS": "Columbia Suicide Severity Rating Scale screener",
    "CSSRS-TRIAGE": "Columbia triage guidelines",
    "CANMAT-2023": "CANMAT depression guidelines, 2023",
    "CELANO-2011": "Celano et al., depressogenic medicines, 2011",
    "ROGERS-PIES-2008": "Rogers and Pies, depressogenic medicines, 2008",
    "FORNARO-2010": "Fornaro et al., hidden bipolarity, 2010",
    "CMS-0057-F": "CMS Interoperability and Prior Authorization rule (CMS-0057-F)",
    "ERISA": "ERISA claims regulation (29 CFR 2560.503-1)",
}
# A criteria.md section with no source key still gets a name a person understands.
SECTION_NAMES: dict[str, str] = {
    "1": "treatment-resistance criteria",
    "2": "Spravato prescribing information",
    "3": "TMS device labeling and coverage criteria",
    "4": "ketamine consensus statement",
    "5": "rating-scale definitions",
    "6": "reassessment work-up",
    "7": "prior-authorization rules",
    "8": "clinic decision rules",
    "10": "clinic decision rules (second edition)",
}
PROJECT_POLICY = "clinic policy"
_KEYS = re.compile(r"\[([^\]]+)\]")
_SECTIONS = re.compile(r"§\s*(\d+)")


@lru_cache(maxsize=1024)
def in_words(source: str) -> str:
    """'criteria.md §3.3 [NS-IFU]' → 'NeuroStar TMS instructions for use'.

    Source keys are named; without one, the criteria.md chapter is named; "project policy"
    stays "clinic policy". Never returns an anchor or a key.
    """
    names: list[str] = []
    for group in _KEYS.findall(source):
        for key in (part.strip() for part in group.split(",")):
            name = SOURCE_NAMES.get(key)
            if name and name not in names:
                names.append(name)
    if not names:
        for section in _SECTIONS.findall(source):
            name = SECTION_NAMES.get(section)
            if name and name not in names:
                names.append(name)
    if "project" in source or "clinic parameter" in source:
        names.append(PROJECT_POLICY)
    return "; ".join(names) if names else PROJECT_POLICY
