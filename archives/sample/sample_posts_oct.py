"""October 2017: the third WGEC meeting is reported, a workshop is planned, a sign-on circulates."""

from __future__ import annotations

from sample_model import Post
from sample_people import monthly_reminder

POSTS_OCT: list[Post] = [
    monthly_reminder("oct-reminder", "2017-10-01 00:00:03 -0400"),
    Post(
        key="oct-wgec3-01",
        who="priya",
        when="2017-10-12 18:40:00 +0530",
        subject="WGEC third meeting: summary and next steps",
        text="""\
Dear all,

As promised on last week's call, here is a short summary of the third meeting of the CSTD Working Group on Enhanced Cooperation (WGEC), which closed in Geneva on Wednesday. Jonathan and I attended as two of the civil society members; he will correct me where my memory is selective.

1. The chair circulated a "matrix" of the contributions received so far, sorted into five clusters: institutional arrangements, public policy issues, the role of stakeholders, developing-country participation, and implementation. Nobody loves the matrix, but everybody wants their own text in it.

2. The real fault line has not moved since the first meeting. One group of members wants the WGEC to recommend a new institutional mechanism for international Internet-related public policy, anchored in the UN. Another group holds that enhanced cooperation is already happening, in a distributed way, across many existing bodies, and that the job is to map it and strengthen it.

3. There was a surprising amount of agreement on capacity building and on the participation of developing countries. I would not bet on that surviving the drafting stage.

4. Next steps: the secretariat will open a questionnaire in November, and the fourth meeting is planned for late January 2018.

I think we need a civil society input that is more than a restatement of known positions. Could we use this list to draft something over the next six weeks? I am happy to hold the pen.

Best,
Priya
""",
    ),
    Post(
        key="oct-wgec3-02",
        who="jonathan",
        when="2017-10-12 15:05:00 +0100",
        parent="oct-wgec3-01",
        style="inline",
        text="""\
Thanks Priya, that is a fair summary. A few additions inline.

{{attr}}
{{q:The real fault line}}

I would frame the second group's position a little more generously. It is not that they think nothing needs to change; they just see no evidence that a new UN body would handle spam, cybercrime or cross-border data flows better than the bodies already working on them.

{{q:surprising amount of agreement}}

Agreed, and this is where civil society can add most. If we lead with yet another institutional blueprint, we will simply be filed under one of the two camps and ignored by the other.

{{q:Could we use this list}}

Yes please. I can draft the capacity-building section.

Jonathan
""",
    ),
    Post(
        key="oct-wgec3-03",
        who="efua",
        when="2017-10-12 15:32:00 +0000",
        parent="oct-wgec3-01",
        style="bottom",
        quote="The real fault line",
        text="""\
I would resist the framing of "two camps" altogether. For many of us in the global South the question is very practical: where does our government go when a policy decision taken somewhere else affects our citizens' access to the Internet, and who answers for that decision? The existing bodies are not neutral spaces. Taking part costs money and expertise that most developing-country delegations simply do not have.

So yes to a civil society input, but it should say clearly that "distributed" enhanced cooperation has, in practice, meant that a handful of countries and companies make the rules and everyone else adapts to them.
""",
    ),
    Post(
        key="oct-wgec3-04",
        who="sarah",
        when="2017-10-12 13:47:00 -0400",
        parent="oct-wgec3-03",
        style="outlook",
        text="""\
Efua, all,

Speaking as one of the few private-sector voices on this list: I don't think the evidence supports the claim that a handful of companies make the rules. Most of the rules that matter for how the Internet runs are made in open technical bodies where anyone can take part, and the harder policy questions are increasingly handled by national regulators, as they should be.

Where I agree with you is on the cost of participation. GlobalConnect would support a concrete proposal on fellowships and remote participation. That is something the WGEC could actually recommend in January.

Regards,
Sarah
""",
    ),
    Post(
        key="oct-wgec3-05",
        who="priya",
        when="2017-10-13 09:20:00 +0530",
        parent="oct-wgec3-04",
        style="bottom",
        quote="Where I agree with you",
        text="""\
Sarah, thanks. I will happily take fellowships and remote participation as a floor, but not as the ceiling. The previous working group also said kind things about capacity building, and nothing changed for the people Efua is talking about.

I'll circulate an outline of a civil society input by the end of the month. Anyone who wants to co-draft, please write to me off-list.

Priya
""",
    ),
    Post(
        key="oct-ws-01",
        who="marta",
        when="2017-10-16 10:20:00 +0200",
        subject="IGF 2017 workshop on community networks: logistics",
        text="""\
Hi everyone,

Good news: our workshop proposal "Community networks and the last billion" was accepted for the IGF in Geneva (18-21 December). We have a 90-minute roundtable slot on day two, in a room for about 40 people, with a remote hub.

To plan the logistics I need three things from each speaker and co-organiser by 10 November:
(a) whether you will be in Geneva in person or join remotely,
(b) whether you need a visa support letter from the IGF secretariat,
(c) any accessibility needs we should pass on to the venue.

I will keep a running list on the workshop pad. Thanks!
""",
    ),
    Post(
        key="oct-ws-02",
        who="nadia",
        when="2017-10-16 14:02:00 +0300",
        parent="oct-ws-01",
        style="bottom",
        quote="To plan the logistics",
        text="""\
(a) in person, arriving on the 17th
(b) no letter needed, thanks
(c) none

I can also moderate the remote participation if you still need someone. I did it for two sessions last year and I know the platform's quirks, for example that remote speakers cannot share slides themselves.
""",
    ),
    Post(
        key="oct-ws-03",
        who="grace",
        when="2017-10-17 07:45:00 +0300",
        parent="oct-ws-01",
        threading="none",
        sig=False,
        text="""\
Count me in for Geneva, but I will need a visa support letter. The Swiss embassy here wants it at least six weeks before travel, so the sooner the better.

Sent from my phone
""",
    ),
    Post(
        key="oct-ws-04",
        who="marta",
        when="2017-10-17 09:30:00 +0200",
        parent="oct-ws-03",
        style="bottom",
        text="""\
Grace, I asked the IGF secretariat this morning; they say letters go out within a week of the request. I've put you on the list.

Nadia, wonderful, you are our remote moderator then. I'll set up a test call in November.
""",
    ),
    Post(
        key="oct-job-01",
        who="efua",
        when="2017-10-18 11:05:00 +0000",
        subject="Job: programme officer (digital rights), Tech Justice Collective",
        attachments=("TJC-programme-officer-2017.pdf|application/pdf|84512",),
        text="""\
Dear all,

Apologies for cross-posting. Tech Justice Collective is hiring a programme officer to work on digital rights and Internet governance, based in Accra with regular travel in the region. The role includes following UN processes such as the IGF and the CSTD, so experience of multistakeholder policy spaces is a plus.

The deadline for applications is 10 November. The full description is attached; please share it with anyone who might be interested.
""",
    ),
    Post(
        key="oct-so-01",
        who="anil",
        when="2017-10-24 16:10:00 +0530",
        subject="SIGN-ON: joint statement on network shutdowns during elections",
        text="""\
Dear colleagues,

Following the discussion at the regional meeting last month, a small group drafted the short joint statement below on network shutdowns during elections. We would like to publish it early in November with as many signatures as possible.

To sign, reply to me off-list with the name of your organisation and its country, or use the sign-on form. Individuals are welcome to sign in their own capacity.

For those who want to show the live signature counter on their own website, the campaign page offers this embed snippet:

<script src="https://signon.commonsfdn.example/widget.js" data-campaign="shutdowns-2017"></script>

---

    Keep us connected: a joint civil society statement on network
    shutdowns during elections

    We, the undersigned organisations, call on all governments to
    refrain from ordering or pressuring telecommunications providers to
    disrupt Internet access or mobile networks before, during and after
    elections. Shutdowns deny voters access to information, prevent
    journalists and election observers from doing their work, and harm
    livelihoods that depend on connectivity.

    We ask election management bodies, regional organisations and the
    United Nations to treat network disruptions as a threat to free and
    fair elections, and we ask companies to disclose every government
    order they receive, as far as the law allows.

---

Deadline for signatures: Friday 3 November.

Thanks,
Anil
""",
    ),
    Post(
        key="oct-so-02",
        who="fatima",
        when="2017-10-25 10:15:00 +0100",
        parent="oct-so-01",
        style="bottom",
        quote="To sign, reply to me",
        text="""\
Merci Anil. Maghreb Libertés Numériques signe (Tunisia and Morocco).

One small remark: many of our members would also like the statement to mention the throttling of social media platforms, which is more frequent here than full shutdowns and much harder to prove. Peut-être une phrase sur ce point ?

Bien à vous,
Fatima Zahra
""",
    ),
    Post(
        key="oct-so-03",
        who="carlos",
        when="2017-10-25 09:40:00 -0200",
        parent="oct-so-02",
        style="bottom",
        quote="One small remark",
        text="""\
+1 to Fatima's point on throttling. Instituto Acesso Livre signs as well (Brazil).

Also a suggestion: "during elections and protests" rather than elections only? Several of the shutdowns we documented this year were ordered during street protests, not elections.

Abraços,
""",
    ),
]
