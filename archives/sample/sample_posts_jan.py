"""January 2018: the fourth WGEC meeting and the long thread on the chair's draft (it ends in February)."""

from __future__ import annotations

from sample_model import Post
from sample_people import PRIYA_PERSONAL_ADDRESS, PRIYA_PERSONAL_NAME, monthly_reminder

LONG_THREAD = "WGEC: the chair's draft recommendations"

POSTS_JAN: list[Post] = [
    monthly_reminder("jan-reminder", "2018-01-01 00:00:02 -0500"),
    Post(
        key="jan-pos-07",
        who="priya",
        when="2018-01-05 16:00:00 +0530",
        parent="dec-pos-06",
        attachments=("CS-position-WGEC-final.pdf|application/pdf|156220",),
        text="""\
Happy new year, everyone. The final position is attached, in English, French and Spanish; it went to the secretariat this morning with 34 organisations signed on. Thank you, Renée and Tomás, for the translations.

The fourth meeting is from 24 to 26 January. Jonathan will send details about remote participation.

Priya
""",
    ),
    Post(
        key="jan-pos-08",
        who="anil",
        when="2018-01-05 17:20:00 +0530",
        parent="jan-pos-07",
        style="bottom",
        quote="Happy new year",
        text="""\
Thank you, Priya, for holding the pen through all of this. Commons Foundation has shared the position with our partners in the region.
""",
    ),
    Post(
        key="jan-sd-01",
        who="grace",
        when="2018-01-09 14:30:00 +0300",
        subject="Shutdown tracker: December update",
        text="""\
Hi all,

The December update of the shutdown tracker is out. Highlights:

- 4 new incidents in December (2 national, 2 regional), bringing 2017 to 61 documented incidents in 19 countries.
- Social media throttling around two elections, documented with measurement data from volunteers.
- For the first time, an operator published the government order it received.

We are looking for volunteers who can run the measurement app in West Africa and the Middle East. Please write to me if you can help.

https://tracker.eaictnet.example/2017-12
""",
    ),
    Post(
        key="jan-sd-02",
        who="yusuf",
        when="2018-01-09 16:05:00 +0200",
        parent="jan-sd-01",
        style="bottom",
        quote="We are looking for volunteers",
        text="""\
Count us in for Lebanon and Jordan. We have four volunteers who ran measurements during the last protests; I'll put them in touch with you.
""",
    ),
    Post(
        key="jan-sd-03",
        who="olumide",
        when="2018-01-10 09:15:00 +0100",
        parent="jan-sd-01",
        message_id=False,
        style="bottom",
        quote="We are looking for volunteers",
        text="""\
Paradigm Hub can help in Nigeria and Ghana. Could you share the consent form you use for volunteers? Our lawyers will want to see it before we recruit anyone.
""",
    ),
    Post(
        key="jan-sch-01",
        who="olumide",
        when="2018-01-11 11:00:00 +0100",
        subject="Call for speakers: West Africa school on Internet governance (April 2018)",
        text="""\
Dear colleagues,

We are organising the third West Africa school on Internet governance in Lagos, 16-20 April 2018, and we are looking for speakers and remote lecturers on:

- the WSIS follow-up and the IGF,
- data protection laws in the region,
- community networks and spectrum,
- digital rights litigation.

We can cover travel for four speakers from the region. Please write to me by 31 January if you are interested.
""",
    ),
    Post(
        key="jan-sch-02",
        who="nadia",
        when="2018-01-11 14:20:00 +0200",
        parent="jan-sch-01",
        style="bottom",
        quote="We can cover travel",
        text="""\
I would be glad to give the community networks lecture remotely. Is there a slot in the afternoon, Lagos time?
""",
    ),
    Post(
        key="jan-rp-01",
        who="jonathan",
        when="2018-01-15 12:00:00 +0000",
        subject="WGEC fourth meeting (24-26 January): remote participation and daily calls",
        text="""\
Dear all,

Some practical information for the fourth WGEC meeting in Geneva, 24 to 26 January:

- The open sessions will be webcast; the link will be on the CSTD page on the first morning.
- Observers can follow in the room, but only members take the floor.
- Priya and I will hold a short civil society coordination call every day at 08:00 Geneva time (07:00 UTC), before the sessions start. Dial-in details below.
- We will post a short summary to this list each evening.

Call: https://meet.openpolicy.example/wgec-cs
PIN: 4471 0290

Best,
Jonathan
""",
    ),
    Post(
        key="jan-rp-02",
        who="tomas",
        when="2018-01-15 10:30:00 -0300",
        parent="jan-rp-01",
        style="bottom",
        quote="Priya and I will hold",
        text="""\
07:00 UTC is 04:00 in Santiago, and worse for colleagues in Mexico. Could one of the calls be in the evening, after the sessions close, so that people in the Americas can join? Even a recording would help.
""",
    ),
    Post(
        key="jan-rp-03",
        who="fatima",
        when="2018-01-15 17:40:00 +0100",
        date_header="lundi 15 janvier 2018 17:40",
        parent="jan-rp-01",
        style="bottom",
        quote="We will post a short summary",
        text="""\
Merci Jonathan. Les résumés du soir seront très utiles : beaucoup de nos membres ne lisent pas les documents en anglais pendant la réunion, mais ils lisent cette liste.

(In short: the evening summaries will be very useful for our members who follow in French.)

If it helps, I can translate the summaries into French the next morning.
""",
    ),
    Post(
        key="jan-rp-04",
        who="jonathan",
        when="2018-01-15 18:10:00 +0000",
        parent="jan-rp-02",
        style="bottom",
        quote="Could one of the calls",
        text="""\
Good point, Tomás. We'll add an evening call on the 24th and 25th at 18:30 Geneva time (17:30 UTC, 14:30 in Santiago), and record the morning calls.

Fatima, thank you, that would be wonderful.
""",
    ),
    Post(
        key="long-01",
        who="priya",
        when="2018-01-22 09:10:00 +0530",
        subject=LONG_THREAD,
        attachments=("WGEC-chair-draft-recommendations-2018-01-21.pdf|application/pdf|203114",),
        text="""\
Dear all,

The chair's draft recommendations arrived last night; the text is attached. A quick first reading:

There are 12 draft recommendations. Nine are about capacity building, participation, the IGF and cooperation between existing organisations, and most of them are fine. Three touch the institutional question, and all three are in square brackets.

Recommendation 10 is the important one. It "invites the CSTD to consider the possibility of new institutional approaches" at a future session. That is much weaker than our position, which asked for a standing process and a decision in 2018, but it is the first time the words "new institutional approaches" have appeared in a chair's text.

Recommendation 11 asks for a mapping of existing mechanisms, and 12 asks for the members' views to be reported without recommendation.

What should we push for in the room on Wednesday? I see three options: (a) defend Recommendation 10 as it is, (b) try to strengthen it with a date, (c) let it go and concentrate on participation.

Priya
""",
    ),
    Post(
        key="long-02",
        who="jonathan",
        when="2018-01-22 08:15:00 +0000",
        parent="long-01",
        style="bottom",
        quote="What should we push for",
        text="""\
I think (a), with (b) as our opening bid. Recommendation 10 is the realistic maximum this group will accept. If we push for a date, we risk giving the members who want no recommendation at all the excuse to take out the whole paragraph.

I would spend our energy on keeping the brackets off Recommendation 10, and on making sure that the participation recommendations have numbers in them.
""",
    ),
    Post(
        key="long-03",
        who="efua",
        when="2018-01-22 10:02:00 +0000",
        parent="long-02",
        style="bottom",
        text="""\
Defend it against what, exactly? "Consider the possibility of new institutional approaches" is what we would have called a failure two years ago. If that is the realistic maximum, we should say honestly that the process has failed, not celebrate a sentence that commits nobody to anything.
""",
    ),
    Post(
        key="long-04",
        who="sarah",
        when="2018-01-22 07:40:00 -0500",
        parent="long-03",
        style="outlook",
        text="""\
Efua,

Defend it against being deleted, which is a real risk. At least four members said at the third meeting that they could not accept any language implying new institutions, and they have not changed their minds.

For what it is worth, GlobalConnect would not oppose Recommendation 10 as drafted. A study of the possibility of new approaches is not a new body, and we would rather have that conversation at the CSTD than have it happen somewhere with no stakeholder participation at all.

Sarah
""",
    ),
    Post(
        key="long-05",
        who="priya",
        when="2018-01-22 21:30:00 +0530",
        parent="long-04",
        style="inline",
        text="""\
{{attr}}
{{q:Defend it against being deleted}}

Agreed that the risk is real. But I think the four members you mention will try to delete it whatever we do; the question is whether anyone in the room defends it.

{{q:For what it is worth}}

That is helpful, and I did not expect it. Would GlobalConnect say so in the room, or in writing to the chair? A statement from industry that Recommendation 10 is acceptable would do more than anything we can say.

Efua, I share your frustration. But a sentence that commits nobody to anything today can be the sentence that the General Assembly picks up next year. That is how the old language on enhanced cooperation survived for twelve years.

Priya
""",
    ),
    Post(
        key="long-06",
        who="renee",
        when="2018-01-22 19:05:00 +0100",
        parent="long-02",
        style="top",
        sig=False,
        text="""\
Back from holidays and straight into brackets… Could we propose a compromise in the corridor: keep Recommendation 10 as it is, and add "and to report to the General Assembly on the outcome by 2020"? A date without a shape, as we said in December.

Renée

Sent from my iPhone
""",
    ),
    Post(
        key="long-07",
        who="bettina",
        when="2018-01-23 09:20:00 +0100",
        parent="long-06",
        style="bottom",
        quote="Could we propose a compromise",
        text="""\
A reporting date would help, and there is a precedent: the CSTD already reports on WSIS implementation every year, so a line in that report would not need a new procedure. Our mapping found that the processes that survived were the ones attached to an existing reporting line.

I will be in Geneva on Wednesday and Thursday and happy to talk to delegations about the numbers.

Best wishes,
Bettina
""",
    ),
    Post(
        key="long-08",
        who="tomas",
        when="2018-01-23 08:30:00 -0300",
        parent="long-05",
        style="bottom",
        quote="Would GlobalConnect say so",
        text="""\
If industry says Recommendation 10 is acceptable, I think we can ask for one more thing: a reference to human rights in Recommendation 10 itself, not only in the preamble. "New institutional approaches, consistent with international human rights law" costs nobody anything, and it would matter a lot if the General Assembly ever picks this up.
""",
    ),
    Post(
        key="long-09",
        who="margareta",
        when="2018-01-23 15:45:00 +0100",
        parent="long-08",
        style="outlook-original",
        text="""\
Tomás,

Our network could support that. Human rights language in the operative paragraph is exactly the safeguard we asked for in November, and with it I think we could also live with a reporting date, as Renée suggested.

I would avoid opening Recommendation 10 to any other amendment, though. Every new word gives the members who want it deleted a reason to reopen it.

Best regards,
Margareta
""",
    ),
    Post(
        key="long-10",
        who="hiroshi",
        when="2018-01-25 07:30:00 +0900",
        parent="long-07",
        style="bottom",
        quote="I will be in Geneva",
        text="""\
Bettina, thank you for being there.

From the webcast, day one: the chair presented the draft, and the first reading went through Recommendations 1 to 6 with small changes. Recommendation 10 was not reached, but three members said in the general debate that they would "not accept any reference to new institutions", and two said that Recommendation 10 was "the minimum". The secretariat will circulate a revised text tomorrow morning.

Participation in the evening call was good: 19 people, including several from Latin America. Thank you, Jonathan, for adding it.
""",
    ),
    Post(
        key="long-11",
        who="priya",
        when="2018-01-25 23:50:00 +0100",
        parent="long-10",
        address=PRIYA_PERSONAL_ADDRESS,
        name=PRIYA_PERSONAL_NAME,
        client="gmail",
        sig=False,
        style="bottom",
        quote="From the webcast",
        text="""\
Day two, from the room (on my phone, so briefly):

- Recommendations 7 to 9 agreed, with numbers on funded participation. That is a real gain.
- Recommendation 10 survived the first reading, still in brackets. The human rights reference Tomás proposed was tabled by two members and nobody objected.
- The reporting date was not tabled. Margareta was right that more words would mean more trouble.

Tomorrow is the last day. The chair wants a clean text by lunch.

Priya
""",
    ),
    Post(
        key="long-12",
        who="jonathan",
        when="2018-01-26 23:55:00 +0000",
        parent="long-11",
        style="bottom",
        quote="Tomorrow is the last day",
        text="""\
Day three. It did not go well.

The meeting ran until 22:40. The package was close: the brackets came off Recommendation 10 for about an hour in the afternoon, with the human rights reference, in exchange for moving some text from Recommendation 12 into the body of the report. Then two members withdrew their support for the package as a whole, and the chair adjourned without agreement.

The secretariat has found room for one more session on Wednesday 31 January. The chair will circulate a "last attempt" text over the weekend.
""",
    ),
    Post(
        key="long-13",
        who="carlos",
        when="2018-01-27 09:20:00 -0200",
        parent="long-12",
        style="bottom",
        quote="Then two members withdrew",
        text="""\
Obrigado pelas atualizações, Jonathan. Que pena.

Do we know which text moved from Recommendation 12? If it is the part about reporting the members' views without recommendation, then the fallback is already the chair's plan B, and we should prepare for it.
""",
    ),
    Post(
        key="long-14",
        who="olumide",
        when="2018-01-29 10:30:00 +0100",
        parent="long-12",
        style="bottom",
        quote="The secretariat has found room",
        text="""\
Will the session on the 31st be webcast too? Several of our members missed the evening calls and would like to follow the end.
""",
    ),
    Post(
        key="long-15",
        who="jonathan",
        when="2018-01-29 12:05:00 +0000",
        parent="long-14",
        style="bottom",
        quote="Will the session on the 31st",
        text="""\
Yes, same link as last week, from 10:00 Geneva time. We will hold one coordination call at 08:00 and one after the session closes, whatever the hour.
""",
    ),
]
