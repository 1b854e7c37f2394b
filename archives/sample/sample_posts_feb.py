"""February 2018: the WGEC ends without recommendations; the long thread closes, a statement follows."""

from __future__ import annotations

from sample_model import Post
from sample_people import monthly_reminder

POSTS_FEB: list[Post] = [
    monthly_reminder("feb-reminder", "2018-02-01 00:00:03 -0500"),
    Post(
        key="long-16",
        who="priya",
        when="2018-02-01 11:40:00 +0530",
        parent="long-12",
        style="bottom",
        quote="The secretariat has found room",
        text="""\
It is over. The resumed session closed last night without any recommendations. The last-attempt text had Recommendation 10 with the human rights reference and a reporting line to the CSTD; two members could not accept it, and by 21:00 nobody had anything left to trade.

The chair will send a short factual report to the CSTD: the mandate, the meetings, the inputs received, and a statement that the group could not reach agreement. No recommendations at all, not even the nine on participation that everyone had agreed.

I am too tired to be wise about this tonight. I will start a separate thread with a draft statement tomorrow.

Priya
""",
    ),
    Post(
        key="long-17",
        who="tomas",
        when="2018-02-01 08:15:00 -0300",
        parent="long-16",
        style="bottom",
        quote="No recommendations at all",
        text="""\
Sad, but not surprising. Losing the participation recommendations hurts more than losing Recommendation 10: those would have paid for people from our region to be in the room next time.

Thank you, Priya and Jonathan, for four years of this.
""",
    ),
    Post(
        key="long-18",
        who="sarah",
        when="2018-02-01 09:30:00 -0500",
        parent="long-16",
        style="outlook",
        text="""\
Priya, all,

Thank you for the reporting throughout. GlobalConnect is disappointed too. We said in the room that we could accept the last-attempt text, and we will say so publicly.

I do not agree that this shows that the multistakeholder model has failed, as I expect some statements will say. It shows that governments could not agree among themselves. But I accept that it leaves the question where it was in 2005, and that nobody can be happy with that.

Sarah
""",
    ),
    Post(
        key="feb-st-01",
        who="priya",
        when="2018-02-01 19:30:00 +0530",
        subject="SIGN-ON: statement on the end of the WGEC without recommendations",
        text="""\
Dear all,

As promised, a draft statement on the outcome of the WGEC. It is short on purpose; please send edits by Tuesday 6 February, and sign-ons by Friday 9 February.

---

    Civil society statement on the end of the CSTD Working Group on
    Enhanced Cooperation

    The Working Group on Enhanced Cooperation closed on 31 January 2018
    without making any recommendation. After two years of work, its
    members could not agree even on the recommendations on capacity
    building and participation, on which there was no disagreement.

    We regret this outcome. It leaves the mandate of the World Summit
    on the Information Society on enhanced cooperation unfulfilled,
    while decisions that shape the Internet for billions of people
    continue to be made in forums where most of them have no voice.

    We call on the CSTD and the UN General Assembly to take up the
    inputs that the Working Group received, to fund the participation
    of developing countries and civil society in Internet-related
    policy processes, and to decide, within a set time, how
    international Internet-related public policy should be developed
    in a way that is democratic, transparent and grounded in human
    rights.

---

Priya
""",
    ),
    Post(
        key="feb-st-02",
        who="carlos",
        when="2018-02-01 13:05:00 -0200",
        parent="feb-st-01",
        style="top",
        text="""\
Instituto Acesso Livre supports the statement and will sign.

One edit: in the last paragraph, "to decide, within a set time" could be more concrete: "to decide by the end of 2019". Otherwise it is the same weak language we criticised in the chair's text.

Abraços,
""",
    ),
    Post(
        key="long-19",
        who="efua",
        when="2018-02-02 10:10:00 +0000",
        parent="long-17",
        style="bottom",
        text="""\
We should be careful that "no report" is not read as "no problem". The governments that blocked the package will now say that the existing arrangements are working. Our statement has to say the opposite, with evidence: Bettina's numbers, Grace's shutdown tracker, Yusuf's visa cases.

I'll contribute a paragraph on the participation recommendations that were lost.
""",
    ),
    Post(
        key="feb-st-03",
        who="margareta",
        when="2018-02-02 09:20:00 +0100",
        parent="feb-st-01",
        style="outlook",
        text="""\
Priya,

Thank you for the draft. I am afraid Nordic Press Freedom Network cannot sign this version. The phrase "forums where most of them have no voice" will be read by our members as a criticism of the IGF and of the multistakeholder model, which is not what we believe.

If the second paragraph said "continue to be made in forums where many of them cannot take part", we could sign.

Best regards,
Margareta
""",
    ),
    Post(
        key="feb-st-04",
        who="renee",
        when="2018-02-02 11:10:00 +0100",
        parent="feb-st-03",
        style="bottom",
        quote="If the second paragraph said",
        text="""\
I support Margareta's wording, and Carlos's date. With both, Civitas Lab signs.

Priya, je peux préparer la version française dès que le texte est stable.
""",
    ),
    Post(
        key="long-20",
        who="jonathan",
        when="2018-02-02 11:45:00 +0000",
        parent="long-19",
        style="bottom",
        quote="I'll contribute a paragraph",
        text="""\
Agreed. Let's put our energy into the statement thread Priya has started, and keep this one for the record of what happened in the room.
""",
    ),
    Post(
        key="feb-st-05",
        who="anil",
        when="2018-02-05 15:00:00 +0530",
        parent="feb-st-01",
        text="""\
The sign-on form is up: https://signon.commonsfdn.example/wgec-2018

So far 23 organisations. The text in the form already includes Margareta's and Carlos's edits, as agreed on the list. Please check the list of signatories after you sign; the form sometimes drops accents from names (it turned "Libertés" into "Libertes" for Fatima).
""",
    ),
    Post(
        key="feb-st-06",
        who="priya",
        when="2018-02-10 12:30:00 +0530",
        parent="feb-st-05",
        style="bottom",
        quote="So far 23 organisations",
        text="""\
The statement is published, with 41 organisations from 23 countries. Thank you all, and thank you Renée and Tomás for the French and Spanish versions.

https://rightsnet.example/statements/wgec-2018

This is probably the last we will hear of the WGEC for a while. I hope it is not the last we hear of enhanced cooperation.

Priya
""",
    ),
    Post(
        key="feb-ws-01",
        who="marta",
        when="2018-02-12 10:00:00 +0100",
        subject="Report: community networks workshop at IGF 2017",
        text="""\
Hi all,

As promised in December, here is the short report of our IGF workshop on community networks. Main points:

- Community networks need spectrum rules that allow them to exist; in most countries they operate in a legal grey zone.
- Small grants work better than large programmes; several networks said they could not absorb more than a few thousand dollars a year.
- Remote participation worked: 31 remote participants, 9 interventions from remote hubs.

The full report, with the list of speakers, is on the workshop page: https://cn-workshop.example.net/igf2017-report

Thanks again to everyone who helped.
""",
    ),
    Post(
        key="feb-ws-02",
        who="weilin",
        when="2018-02-12 18:30:00 +0800",
        parent="feb-ws-01",
        style="top",
        text="""\
Thank you, Marta. I'll share this with the community networks group in Taipei; the point about small grants is exactly what they have been saying.
""",
    ),
]
