#!/usr/bin/env python3
"""Build ``real-v3-dev.jsonl``: labelled sentences over dev documents of the project corpus.

A third labelled set, for tuning the checker on summaries written in more varied styles
than ``real-v1`` and ``real-v2-dev``: paraphrase, sentences joining two facts, figures
rounded or written as words, dates in other forms, reported speech, roles instead of
names, passive voice, and short quotes copied exactly. Each summary was written by reading
its source document (an ``evals/corpus`` document whose ``truth.json`` split is ``dev``,
none used by the earlier sets) in full; each injection is one hand-written edit that
makes exactly one sentence wrong, checked by hand against the source.

Run: ``python evals/datasets/build_real_v3_dev.py [--out FILE]``.
"""

# ruff: noqa: E501 - long lines here are data (hand-written injections).

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from labelled_set import Injection, Summaries, build_records, corpus_split, print_counts, write_jsonl

HERE = Path(__file__).resolve().parent
CORPUS = "../corpus"  # relative to this folder, where the dataset file lives
SUMMARY_DIR = HERE / "real-v3-dev" / "summaries"

SUMMARIES: Summaries = {
    "wretton-2019-11-04": ("uk-wretton/minutes-2019-11-04.md", "dev", "minutes"),
    "hastings-community-development-2019-02-26": ("nz-hastings/community-development-committee-minutes-2019-02-26.txt", "dev", "minutes"),
    "guelph-council-2014-03-31": ("ca-guelph/council-minutes-2014-03-31.pdf", "dev", "minutes"),
    "burbank-parks-agenda-2022-11-10": ("us-burbank/parks-and-recreation-board-agenda-2022-11-10.pdf", "dev", "agenda"),
    "desmoines-report-2005-05-09": ("us-des-moines/city-council-meeting-report-2005-05-09.pdf", "dev", "report"),
    "kissimmee-planning-board-2023-06-21": ("us-kissimmee/planning-advisory-board-2023-06-21.srt", "dev", "transcript"),
    "minneapolis-council-special-2025-01-06": ("us-minneapolis/city-council-special-2025-01-06.json", "dev", "transcript"),
    "west-dereham-2017-06-01": ("uk-west-dereham/minutes-2017-06-01.md", "dev", "minutes"),
    "horsley-agenda-2014-04-29": ("uk-horsley/agenda-2014-04-29.pdf", "dev", "agenda"),
    "milburn-agenda-2018-05-08": ("uk-milburn/agenda-annual-parish-meeting-and-agm-2018-05-08.pdf", "dev", "agenda"),
    "bristol-wpl-report-2024-09-12": ("uk-bristol/committee-report-workplace-parking-levy-2024-09-12.pdf", "dev", "report"),
    "huntsville-budget-work-session-2026-07-10": ("us-huntsville/budget-work-session-2026-07-10-captions.txt", "dev", "transcript"),
}
WRE = "wretton-2019-11-04"
HAS = "hastings-community-development-2019-02-26"
GUE = "guelph-council-2014-03-31"
BUR = "burbank-parks-agenda-2022-11-10"
DSM = "desmoines-report-2005-05-09"
KIS = "kissimmee-planning-board-2023-06-21"
MSP = "minneapolis-council-special-2025-01-06"
WDE = "west-dereham-2017-06-01"
HOR = "horsley-agenda-2014-04-29"
MIL = "milburn-agenda-2018-05-08"
BRI = "bristol-wpl-report-2024-09-12"
HSV = "huntsville-budget-work-session-2026-07-10"

INJECTIONS: list[Injection] = [
    # ------------------------------------------------------------------ Wretton minutes
    (WRE, "figure", "£12.50 a time", "£15.50 a time", "£12.50 -> £15.50"),
    (WRE, "figure", "£156 for grass cutting", "£144 for grass cutting", "£144 is the footpath cutting"),
    (WRE, "figure", "held £5,693.22", "held £5,963.22", "digits swapped"),
    (WRE, "figure", "with six councillors present", "with seven councillors present", "six -> seven (word)"),
    (WRE, "name", "for the Downham Market area", "for the Swaffham area", "Downham Market -> Swaffham"),
    (WRE, "name", "Highway Services Manager at Saddlebow", "Highway Services Manager at Hardwick", "Saddlebow -> Hardwick"),
    (WRE, "fabricated_quote", '"self-help is the way forward"', '"self-help is the only way forward"', "word added inside the quote"),
    (WRE, "misattributed_quote", "the clerk reported that Norfolk County Council", "Cllr Martyn Cann reported that Norfolk County Council", "the clerk attended the seminar and reported it"),
    (WRE, "decision", "Accounts were presented and accepted for payment", "Accounts were presented but payment was deferred", "accepted -> deferred"),
    (WRE, "decision", "were confirmed as a true record", "were deferred to the next meeting", "minutes confirmed -> deferred"),
    (WRE, "negation", "found nothing needing immediate attention", "found several items needing immediate attention", "nothing -> several items"),
    (WRE, "negation", "as overlooking was not felt to be an issue", "although overlooking was felt to be an issue", "negation removed"),
    (WRE, "invented", "added to the play area gate.", "added to the play area gate at a cost of £84.", "cost not in source (£84 is the inspection fee)"),
    (WRE, "invented", "and All Saints Church will be offered a page on it.", "and the Diocese will be offered a page on it.", "the Diocese is named only for the lease"),
    (WRE, "date", "next meeting on 6 January 2020", "next meeting on 13 January 2020", "6 -> 13 January"),
    (WRE, "date", "runs until 25 March 2028", "runs until 25 March 2026", "2028 -> 2026"),
    (WRE, "speaker", "Cllr Martyn Cann offered to look into it", "Cllr Mick Peake offered to look into it", "Cann offered, not Peake"),
    (WRE, "speaker", "Councillor Williams offered to fix spikes", "Councillor Garnett offered to fix spikes", "Williams offered"),
    # ------------------------------------------------------- Hastings community development
    (HAS, "figure", "three young people who had found work", "four young people who had found work", "three -> four (word)"),
    (HAS, "figure", "for twenty minutes during this item", "for forty minutes during this item", "2.25 to 2.45 is twenty minutes"),
    (HAS, "figure", "Long Term Plan 2018-28", "Long Term Plan 2018-38", "plan period changed"),
    (HAS, "name", "Karl Wixon of WIKI Design Consultancy", "Karl Wixon of Urbanism Plus", "Urbanism Plus presented item 5"),
    (HAS, "name", "in the Irongate and Omahu industrial zones", "in the Irongate and Whakatu industrial zones", "Omahu -> Whakatu"),
    (HAS, "name", "further bids to the Provincial Growth Fund", "further bids to the Lottery Grants Board", "fund renamed"),
    (HAS, "decision", "the committee adopted the plan, endorsed its priority programme", "the committee received the plan but deferred its adoption, endorsed its priority programme", "adopted -> deferred"),
    (HAS, "decision", "The Opera House precinct fundraising proposal was withdrawn from the agenda", "The Opera House precinct fundraising proposal was approved", "withdrawn -> approved"),
    (HAS, "decision", "The committee agreed that community and stakeholder consultation should be carried out", "The committee decided against community and stakeholder consultation", "endorsed -> decided against"),
    (HAS, "negation", "There were no additional or extraordinary business items.", "There were additional and extraordinary business items.", "negation removed"),
    (HAS, "negation", "Unfunded items will be considered through the Annual Plan process.", "Unfunded items will not be considered through the Annual Plan process.", "negation added"),
    (HAS, "invented", "and it was noted that a Māori representative should be on its working group.", "and it was noted that a Māori representative and a youth representative should be on its working group.", "youth representative not in source"),
    (HAS, "invented", "Both reports were received.", "Both reports were received, and a further report on the Omahu zone was requested for May.", "request not in source"),
    (HAS, "date", "The minutes of the 6 November 2018 meeting", "The minutes of the 6 December 2018 meeting", "November -> December"),
    (HAS, "date", "Mayor Hazlehurst left the table at 1.40pm and returned at 2pm.", "Mayor Hazlehurst left the table at 1.40pm and returned at 2.45pm.", "return time 2.00 -> 2.45 (a time elsewhere)"),
    (HAS, "date", "The meeting closed at 3.15pm.", "The meeting closed at 3.45pm.", "closing time"),
    (HAS, "speaker", "on the motion of Councillors Watkins and Nixon", "on the motion of Councillors Travers and Nixon", "moved by Watkins"),
    (HAS, "speaker", "Councillor Harvey, portfolio leader for the economy, was asked by the chair to present", "Councillor Schollum, portfolio leader for the economy, was asked by the chair to present", "Harvey presented"),
    (HAS, "speaker", "Dr Graham gave an overview of a story mapping project", "Ms Mackinnon gave an overview of a story mapping project", "Graham gave it"),
    (HAS, "speaker", "Mr Faulknor, the strategic project manager, showed how new residential land", "Ms Bainbridge, the project manager, showed how new residential land", "the residential update was Faulknor's"),
    (HAS, "fabricated_quote", '"to improve the vibrancy and amenity of the Hastings City Centre"', '"to improve the safety and amenity of the Hastings City Centre"', "vibrancy -> safety inside the quote"),
    # ---------------------------------------------------------------- Guelph council minutes
    (GUE, "figure", "at a tendered price of about $3.2 million", "at a tendered price of about $3.9 million", "$3.2m -> $3.9m"),
    (GUE, "figure", "for $9,923,435.36, close to ten million dollars", "for $9,293,435.36, close to ten million dollars", "digits swapped"),
    (GUE, "figure", "Every recorded vote was carried 11 to 0.", "Every recorded vote was carried 11 to 2.", "11-0 -> 11-2 (two were absent)"),
    (GUE, "name", "Capital Paving Inc. won the annual asphalt contract", "Drexler Construction Ltd. won the annual asphalt contract", "Drexler won the sewer contract"),
    (GUE, "name", "the regional vascular surgery service for Waterloo Wellington", "the regional cardiac surgery service for Waterloo Wellington", "vascular -> cardiac"),
    (GUE, "name", "Notice will be given to the County of Wellington", "Notice will be given to the Region of Waterloo", "county renamed"),
    (GUE, "fabricated_quote", '"with exemplary standing"', '"with exemplary standing in every category"', "words added inside the quote"),
    (GUE, "misattributed_quote", "He added that the hospital has received the highest level of accreditation", "Ms. Bone added that the hospital has received the highest level of accreditation", "Ernst said it"),
    (GUE, "misattributed_quote", "She said a new See and Treat area", "Mr. Ernst said a new See and Treat area", "Bone said it"),
    (GUE, "decision", "kept the city's current approach to tax ratios", "changed the city's current approach to tax ratios", "no change -> changed"),
    (GUE, "decision", "Both tenders were accepted as part of the consent agenda", "Both tenders were referred back to staff from the consent agenda", "accepted -> referred back"),
    (GUE, "negation", "No pecuniary interests were disclosed in either part of the meeting.", "A pecuniary interest was disclosed in the closed part of the meeting.", "negation removed"),
    (GUE, "negation", "two by-laws about The Elliott had been withdrawn", "two by-laws about The Elliott had not been withdrawn", "negation added"),
    (GUE, "invented", "and to report back.", "and to report back by the end of June.", "deadline not in source"),
    (GUE, "invented", "and a Canadian Architect Magazine award for the Market Square Pavilion.", "and a Canadian Architect Magazine award for the Market Square Pavilion, which cost $3.2 million.", "cost not in source"),
    (GUE, "date", "the minutes are to be confirmed on April 28, 2014", "the minutes are to be confirmed on April 14, 2014", "28 -> 14 April"),
    (GUE, "date", "The meeting adjourned at 8:06 p.m.", "The meeting adjourned at 8:36 p.m.", "adjournment time"),
    (GUE, "date", "first in closed session from 5:31 p.m. and then in public from 7 p.m.", "first in closed session from 5:31 p.m. and then in public from 6:58 p.m.", "6:58 is when council rose"),
    (GUE, "speaker", "Councillor Dennis presented the Guelph Municipal Holdings report", "Councillor Laidlaw presented the Guelph Municipal Holdings report", "Dennis presented"),
    (GUE, "speaker", "moved by Councillor Kovach and seconded by Councillor Guthrie", "moved by Councillor Findlay and seconded by Councillor Guthrie", "Kovach moved"),
    (GUE, "speaker", "Councillor Van Hellemond gave notice", "Councillor Furfaro gave notice", "Van Hellemond gave notice"),
    # ------------------------------------------------------------- Burbank parks board agenda
    (BUR, "figure", "will have three minutes in total to speak", "will have five minutes in total to speak", "three -> five (word)"),
    (BUR, "figure", "Spectrum Channel 6, AT&T Uverse Channel 99", "Spectrum Channel 6, AT&T Uverse Channel 66", "99 -> 66"),
    (BUR, "figure", "if 48 hours' notice is given", "if 24 hours' notice is given", "48 -> 24 hours"),
    (BUR, "name", "A report from Citadel EHS on the Brace Canyon", "A report from Citadel Engineering on the Brace Canyon", "firm renamed"),
    (BUR, "name", "Ms. Gamiño is the board's liaison to Art in Public Places.", "Ms. Durbin is the board's liaison to Art in Public Places.", "Gamiño is the liaison; Durbin named elsewhere"),
    (BUR, "name", "in the City Hall Council Chambers at 275 East Olive Avenue", "in the City Hall Council Chambers at 150 North Third Street", "the department's office address"),
    (BUR, "fabricated_quote", '"recommend the most viable surface type for the multi-sport fields at Brace Canyon Park"', '"recommend the most affordable surface type for the multi-sport fields at Brace Canyon Park"', "viable -> affordable inside the quote"),
    (BUR, "decision", "are to be discussed, noted and filed", "are to be discussed and approved", "note and file -> approve"),
    (BUR, "decision", "It asks the board to approve the minutes of its October 13", "It asks the board to amend the minutes of its October 13", "approve as submitted -> amend"),
    (BUR, "negation", "can be passed in one motion unless an item is pulled", "cannot be passed in one motion unless an item is pulled", "negation added"),
    (BUR, "invented", "covers a life cycle assessment and a triple bottom line analysis.", "covers a life cycle assessment, a triple bottom line analysis and a cost estimate of $2 million.", "cost not in source"),
    (BUR, "invented", "The meeting opens with a presentation recognising the volunteers of the Haunted Adventure.", "The meeting opens with a presentation recognising the volunteers of the Haunted Adventure and the Starlight Bowl.", "Starlight Bowl volunteers not in source"),
    (BUR, "date", "park patrol report for August and September", "park patrol report for September and October", "months changed"),
    (BUR, "date", "which stays open until 4 p.m. on the night of the meeting", "which stays open until noon on the day of the meeting", "4 p.m. -> noon"),
    (BUR, "date", "capital improvement program for fiscal year 2023-2024", "capital improvement program for fiscal year 2022-2023", "year changed"),
    (BUR, "speaker", "with Mr. Gussow as his alternate", "with Ms. Ramsey as his alternate", "Gussow is the alternate"),
    # ------------------------------------------------------------ Des Moines meeting report
    (DSM, "figure", "estimated at about $2.4 million", "estimated at about $2.6 million", "$2,426,218 is about $2.4m"),
    (DSM, "figure", "is to be paid $52,274.49 for a workplace injury", "is to be paid $13,782.50 for a workplace injury", "Akkerman's amount given to Calkins"),
    (DSM, "figure", "to build 90 apartments at 1719 Grand Avenue", "to build 60 apartments at 1719 Grand Avenue", "90 -> 60"),
    (DSM, "figure", "Bids will be received for seven construction projects", "Bids will be received for eight construction projects", "seven -> eight (word)"),
    (DSM, "figure", "at least 45 condominium units", "at least 54 condominium units", "45 -> 54"),
    (DSM, "name", "from The Omega Group, a sole source provider", "from ASAP Software Express, a sole source provider", "ASAP supplies Microsoft software"),
    (DSM, "name", "Health insurance with Wellmark Blue Cross and Blue Shield of Iowa was renewed", "Health insurance with Coventry Health Care was renewed", "the Wellmark renewal; Coventry is the police and fire HMO"),
    (DSM, "name", "Pastor Tony Thurston of College Avenue Christian Church", "Pastor Tony Thurston of Grand Avenue Christian Church", "church renamed"),
    (DSM, "decision", "was deferred to the May 23 meeting", "was approved at the meeting", "deferred -> approved"),
    (DSM, "decision", "and the council denied it on Mahaffey's motions", "and the council approved it on Mahaffey's motions", "denied -> approved"),
    (DSM, "decision", "An urban renewal agreement with Mulberry Development for at least 45 condominium units at 112 11th Street passed 5-1", "An urban renewal agreement with Mulberry Development for at least 45 condominium units at 112 11th Street failed 3-3", "passed -> failed"),
    (DSM, "negation", "Hensley declared a conflict of interest on the Beaver Avenue property and did not vote.", "Hensley declared no conflict of interest on the Beaver Avenue property and voted.", "negation flipped"),
    (DSM, "negation", "with Council Member Cownie absent", "with every council member present", "Cownie was absent"),
    (DSM, "invented", "for a condominium conversion at 120 SW 5th Street.", "for a condominium conversion at 120 SW 5th Street, with a grant of $500,000.", "grant amount not in source"),
    (DSM, "invented", "The consent items are routine and are enacted by one roll call vote", "The consent items are routine, were reviewed by the City Manager and are enacted by one roll call vote", "review not in source"),
    (DSM, "date", "for the Greek Orthodox Church's Greek Food Fair on June 4, 2005", "for the Greek Orthodox Church's Greek Food Fair on June 6, 2005", "June 6 is the hearing date"),
    (DSM, "date", "renewed for July 2005 to June 2006", "renewed for July 2005 to June 2007", "period changed"),
    (DSM, "date", "Hearings ended at 5:38 p.m.", "Hearings ended at 4:38 p.m.", "5:38 -> 4:38"),
    (DSM, "speaker", "On Vlassis's motion, a towing and storage contract", "On Kiernan's motion, a towing and storage contract", "Vlassis moved"),
    (DSM, "speaker", "on a motion by Council Member Coleman", "on a motion by Council Member Hensley", "Coleman moved the Wellmark renewal"),
    (DSM, "speaker", "by five votes to one, with Hensley voting no", "by five votes to one, with Mahaffey voting no", "Hensley voted no"),
    # ------------------------------------------------------ Kissimmee planning board (captions)
    (KIS, "figure", "along with about 200 other properties", "along with about 300 other properties", "200 -> 300"),
    (KIS, "figure", "pedestrian-only corridor of roughly 50 feet", "pedestrian-only corridor of roughly 30 feet", "50 -> 30 feet"),
    (KIS, "figure", "the owners were given 90 more days to comply", "the owners were given 60 more days to comply", "90 -> 60 days"),
    (KIS, "figure", "The plans add five parking spaces", "The plans add ten parking spaces", "five -> ten (word)"),
    (KIS, "figure", "keeps its quorum of four members", "keeps its quorum of five members", "four -> five (word)"),
    (KIS, "name", "under an interlocal agreement with Osceola County", "under an interlocal agreement with Orange County", "county swapped"),
    (KIS, "name", "The developer, Miguel Kaled of Orlando", "The developer, Miguel Kaled of Kissimmee", "he gave an Orlando address"),
    (KIS, "fabricated_quote", '"not the first time we developed a property in Kissimmee"', '"not the first time we developed a property in Osceola County"', "place changed inside the quote"),
    (KIS, "fabricated_quote", '"especially if they have kids"', '"especially if they have young kids"', "word added inside the quote"),
    (KIS, "fabricated_quote", '"a fantastic job chairing this meeting"', '"a fantastic job chairing this board"', "meeting -> board"),
    (KIS, "misattributed_quote", "The developer, Miguel Kaled of Orlando, said it was", "The staff planner said it was", "Kaled said it"),
    (KIS, "misattributed_quote", "Staff said the requested zoning matches", "Miguel Kaled said the requested zoning matches", "staff said it"),
    (KIS, "decision", "A motion to approve was made and carried without opposition.", "A motion to approve was made but failed for want of a second.", "carried -> failed"),
    (KIS, "decision", "The Development Review Committee recommended approval at its meeting", "The Development Review Committee recommended denial at its meeting", "approval -> denial"),
    (KIS, "negation", "The board had no questions for him.", "The board had several questions for him.", "no questions -> several"),
    (KIS, "negation", "Staff confirmed that no public comment had been received before the meeting.", "Staff confirmed that public comment had been received before the meeting.", "negation removed"),
    (KIS, "negation", "the parking would not support a doctor's office", "the parking would support a doctor's office", "negation removed"),
    (KIS, "invented", "a paved drive to the rear, a bike rack and pedestrian access.", "a paved drive to the rear, a bike rack, pedestrian access and a new sign.", "sign not in source"),
    (KIS, "invented", "such as a conservation impact report because the land lies within the conservation overlay.", "such as a conservation impact report and a traffic study because the land lies within the conservation overlay.", "traffic study not in source"),
    (KIS, "date", "calling the meeting to order at 6:17 p.m. and adjourning at 6:28", "calling the meeting to order at 6:07 p.m. and adjourning at 6:28", "6:17 -> 6:07"),
    (KIS, "date", "The building dates from 1926", "The building dates from 1962", "1926 -> 1962"),
    (KIS, "date", "at its meeting of 16 May 2023", "at its meeting of 16 June 2023", "May -> June"),
    (KIS, "date", "at a hearing before the special magistrate on June 12", "at a hearing before the special magistrate on May 12", "June -> May"),
    (KIS, "speaker", "Staff warned that the July 5 meeting would probably be postponed", "The chair warned that the July 5 meeting would probably be postponed", "staff said it, not the chair"),
    (KIS, "speaker", "Staff explained that the only conditions were advisory ones", "The developer explained that the only conditions were advisory ones", "staff answered"),
    # ------------------------------------------------------- Minneapolis special meeting
    (MSP, "figure", "The motion carried with 12 ayes.", "The motion carried with 11 ayes.", "12 -> 11"),
    (MSP, "figure", "with twelve members present", "with thirteen members present", "twelve -> thirteen (word)"),
    (MSP, "figure", "The filing will be a package of three documents", "The filing will be a package of four documents", "three -> four (word)"),
    (MSP, "name", "under the Minnesota Open Meeting Law, section 13D.05", "under the Minnesota Data Practices Act, section 13D.05", "law renamed"),
    (MSP, "name", "with twelve members present and Council Member Rainville absent", "with twelve members present and Council Member Wonsley absent", "Rainville was absent; Wonsley answered present"),
    (MSP, "name", "She will give the decree to the clerk to add to the city's LIMS file.", "She will give the decree to the Mayor to add to the city's LIMS file.", "clerk -> Mayor"),
    (MSP, "fabricated_quote", '"the right of the public to know what its government is doing"', '"the right of the public to know everything its government is doing"', "what -> everything inside the quote"),
    (MSP, "fabricated_quote", '"a very, very long and challenging journey"', '"a very, very long and painful journey"', "challenging -> painful"),
    (MSP, "fabricated_quote", '"done an incredible job"', '"done an incredible and tireless job"', "word added inside the quote"),
    (MSP, "misattributed_quote", "She said the council should weigh", "The President said the council should weigh", "the City Attorney said it"),
    (MSP, "misattributed_quote", "He called the day \"the end of the beginning", "The City Attorney called the day \"the end of the beginning", "Payne said it"),
    (MSP, "misattributed_quote", "She explained that a complaint is always needed", "President Payne explained that a complaint is always needed", "the City Attorney explained it"),
    (MSP, "decision", "the council returned and unanimously approved a consent decree settling the case", "the council returned and postponed a vote on a consent decree settling the case", "approved -> postponed"),
    (MSP, "decision", "the motion was seconded, and members voted aye on the roll call", "the motion was seconded, and it failed on the roll call", "carried -> failed"),
    (MSP, "negation", "No one asked to speak before the roll call.", "Several members asked to speak before the roll call.", "no one -> several"),
    (MSP, "negation", "The broadcast continued while the council was in closed session.", "The broadcast did not continue while the council was in closed session.", "negation added"),
    (MSP, "invented", "and asked speakers to moderate their speed and clarity.", "and asked speakers to moderate their speed and clarity and to use their microphones.", "microphones not in source"),
    (MSP, "invented", "and will then be promptly filed in federal court.", "and will then be promptly filed in federal court within 30 days.", "deadline not in source"),
    (MSP, "date", "held a special meeting on January 6, 2025", "held a special meeting on January 7, 2025", "6 -> 7 January"),
    (MSP, "date", "The council reconvened in open session at 3:20", "The council reconvened in open session at 2:20", "3:20 -> 2:20"),
    (MSP, "speaker", "The President moved to close the meeting to receive the briefing", "The City Attorney moved to close the meeting to receive the briefing", "Payne moved"),
    (MSP, "speaker", "The President moved to approve the settlement of all claims", "Vice President Chughtai moved to approve the settlement of all claims", "the President read the motion"),
    (MSP, "speaker", "Council President Elliott Payne opened the meeting", "Vice President Chughtai opened the meeting", "Payne opened it"),
    # ------------------------------------------------------------- West Dereham minutes
    (WDE, "figure", "for £1,000 towards a new catering fridge", "for £1,500 towards a new catering fridge", "£1,000 -> £1,500"),
    (WDE, "figure", "raised £1,369 for local charities", "raised £1,639 for local charities", "digits swapped"),
    (WDE, "figure", "Only five Saturdays remain free", "Only three Saturdays remain free", "five -> three (word)"),
    (WDE, "figure", "including £585 to Holly Landscapes for grass cutting", "including £487.50 to Holly Landscapes for grass cutting", "net given as the payment; the sentence says gross"),
    (WDE, "name", "with the new Parish Clerk Peter King", "with the new Parish Clerk Roy Poole", "Poole is the handyman"),
    (WDE, "name", "from the Traffic Commissioner about the proposed lorry park at Hill House Farm", "from the Traffic Commissioner about the proposed lorry park at Lime Kiln Farm", "farm renamed"),
    (WDE, "name", "A report from Karen O'Kane of Better Broadband for Norfolk", "A report from Karen O'Kane of BT", "BT is named for the speed checks"),
    (WDE, "fabricated_quote", '"filming, recording, blogging, or tweeting during this meeting"', '"filming, recording, blogging, or streaming during this meeting"', "tweeting -> streaming"),
    (WDE, "fabricated_quote", 'answered "Yes" to all eight control questions', 'answered "Yes, agreed" to all eight control questions', "word added inside the quote"),
    (WDE, "misattributed_quote", "The Chair asked whether anyone would be", "The Parish Clerk asked whether anyone would be", "the Chair asked"),
    (WDE, "misattributed_quote", "Claire Williams had been told by a Glazewing employee", "Pam Bullas had been told by a Glazewing employee", "Williams reported it"),
    (WDE, "decision", "The reporting policy, adopted in June 2016, was reviewed and needs no amendment.", "The reporting policy, adopted in June 2016, was reviewed and will be rewritten.", "no amendment -> rewritten"),
    (WDE, "decision", "agreed to put plants in the two telephone boxes", "deferred a decision on plants for the two telephone boxes", "agreed -> deferred"),
    (WDE, "negation", "and no interests were declared", "and two interests were declared", "none -> two"),
    (WDE, "negation", "Pam Walker said no broadband complaints had come in.", "Pam Walker said several broadband complaints had come in.", "negation removed"),
    (WDE, "negation", "and the fly problem seemed under control", "and the fly problem did not seem under control", "negation added"),
    (WDE, "invented", "and asked the clerk to write to both bodies.", "and asked the clerk to write to both bodies and to get a quote for cutting it.", "quote request not in source"),
    (WDE, "invented", "and painted the bridge leading to The Row.", "and painted the bridge leading to The Row and the village gateways.", "gateways were strimmed, not painted"),
    (WDE, "date", "between 19 June and 28 July 2017", "between 19 June and 18 July 2017", "28 -> 18 July"),
    (WDE, "date", "on the evening of 31 May", "on the evening of 30 May", "31 -> 30 May"),
    (WDE, "date", "The farm tenancy will be available from October 2017", "The farm tenancy will be available from September 2017", "October -> September"),
    (WDE, "date", "and this one closed at 8.37pm", "and this one closed at 9.37pm", "8.37 -> 9.37"),
    (WDE, "speaker", "on a proposal by the Chair seconded by Lorraine Hunt", "on a proposal by the Chair seconded by Pam Bullas", "Hunt seconded"),
    (WDE, "speaker", "Plastic pots for the telephone boxes cost between £3 and £5, Pam Walker found.", "Plastic pots for the telephone boxes cost between £3 and £5, Pam Bullas found.", "Walker looked into pots"),
    (WDE, "speaker", "Paula Kellingray reported that on the evening of 31 May", "Claire Williams reported that on the evening of 31 May", "Kellingray reported it"),

    # ------------------------------------------------------------------- Horsley agenda
    (HOR, "figure", "has nineteen items", "has seventeen items", "nineteen -> seventeen (word)"),
    (HOR, "name", "issued by the Parish Clerk, JR Nicholson", "issued by the Parish Clerk, JR Nicholls", "surname changed"),
    (HOR, "name", "a proposed development at Chavenage Dairy", "a proposed development at Nupend Farm", "Nupend Farm is a later item"),
    (HOR, "decision", "Under planning, there will be a presentation on a proposed development", "Under planning, the council will approve a proposed development", "presentation -> approval"),
    (HOR, "negation", "Copies of the council's minutes can be had from the Parish Clerk on request.", "Copies of the council's minutes cannot be had from the Parish Clerk.", "negation added"),
    (HOR, "invented", "The last item is a casual vacancy on the council.", "The last item is a casual vacancy on the council, to be filled by co-option.", "co-option not in source"),
    (HOR, "date", "at 7.30pm on Tuesday 29 April 2014", "at 7pm on Tuesday 29 April 2014", "7.30 -> 7pm"),
    (HOR, "date", "held on 18 March 2014", "held on 25 March 2014", "18 -> 25 March"),
    (HOR, "date", "on 15 April, has nineteen items", "on 22 April, has nineteen items", "15 -> 22 April"),
    # -------------------------------------------------------------------- Milburn agenda
    (MIL, "figure", "a subscription of £111 and £70", "a subscription of £121 and £70", "£111 -> £121"),
    (MIL, "figure", "£181 in all", "£191 in all", "total changed"),
    (MIL, "figure", "The council has five councillors", "The council has six councillors", "five -> six (word)"),
    (MIL, "name", "should go to the clerk, Joan Connelly", "should go to the clerk, Pauline Moran", "Moran is a councillor"),
    (MIL, "name", "Two payments to CALC are listed", "Two payments to the ICO are listed", "CALC -> ICO"),
    (MIL, "fabricated_quote", '"an opportunity for you to speak to the Parish Council about any matter that concerns you in the Parish"', '"an opportunity for you to question the Parish Council about any matter that concerns you in the Parish"', "speak to -> question"),
    (MIL, "decision", "The council's annual report will be received.", "The council's annual report will be voted on.", "received -> voted on"),
    (MIL, "negation", "They will also review the clerk's contract of employment", "They will not review the clerk's contract of employment this year", "negation added"),
    (MIL, "invented", "The council's first business is to elect a chairperson.", "The council's first business is to elect a chairperson and a vice-chairperson.", "vice-chair not on the agenda"),
    (MIL, "invented", "and £70 for a data protection course the clerk attended", "and £70 for a data protection course the chairperson attended", "the clerk attended"),
    (MIL, "date", "held on 3 May 2016", "held on 3 May 2017", "2016 -> 2017"),
    (MIL, "date", "The next meeting is planned for 3 July 2018.", "The next meeting is planned for 3 June 2018.", "July -> June"),
    (MIL, "date", "for the year ending 31 March 2018", "for the year ending 31 March 2017", "2018 -> 2017"),
    (MIL, "date", "held on 6 March 2018", "held on 6 April 2018", "March -> April"),
    # ------------------------------------------------- Bristol workplace parking levy report
    (BRI, "figure", "has brought in £83 million", "has brought in £38 million", "digits swapped"),
    (BRI, "figure", "fell by around 16% when the levy came in", "fell by around 6% when the levy came in", "16% -> 6%"),
    (BRI, "figure", "its annual charge is now £550", "its annual charge is now £841", "£841 is the bus pass"),
    (BRI, "figure", "could raise around £8-10m a year", "could raise around £18-20m a year", "range changed"),
    (BRI, "figure", "plus three or four outside specialists", "plus five or six outside specialists", "three or four -> five or six"),
    (BRI, "name", "A levy study was first carried out by Atkins in 2011", "A levy study was first carried out by Arup in 2011", "Atkins -> Arup"),
    (BRI, "name", "presented by Adam Crowther, Head of City Transport", "presented by John Smith, Head of City Transport", "Smith is the Executive Director"),
    (BRI, "name", "would go to the Secretary of State for Transport for approval", "would go to the Mayor of the West of England for approval", "approver changed"),
    (BRI, "fabricated_quote", '"to help tackle congestion"', '"to help end congestion"', "tackle -> end inside the quote"),
    (BRI, "misattributed_quote", "The report quotes the Transport Act 2000 explanatory note, which says", "The report quotes Nottingham City Council's feasibility study, which says", "the words are the Act's explanatory note"),
    (BRI, "decision", "but the scheme was not taken forward then", "and the scheme was adopted then", "not taken forward -> adopted"),
    (BRI, "decision", "Officers recommend that the committee approve moving to stage one", "Officers recommend that the committee defer moving to stage one", "approve -> defer"),
    (BRI, "negation", "provided this does not delay the CRSTS programme", "even if this delays the CRSTS programme", "condition reversed"),
    (BRI, "negation", "The report suggests ten internal council roles, not all full time,", "The report suggests ten internal council roles, all full time,", "negation removed"),
    (BRI, "invented", "and each employer would decide whether to pass the charge on to staff.", "and each employer would have to pass the charge on to staff.", "employers decide; not compulsory"),
    (BRI, "invented", "help younger people who rely on buses.", "help younger people who rely on buses, and that bus fares would be cut by a fifth.", "fare cut not in source"),
    (BRI, "date", "Nottingham's levy has run since 2012", "Nottingham's levy has run since 2011", "2012 -> 2011"),
    (BRI, "date", "Stage one alone would take about a year.", "Stage one alone would take about two years.", "a year -> two years"),
    (BRI, "date", "In all, a levy would take around three years", "In all, a levy would take around five years", "three -> five years"),
    (BRI, "speaker", "in consultation with the committee chair, Councillor Ed Plowden", "in consultation with the Head of City Transport, Adam Crowther", "consultation is with the chair"),
    # ------------------------------------------------ Huntsville budget work session (captions)
    (HSV, "figure", "would cost about $192,000, he said", "would cost about $129,000, he said", "digits swapped"),
    (HSV, "figure", "paving has roughly doubled in the last ten years", "paving has roughly tripled in the last ten years", "doubled -> tripled"),
    (HSV, "figure", "because of rocks from two quarries", "because of rocks from three quarries", "two -> three (word)"),
    (HSV, "name", "for a crosswalk on Trina Boulevard at Fantasy Playhouse", "for a crosswalk on Trina Boulevard at Hastings Park", "place swapped (Hastings Park named elsewhere)"),
    (HSV, "name", "gave \"kudos to Vulcan\" for sweeping every day", "gave \"kudos to Vulcan\" for paving every day", "sweeping -> paving"),
    (HSV, "name", "Mayor Battle thanked the council", "Mayor Robinson thanked the council", "Robinson is named as council president elsewhere"),
    (HSV, "fabricated_quote", '"not seeing any revenue, any large revenue growth"', '"not seeing any revenue growth, any large revenue growth at all"', "words added inside the quote"),
    (HSV, "fabricated_quote", '"what the director and what the library board want to do"', '"what the director and what the library board can afford to do"', "want -> can afford"),
    (HSV, "fabricated_quote", 'whose vision for the city he called "a good one"', 'whose vision for the city he called "a great one"', "good -> great"),
    (HSV, "misattributed_quote", "On the downtown library, Mr. Kling said the council should find out", "On the downtown library, Mr. Meredith said the council should find out", "Kling said it"),
    (HSV, "misattributed_quote", "Ms. Smith of the finance department said the city is on budget", "Mayor Battle said the city is on budget", "Smith said it"),
    (HSV, "misattributed_quote", "He praised the police and fire departments, saying crime statistics are", "Ms. Watkins praised the police and fire departments, saying crime statistics are", "Kling said it"),
    (HSV, "misattributed_quote", "Ms. Watkins asked for a street sweeper more often in District One", "Mr. Meredith asked for a street sweeper more often in District One", "Watkins asked; Meredith said he had never seen one in District 5"),
    (HSV, "decision", "and was told engineering could take care of it from greenway maintenance funds without a budget line", "and was told it would have to wait for a budget line", "no budget line needed -> must wait"),
    (HSV, "decision", "with a special session on September 18 and approval expected on the 24th", "with a special session on September 18 and approval expected at that session", "approval on the 24th"),
    (HSV, "negation", "and said the park is still being well maintained", "and said the park is no longer being well maintained", "negation added"),
    (HSV, "negation", "but no water features, which push up the price", "and water features, which push up the price", "no water features -> water features"),
    (HSV, "negation", "She said she had not yet forecast revenue", "She said she had already forecast revenue", "negation removed"),
    (HSV, "invented", "and a dog park.", "and a dog park with lighting.", "lighting not in source"),
    (HSV, "invented", "Mayor Battle thanked the council and said many of the items are already in the budget.", "Mayor Battle thanked the council and said all of the items will be in the budget.", "overclaims: many are in, some will be worked on"),
    (HSV, "date", "with a special session on September 18", "with a special session on September 16", "16 was a misstatement corrected to 18"),
    (HSV, "date", "said some FY 25 road projects are still not complete", "said some FY 26 road projects are still not complete", "FY 25 -> FY 26"),
    (HSV, "date", "The council convened a work session at 10 o'clock", "The council convened a work session at 9 o'clock", "10 -> 9"),
    (HSV, "speaker", "Mr. Clay noted that people already use the park's tennis courts", "Ms. Watkins noted that people already use the park's tennis courts", "Clay said it"),
    (HSV, "speaker", "Mr. Little also asked for the whole walking path", "Mr. Kling also asked for the whole walking path", "Little asked"),
    (HSV, "speaker", "Ms. Smith confirmed that the library buildings are owned by the city", "Mayor Battle confirmed that the library buildings are owned by the city", "Smith clarified it"),
    # @@INSERT@@
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build real-v3-dev.jsonl deterministically.")
    parser.add_argument("--out", type=Path, default=HERE / "real-v3-dev.jsonl")
    args = parser.parse_args(argv)
    records, problems = build_records(SUMMARIES, INJECTIONS, SUMMARY_DIR, CORPUS)
    problems += [
        f"{sid}: {doc} is not a dev document"
        for sid, (doc, _, _) in SUMMARIES.items()
        if corpus_split(doc) != "dev"
    ]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    write_jsonl(records, args.out)
    print_counts(records, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
