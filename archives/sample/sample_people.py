"""The members of the fictional civics-forum list. All names and organisations are invented."""

from __future__ import annotations

from sample_model import Person, Post

PEOPLE: dict[str, Person] = {
    "priya": Person(
        name="Priya Raman",
        email="priya@rightsnet.example",
        client="thunderbird",
        signature="-- \nPriya Raman\nRightsNet · Bengaluru\nhttps://rightsnet.example",
    ),
    "jonathan": Person(
        name="Jonathan Okafor-Hale",
        email="j.okaforhale@openpolicy.example",
        client="gmail",
        html=True,
        signature="-- \nJonathan Okafor-Hale | Policy Lead, OpenPolicy\nhttps://openpolicy.example",
    ),
    "sarah": Person(
        name="Sarah Whitcombe",
        email="swhitcombe@globalconnect.example",
        client="outlook",
        html=True,
        signature=(
            "Sarah Whitcombe\nDirector, Global Policy\nGlobalConnect Alliance\n"
            "T: +1 202 555 0147 | M: +1 202 555 0199\nwww.globalconnect.example"
        ),
    ),
    "renee": Person(
        name="Renée Fontaine",
        email="r.fontaine@civitas-lab.example",
        client="apple",
        html=True,
        name_charset="utf-8-b",
        signature="Renée Fontaine\nCivitas Lab, Paris",
    ),
    "tomas": Person(
        name="Tomás Ibarra",
        email="tomas.ibarra@redlibre.example",
        client="gmail",
        html=True,
        name_charset="utf-8-q",
        signature="-- \nTomás Ibarra\nRed Libre — Santiago de Chile",
    ),
    "efua": Person(
        name="Efua Mensimah",
        email="efua@techjustice.example",
        client="gmail",
        html=True,
        signature="Efua Mensimah\nTech Justice Collective, Accra",
    ),
    "margareta": Person(
        name="Lindqvist, Margareta",
        email="margareta.lindqvist@nordicpress.example",
        client="outlook",
        html=True,
        signature="Margareta Lindqvist\nSenior Adviser, Nordic Press Freedom Network",
    ),
    "bettina": Person(
        name="Bettina Hollmann",
        email="hollmann@inss.example",
        client="thunderbird",
        signature=(
            "Dr. Bettina Hollmann\n"
            "Senior Researcher | Platform and Network Governance\n"
            "Institute for Network Society Studies (INSS)\n"
            "Tel. +49 30 5550 1842 | Mob. +49 170 5550 913\n"
            "hollmann@inss.example | www.inss.example"
        ),
    ),
    "hiroshi": Person(
        name="Hiroshi Tanabe",
        email="tanabe@apnetwatch.example",
        client="alpine",
        date_suffix=" (JST)",
        signature="-- \nHiroshi Tanabe  <tanabe@apnetwatch.example>\nAsia-Pacific NetWatch, Tokyo",
    ),
    "carlos": Person(
        name="Carlos Mendonça",
        email="carlos@acessolivre.example",
        client="gmail",
        html=True,
        name_charset="iso-8859-1-q",
        signature="Carlos Mendonça\nInstituto Acesso Livre — São Paulo",
    ),
    "anil": Person(
        name="Anil Deshpande",
        email="anil@commonsfdn.example",
        client="thunderbird",
        signature="-- \nAnil Deshpande\nCommons Foundation",
    ),
    "marta": Person(
        name="Marta Kowalczyk",
        email="marta.kowalczyk@example.net",
        client="gmail",
        html=True,
        signature="Marta",
    ),
    "yusuf": Person(
        name="Yusuf Al-Amin",
        email="yusuf@mashreqrights.example",
        client="gmail",
        html=True,
        signature="Yusuf Al-Amin\nMashreq Digital Rights, Beirut",
    ),
    "grace": Person(
        name="Grace Otieno",
        email="grace.otieno@eaictnet.example",
        client="gmail",
        html=True,
        signature="-- \nGrace Otieno\nEast Africa ICT Policy Network",
    ),
    "nadia": Person(
        name="Nadia Petrova",
        email="nadia.petrova@example.net",
        client="thunderbird",
        signature="Nadia",
    ),
    "olumide": Person(
        name="Olumide Bankole",
        email="olumide@paradigmhub.example",
        client="gmail",
        html=True,
        signature="Olumide Bankole\nParadigm Hub, Lagos",
    ),
    "weilin": Person(
        name="Wei-Lin Chen",
        email="wlchen@example.org",
        client="apple",
        html=True,
        signature="Wei-Lin",
    ),
    "fatima": Person(
        name="Fatima Zahra Benali",
        email="fz.benali@maghreb-libertes.example",
        client="thunderbird",
        signature="-- \nFatima Zahra Benali\nMaghreb Libertés Numériques",
    ),
    "ian": Person(
        # His client sends no display name; Mailman then repeats the address as the name.
        name="ian.thorsby@example.com",
        email="ian.thorsby@example.com",
        client="plain",
        signature="Ian",
    ),
    "owner": Person(
        name="civics-forum list owner",
        email="civics-forum-owner@lists.example.org",
        client="mailman",
        signature="-- \nThe civics-forum moderators",
    ),
}

# Priya sometimes writes from her personal account, under a slightly different name.
PRIYA_PERSONAL_ADDRESS = "priya.r@gmail.example"
PRIYA_PERSONAL_NAME = "Priya K. Raman"


MONTHLY_REMINDER = """\
This is an automated monthly message from the civics-forum mailing list. Please do not reply to it.

civics-forum is an open list for civil society discussion of Internet governance and digital rights policy. A few reminders:

1. Keep threads on topic, and change the subject line when a discussion changes direction.
2. Trim quoted text when you reply; the archive keeps every message anyway.
3. Attachments larger than 200 KB are held for moderation, and HTML parts are removed from the archive.
4. For sign-on requests, please put SIGN-ON at the start of the subject line.

Archives: http://lists.example.org/pipermail/civics-forum/
Your subscription options: http://lists.example.org/mailman/listinfo/civics-forum
"""


def monthly_reminder(key: str, when: str) -> Post:
    """The list's automated posting on the first of each month."""
    return Post(
        key=key,
        who="owner",
        when=when,
        subject="Monthly reminder: list guidelines and archives",
        text=MONTHLY_REMINDER,
    )
