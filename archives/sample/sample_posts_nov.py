"""November 2017: the WGEC questionnaire and the joint response, workshop planning, IGF travel."""

from __future__ import annotations

from sample_model import Post
from sample_people import PRIYA_PERSONAL_ADDRESS, PRIYA_PERSONAL_NAME, monthly_reminder

POSTS_NOV: list[Post] = [
    monthly_reminder("nov-reminder", "2017-11-01 00:00:02 -0400"),
    Post(
        key="nov-job-02",
        who="efua",
        when="2017-11-02 10:15:00 +0000",
        subject="Job: programme officer (digital rights), Tech Justice Collective",
        attachments=("TJC-programme-officer-2017.pdf|application/pdf|84512",),
        text="""\
Reposting, as the deadline is only a week away.

Dear all,

Apologies for cross-posting. Tech Justice Collective is hiring a programme officer to work on digital rights and Internet governance, based in Accra with regular travel in the region. The role includes following UN processes such as the IGF and the CSTD, so experience of multistakeholder policy spaces is a plus.

The deadline for applications is 10 November. The full description is attached; please share it with anyone who might be interested.
""",
    ),
    Post(
        key="nov-so-04",
        who="anil",
        when="2017-11-06 10:00:00 +0530",
        parent="oct-so-03",
        text="""\
The statement is published, with 63 organisations and 41 individuals from 38 countries. Thank you all. We added "and protests" to the title, as Carlos suggested, and a sentence on the throttling of platforms, as Fatima suggested.

The full text and the list of signatories: https://signon.commonsfdn.example/shutdowns-2017
""",
    ),
    Post(
        key="nov-fwd-01",
        who="jonathan",
        when="2017-11-06 15:40:00 +0000",
        subject="Fwd: WGEC questionnaire now open (deadline 30 November)",
        sig=False,
        text="""\
Dear all,

Forwarding the secretariat's note below. The questionnaire has six questions; I have left them in full for those who cannot open the online form. Priya and I suggest that we prepare one joint response from this list, and of course organisations can also submit their own.

I'll start a separate thread for drafting.

Best,
Jonathan

---------- Forwarded message ---------
From: WGEC Secretariat <wgec-secretariat@cstd-wg.example>
Date: Mon, Nov 6, 2017 at 2:12 PM
Subject: WGEC questionnaire now open
To: WGEC members <wgec-members@cstd-wg.example>


Dear Members of the Working Group,

As agreed at the third meeting, the secretariat has opened a questionnaire for members and for all interested stakeholders. Responses received by 30 November 2017 will be compiled and made available before the fourth meeting.

1. What are the high-level characteristics of enhanced cooperation?
2. Taking into account the work of the previous working group, what kinds of recommendations should this group consider?
3. What are the roles of the different stakeholders in enhanced cooperation?
4. How can the participation of developing countries be made meaningful?
5. Are additional institutional arrangements needed? If so, which ones?
6. Is there anything else the working group should take into account?

Kind regards,

WGEC Secretariat
""",
    ),
    Post(
        key="nov-fwd-02",
        who="hiroshi",
        when="2017-11-07 09:30:00 +0900",
        parent="nov-fwd-01",
        style="bottom",
        quote="Priya and I suggest",
        text="""\
Thanks Jonathan. I support a joint response. For question 3 I would like the technical community's role described accurately: the registries and the standards bodies are not "stakeholders with opinions", they run infrastructure under policies that are already made in open processes. Happy to draft two paragraphs on that.
""",
    ),
    Post(
        key="nov-cs-01",
        who="priya",
        when="2017-11-08 19:05:00 +0530",
        subject="WGEC questionnaire: drafting the civil society response",
        text="""\
Dear all,

Here is a first outline of a joint response, following the six questions. Please comment on the substance here on the list; I will keep a clean version on the pad.

Q1 (characteristics): enhanced cooperation is about governments, on an equal footing, developing international public policy on Internet-related issues, with all stakeholders taking part in their respective roles. It is not the same thing as the IGF, which is a space for dialogue and does not make policy.

Q2 (recommendations): the group should recommend something that can be acted on, not another mapping exercise.

Q3 (stakeholders): civil society, the technical community and business must have formal consultative status, access to documents and the right to speak, not only a seat in the gallery.

Q4 (developing countries): funded participation, remote participation that works, and a secretariat based in a UN body with a development mandate.

Q5 (institutional arrangements): yes. We propose that the UN General Assembly set up a standing body on Internet-related public policy, supported by the CSTD and open to multistakeholder participation, with a clear mandate to develop norms where the existing bodies have no mandate or no legitimacy.

Q6: link the outcome to the review of the WSIS follow-up and to the IGF's intersessional work.

Q5 is the one that will divide us, so please say so early if your organisation cannot live with it.

Priya
""",
    ),
    Post(
        key="nov-cs-02",
        who="margareta",
        when="2017-11-09 10:12:00 +0100",
        parent="nov-cs-01",
        style="outlook-original",
        text="""\
Priya, all,

Thank you for the outline, which is very clear. I have to flag straight away that our network cannot support Q5 as drafted. Our members have seen too many intergovernmental mechanisms used to give legitimacy to content control, and a standing UN body on "Internet-related public policy" with a mandate to develop norms would be read by some governments as exactly that.

We could support text that asks for more transparency in the existing bodies, stronger links between the IGF and the bodies that take decisions, and funded participation (Q4). We would not oppose a sentence noting that some members of this list favour a new mechanism.

Best regards,
Margareta
""",
    ),
    Post(
        key="nov-cs-03",
        who="tomas",
        when="2017-11-09 11:20:00 -0300",
        parent="nov-cs-02",
        style="bottom",
        quote="I have to flag straight away",
        text="""\
I share Margareta's worry, but I don't think the answer is to leave the field to the bodies we already have. Half of our cases at Red Libre last year were about policies made in places where nobody from our region was in the room.

What if Q5 said that any new arrangement must be bound by international human rights law, with an explicit reference to freedom of expression and privacy, and that civil society participation is a condition, not a favour? A mechanism with those safeguards written into its mandate is harder to use for content control than the informal deals between governments and platforms that we have today.

Saludos,
Tomás
""",
    ),
    Post(
        key="nov-cs-04",
        who="priya",
        when="2017-11-10 07:55:00 +0100",
        parent="nov-cs-03",
        address=PRIYA_PERSONAL_ADDRESS,
        name=PRIYA_PERSONAL_NAME,
        client="gmail",
        sig=False,
        style="bottom",
        quote="What if Q5 said",
        text="""\
(Writing from my personal account; I am travelling this week.)

Yes, exactly. Proposed wording for Q5, building on Tomás and Margareta:

"Any additional institutional arrangement must be grounded in international human rights law, must guarantee the participation of all stakeholders in their respective roles, and must not duplicate the work of existing technical bodies. Within those limits, we believe the UN General Assembly should consider a standing process for developing international Internet-related public policy."

"Standing process" instead of "standing body" is deliberate. Margareta, could your network live with that?

Priya
""",
    ),
    Post(
        key="nov-cs-05",
        who="bettina",
        when="2017-11-10 14:30:00 +0100",
        parent="nov-cs-04",
        style="bottom",
        quote='instead of "standing body"',
        text="""\
Some evidence might help this discussion. In our mapping of the bodies that make or shape Internet-related public policy we counted 143 of them: intergovernmental organisations, technical bodies, industry forums and regional processes. Fewer than a third have any formal route for civil society to take part, and only 11 provide funding for participants from developing countries.

That supports both sides of the argument here, I am afraid: the existing landscape is hard to navigate and not very inclusive (Priya's point), but it is also so crowded that a new body would need a very precise mandate to add anything (Margareta's point).

The working paper is not public yet, but I can share it with this list if it helps.

Best wishes,
Bettina
""",
    ),
    Post(
        key="nov-cs-06",
        who="jonathan",
        when="2017-11-10 16:02:00 +0000",
        parent="nov-cs-05",
        style="bottom",
        quote="The working paper is not public yet",
        text="""\
Yes please, Bettina. The numbers on funded participation alone would strengthen the answer to Q4 a lot.

On Q5: I could support "standing process" if we also say what it should not do. Otherwise we are asking governments to fill in a blank cheque.
""",
    ),
    Post(
        key="nov-cs-07",
        who="bettina",
        when="2017-11-13 09:10:00 +0100",
        parent="nov-cs-06",
        style="bottom",
        quote="On Q5",
        attachments=("INSS-WP-2017-04-mapping-draft.pdf|application/pdf|412873",),
        text="""\
Attached is the draft working paper. Please keep it within the list until it is published next month.

The table on page 14 lists the bodies with funded participation. Jonathan, the section "What a new process should not do" on page 22 may be useful for your point about the blank cheque.

Best wishes,
Bettina
""",
    ),
    Post(
        key="nov-ws-05",
        who="marta",
        when="2017-11-14 12:00:00 +0100",
        parent="oct-ws-04",
        style="bottom",
        quote="Nadia, wonderful",
        text="""\
Update on the workshop: all five speakers are confirmed, three in Geneva and two remote (Accra and Manila). Run of show:

- 5 min welcome and framing (me)
- 40 min roundtable, 8 minutes per speaker, no slides
- 35 min open discussion, alternating between the room and remote participants
- 10 min wrap-up and next steps

Please send a two-line bio by 1 December. Nadia, the test call with the remote speakers is on 5 December at 14:00 CET.
""",
    ),
    Post(
        key="nov-ws-06",
        who="nadia",
        when="2017-11-14 15:20:00 +0200",
        parent="nov-ws-05",
        style="bottom",
        quote="Please send a two-line bio",
        text="""\
5 December works for me. I'll send the remote speakers a short guide on audio settings beforehand; most problems at the IGF come from laptop microphones, not from the platform.
""",
    ),
    Post(
        key="nov-tr-01",
        who="yusuf",
        when="2017-11-15 18:40:00 +0200",
        subject="IGF 2017 travel: visas, hotels and room sharing",
        text="""\
Hi all,

Is anyone else still waiting for a Schengen visa for the IGF? I applied five weeks ago and have heard nothing. If your visa was refused or delayed, I would like to collect the cases; the IGF secretariat asked for concrete examples so that they can raise the issue with the host country.

Second question: hotels in Geneva are very expensive that week. Is anyone looking to share a room or an apartment from 17 to 21 December?
""",
    ),
    Post(
        key="nov-tr-02",
        who="ian",
        when="2017-11-15 13:05:00 -0500",
        parent="nov-tr-01",
        style="bottom",
        quote="Second question",
        text="""\
There is a hostel near Cornavin station that a few of us booked last year; it had beds left as of this morning. Shared rooms, but clean, and ten minutes from the venue by tram. Happy to send the details off-list.
""",
    ),
    Post(
        key="nov-tr-03",
        who="grace",
        when="2017-11-16 08:15:00 +0300",
        parent="nov-tr-01",
        style="bottom",
        quote="Is anyone else still waiting",
        text="""\
Mine came through yesterday, after four weeks and a second appointment at the embassy. What helped was the invitation letter from the IGF secretariat plus a letter from our host organisation. Yusuf, I'll send you my timeline for your list of cases.
""",
    ),
    Post(
        key="nov-tr-04",
        who="olumide",
        when="2017-11-17 10:45:00 +0100",
        parent="nov-tr-01",
        threading="refs",
        style="bottom",
        quote="Is anyone else still waiting",
        text="""\
Same here: applied on 9 October, still waiting. Two colleagues from Abuja were refused last year with no reason given. Please add us to the list of cases, Yusuf.
""",
    ),
    Post(
        key="nov-tr-05",
        who="yusuf",
        when="2017-11-28 09:10:00 +0200",
        parent="nov-tr-04",
        style="bottom",
        quote="Same here",
        archived_again="2017-12-01 08:02:11",
        text="""\
Update: my visa was granted this morning, three weeks before the IGF. Olumide, I hope yours follows soon. I sent the collected cases (nine so far) to the IGF secretariat yesterday.
""",
    ),
]
