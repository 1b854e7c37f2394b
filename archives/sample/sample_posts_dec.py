"""December 2017: the civil society position for January, impressions from the IGF, a holiday note."""

from __future__ import annotations

from sample_model import Post
from sample_people import monthly_reminder

POSTS_DEC: list[Post] = [
    monthly_reminder("dec-reminder", "2017-12-01 00:00:02 -0500"),
    Post(
        key="dec-pos-01",
        who="priya",
        when="2017-12-04 17:30:00 +0530",
        subject="WGEC: draft civil society position for the January meeting",
        attachments=(
            "CS-position-WGEC-draft-v1.docx|application/vnd.openxmlformats-officedocument.wordprocessingml.document|38912",
        ),
        text="""\
Dear all,

Thank you to everyone who contributed to the questionnaire response; it went to the secretariat on 30 November with 27 organisations signed on. The compilation of all responses is now out, and it confirms what we expected: members and stakeholders are split down the middle on Q5.

For the January meeting I would like us to go in with a short position, not a restatement of the questionnaire. Draft attached; the three asks are:
1. A recommendation, not just a report of views: the group should agree on at least one concrete next step on the institutional question, even if it is only a review process.
2. Funded and remote participation in all Internet-related policy processes of the UN system, with numbers and a timeline.
3. A commitment that any future process is grounded in human rights and open to all stakeholders.

Comments by 15 December please, so that we can translate it into French and Spanish before the holidays.

Priya
""",
    ),
    Post(
        key="dec-pos-02",
        who="renee",
        when="2017-12-05 09:45:00 +0100",
        parent="dec-pos-01",
        style="top",
        quote="For the January meeting",
        text="""\
Merci Priya, c'est très clair.

Two comments. First, the word "mechanism" still frightens people in the room, even in the softer "review process" version. Perhaps we could ask for "a decision on the next step, to be taken by the CSTD in 2018", c'est-à-dire a date rather than a shape.

Second, on point 2: we should name the existing funds that could pay for participation, otherwise it reads as a wish.

Je peux relire la traduction française si besoin.
""",
    ),
    Post(
        key="dec-pos-03",
        who="jonathan",
        when="2017-12-05 11:30:00 +0000",
        parent="dec-pos-02",
        style="bottom",
        quote_footer=True,
        text="""\
+1 to Renée on both points. A date is much easier to agree than a shape, and it keeps the institutional question alive without forcing anyone to say yes to a new body in January.

I would add one thing to point 3: "open to all stakeholders" should name the technical community explicitly, or Hiroshi will rightly complain.
""",
    ),
    Post(
        key="dec-pos-04",
        who="efua",
        when="2017-12-06 10:20:00 +0000",
        parent="dec-pos-03",
        style="bottom",
        quote="+1 to Renée",
        text="""\
I'm worried that we are negotiating against ourselves before we even get to Geneva. The developing countries asked for a new mechanism in the first working group; if civil society now asks only for "a decision on the next step", the governments who want nothing will happily settle for that, and the governments who want more will wonder whose side we are on.

I can accept a date, but then the position must also say what we think the next step should be.
""",
    ),
    Post(
        key="dec-pos-05",
        who="hiroshi",
        when="2017-12-07 08:15:00 +0900",
        parent="dec-pos-04",
        style="bottom",
        quote="I'm worried that we are negotiating",
        text="""\
Efua, I understand the worry, but I think the room is different this time.

From what I saw at the third meeting, the members who want a new body are fewer than in the first working group, and several of them now ask for a "mechanism" mostly to have something to trade. A civil society position that insists on the shape will be ignored; one that insists on a date and on participation may be quoted.

Jonathan, thank you for thinking of the technical community. Suggested wording for point 3: "open to all stakeholders, including the technical community, in their respective roles".
""",
    ),
    Post(
        key="dec-pos-06",
        who="priya",
        when="2017-12-08 20:10:00 +0530",
        parent="dec-pos-05",
        style="bottom",
        quote="Suggested wording for point 3",
        text="""\
Thank you all. Version 2 of the position is on the pad, with:

- Renée's date ("a decision on the next step, to be taken by the CSTD in 2018"),
- Efua's point that we also say what we think that next step should be (a standing process, as in our questionnaire response),
- Hiroshi's wording on the technical community,
- and a short list of existing funds for participation.

Last call for comments on 15 December. I will send the final text to the secretariat in the first week of January.

Priya
""",
    ),
    Post(
        key="dec-away-01",
        who="renee",
        when="2017-12-15 18:20:00 +0100",
        subject="Renée away until 15 January",
        encode_subject=True,
        text="""\
Chères et chers collègues,

I will be away from 18 December until 15 January, with very irregular access to e-mail. For anything urgent on the French translation of the WGEC position, please write to my colleague Élodie at Civitas Lab (contact@civitas-lab.example).

Joyeuses fêtes à toutes et à tous, and thank you for a year of good arguments.
""",
    ),
    Post(
        key="dec-away-02",
        who="anil",
        when="2017-12-16 09:00:00 +0530",
        parent="dec-away-01",
        style="bottom",
        quote="Joyeuses fêtes",
        text="""\
Bonnes vacances, Renée! And thank you for all the translations this year.
""",
    ),
    Post(
        key="dec-igf-01",
        who="weilin",
        when="2017-12-21 22:30:00 +0100",
        subject="Reflections from IGF 2017 in Geneva",
        tags=("civics-forum", "governance"),
        text="""\
Cross-posting to the governance list, apologies for duplicates.

A few impressions from the last four days, for those who could not come:

- The main session on digital cooperation was packed, but very few speakers mentioned the WGEC by name. Outside this list, enhanced cooperation seems to have become a specialist topic.
- The community networks workshop (thank you, Marta and Nadia) was the best-run session I attended: 47 people in the room, about 30 online, and remote speakers who could actually be heard.
- Several governments used the open mic to talk about cybersecurity norms; nobody connected it to the IGF's own intersessional work.

Recordings should be online next week. Happy holidays to all!
""",
    ),
    Post(
        key="dec-igf-02",
        who="marta",
        when="2017-12-22 10:05:00 +0100",
        parent="dec-igf-01",
        style="bottom",
        quote="The community networks workshop",
        text="""\
Thank you, Wei-Lin! And thanks to Nadia for the remote moderation; two of our remote speakers said it was the first IGF session where they did not feel like an afterthought.

I'll write a short report of the workshop in January and share it here.
""",
    ),
    Post(
        key="dec-igf-03",
        who="olumide",
        when="2017-12-22 12:40:00 +0100",
        parent="dec-igf-01",
        style="bottom",
        quote="Several governments used the open mic",
        text="""\
On the cybersecurity point: at the day-zero event on Africa, two delegations said openly that they see the norms discussions as a place where they have no voice at all. That is the participation question again, in another forum.
""",
    ),
    Post(
        key="dec-igf-04",
        who="carlos",
        when="2017-12-23 08:50:00 -0200",
        parent="dec-igf-02",
        style="bottom",
        quote="I'll write a short report",
        text="""\
Obrigado, Marta. Please include the remote participation numbers in the report; they are the best argument we have for the funding discussion in the WGEC position.
""",
    ),
]
