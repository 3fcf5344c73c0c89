const datatofeed = {
  id: "1",
  name: "Businees Meeting with Mo Ashraf - July 16, 2024",
  description:
    "The meeting focused on municipal governance, including the approval of the agenda and minutes, discussions on healthcare support through Stars, financial decisions regarding the purchase of trailers, and a review of financial statements. The council also acknowledged the importance of community events and the need for infrastructure improvements.",
  transcript:
    "Okay, thank you. This is a meeting of the RM of Springfield for July to 16th of 2024 at exactly 6 p.m. calling the meeting to order. We will, I'll do introduction here. I'm Mayor Patrick Tarry for the RM of Springfield. We have Christy Grunheide at the Assistant CEOs at the Controls. Our CEO calling Draper is present. Deputy Mayor, to my right in the descending order, and Councilor Ward 1 is Glen Fuel. Counselor Ward 2 is Andy Kaczynski. Counselor Ward 3 is Mark Miller. Counselor Ward 4 is Melinda Warren. Melinda, if you want to do invocation. May we all enter into the meeting with open ears and open minds, sharing our knowledge and experience while working together for the betterment of our municipality. Thank you. very much. Then I'll do the land acknowledgement. The Army of Springfield acknowledges that we are gathered on essential lands. Treaty 1 territory, traditional territory, the Nishinavi, Kree, Oji, Kri, Dakota, Dene, people on the national homeland and on the national homeland of the Red River, Métis. That is item number three, and item number four is approval of the agenda. Can I get a mover in a second or for that, please? Melinda and Glenn. Any questions, additions? or modifications to the agenda? Mark? Anything else? Anything else? I see none. Then can I get to show hands of those in support of the approval of the agenda? Enanimous and is carried. A mover and a seconder for the adoption of the minutes. It's Patrick and Andy. Any questions, additions from Council on adoption of the minutes for July 2nd? I see none. Show of hands. Those in support. It is carried. We have a question period. Nobody's in front of us here. We have 15 minutes allocated. It's the only question pertaining to the current agenda online. I see nobody online as well So at this point here we carry on to consent agenda That item number 10 Oh, sorry. Tammy, did you have anything for a question period at all? I just saw you coming in. Okay. Then what we'll do, we'll get to consent agenda. That's item number 10. I have comments for 10.2 and 10.3, so I'm not sure we can actually do the consent agenda there. So if I can do the first one, 10.1, the AMM News bulletin. Can I move her in a second or for that, please? Mark and Glenn. So any questions with regards to that from council? I see none. If I can get a show of hands of those in support, unanimous and is carried. The next one is 10.2. That's Stars. Can I get a mover in a sector for that? Patrick and Glenn. I had a comment here there. I'm a big proponent for Stars. This is a vital component for our healthcare. I've had firsthand experience with Stars in Manitoba Air Ambulins is in the North. Many communities in the North rely on air amylins provided by the government either via airport, helicopter, and air ambulance, a propeller or a jet. When there's babies involved, an adult alike, this is an extremely good tool for the health department and has been utilized in the RM Springfield. And that's all I had to say with regards to that. Can I get a mover or I show hands of those in support of stars? That is unanimous and is carried. then if we can get to the thank you card of the SCI grad recipients, a mover in a seconder for 10.3, please. Melinda and Andy. At this point here, we have the card from Layla Plant there. We increased the amount to $750 from $500, and which I think was an exceptional idea from our deputy mayor to increase that because most of the honorary bursaries and so on are at that 750 level. And I not saying that we have to match costs there but it was really well received The SCI staff principal Kevin Dell extremely large crowd present as every year and their families at the Club Regent Casino, which is an impressive facility, but still not in our community. So it'll be nice to have the grad eventually be here at our new recreational facility, which requires our new water treatment plant to be able to operate and provide our community going forward. So appreciate the card from from Layla. That's very well done. Any other questions or comments from council at all? I see none. Can I get to show hands of those in support of 10.3? Thank you, card. It's unanimous and is carried. We'll get to a new business there, and that's the purchase of the asphalt pot box trailer, mover and a seconder for that, please. Linda and Andy. Any questions from council with regard to this. Do you have your hand up, honey? Yes, Mr. Mayor. I would like to ask if we purchasing ourselves or are we using that company that helping purchase equipment through AMM or canoe? Yeah. Do they can help us with purchasing equipment? We never use them like purchasing the trucks for our fire department. chassis and police car. I believe the director of public works is online, but I honestly don't think that the industrial machine ink is part of that canoe procurement. They have to be a listed supplier. So maybe Blaine, if you're able to confirm if that's an opportunity through canoe procurement or not. Yeah, yeah, we did look into seeing if that was a listed company, and I don't believe they were. So I'm not 100% sure if there was any advantages for the municipality for canoe in this equipment purchase. Thank you. Any other questions from council at all? I see none. then if I can read the resolution It resolved that counsel of the Arm of Springfield approves the purchase of one new asphalt hotbox trailer from Industrial Machine Inc not to exceed the budgeted amount of $155,000, including taxes with funds coming from the vehicle and equipment reserve. I got to show hands first in support of purchase of asphalt hotbox trailer. That's Melinda. That's unanimous and it is carried. Then we'll get to 11.2, the purchase of a rehab trailer, or specifically a rehabilitation trailer for the private department. Move on a second or for that place. Patrick and Glenn. Be it resolved that Council of the Armis Springfield approves the purchase of one new rehabilitation trailer from ProPAC for $59,630.27 U.S. plus applicable taxes, transport fees, and broker fees with funds to come from the vehicle and equipment reserve. Are we able to amend the resolution to show Canadian funds beside it there? I think it's $80,000. It's $59,000, $37.20. U.S. But when we write the check, we have to get the exact U.S. amount on that day of the check rating. Oh, so that will change. It could change from what's being proposed right now, Canadian. Okay. All right. I understand that. Can I get to show any questions from council with regards to that? I see none. Can I get to show hands those in support of the purchase of rehabilitation trailer? That is unanimous and it is carried. 11.3, that's financial statements. Move on a seconder, please. Melinda, Mark. I had one question with regards to financial statements. It says here basically regards to notes to financial statements of May 31, 24. The tax levy and grants in lieu have been collected, which accounts for our deficit. Can we have some clarification on this? So there's no misinformation with regards to that. So we're still waiting for the tax levy and the grants to come through. Are they delayed for any reasons?",
  summary:
    "The meeting commenced with introductions and a land acknowledgment. The agenda and previous minutes were approved unanimously. The council discussed the consent agenda, highlighting support for Stars air ambulance services and the increase in bursary amounts for graduates. New business included the approval of purchases for an asphalt hotbox trailer and a rehabilitation trailer, both funded from the vehicle and equipment reserve. Financial statements were reviewed, with a request for clarification on tax levy delays.",
  breakdown: {
    Tasks: [
      {
        task: "Clarify the status of tax levy and grants",
        owner: "Finance Department",
        due_date: "2024-07-30T00:00:00.000Z",
      },
      {
        task: "Clarify the status of tax levy and grants",
        owner: "Tech Department",
        due_date: "2024-07-30T00:00:00.000Z",
      },
      {
        task: "Clarify the status of tax levy and grants",
        owner: "Marketing Department",
        due_date: "2024-07-30T00:00:00.000Z",
      },
    ],
    Decisions: [
      {
        decision:
          "Approved the purchase of one new asphalt hotbox trailer from Industrial Machine Inc not to exceed $155,000.",
        date: "2024-07-16T00:00:00.000Z",
        details: "Funds to come from the vehicle and equipment reserve.",
      },
      {
        decision:
          "Approved the purchase of one new rehabilitation trailer from ProPAC for $59,630.27 U.S.",
        date: "2024-07-16T00:00:00.000Z",
        details: "Funds to come from the vehicle and equipment reserve.",
      },
      {
        decision:
          "Increased the bursary amount for SCI grad recipients from $500 to $750.",
        date: "2024-07-16T00:00:00.000Z",
        details: "Funds to come from the vehicle and equipment reserve.",
      },
    ],
    Questions: [
      {
        question:
          "Are we purchasing the asphalt hotbox trailer ourselves or using a procurement company?",
        status: "answered",
        answer:
          "The director of public works confirmed that the supplier is not part of the canoe procurement.",
      },
      {
        question: "Can we clarify the delay in tax levy and grants?",
        status: "unanswered",
        answer:
          "The director of public works confirmed that the supplier is not part of the canoe procurement.",
      },
      {
        question: "Can we clarify the delay in tax levy and grants?",
        status: "unanswered",
        answer:
          "The director of public works confirmed that the supplier is not part of the canoe procurement.",
      },
    ],
    Insights: [
      {
        insight:
          "Stars air ambulance services are critical for healthcare in the RM of Springfield.",
        reference: "Discussion on item 10.2 regarding Stars.",
      },
      {
        insight:
          "The increase in bursary amounts aligns with community standards for educational support.",
        reference: "Discussion on item 10.3 regarding SCI grad recipients.",
      },
      {
        insight:
          "The increase in bursary amounts aligns with community standards for educational support.",
        reference: "Discussion on item 10.3 regarding SCI grad recipients.",
      },
      {
        insight:
          "The increase in bursary amounts aligns with community standards for educational support.",
        reference: "Discussion on item 10.3 regarding SCI grad recipients.",
      },
    ],
    Deadlines: [
      {
        description: "Clarification on tax levy and grants",
        related_to: "Tech Department",
        deadline: "2024-07-30",
      },
      {
        description: "Clarification on tax levy and grants",
        related_to: "Marketing Department",
        deadline: "2024-07-30",
      },
      {
        description: "Clarification on tax levy and grants",
        related_to: "Finance Department",
        deadline: "2024-07-30",
      },
      {
        description: "Clarification on tax levy and grants",
        related_to: "Sales Department",
        deadline: "2024-07-30",
      },
    ],
    Attendees: [
      {
        name: "Patrick Tarry",
        role: "Mayor",
      },
      {
        name: "Christy Grunheide",
        role: "Assistant CEO",
      },
      {
        name: "Calling Draper",
        role: "CEO",
      },
      {
        name: "Glen Fuel",
        role: "Counselor Ward 1",
      },
      {
        name: "Andy Kaczynski",
        role: "Counselor Ward 2",
      },
      {
        name: "Mark Miller",
        role: "Counselor Ward 3",
      },
      {
        name: "Melinda Warren",
        role: "Counselor Ward 4",
      },
    ],
    "Follow-ups": [
      {
        follow_up:
          "Confirm if the rehabilitation trailer purchase can be amended to show Canadian funds.",
        owner: "Public Works Department",
        due_date: "2024-07-30T00:00:00.000Z",
      },
      {
        follow_up:
          "Confirm if the rehabilitation trailer purchase can be amended to show Canadian funds.",
        owner: "Public Works Department",
        due_date: "2024-07-30T00:00:00.000Z",
      },
      {
        follow_up:
          "Confirm if the rehabilitation trailer purchase can be amended to show Canadian funds.",
        owner: "Public Works Department",
        due_date: "2024-07-30T00:00:00.000Z",
      },
      {
        follow_up:
          "Confirm if the rehabilitation trailer purchase can be amended to show Canadian funds.",
        owner: "Public Works Department",
        due_date: "2024-07-30T00:00:00.000Z",
      },
    ],
    Risks: [
      {
        risk: "Potential delays in tax levy and grants could impact financial planning.",
        impact: "Could lead to budget shortfalls.",
      },
      {
        risk: "Potential delays in tax levy and grants could impact financial planning.",
        impact: "Could lead to budget shortfalls.",
      },
      {
        risk: "Potential delays in tax levy and grants could impact financial planning.",
        impact: "Could lead to budget shortfalls.",
      },
      {
        risk: "Potential delays in tax levy and grants could impact financial planning.",
        impact: "Could lead to budget shortfalls.",
      },
      {
        risk: "Potential delays in tax levy and grants could impact financial planning.",
        impact: "Could lead to budget shortfalls.",
      },
      {
        risk: "Potential delays in tax levy and grants could impact financial planning.",
        impact: "Could lead to budget shortfalls.",
      },
    ],
    Agenda: [
      {
        item: "Introduction and land acknowledgment",
      },
      {
        item: "Approval of the agenda",
      },
      {
        item: "Adoption of previous meeting minutes",
      },
      {
        item: "Question period",
      },
      {
        item: "Consent agenda items",
      },
      {
        item: "Discussion on Stars air ambulance services",
      },
      {
        item: "Thank you card for SCI grad recipients",
      },
      {
        item: "New business: Purchase of asphalt hotbox trailer",
      },
      {
        item: "New business: Purchase of rehabilitation trailer",
      },
      {
        item: "Review of financial statements",
      },
    ],
  },
};

export default datatofeed;
