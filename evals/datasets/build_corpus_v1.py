#!/usr/bin/env python3
"""Build ``corpus-v1.jsonl`` from the faithful summaries and the injections listed below.

Deterministic: the same inputs give the same file byte for byte. Each injection is one
hand-written edit (find -> replace) that makes exactly one sentence of a faithful summary
wrong; every edit below was checked by hand against the source document. The script
refuses an edit whose ``find`` text is not unique, or that changes more or fewer than
one sentence. Run: ``python evals/datasets/build_corpus_v1.py``.
"""

# ruff: noqa: E501 - long lines here are data (summary text, hand-written injections).

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.evals.summary_input import parse_summary  # noqa: E402

CORPUS = "../../../shared/corpus/hackney"  # relative to this folder
SUMMARIES = {
    # id: (source document, split)
    "cyp-scrutiny-2022-11-30": ("minutes-cyp-scrutiny-2022-11-30.txt", "dev"),
    "chscp-annual-report-2022-23": ("agenda-item-chscp-annual-report-2022-23.txt", "dev"),
    "hwb-chscp-decision-2022-03-09": ("decision-hwb-chscp-annual-report-2022-03-09.txt", "test"),
    "hwb-agenda-pack-2023-01-26": ("agenda-pack-hwb-2023-01-26.txt", "test"),
    # Faithful only: the same meeting in its own words, to measure false alarms on
    # paraphrase (no injections are made from it).
    "cyp-scrutiny-2022-11-30-paraphrase": ("minutes-cyp-scrutiny-2022-11-30.txt", "dev"),
}
CYP, CHS, DEC, PACK, _PARAPHRASE = SUMMARIES

# (summary, kind, find, replace, note)
INJECTIONS: list[tuple[str, str, str, str, str]] = [
    # --- changed figure ---------------------------------------------------------------
    (CYP, "figure", "declined from 431 to 405", "declined from 431 to 385", "405 -> 385"),
    (CYP, "figure", "declined from 431 to 405", "declined from 405 to 431", "order reversed"),
    (
        CYP,
        "figure",
        "overspend of £1.7m for the year end",
        "overspend of £2.7m for the year end",
        "£1.7m -> £2.7m",
    ),
    (
        CYP,
        "figure",
        "predicting an overspend of £1.3m",
        "predicting an overspend of £1.7m",
        "£1.3m -> £1.7m (a figure from the next sentence)",
    ),
    (
        CYP,
        "figure",
        "Overspends of £0.3m and £0.2m",
        "Overspends of £0.5m and £0.2m",
        "£0.3m -> £0.5m",
    ),
    (CYP, "figure", "remained static at £2.4m", "remained static at £4.2m", "£2.4m -> £4.2m"),
    (
        CYP,
        "figure",
        "Independent Foster Agencies of £760k",
        "Independent Foster Agencies of £670k",
        "£760k -> £670k",
    ),
    (
        CYP,
        "figure",
        "approved by Cabinet on 21 November 2022",
        "approved by Cabinet on 12 November 2022",
        "21 -> 12 November",
    ),
    (
        CYP,
        "figure",
        "presented to the Commission in February 2023",
        "presented to the Commission in March 2023",
        "February -> March",
    ),
    (CYP, "figure", "has increased by 65%", "has increased by 56%", "65% -> 56%"),
    (
        CYP,
        "figure",
        "and 5.3% of all local children",
        "and 3.5% of all local children",
        "5.3% -> 3.5%",
    ),
    (
        CYP,
        "figure",
        "accumulated £18.5m SEND deficit",
        "accumulated £15.8m SEND deficit",
        "£18.5m -> £15.8m",
    ),
    (CYP, "figure", "forecast to be £4.6m", "forecast to be £6.4m", "£4.6m -> £6.4m"),
    (
        CYP,
        "figure",
        "The meeting closed at 9.15pm",
        "The meeting closed at 10.15pm",
        "9.15pm -> 10.15pm",
    ),
    (CYP, "figure", "on 16th January 2023", "on 16th February 2023", "January -> February"),
    (CYP, "figure", "is expected in January 2023", "is expected in June 2023", "January -> June"),
    (CHS, "figure", "at the age of 18", "at the age of 21", "18 -> 21"),
    (CHS, "figure", "to the end of July 2025", "to the end of July 2024", "2025 -> 2024"),
    (CHS, "figure", "operates 21 children's centres", "operates 12 children's centres", "21 -> 12"),
    (
        CHS,
        "figure",
        "there is 11 months to implement",
        "there is 18 months to implement",
        "11 -> 18 months",
    ),
    (
        CHS,
        "figure",
        "annual report for 2022/23 with",
        "annual report for 2021/22 with",
        "2022/23 -> 2021/22",
    ),
    (DEC, "figure", "between 1 April 2020 and", "between 1 April 2019 and", "2020 -> 2019"),
    (DEC, "figure", "published on 12/05/2022", "published on 12/06/2022", "May -> June"),
    (DEC, "figure", "Annual Report on 09/03/2022", "Annual Report on 09/04/2022", "March -> April"),
    (PACK, "figure", "that 56 local residents", "that 65 local residents", "56 -> 65"),
    (PACK, "figure", "over the age of 60", "over the age of 70", "60 -> 70"),
    (PACK, "figure", "corporate plan in 2018", "corporate plan in 2016", "2018 -> 2016"),
    (PACK, "figure", "agreed in July 2020", "agreed in July 2021", "2020 -> 2021"),
    (PACK, "figure", "in the first 6 months", "in the first 12 months", "6 -> 12 months"),
    (PACK, "figure", "that 3 adult safety reviews", "that 5 adult safety reviews", "3 -> 5"),
    (PACK, "figure", "ran from 4pm to 6pm", "ran from 4pm to 7pm", "6pm -> 7pm"),
    (PACK, "figure", "Since 21 March 2022", "Since 21 May 2022", "March -> May"),
    (PACK, "figure", "will be completed in 2025", "will be completed in 2024", "2025 -> 2024"),
    (PACK, "figure", "for the coming 4 years", "for the coming 5 years", "4 -> 5 years"),
    # --- swapped name -----------------------------------------------------------------
    (
        CYP,
        "name",
        "Cllr Anya Sizer and Richard Brown",
        "Cllr Anya Woodley and Richard Brown",
        "Sizer -> Woodley",
    ),
    (
        CYP,
        "name",
        "Jo Macleod connected virtually",
        "Martin Bradford connected virtually",
        "the clerk named instead",
    ),
    (
        CYP,
        "name",
        "signed up to the London Pledge",
        "signed up to the Camden Pledge",
        "London -> Camden",
    ),
    (CYP, "name", "offer via Young Hackney", "offer via Young Islington", "Hackney -> Islington"),
    (
        CYP,
        "name",
        "the Edge of Care Service offers",
        "the Family Support Service offers",
        "service renamed",
    ),
    (CYP, "name", "The LGA had reviewed", "The NSPCC had reviewed", "LGA -> NSPCC"),
    (
        CYP,
        "name",
        "Hackney Education has developed",
        "Hackney Learning Trust has developed",
        "organisation swapped",
    ),
    (
        CYP,
        "name",
        "including the Metropolitan Police Service and MOPAC",
        "including the British Transport Police and MOPAC",
        "police force swapped",
    ),
    (
        CYP,
        "name",
        "Cabinet Q & A with Cllr Woodley",
        "Cabinet Q & A with Cllr Sizer",
        "Woodley -> Sizer (named elsewhere)",
    ),
    (
        CYP,
        "name",
        "which was approved by Cabinet on",
        "which was approved by the Health and Wellbeing Board on",
        "decision maker swapped",
    ),
    (
        CHS,
        "name",
        "The Chair thanked Jim Gamble",
        "The Chair thanked Jim Bramble",
        "Gamble -> Bramble",
    ),
    (
        CHS,
        "name",
        "immediate contact with the Borough Commander",
        "immediate contact with the Metropolitan Police Service",
        "not in this source",
    ),
    (CHS, "name", "Deputy Mayor Bramble noted", "Deputy Mayor Woodley noted", "Bramble -> Woodley"),
    (
        CHS,
        "name",
        "Cllr Young asked how families",
        "Cllr Sizer asked how families",
        "Young -> Sizer",
    ),
    (
        CHS,
        "name",
        "the Mayor of London has extended",
        "the Greater London Authority has extended",
        "Mayor -> GLA",
    ),
    (
        CHS,
        "name",
        "Independent Commissioner for Child Safeguarding",
        "Independent Commissioner for Adult Safeguarding",
        "child -> adult",
    ),
    (CHS, "name", "write to the DfE about", "write to the Home Office about", "DfE -> Home Office"),
    (
        DEC,
        "name",
        "Susan Masters congratulated",
        "Susan Fajana-Thomas congratulated",
        "first name of another member",
    ),
    (
        DEC,
        "name",
        "Councillor Fajana-Thomas stressed",
        "Councillor Kennedy stressed",
        "Fajana-Thomas -> Kennedy",
    ),
    (
        DEC,
        "name",
        "the work of Hackney Education",
        "the work of Hackney Learning Trust",
        "organisation swapped",
    ),
    (
        DEC,
        "name",
        "The Senior Professional Adviser introduced",
        "The Director of Public Health introduced",
        "role swapped",
    ),
    (
        DEC,
        "name",
        "Deputy Mayor Bramble commended",
        "Deputy Mayor Glanville commended",
        "Bramble -> Glanville (named nearby)",
    ),
    (
        PACK,
        "name",
        "and Paul Senior be appointed",
        "and Paul Sinclair be appointed",
        "Senior -> Sinclair",
    ),
    (
        PACK,
        "name",
        "Annie Gammon and Laura Sharpe",
        "Annie Gammon and Laura Tobias",
        "Sharpe -> Tobias",
    ),
    (
        PACK,
        "name",
        "Sally Beaven introduced a report",
        "Sally Masters introduced a report",
        "Beaven -> Masters",
    ),
    (
        PACK,
        "name",
        "Rosemary Jawara highlighted",
        "Rosemary Sunduza highlighted",
        "Jawara -> Sunduza",
    ),
    (
        PACK,
        "name",
        "Lauren Tobias from Volunteer Centre Hackney",
        "Lauren Tobias from Healthwatch Hackney",
        "organisation swapped",
    ),
    (
        PACK,
        "name",
        "Dr Adi Cooper, Chair of the Safeguarding Adults Board, introduced",
        "Dr Sandra Husbands, Chair of the Safeguarding Adults Board, introduced",
        "Cooper -> Husbands",
    ),
    (
        PACK,
        "name",
        "and Raynor Griffiths for",
        "and Nina Griffiths for",
        "Raynor -> Nina Griffiths",
    ),
    (
        PACK,
        "name",
        "National Institute for Health Research",
        "Medical Research Council",
        "funder swapped",
    ),
    (PACK, "name", "including Downs Road", "including Kingsland Road", "road swapped"),
    # --- fabricated quote -------------------------------------------------------------
    (
        CYP,
        "fabricated_quote",
        "proving to be effective",
        "proving to be highly effective",
        "word added in quote",
    ),
    (
        CYP,
        "fabricated_quote",
        'retention of social workers"',
        'retention of experienced teachers"',
        "words changed in quote",
    ),
    (
        CYP,
        "fabricated_quote",
        '"a good youth based offer',
        '"an outstanding youth based offer',
        "adjective changed in quote",
    ),
    (
        CYP,
        "fabricated_quote",
        '"there was a limited pot of money available"',
        '"there was simply no money available"',
        "quote rewritten",
    ),
    (
        CYP,
        "fabricated_quote",
        "Members noted and agreed the work programme.",
        'Members noted and agreed the work programme, which the Chair called "ambitious but achievable".',
        "invented quote",
    ),
    (
        CYP,
        "fabricated_quote",
        "Data on socioeconomic status is not collated.",
        'Officers said that "data on socioeconomic status is collated every month".',
        "invented quote",
    ),
    (
        CHS,
        "fabricated_quote",
        '"critical in delivering',
        '"essential in delivering',
        "word changed in quote",
    ),
    (
        CHS,
        "fabricated_quote",
        "did not acknowledge institutional racism",
        "did not acknowledge racism",
        "word dropped without ellipsis",
    ),
    (
        CHS,
        "fabricated_quote",
        "properly supported from being radicalised",
        "properly protected from being radicalised",
        "block quote word changed",
    ),
    (
        CHS,
        "fabricated_quote",
        '"Housing was a significant issue for many families"',
        '"Housing was the most significant issue for all families"',
        "quote exaggerated",
    ),
    (
        CHS,
        "fabricated_quote",
        '"there is no waiting list"',
        '"there is a short waiting list"',
        "quote reversed",
    ),
    (
        CHS,
        "fabricated_quote",
        'was a philosophy not a policy"',
        'was a policy not a philosophy"',
        "words swapped in quote",
    ),
    (CHS, "fabricated_quote", '"incredibly positive"', '"overwhelmingly positive"', "word changed"),
    (
        CHS,
        "fabricated_quote",
        '"has to be treated as fundamentally part of children\'s lives"',
        '"has to be treated as a fundamental threat to children\'s lives"',
        "quote changed",
    ),
    (
        CHS,
        "fabricated_quote",
        "'marking their own homework'.",
        "'setting their own targets'.",
        "block quote replaced",
    ),
    (
        DEC,
        "fabricated_quote",
        "widened to include community groups.",
        "widened to include faith groups and schools.",
        "block quote changed",
    ),
    (
        DEC,
        "fabricated_quote",
        '"central to what the partnership',
        '"central to everything the partnership',
        "word changed",
    ),
    (
        DEC,
        "fabricated_quote",
        '"a need for conversation on disproportionality"',
        '"an urgent need for action on disproportionality"',
        "quote changed",
    ),
    (
        DEC,
        "fabricated_quote",
        'should be considered through a safeguarding lens"',
        'should be stopped"',
        "quote truncated and changed",
    ),
    (
        DEC,
        "fabricated_quote",
        "The Chair thanked officers for a very thorough report.",
        'The Chair described the report as "the best this Board has received".',
        "invented quote",
    ),
    (
        PACK,
        "fabricated_quote",
        "between food, gas and electricity",
        "between food, rent and electricity",
        "word changed",
    ),
    (
        PACK,
        "fabricated_quote",
        '"impacting on relationships within households"',
        '"destroying relationships within households"',
        "word changed",
    ),
    (
        PACK,
        "fabricated_quote",
        '"becoming even more entrenched"',
        '"becoming permanently entrenched"',
        "word changed",
    ),
    (
        PACK,
        "fabricated_quote",
        '"rather than waiting for individuals to come forward for help"',
        '"rather than waiting for residents to ask for help"',
        "quote paraphrased",
    ),
    (
        PACK,
        "fabricated_quote",
        '"the dangers of retrenchment under',
        '"the dangers of cuts under',
        "word changed",
    ),
    (
        PACK,
        "fabricated_quote",
        '"the NHS does not routinely monitor',
        '"the NHS does not monitor',
        "word dropped without ellipsis",
    ),
    (
        PACK,
        "fabricated_quote",
        "there was a tight timeline for producing",
        'there was "an impossible timeline" for producing',
        "invented quote",
    ),
    # --- misattributed quote or statement ---------------------------------------------
    (
        CYP,
        "misattributed_quote",
        "The Director of Children's Social Care reported that although",
        "Cllr Anya Sizer reported that although",
        "officer's words given to a councillor who sent apologies",
    ),
    (
        CYP,
        "misattributed_quote",
        "The Director acknowledged staffing challenges",
        "Jo McLeod acknowledged staffing challenges",
        "given to a co-opted member",
    ),
    (
        CYP,
        "misattributed_quote",
        "Officers said that the barriers",
        "Cllr Woodley said that the barriers",
        "officers' answer given to a councillor",
    ),
    (
        CYP,
        "misattributed_quote",
        'Officers reported that there was "a good',
        'Martin Bradford reported that there was "a good',
        "given to the clerk",
    ),
    (
        CYP,
        "misattributed_quote",
        "Officers said that when budgets",
        "Richard Brown said that when budgets",
        "given to a co-opted member",
    ),
    (
        CHS,
        "misattributed_quote",
        "Jim Gamble said that the mental health crisis",
        "JB said that the mental health crisis",
        "JG's answer given to JB",
    ),
    (
        CHS,
        "misattributed_quote",
        'JB said that "Housing was',
        'Jim Gamble said that "Housing was',
        "JB's answer given to JG",
    ),
    (
        CHS,
        "misattributed_quote",
        "JB noted that the Mayor of London",
        "PS noted that the Mayor of London",
        "JB -> PS",
    ),
    (
        CHS,
        "misattributed_quote",
        "JB replied that if the referral",
        "Jim Gamble replied that if the referral",
        "JB -> JG",
    ),
    (
        CHS,
        "misattributed_quote",
        "Jim Gamble said that on the whole",
        "PS said that on the whole",
        "JG -> PS",
    ),
    (
        CHS,
        "misattributed_quote",
        'He explained that "A safeguarding first',
        'Deputy Mayor Bramble explained that "A safeguarding first',
        "JG -> Bramble",
    ),
    (
        CHS,
        "misattributed_quote",
        "PS said that the response of schools",
        "JB said that the response of schools",
        "PS -> JB",
    ),
    (
        CHS,
        "misattributed_quote",
        "Deputy Mayor Bramble noted that it was important",
        "Cllr Young noted that it was important",
        "Bramble -> Young",
    ),
    (
        CHS,
        "misattributed_quote",
        "Jim Gamble said that there is no statutory duty",
        "PS said that there is no statutory duty",
        "JG -> PS",
    ),
    (
        CHS,
        "misattributed_quote",
        "On mobile phones, he said that",
        "On mobile phones, JB said that",
        "JG -> JB",
    ),
    (
        CHS,
        "misattributed_quote",
        "JB said that London authorities",
        "Jim Gamble said that London authorities",
        "JB -> JG",
    ),
    (
        CHS,
        "misattributed_quote",
        "Jim Gamble said that pressures in Hackney",
        "JB said that pressures in Hackney",
        "JG -> JB",
    ),
    (
        CHS,
        "misattributed_quote",
        "The Chair thanked Jim Gamble",
        "Cllr Young thanked Jim Gamble",
        "Chair -> Cllr Young",
    ),
    (
        DEC,
        "misattributed_quote",
        "Mayor Glanville thanked officers for the report and the work carried out",
        "Councillor Fajana-Thomas thanked officers for the report and the work carried out",
        "Glanville -> Fajana-Thomas",
    ),
    (
        DEC,
        "misattributed_quote",
        'She said that there was "a need for conversation',
        'Susan Masters said that there was "a need for conversation',
        "Bramble -> Masters",
    ),
    (
        DEC,
        "misattributed_quote",
        'Councillor Fajana-Thomas stressed that "stop',
        'Deputy Mayor Bramble stressed that "stop',
        "Fajana-Thomas -> Bramble",
    ),
    (
        DEC,
        "misattributed_quote",
        "The Senior Professional Adviser clarified",
        "The Chair clarified",
        "adviser -> Chair",
    ),
    (
        DEC,
        "misattributed_quote",
        "Susan Masters congratulated officers",
        "Deputy Mayor Bramble congratulated officers",
        "Masters -> Bramble",
    ),
    (
        PACK,
        "misattributed_quote",
        "Rosemary Jawara highlighted that",
        "Susan Masters highlighted that",
        "Jawara -> Masters",
    ),
    (
        PACK,
        "misattributed_quote",
        "Mayor Glanville warned of",
        "The Director of Public Health warned of",
        "Mayor -> Director of Public Health",
    ),
    (
        PACK,
        "misattributed_quote",
        "She stressed the need for outreach",
        "Deputy Mayor Bramble stressed the need for outreach",
        "Director of Public Health -> Bramble",
    ),
    (
        PACK,
        "misattributed_quote",
        "She said that 56 local residents",
        "Councillor Kennedy said that 56 local residents",
        "Beaven -> Kennedy",
    ),
    (
        PACK,
        "misattributed_quote",
        "Mayor Glanville said that the current arrangements",
        "Councillor Kennedy said that the current arrangements",
        "Glanville -> Kennedy",
    ),
    (
        PACK,
        "misattributed_quote",
        "Lauren Tobias from Volunteer Centre Hackney said",
        "Susan Masters said",
        "Tobias -> Masters",
    ),
    (
        PACK,
        "misattributed_quote",
        "Mayor Philip Glanville said that the Board",
        "Dr Sandra Husbands said that the Board",
        "letter's author swapped",
    ),
    # --- flipped decision -------------------------------------------------------------
    (
        CYP,
        "decision",
        "The Commission noted and agreed a letter on housing",
        "The Commission rejected a letter on housing",
        "noted and agreed -> rejected",
    ),
    (
        CYP,
        "decision",
        "Members noted and agreed the letter.",
        "Members rejected the letter.",
        "agreed -> rejected",
    ),
    (
        CYP,
        "decision",
        "The Commission noted and agreed to the recommendations.",
        "The Commission deferred the recommendations.",
        "agreed -> deferred",
    ),
    (
        CYP,
        "decision",
        "Members noted and agreed the work programme.",
        "Members deferred the work programme.",
        "agreed -> deferred",
    ),
    (
        CYP,
        "decision",
        "October 31st 2022 were noted and agreed.",
        "October 31st 2022 were rejected.",
        "agreed -> rejected",
    ),
    (
        CYP,
        "decision",
        "which was approved by Cabinet",
        "which was rejected by Cabinet",
        "approved -> rejected",
    ),
    (
        CYP,
        "decision",
        "were noted and agreed. The meeting",
        "were noted and agreed. The meeting",
        "placeholder (skipped)",
    ),
    (
        CYP,
        "decision",
        "Accessibility of CAMHS services is confirmed for April 2023.",
        "Accessibility of CAMHS services was deferred until April 2023.",
        "confirmed -> deferred",
    ),
    (
        CHS,
        "decision",
        "The Commission agreed to write to the DfE about",
        "The Commission deferred writing to the DfE about",
        "agreed -> deferred",
    ),
    (
        CHS,
        "decision",
        "The Commission agreed to write to the DfE setting out",
        "The Commission declined to write to the DfE setting out",
        "agreed -> declined",
    ),
    (
        CHS,
        "decision",
        "the government has accepted the proposal",
        "the government has rejected the proposal",
        "accepted -> rejected",
    ),
    (
        CHS,
        "decision",
        "had agreed to stop recruiting",
        "had refused to stop recruiting",
        "agreed -> refused",
    ),
    (
        DEC,
        "decision",
        "and resolved to note the report.",
        "and resolved to reject the report.",
        "noted -> rejected",
    ),
    (
        DEC,
        "decision",
        "The Board resolved to note the report. The decision",
        "The Board deferred the report. The decision",
        "noted -> deferred",
    ),
    (
        PACK,
        "decision",
        "The Board agreed that Mary Clarke",
        "The Board refused to agree that Mary Clarke",
        "agreed -> refused",
    ),
    (
        PACK,
        "decision",
        "were agreed as a correct record",
        "were deferred to the next meeting",
        "agreed -> deferred",
    ),
    (
        PACK,
        "decision",
        "into the community. The Board resolved to note the report.",
        "into the community. The Board resolved to reject the report.",
        "noted -> rejected",
    ),
    (
        PACK,
        "decision",
        "in this area. The Board resolved to note the report.",
        "in this area. The Board resolved to defer the report.",
        "noted -> deferred",
    ),
    (
        PACK,
        "decision",
        "The Board noted that the Strategic Plan will be taken",
        "The Board rejected the Strategic Plan that will be taken",
        "noted -> rejected",
    ),
    (
        PACK,
        "decision",
        "The Board agreed the approach to improving",
        "The Board rejected the approach to improving",
        "agreed -> rejected",
    ),
    (
        PACK,
        "decision",
        "The Board resolved to note and endorse the national",
        "The Board resolved to reject the national",
        "endorsed -> rejected",
    ),
    (
        PACK,
        "decision",
        "Susan Masters suggested the submission of a paper to the Board on this in January 2023.",
        "The Board rejected a proposal from Susan Masters for a paper on this in January 2023.",
        "suggestion -> rejected",
    ),
    (
        CYP,
        "decision",
        "were noted and agreed. The meeting closed",
        "were noted but not agreed. The meeting closed",
        "agreed -> not agreed",
    ),
    (
        PACK,
        "decision",
        "The Board resolved to note and endorse the national",
        "The Board deferred the national",
        "endorsed -> deferred",
    ),
    (
        DEC,
        "decision",
        "Mayor Glanville thanked officers for the report and the work carried out",
        "Mayor Glanville rejected the report and the work carried out",
        "thanked -> rejected",
    ),
    # --- invented item or detail ------------------------------------------------------
    (
        CYP,
        "invented",
        "Members noted and agreed the work programme.",
        "Members noted and agreed the work programme. Members also agreed to hold an extraordinary meeting on school exclusions.",
        "invented item",
    ),
    (
        CYP,
        "invented",
        "complimentary about the local offer to young people.",
        "complimentary about the local offer to young people and recommended a new youth hub in Dalston.",
        "invented detail",
    ),
    (
        CYP,
        "invented",
        "to prevent competition for social workers.",
        "to prevent competition for social workers and had introduced a retention bonus for experienced staff.",
        "invented detail",
    ),
    (
        CYP,
        "invented",
        "is confirmed for April 2023.",
        "is confirmed for April 2023. The Commission also heard a presentation on school streets and air quality outside primary schools.",
        "invented item",
    ),
    (
        CYP,
        "invented",
        '"there was a limited pot of money available".',
        '"there was a limited pot of money available". Officers said a new special free school would open in the borough next year.',
        "invented detail",
    ),
    (
        CYP,
        "invented",
        "Members noted and agreed the letter.",
        "Members noted and agreed the letter. Members also called for an independent inquiry into strip searches in schools.",
        "invented item",
    ),
    (
        CYP,
        "invented",
        "Data on socioeconomic status is not collated.",
        "Data on socioeconomic status is not collated, but the council plans to buy it from a credit reference agency.",
        "invented detail",
    ),
    (
        CYP,
        "invented",
        "Jo Macleod connected virtually.",
        "Jo Macleod connected virtually. The Chair welcomed two new co-opted members from local parent groups.",
        "invented detail",
    ),
    (
        CHS,
        "invented",
        "were well supported by their line managers.",
        "were well supported by their line managers. The survey also found that most staff wanted more training on online gaming.",
        "invented detail",
    ),
    (
        CHS,
        "invented",
        "temporary accommodation, radicalisation, the cost of living, Child Q and workforce pressures.",
        "temporary accommodation, radicalisation, the cost of living, Child Q and workforce pressures. The Commission asked the partnership to report back on knife crime in the borough.",
        "invented item",
    ),
    (
        CHS,
        "invented",
        "to the end of July 2025.",
        "to the end of July 2025. Officers said that the council would also fund breakfast clubs in every secondary school.",
        "invented detail",
    ),
    (
        CHS,
        "invented",
        "rather than through enforcement.",
        "rather than through enforcement. He said that sports clubs had been the subject of several serious complaints this year.",
        "invented detail",
    ),
    (
        CHS,
        "invented",
        "and a gold group was configured.",
        "and a gold group was configured. The Borough Commander later briefed the Commission on youth violence and stop and search figures.",
        "invented item",
    ),
    (
        CHS,
        "invented",
        "time to withdraw from the spotlight and to heal.",
        "time to withdraw from the spotlight and to heal. She proposed a memorial scholarship in Child Q's name.",
        "invented detail",
    ),
    (
        DEC,
        "invented",
        "The Board resolved to note the report. The decision",
        "The Board resolved to note the report. The Board also approved additional funding for the safeguarding partnership. The decision",
        "invented decision",
    ),
    (
        DEC,
        "invented",
        "for a very thorough report.",
        "for a very thorough report. Members asked for the next annual report to include data on exclusions by ethnicity.",
        "invented request",
    ),
    (
        DEC,
        "invented",
        "children being less visible during the pandemic.",
        "children being less visible during the pandemic. The report also recorded a sharp fall in referrals from GPs.",
        "invented detail",
    ),
    (
        DEC,
        "invented",
        "across the organisation.",
        "across the organisation. He announced a review of the partnership's website and complaints procedure.",
        "invented detail",
    ),
    (
        PACK,
        "invented",
        "and the Better Care Fund.",
        "and the Better Care Fund. The Board also heard a presentation on the new maternity unit at Homerton hospital.",
        "invented item",
    ),
    (
        PACK,
        "invented",
        "using trusted partners to put out messages.",
        "using trusted partners to put out messages. Healthwatch said that a second survey of tenants would be carried out in the spring.",
        "invented detail",
    ),
    (
        PACK,
        "invented",
        "exposure to mould in homes.",
        "exposure to mould in homes. She said that warm hubs would open in every library in the borough.",
        "invented detail",
    ),
    (
        PACK,
        "invented",
        "The Board resolved to note the report.\n\n## Strategic Plan",
        "The Board resolved to note the report. The Board agreed to set up a dedicated fuel poverty task group.\n\n## Strategic Plan",
        "invented decision",
    ),
    (
        PACK,
        "invented",
        "176 matches in the first 6 months.",
        "176 matches in the first 6 months. She said the programme would be expanded to residents in care homes.",
        "invented detail",
    ),
    (
        PACK,
        "invented",
        "one off funding to enable delivery across the system.",
        "one off funding to enable delivery across the system. He called for an annual summit on long COVID.",
        "invented detail",
    ),
    (
        PACK,
        "invented",
        "which questions are due to be answered.",
        "which questions are due to be answered. The letter also promised a public meeting on Low Traffic Neighbourhoods in every ward.",
        "invented detail",
    ),
    (
        PACK,
        "invented",
        "most respondents were over the age of 60.",
        "most respondents were over the age of 60 and lived in council housing.",
        "invented detail",
    ),
    # --- negation ---------------------------------------------------------------------
    (CYP, "negation", "and had been complimentary", "and had not been complimentary", "negated"),
    (
        CYP,
        "negation",
        "Hackney was signed up to the London Pledge",
        "Hackney was not signed up to the London Pledge",
        "negated",
    ),
    (
        CYP,
        "negation",
        "Data on socioeconomic status is not collated.",
        "Data on socioeconomic status is collated.",
        "negation removed",
    ),
    (
        CYP,
        "negation",
        "Jo Macleod connected virtually.",
        "Jo Macleod did not connect virtually.",
        "negated",
    ),
    (
        CYP,
        "negation",
        "Hackney Education has developed a new SEND Strategy",
        "Hackney Education has not developed a new SEND Strategy",
        "negated",
    ),
    (
        CYP,
        "negation",
        "Because the Children and Families Service Annual Report was not available",
        "Because the Children and Families Service Annual Report was available",
        "negation removed",
    ),
    (
        CHS,
        "negation",
        "staff were well supported by their line managers",
        "staff were not well supported by their line managers",
        "negated",
    ),
    (
        CHS,
        "negation",
        "and Hackney was no different.",
        "and Hackney was different.",
        "negation removed",
    ),
    (
        CHS,
        "negation",
        "had substantially increased the risk",
        "had not substantially increased the risk",
        "negated",
    ),
    (
        CHS,
        "negation",
        "Police attendance at adultification training had improved",
        "Police attendance at adultification training had not improved",
        "negated",
    ),
    (
        CHS,
        "negation",
        "the report was received well by local schools",
        "the report was not received well by local schools",
        "negated",
    ),
    (
        CHS,
        "negation",
        "there is no statutory duty for named organisations",
        "there is a statutory duty for named organisations",
        "negation removed",
    ),
    (
        CHS,
        "negation",
        "the government has accepted the proposal",
        "the government has not accepted the proposal",
        "negated",
    ),
    (
        CHS,
        "negation",
        "CHSCP was in immediate contact",
        "CHSCP was not in immediate contact",
        "negated",
    ),
    (
        DEC,
        "negation",
        "The Chair thanked officers for a very thorough report.",
        "The Chair did not thank officers for a very thorough report.",
        "negated",
    ),
    (
        DEC,
        "negation",
        "Susan Masters congratulated officers on the good report.",
        "Susan Masters did not congratulate officers on the good report.",
        "negated",
    ),
    (
        DEC,
        "negation",
        "It also highlighted the rise in domestic violence",
        "It did not highlight the rise in domestic violence",
        "negated",
    ),
    (
        DEC,
        "negation",
        "clarified that there was an expectation",
        "clarified that there was no expectation",
        "negated",
    ),
    (
        PACK,
        "negation",
        "most respondents were over the age of 60",
        "most respondents were not over the age of 60",
        "negated",
    ),
    (
        PACK,
        "negation",
        "provision of energy advice were not adequate",
        "provision of energy advice were adequate",
        "negation removed",
    ),
    (
        PACK,
        "negation",
        "Two members of Council staff were working",
        "No members of Council staff were working",
        "negated",
    ),
    (
        PACK,
        "negation",
        "Hackney Council adopted a corporate plan",
        "Hackney Council did not adopt a corporate plan",
        "negated",
    ),
    (PACK, "negation", "Paul Senior be appointed", "Paul Senior not be appointed", "negated"),
    (
        PACK,
        "negation",
        "in which Hackney is participating",
        "in which Hackney is not participating",
        "negated",
    ),
    (
        PACK,
        "negation",
        "have been exempt from four traffic filters",
        "have not been exempt from four traffic filters",
        "negated",
    ),
    (
        PACK,
        "negation",
        "Councillor Kennedy expressed concern",
        "Councillor Kennedy expressed no concern",
        "negated",
    ),
]


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Build corpus-v1.jsonl deterministically.")
    parser.add_argument("--out", type=Path, default=HERE / "corpus-v1.jsonl")
    args = parser.parse_args(argv)
    texts = {
        sid: (HERE / "corpus-v1" / "summaries" / f"{sid}.md").read_text(encoding="utf-8")
        for sid in SUMMARIES
    }
    records: list[dict] = []
    for sid, (doc, split) in SUMMARIES.items():
        records.append(
            {
                "id": f"{sid}/faithful",
                "source": f"{CORPUS}/{doc}",
                "split": split,
                "format": "markdown",
                "kind": None,
                "target": None,
                "note": "faithful summary",
                "summary": texts[sid],
            }
        )
    counters: dict[tuple[str, str], int] = {}
    problems = []
    for sid, kind, find, replace, note in INJECTIONS:
        if find == replace:
            continue  # placeholder rows document an injection that was dropped
        text = texts[sid]
        if text.count(find) != 1:
            problems.append(f"{sid} {kind}: {find!r} occurs {text.count(find)} times")
            continue
        injected = text.replace(find, replace)
        before = {u.text for u in parse_summary(text, fmt="markdown").units}
        changed = [
            u.text for u in parse_summary(injected, fmt="markdown").units if u.text not in before
        ]
        if len(changed) != 1:
            problems.append(f"{sid} {kind}: {find!r} changes {len(changed)} sentences")
            continue
        n = counters[(sid, kind)] = counters.get((sid, kind), 0) + 1
        doc, split = SUMMARIES[sid]
        records.append(
            {
                "id": f"{sid}/{kind}-{n:02d}",
                "source": f"{CORPUS}/{doc}",
                "split": split,
                "format": "markdown",
                "kind": kind,
                "target": changed[0],
                "note": note,
                "summary": injected,
            }
        )
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    out = args.out
    out.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    faithful = sum(len(parse_summary(texts[s], fmt="markdown").units) for s in SUMMARIES)
    kinds: dict[str, int] = {}
    for r in records:
        if r["kind"]:
            kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    print(
        f"wrote {out.name}: {len(records)} records, {faithful} faithful sentences, injected {kinds}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
